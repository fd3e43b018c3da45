package main

import (
	"strings"

	"github.com/visual-guides/guides/internal/app"
)

// breakLines breaks text into lines at its spaces: the first line holds at
// most first columns, the others at most rest, as a terminal shows the
// text escaped (see app.Printable). A word wider than its line is not cut:
// it goes on a line of its own. It returns the start and end of each line
// in text, without the spaces where it breaks.
func breakLines(text string, first, rest int) [][2]int {
	var lines [][2]int
	start, end, used := 0, 0, 0 // the line so far is text[start:end]
	avail := first
	for i := 0; i <= len(text); {
		j := strings.IndexByte(text[i:], ' ')
		if j < 0 {
			j = len(text) - i
		}
		word := text[i : i+j]
		w := cellWidth(app.Printable(word))
		switch {
		case end == start && used == 0:
			start, end, used = i, i+j, w
		case used+1+w <= avail:
			end, used = i+j, used+1+w
		default:
			lines = append(lines, [2]int{start, end})
			avail = rest
			start, end, used = i, i+j, w
		}
		i += j + 1
	}
	return append(lines, [2]int{start, end})
}
