//go:build !unix

package app

import (
	"io"
	"os"
)

// mapFile reads the first size bytes of f: systems without mmap read the
// stored index whole.
func mapFile(f *os.File, size int) (data []byte, release func(), err error) {
	data = make([]byte, size)
	if _, err := io.ReadFull(f, data); err != nil {
		return nil, nil, err
	}
	return data, func() {}, nil
}
