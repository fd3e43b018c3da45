package workspace

import (
	"bytes"

	"github.com/visual-guides/guides"
)

// Action is the fix of a finding, as edits of a buffer.
type Action struct {
	Title string
	Diag  guides.Diagnostic
	Edits []Replace
}

// Replace writes Text in place of the bytes Start to End of a buffer.
type Replace struct {
	Start, End int
	Text       string
}

// Actions returns the fixes of the findings of the buffer at p on the
// lines from byte start to byte end of text, the buffer as it is now: a
// fix whose edits no longer apply to it is left out.
func (s *Snapshot) Actions(p string, text []byte, start, end int) []Action {
	doc, ok := s.Docs[p]
	if !ok {
		return nil
	}
	start, end = min(max(start, 0), len(text)), min(max(end, 0), len(text))
	first := bytes.Count(text[:start], []byte("\n")) + 1
	last := first + bytes.Count(text[start:max(start, end)], []byte("\n"))
	var out []Action
	for _, d := range doc.Diags {
		if d.Fix == nil || d.Pos.Line < first || d.Pos.Line > last {
			continue
		}
		a := Action{Title: d.Fix.Title, Diag: d}
		for _, e := range d.Fix.Edits {
			s, e2, ok := e.Span(text)
			if !ok {
				a.Edits = nil
				break
			}
			a.Edits = append(a.Edits, Replace{Start: s, End: e2, Text: e.New})
		}
		if len(a.Edits) > 0 {
			out = append(out, a)
		}
	}
	return out
}
