package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/term"

	"github.com/visual-guides/guides/internal/app"
)

// The values of --color.
const (
	colorAuto   = "auto"
	colorAlways = "always"
	colorNever  = "never"
)

var colorModes = []string{colorAuto, colorAlways, colorNever}

// checkColor checks the value of --color.
func checkColor(mode string) error {
	for _, m := range colorModes {
		if mode == m {
			return nil
		}
	}
	return fmt.Errorf("--color %s: use %s", app.Quote(mode), strings.Join(colorModes, ", "))
}

// terminal returns the file descriptor of w when w is a terminal.
func terminal(w io.Writer) (int, bool) {
	f, ok := w.(interface{ Fd() uintptr })
	if !ok {
		return 0, false
	}
	fd := int(f.Fd())
	return fd, term.IsTerminal(fd)
}

// colors reports whether what is written to w is coloured: always or
// never as --color says, or by default when w is a terminal, NO_COLOR is
// not set and TERM is not "dumb".
func (a *cli) colors(w io.Writer) bool {
	switch a.color {
	case colorAlways:
		return true
	case colorNever:
		return false
	}
	if a.getenv("NO_COLOR") != "" || a.getenv("TERM") == "dumb" {
		return false
	}
	_, ok := terminal(w)
	return ok
}

// width returns the number of columns that lines written to standard
// output should fit in: COLUMNS when it is set, else the terminal's width,
// and 0, no limit, when standard output is not a terminal.
func (a *cli) width() int {
	if n, err := strconv.Atoi(strings.TrimSpace(a.getenv("COLUMNS"))); err == nil && n > 0 {
		return n
	}
	if fd, ok := terminal(a.stdout); ok {
		if w, _, err := term.GetSize(fd); err == nil && w > 0 {
			return w
		}
	}
	return 0
}

// style is how findings written to w look.
func (a *cli) style(w io.Writer) findingStyle {
	return findingStyle{Path: a.show, Color: a.colors(w)}
}
