package main

import (
	"slices"
	"testing"
)

// TestFit checks the widths of the list's columns (ID, DATE, CATEGORIES,
// TITLE) on terminals of common widths: TITLE keeps its whole width while
// the others can be shown whole, and else two thirds of the room the
// columns that may be cut share; ID and CATEGORIES are cut first, to no
// less than 8 columns or their header; DATE is never cut.
func TestFit(t *testing.T) {
	list := &table{flex: 3, fixed: map[int]bool{1: true}}
	heads := []int{2, 4, 10, 5}
	long := []int{92, 10, 41, 67} // a long id, two categories, a long title
	tests := []struct {
		name    string
		natural []int
		limit   int
		want    []int
	}{
		{"no limit", long, 0, long},
		{"60 columns", long, 60, []int{8, 10, 10, 26}},
		{"80 columns", long, 80, []int{11, 10, 10, 43}},
		{"100 columns", long, 100, []int{14, 10, 14, 56}},
		{"200 columns", long, 200, []int{76, 10, 41, 67}},
		{"all fits", []int{20, 10, 15, 30}, 81, []int{20, 10, 15, 30}},
		{"one column short", []int{20, 10, 15, 30}, 80, []int{19, 10, 15, 30}},
		{"a short title gives the rest back", []int{92, 10, 41, 12}, 80, []int{26, 10, 26, 12}},
		{"short ids leave the title more", []int{5, 10, 10, 90}, 60, []int{5, 10, 10, 29}},
		{"too narrow for the headers", long, 30, []int{8, 10, 10, 5}},
	}
	for _, tt := range tests {
		if got := list.fit(tt.natural, heads, tt.limit); !slices.Equal(got, tt.want) {
			t.Errorf("%s: widths %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestFitProperties checks, for every terminal width from 40 to 240 and
// tables of several shapes, that the lines fit, that no column is cut
// below its floor or wider than its text, that the title has its share,
// and that a wider terminal never gives the title less. Lines are longer
// than the terminal only when it is too narrow for the floors and the
// title's header.
func TestFitProperties(t *testing.T) {
	list := &table{flex: 3, fixed: map[int]bool{1: true}}
	heads := []int{2, 4, 10, 5}
	for _, natural := range [][]int{{92, 10, 41, 67}, {30, 10, 12, 120}, {120, 10, 80, 20}, {8, 10, 10, 8}, {60, 20, 60, 60}} {
		prevTitle := 0
		for limit := 40; limit <= 240; limit++ {
			w := list.fit(natural, heads, limit)
			line := 3 * gap
			for i := range w {
				line += w[i]
				if w[i] > natural[i] {
					t.Errorf("%v at %d: column %d is %d wide, more than its text", natural, limit, i, w[i])
				}
				if floor := min(natural[i], max(heads[i], minCut)); i != 3 && w[i] < floor {
					t.Errorf("%v at %d: column %d is cut to %d, below %d", natural, limit, i, w[i], floor)
				}
			}
			budget := limit - 3*gap - natural[1]
			floors := min(natural[0], minCut) + min(natural[2], 10)
			if line > limit && budget-floors >= heads[3] {
				t.Errorf("%v at %d: lines of %d columns", natural, limit, line)
			}
			if share := min(natural[3], (2*budget+2)/3, budget-floors); w[3] < share {
				t.Errorf("%v at %d: the title has %d columns, less than its share %d", natural, limit, w[3], share)
			}
			if w[3] < prevTitle {
				t.Errorf("%v at %d: the title has %d columns, less than at %d", natural, limit, w[3], limit-1)
			}
			prevTitle = w[3]
		}
	}
}
