// Package suggest finds the known words closest to a misspelt one.
package suggest

import (
	"slices"
	"strings"
)

// Closest returns the candidates nearest to word by edit distance, best
// first, at most n of them. Only candidates close enough to be a plausible
// typo are returned: within a third of the word's length, and at least 1.
func Closest(word string, candidates []string, n int) []string {
	limit := max(1, len([]rune(word))/3)
	type scored struct {
		s string
		d int
	}
	var found []scored
	lw := strings.ToLower(word)
	for _, c := range candidates {
		if c == word {
			continue
		}
		d := distance(lw, strings.ToLower(c))
		if d <= limit {
			found = append(found, scored{c, d})
		}
	}
	slices.SortStableFunc(found, func(a, b scored) int {
		if a.d != b.d {
			return a.d - b.d
		}
		return strings.Compare(a.s, b.s)
	})
	out := make([]string, 0, min(n, len(found)))
	for i := 0; i < len(found) && i < n; i++ {
		out = append(out, found[i].s)
	}
	return out
}

// distance is the Damerau-Levenshtein distance (optimal string alignment)
// between a and b in runes: insertions, deletions, substitutions and swaps
// of neighbours each cost one.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
