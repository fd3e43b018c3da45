package lsp

import (
	"bytes"
	"sort"
	"unicode/utf8"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// lines converts between byte offsets of a text and the positions of the
// protocol: a 0-based line, and a character counted in UTF-16 code units.
// Lines end at "\n", as the positions of findings count them; a "\r"
// before it is part of the line end, and a character past the end of a
// line is its end.
type lines struct {
	text   []byte
	starts []int // the offset at which each line starts
}

func newLines(text []byte) *lines {
	starts := make([]int, 1, 1+bytes.Count(text, []byte("\n")))
	for i, c := range text {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &lines{text: text, starts: starts}
}

// lineEnd returns the offset of the end of line n, before its line end.
func (l *lines) lineEnd(n int) int {
	end := len(l.text)
	if n+1 < len(l.starts) {
		end = l.starts[n+1] - 1
	}
	if end > l.starts[n] && l.text[end-1] == '\r' && end < len(l.text) {
		end--
	}
	return end
}

// offset returns the byte offset of a position, within the text.
func (l *lines) offset(p protocol.Position) int {
	n := int(p.Line)
	if n >= len(l.starts) {
		return len(l.text)
	}
	i, end := l.starts[n], l.lineEnd(n)
	for units := int(p.Character); units > 0 && i < end; {
		r, size := utf8.DecodeRune(l.text[i:end])
		if r >= 0x10000 {
			units -= 2
		} else {
			units--
		}
		if units < 0 {
			break // inside a surrogate pair: the start of its character
		}
		i += size
	}
	return i
}

// position returns the position of a byte offset.
func (l *lines) position(off int) protocol.Position {
	off = min(max(off, 0), len(l.text))
	n := sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > off }) - 1
	units := 0
	for i := l.starts[n]; i < off; {
		r, size := utf8.DecodeRune(l.text[i:off])
		if r >= 0x10000 {
			units += 2
		} else {
			units++
		}
		i += size
	}
	return protocol.Position{Line: protocol.UInteger(n), Character: protocol.UInteger(units)}
}

// span returns the range of the bytes from start to end.
func (l *lines) span(start, end int) protocol.Range {
	return protocol.Range{Start: l.position(start), End: l.position(end)}
}

// document is a text document the client has open.
type document struct {
	uri     string
	path    string // relative to the root; "" for a file outside it
	version int32
	text    []byte
	judged  bool // the workspace judges it: a guide or category
	lines   *lines
}

// index returns the lines of the document's text.
func (d *document) index() *lines {
	if d.lines == nil {
		d.lines = newLines(d.text)
	}
	return d.lines
}

// apply makes the changes of the client to the text, in order: each
// replaces a range, or the whole text.
func (d *document) apply(changes []any) {
	for _, c := range changes {
		switch c := c.(type) {
		case protocol.TextDocumentContentChangeEventWhole:
			d.text = []byte(c.Text)
		case protocol.TextDocumentContentChangeEvent:
			if c.Range == nil {
				d.text = []byte(c.Text)
				break
			}
			l := d.index()
			start, end := l.offset(c.Range.Start), l.offset(c.Range.End)
			end = max(start, end)
			text := make([]byte, 0, len(d.text)-(end-start)+len(c.Text))
			text = append(append(append(text, d.text[:start]...), c.Text...), d.text[end:]...)
			d.text = text
		}
		d.lines = nil
	}
}
