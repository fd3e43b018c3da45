package main

import (
	"fmt"
	"io"
)

// printf writes to w. Output errors are ignored as fmt.Printf ignores them:
// a closed pipe is the reader's choice.
func (a *cli) printf(w io.Writer, format string, args ...any) {
	fmt.Fprintf(w, format, args...)
}
