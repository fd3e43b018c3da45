// Package report writes diagnostics in the formats editors and CI read:
// compiler-style text, GitHub Actions annotations, and JSON.
package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/textctl"
)

// Format is an output format of diagnostics.
type Format string

// The formats.
const (
	Text   Format = "text"
	GitHub Format = "github"
	JSON   Format = "json"
)

// ParseFormat parses a format name.
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case Text, GitHub, JSON:
		return f, nil
	}
	return "", fmt.Errorf("%q is not a format: use text, github or json", s)
}

// Write writes ds, already sorted, in format f. checked is the number of
// files that were checked, for the summary of the text format.
func Write(w io.Writer, f Format, ds guides.Diagnostics, checked int) error {
	switch f {
	case GitHub:
		return writeGitHub(w, ds)
	case JSON:
		return writeJSON(w, ds)
	}
	return writeText(w, ds, checked)
}

func writeText(w io.Writer, ds guides.Diagnostics, checked int) error {
	return WriteText(w, ds, checked, Style{})
}

// Style is how the text format is shown to a person at a terminal.
type Style struct {
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
func (s Style) Line(d guides.Diagnostic) string {
	if s.Path != nil {
		d.Path = s.Path(d.Path)
	}
	if !s.Color {
		return d.String()
	}
	sev := d.Severity.String()
	color := colorError
	if d.Severity == guides.Warning {
		color = colorWarning
	}
	d.Severity = guides.Error
	line := d.String()
	// The location is escaped and holds no ": error: " of its own before
	// the one String writes after it.
	loc := guides.Printable(d.Location())
	return loc + ": " + color + sev + colorReset + line[len(loc)+len(": error"):]
}

// WriteText writes ds, already sorted, in the text format in the style s:
// one line per finding, then a summary.
func WriteText(w io.Writer, ds guides.Diagnostics, checked int, s Style) error {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(s.Line(d))
		b.WriteByte('\n')
	}
	b.WriteString(Summary(ds, checked))
	b.WriteByte('\n')
	_, err := io.WriteString(w, b.String())
	return err
}

// Summary describes ds in one line: "2 errors, 1 warning in 3 files", or
// "no problems in 12 files".
func Summary(ds guides.Diagnostics, checked int) string {
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

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// writeGitHub writes workflow commands that GitHub Actions shows as
// annotations on the files: ::error file=F,line=L,col=C,title=RULE::MESSAGE.
func writeGitHub(w io.Writer, ds guides.Diagnostics) error {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString("::")
		b.WriteString(d.Severity.String())
		b.WriteString(" file=")
		b.WriteString(escapeProperty(guides.Printable(d.Path)))
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
		b.WriteString(escapeData(guides.Printable(d.Message)))
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

// finding is the JSON form of a diagnostic.
type finding struct {
	Path     string `json:"path"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Rule     string `json:"rule"`
	Message  string `json:"message"`
}

func writeJSON(w io.Writer, ds guides.Diagnostics) error {
	out := make([]finding, len(ds))
	for i, d := range ds {
		out[i] = finding{d.Path, d.Pos.Line, d.Pos.Col, d.Severity.String(), d.Rule, d.Message}
	}
	data, err := MarshalJSON(out)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// MarshalJSON writes v as indented JSON text and a line end, with every
// control character escaped: encoding/json escapes the C0 ones, and this
// escapes DEL and the C1 ones too, which it writes as they are, so that
// JSON shown on a terminal cannot command it.
func MarshalJSON(v any) ([]byte, error) {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, err
	}
	data = append(data, '\n')
	if !bytes.ContainsFunc(data, func(r rune) bool { return r != '\n' && textctl.IsControl(r) }) {
		return data, nil
	}
	var b bytes.Buffer
	for _, r := range string(data) {
		if r != '\n' && textctl.IsControl(r) {
			fmt.Fprintf(&b, `\u%04x`, r)
			continue
		}
		b.WriteRune(r)
	}
	return b.Bytes(), nil
}
