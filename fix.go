package guides

import (
	"bytes"
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// Offset returns the byte offset in src of a position, and whether src
// has that line and column. The column after the last byte of a line, at
// its line end, is on the line.
func Offset(src []byte, p Pos) (int, bool) {
	if p.Line < 1 || p.Col < 1 {
		return 0, false
	}
	off := 0
	for line := 1; line < p.Line; line++ {
		nl := bytes.IndexByte(src[off:], '\n')
		if nl < 0 {
			return 0, false
		}
		off += nl + 1
	}
	end := len(src)
	if nl := bytes.IndexByte(src[off:], '\n'); nl >= 0 {
		end = off + nl
	}
	if off+p.Col-1 > end {
		return 0, false
	}
	return off + p.Col - 1, true
}

// Span returns the byte offsets in src of the text e replaces, and whether
// src holds Old at Pos (see Edit).
func (e Edit) Span(src []byte) (start, end int, ok bool) {
	start, ok = Offset(src, e.Pos)
	if !ok {
		return 0, 0, false
	}
	rest := src[start:]
	if e.Value && len(rest) > 0 && (rest[0] == '"' || rest[0] == '\'') {
		n, value, ok := quoted(rest)
		if !ok || value != e.Old {
			return 0, 0, false
		}
		return start, start + n, true
	}
	if !bytes.HasPrefix(rest, []byte(e.Old)) {
		return 0, 0, false
	}
	end = start + len(e.Old)
	if e.Value && end < len(src) && !bytes.ContainsRune([]byte(" \t\r\n,]}:"), rune(src[end])) {
		return 0, 0, false // a longer plain scalar that starts with Old
	}
	return start, end, true
}

// quoted reads the quoted YAML scalar b starts with, and returns its
// length as written and its value; ok is false when its quote is not
// closed or its escapes are not understood.
func quoted(b []byte) (n int, value string, ok bool) {
	q := b[0]
	for i := 1; i < len(b); i++ {
		switch {
		case q == '"' && b[i] == '\\':
			i++
		case q == '\'' && b[i] == '\'' && i+1 < len(b) && b[i+1] == '\'':
			i++
		case b[i] == q:
			inner := string(b[1:i])
			if q == '\'' {
				return i + 1, strings.ReplaceAll(inner, "''", "'"), true
			}
			if !strings.Contains(inner, `\`) {
				return i + 1, inner, true
			}
			v, err := strconv.Unquote(`"` + inner + `"`)
			return i + 1, v, err == nil
		case b[i] == '\n':
			return 0, "", false // a quoted value on more than one line
		}
	}
	return 0, "", false
}

// Apply returns src with the edits of f made, and whether src holds what
// each of them replaces; the edits do not overlap.
func (f Fix) Apply(src []byte) ([]byte, bool) {
	type span struct {
		start, end int
		text       string
	}
	spans := make([]span, 0, len(f.Edits))
	for _, e := range f.Edits {
		start, end, ok := e.Span(src)
		if !ok {
			return nil, false
		}
		spans = append(spans, span{start, end, e.New})
	}
	slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.start, b.start) })
	var out []byte
	last := 0
	for _, s := range spans {
		if s.start < last {
			return nil, false
		}
		out = append(append(out, src[last:s.start]...), s.text...)
		last = s.end
	}
	return append(out, src[last:]...), true
}
