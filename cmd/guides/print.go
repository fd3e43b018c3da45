package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
)

// printf writes to w. Output errors are ignored as fmt.Printf ignores them:
// a closed pipe is the reader's choice.
func (a *cli) printf(w io.Writer, format string, args ...any) {
	fmt.Fprintf(w, format, args...)
}

// pathErr drops the operation and path of a *fs.PathError, for messages
// that name the file themselves.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
