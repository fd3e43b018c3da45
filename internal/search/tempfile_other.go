//go:build !linux

package search

import (
	"errors"
	"os"
)

// openUnnamed fails: other systems make files with names.
func openUnnamed(dir string) (*os.File, error) {
	return nil, errors.ErrUnsupported
}
