package guides

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Pos is a position in a source file: a 1-based line and a 1-based column
// counted in bytes. A zero Line means the position is unknown; a zero Col
// means only the line is known.
type Pos struct {
	Line int
	Col  int
}

// FileStart is the position of a finding about a whole file rather than a
// place in it: line 1, column 1.
func FileStart() Pos { return Pos{Line: 1, Col: 1} }

// IsValid reports whether the position names a line.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String formats the position as "line:col", "line", or "-" when unknown.
func (p Pos) String() string {
	switch {
	case p.Line <= 0:
		return "-"
	case p.Col <= 0:
		return strconv.Itoa(p.Line)
	}
	return strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Col)
}

// Severity tells whether a diagnostic makes a collection invalid.
type Severity uint8

// The severities, most severe first.
const (
	// Error marks data a reader would get wrong; it stops every command
	// that writes output.
	Error Severity = iota
	// Warning marks legal data that is probably not what was meant.
	Warning
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Diagnostic is one finding about one place of a collection.
type Diagnostic struct {
	Path     string // slash-separated, relative to the collection root
	Pos      Pos
	Severity Severity
	Rule     string // a rule name from Rules, such as "unknown-category"
	Message  string
	// Fix, when the rule knows one, is the change of the file that mends
	// what the message says, for editors to offer. The message says it in
	// words too, so Fix adds nothing to what is shown.
	Fix *Fix
}

// Fix is a change of one file that mends what a finding reports: a value
// put in quotes, a line indented with spaces, the key or category meant.
type Fix struct {
	// Title says what the change does, for a menu of an editor, such as
	// "Quote the value".
	Title string
	Edits []Edit
}

// Edit replaces Old, written at Pos of the file, with New.
//
// When Value is set, Old is a YAML scalar's value, which the file may
// hold plain (Old itself) or in quotes: New then replaces the scalar as
// written, quotes and all, and is itself a YAML scalar. An edit whose Old
// the file no longer holds at Pos applies to nothing.
type Edit struct {
	Pos      Pos
	Old, New string
	Value    bool
}

// String formats the diagnostic the way compilers do, on one line:
// "path:line:col: severity: message [rule]". The position is left out when
// unknown, the rule when empty. Control characters in the path and message
// are escaped (see Printable): one finding is one line, and nothing from a
// collection reaches a terminal raw.
func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(Printable(d.Location()))
	b.WriteString(": ")
	b.WriteString(d.Severity.String())
	b.WriteString(": ")
	b.WriteString(Printable(d.Message))
	if d.Rule != "" {
		b.WriteString(" [")
		b.WriteString(d.Rule)
		b.WriteString("]")
	}
	return b.String()
}

// Location formats the path and position as "path:line:col".
func (d Diagnostic) Location() string {
	if !d.Pos.IsValid() {
		return d.Path
	}
	return d.Path + ":" + d.Pos.String()
}

// Diagnostics is a list of findings.
type Diagnostics []Diagnostic

// Add appends a finding built from a format string.
func (ds *Diagnostics) Add(path string, pos Pos, sev Severity, rule, format string, args ...any) {
	*ds = append(*ds, Diagnostic{
		Path:     path,
		Pos:      pos,
		Severity: sev,
		Rule:     rule,
		Message:  fmt.Sprintf(format, args...),
	})
}

// Sort orders the findings by path, line, column, severity, rule and message,
// so that output never depends on the order in which they were found.
func (ds Diagnostics) Sort() {
	slices.SortStableFunc(ds, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.Path, b.Path),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Severity, b.Severity),
			cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.Message, b.Message),
		)
	})
}

// Count returns the number of errors and of warnings.
func (ds Diagnostics) Count() (errors, warnings int) {
	for _, d := range ds {
		if d.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}

// HasErrors reports whether any finding is an error.
func (ds Diagnostics) HasErrors() bool {
	n, _ := ds.Count()
	return n > 0
}
