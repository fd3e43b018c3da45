//go:build !unix

package mapfile

import (
	"errors"
	"os"
)

func mmap(f *os.File, size int) ([]byte, func() error, error) {
	return nil, nil, errors.ErrUnsupported
}
