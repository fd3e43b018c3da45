package rules

import (
	"bytes"
	"strings"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/frontmatter"
)

// The fixes of findings: the change of the file that a message says in
// words, as data for editors (see guides.Fix). A fix is attached to the
// finding just added, and never changes its message.

// fix attaches a fix to the last finding of d.
func (d *decoder) fix(title string, edits ...guides.Edit) {
	attach(*d.diags, title, edits...)
}

// attach sets the fix of the last finding of ds. The texts of the edits
// are copied: a decoder's values point into a buffer that the next file
// reuses.
func attach(ds guides.Diagnostics, title string, edits ...guides.Edit) {
	if len(ds) == 0 {
		return
	}
	for i := range edits {
		edits[i].Old, edits[i].New = strings.Clone(edits[i].Old), strings.Clone(edits[i].New)
	}
	ds[len(ds)-1].Fix = &guides.Fix{Title: strings.Clone(title), Edits: edits}
}

// valueEdit replaces the YAML scalar whose value old is written at pos,
// plain or in quotes, with new, written as it is.
func valueEdit(pos guides.Pos, old, new string) guides.Edit {
	return guides.Edit{Pos: pos, Old: old, New: new, Value: true}
}

// lineFix attaches the fix of a front-matter error, a line of src as it
// should be written, to the last finding of d.
func (d *decoder) lineFix(err error, src []byte) {
	fe, ok := err.(*frontmatter.Error)
	if !ok || fe.Fix == nil {
		return
	}
	old, ok := line(src, fe.Fix.Line)
	if !ok {
		return
	}
	d.fix(fe.Fix.Title, guides.Edit{Pos: guides.Pos{Line: fe.Fix.Line, Col: 1}, Old: old, New: fe.Fix.Text})
}

// line returns line n of src (1-based), without its line end.
func line(src []byte, n int) (string, bool) {
	for i := 1; i < n; i++ {
		nl := bytes.IndexByte(src, '\n')
		if nl < 0 {
			return "", false
		}
		src = src[nl+1:]
	}
	if nl := bytes.IndexByte(src, '\n'); nl >= 0 {
		src = src[:nl]
	}
	return string(bytes.TrimSuffix(src, []byte("\r"))), true
}

// scalar writes s as a YAML scalar: plain when it is a word that starts
// with a letter and goes on with letters, digits, ".", "_" and "-", as ids
// and keys are, and that YAML reads as a string; else in double quotes.
func scalar(s string) string {
	if s == "" || !isLetter(s[0]) {
		return frontmatter.QuoteYAML(s)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isLetter(c) && !('0' <= c && c <= '9') && c != '.' && c != '_' && c != '-' {
			return frontmatter.QuoteYAML(s)
		}
	}
	switch strings.ToLower(s) {
	case "true", "false", "null":
		return frontmatter.QuoteYAML(s)
	}
	return s
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// blockFix attaches to the last finding the fix of a title written as a
// block scalar that keeps its line breaks: the indicator ">-", which
// folds the lines into one.
func (d *decoder) blockFix(v *frontmatter.Node) {
	line, ok := line(d.src, v.Pos.Line)
	if !ok || v.Pos.Col < 1 || v.Pos.Col > len(line) {
		return
	}
	rest := line[v.Pos.Col-1:]
	n := 0
	for n < len(rest) && strings.IndexByte("|>+-0123456789", rest[n]) >= 0 {
		n++
	}
	if n == 0 || rest[:n] == ">-" || strings.IndexByte("|>", rest[0]) < 0 {
		return
	}
	d.fix(`Write ">-"`, guides.Edit{Pos: pos(v), Old: rest[:n], New: ">-"})
}
