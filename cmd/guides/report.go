package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/visual-guides/guides/internal/app"
)

// reportFormat is an output format of diagnostics.
type reportFormat string

// The formats.
const (
	formatText   reportFormat = "text"
	formatGitHub reportFormat = "github"
	formatJSON   reportFormat = "json"
)

// parseFormat parses a format name.
func parseFormat(s string) (reportFormat, error) {
	switch f := reportFormat(s); f {
	case formatText, formatGitHub, formatJSON:
		return f, nil
	}
	return "", fmt.Errorf("%q is not a format: use text, github or json", s)
}

// writeReport writes ds, already sorted, in format f. checked is the number of
// files that were checked, for the summary of the text format.
func writeReport(w io.Writer, f reportFormat, ds app.Diagnostics, checked int) error {
	switch f {
	case formatGitHub:
		return writeGitHub(w, ds)
	case formatJSON:
		return writeJSON(w, ds)
	}
	return writeText(w, ds, checked)
}

func writeText(w io.Writer, ds app.Diagnostics, checked int) error {
	return writeTextStyled(w, ds, checked, findingStyle{})
}

// findingStyle is how the text format is shown to a person at a terminal.
type findingStyle struct {
	// Path, when set, maps the path of a finding, relative to the
	// collection root, to the path shown.
	Path func(string) string
	// Color writes "error" and "warning" in colour, with ANSI escapes.
	Color bool
}

// The ANSI escapes of the severities: bold red and bold magenta, as
// compilers show them.
const (
	colorError   = "\x1b[1;31m"
	colorWarning = "\x1b[1;35m"
	colorReset   = "\x1b[0m"
)

// Line formats d as Diagnostic.String does, in the style s.
func (s findingStyle) Line(d app.Diagnostic) string {
	if s.Path != nil {
		d.Path = s.Path(d.Path)
	}
	if !s.Color {
		return d.String()
	}
	sev := d.Severity.String()
	color := colorError
	if d.Severity == app.Warning {
		color = colorWarning
	}
	d.Severity = app.Error
	line := d.String()
	// The location is escaped and holds no ": error: " of its own before
	// the one String writes after it.
	loc := app.Printable(d.Location())
	return loc + ": " + color + sev + colorReset + line[len(loc)+len(": error"):]
}

// writeTextStyled writes ds, already sorted, in the text format in the style s:
// one line per finding, then a summary.
func writeTextStyled(w io.Writer, ds app.Diagnostics, checked int, s findingStyle) error {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(s.Line(d))
		b.WriteByte('\n')
	}
	b.WriteString(summary(ds, checked))
	b.WriteByte('\n')
	_, err := io.WriteString(w, b.String())
	return err
}

// summary describes ds in one line: "2 errors, 1 warning in 3 files", or
// "no problems in 12 files".
func summary(ds app.Diagnostics, checked int) string {
	if len(ds) == 0 {
		return "no problems in " + plural(checked, "file")
	}
	errs, warns := ds.Count()
	files := map[string]bool{}
	for _, d := range ds {
		files[d.Path] = true
	}
	return plural(errs, "error") + ", " + plural(warns, "warning") + " in " + plural(len(files), "file")
}

// writeGitHub writes workflow commands that formatGitHub Actions shows as
// annotations on the files: ::error file=F,line=L,col=C,title=RULE::MESSAGE.
func writeGitHub(w io.Writer, ds app.Diagnostics) error {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString("::")
		b.WriteString(d.Severity.String())
		b.WriteString(" file=")
		b.WriteString(escapeProperty(app.Printable(d.Path)))
		if d.Pos.Line > 0 {
			fmt.Fprintf(&b, ",line=%d", d.Pos.Line)
			if d.Pos.Col > 0 {
				fmt.Fprintf(&b, ",col=%d", d.Pos.Col)
			}
		}
		if d.Rule != "" {
			b.WriteString(",title=")
			b.WriteString(escapeProperty(d.Rule))
		}
		b.WriteString("::")
		b.WriteString(escapeData(app.Printable(d.Message)))
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// escapeData escapes the message of a workflow command.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a property value of a workflow command.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// finding is the formatJSON form of a diagnostic.
type finding struct {
	Path     string `json:"path"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Rule     string `json:"rule"`
	Message  string `json:"message"`
}

func writeJSON(w io.Writer, ds app.Diagnostics) error {
	out := make([]finding, len(ds))
	for i, d := range ds {
		out[i] = finding{d.Path, d.Pos.Line, d.Pos.Col, d.Severity.String(), d.Rule, d.Message}
	}
	data, err := marshalJSON(out)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// marshalJSON writes v as indented formatJSON text and a line end, with every
// control character escaped: encoding/json escapes the C0 ones, and this
// escapes DEL and the C1 ones too, which it writes as they are, so that
// formatJSON shown on a terminal cannot command it.
func marshalJSON(v any) ([]byte, error) {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, err
	}
	data = append(data, '\n')
	if !bytes.ContainsFunc(data, func(r rune) bool { return r != '\n' && app.IsControl(r) }) {
		return data, nil
	}
	var b bytes.Buffer
	for _, r := range string(data) {
		if r != '\n' && app.IsControl(r) {
			fmt.Fprintf(&b, `\u%04x`, r)
			continue
		}
		b.WriteRune(r)
	}
	return b.Bytes(), nil
}
