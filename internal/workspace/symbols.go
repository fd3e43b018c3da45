package workspace

import "bytes"

// Symbol is a heading of a buffer, with the headings under it.
type Symbol struct {
	Name  string
	Level int
	Line  int // 1-based
	// EndLine is the last line of its section: the line before the next
	// heading of its level or above, or the last line of the text.
	EndLine  int
	Children []Symbol
}

// Symbols returns the headings of the body of text, a guide or category,
// nested by level.
func Symbols(text []byte) []Symbol {
	body := 0
	if _, end, b, ok := frontBounds(text); ok && b > end {
		body = b
	}
	var roots []Symbol
	// open holds the path from a root to the last heading, as indexes.
	var open []int
	for _, h := range headings(text, bodyRef(text, body)) {
		for len(open) > 0 && at(roots, open).Level >= h.Level {
			open = open[:len(open)-1]
		}
		sym := Symbol{Name: h.Text, Level: h.Level, Line: h.Line}
		if len(open) == 0 {
			roots = append(roots, sym)
			open = []int{len(roots) - 1}
			continue
		}
		parent := at(roots, open)
		parent.Children = append(parent.Children, sym)
		open = append(open, len(parent.Children)-1)
	}
	setEnds(roots, bytes.Count(text, []byte("\n"))+1)
	return roots
}

// setEnds sets the last line of the sections of syms, siblings in a
// section that ends on line end.
func setEnds(syms []Symbol, end int) {
	for i := range syms {
		last := end
		if i+1 < len(syms) {
			last = syms[i+1].Line - 1
		}
		syms[i].EndLine = last
		setEnds(syms[i].Children, last)
	}
}

// at returns the symbol at the path of indexes.
func at(roots []Symbol, path []int) *Symbol {
	s := &roots[path[0]]
	for _, i := range path[1:] {
		s = &s.Children[i]
	}
	return s
}
