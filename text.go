package guides

import (
	"strconv"

	"github.com/visual-guides/guides/internal/textctl"
)

// Printable returns s with every control character and every byte that is
// not UTF-8 written as a Go escape (see textctl.Printable): text from a
// collection is shown on terminals, where raw escape sequences could clear
// the screen or rewrite what was printed before.
func Printable(s string) string { return textctl.Printable(s) }

// Quote returns s in double quotes, with quotes, backslashes and control
// characters escaped as in Go: the one way messages quote a value from a
// collection.
func Quote(s string) string { return strconv.Quote(s) }
