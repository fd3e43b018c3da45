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
// and whose headers heads wide, in lines of at most limit columns. Fixed columns keep their width. The
// other columns but flex share what is left, each up to a part of it, and
// flex takes the rest; width flex does not need goes back to the others.
// No header is cut: the lines are longer than limit only when it leaves
// less than their headers to the columns that may be cut.
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
	for i := range widths {
		if t.fixed[i] {
			budget -= widths[i]
		} else if i != t.flex {
			cuttable = append(cuttable, i)
		}
	}
	// Each column that may be cut gets at most its share of the budget:
	// the first two fifths, the next a quarter, and so on.
	share := []int{40, 25, 20, 15}
	used := 0
	for k, i := range cuttable {
		s := share[min(k, len(share)-1)]
		widths[i] = max(heads[i], min(natural[i], budget*s/100))
		used += widths[i]
	}
	flex := budget - used
	if flex > natural[t.flex] {
		// Give what the flex column does not need back to the others.
		spare := flex - natural[t.flex]
		flex = natural[t.flex]
		for _, i := range cuttable {
			more := min(spare, natural[i]-widths[i])
			widths[i] += more
			spare -= more
		}
	}
	widths[t.flex] = max(heads[t.flex], flex)
	return widths
}

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
