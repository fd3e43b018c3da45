package main

import (
	"io"
	"strings"
	"unicode"

	"golang.org/x/text/width"

	"github.com/visual-guides/guides/internal/app"
)

// table is text in aligned columns, two spaces apart, the last not padded.
type table struct {
	header []string
	rows   [][]string
	// flex is the column that takes the width the others leave, such as
	// TITLE; fixed columns, such as a date, are never cut.
	flex  int
	fixed map[int]bool
}

// gap is the space between columns.
const gap = 2

// write writes the table so that its lines fit in max columns of a
// terminal, cutting long cells with "…"; limit 0 means none. Cells are
// escaped (see app.Printable) and measured as a terminal shows them.
func (t *table) write(w io.Writer, limit int) error {
	n := len(t.header)
	rows := make([][]string, 0, len(t.rows)+1)
	for _, r := range append([][]string{t.header}, t.rows...) {
		cells := make([]string, n)
		for i := range cells {
			cells[i] = app.Printable(r[i])
		}
		rows = append(rows, cells)
	}
	widths := make([]int, n)
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], cellWidth(c))
		}
	}
	heads := make([]int, n)
	for i, h := range rows[0] {
		heads[i] = cellWidth(h)
	}
	widths = t.fit(widths, heads, limit)
	var b strings.Builder
	for _, r := range rows {
		var line strings.Builder
		for i, c := range r {
			c = cut(c, widths[i])
			line.WriteString(c)
			if i < n-1 {
				line.WriteString(strings.Repeat(" ", widths[i]-cellWidth(c)+gap))
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// fit returns the widths of the columns, whose contents are natural wide
// and whose headers heads wide, in lines of at most limit columns. Fixed
// columns keep their width, and the flex column, the one a reader scans
// (TITLE), comes first among the others:
//
//   - it keeps its whole width when the others can still be shown whole,
//     and else at least two thirds of what is left to the columns that
//     may be cut;
//   - the others are cut first and harder, but never below their floor:
//     their header, and at least minCut columns of their text, so that
//     the start of an id stays readable;
//   - what is left goes to the others, evenly, the narrowest first.
//
// No header is cut: the lines are longer than limit only when it leaves
// less than the floors to the columns that may be cut.
func (t *table) fit(natural, heads []int, limit int) []int {
	n := len(natural)
	total := gap * (n - 1)
	for _, w := range natural {
		total += w
	}
	if limit <= 0 || total <= limit {
		return natural
	}
	widths := append([]int(nil), natural...)
	budget := limit - gap*(n-1)
	var cuttable []int
	others, floors := 0, 0 // the natural widths and floors of cuttable
	for i := range widths {
		switch {
		case t.fixed[i]:
			budget -= widths[i]
		case i != t.flex:
			cuttable = append(cuttable, i)
			widths[i] = min(natural[i], max(heads[i], minCut))
			others += natural[i]
			floors += widths[i]
		}
	}
	flex := min(natural[t.flex], max(budget-others, (2*budget+2)/3), budget-floors)
	widths[t.flex] = max(heads[t.flex], flex)
	// Share the rest out one column at a time, to the narrowest of the
	// columns that want more.
	for rest := budget - widths[t.flex] - floors; rest > 0; rest-- {
		k := -1
		for _, i := range cuttable {
			if widths[i] < natural[i] && (k < 0 || widths[i] < widths[k]) {
				k = i
			}
		}
		if k < 0 {
			break
		}
		widths[k]++
	}
	return widths
}

// minCut is the fewest columns of its text that a cut column shows, "…"
// included.
const minCut = 8

// cellWidth is the number of terminal columns s takes: two for wide East
// Asian characters, none for combining marks.
func cellWidth(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

func runeWidth(r rune) int {
	switch {
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// cut shortens s to at most w columns, ending it with "…" when it cuts.
func cut(s string, w int) string {
	if cellWidth(s) <= w {
		return s
	}
	if w <= 0 {
		return ""
	}
	var b strings.Builder
	used := 0
	for _, r := range s {
		rw := runeWidth(r)
		if used+rw > w-1 {
			break
		}
		b.WriteRune(r)
		used += rw
	}
	return b.String() + "…"
}
