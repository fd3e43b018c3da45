package search

import (
	"fmt"
	"testing"
)

// BenchmarkSearch runs queries of two words, the last one being typed, on
// the index of synthetic collections in memory, as guides search does.
func BenchmarkSearch(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("guides=%d", n), func(b *testing.B) {
			ix, _ := benchIndex(b, n)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				for _, q := range twoWords {
					if len(ix.Search(Query{Text: q})) == 0 {
						b.Fatalf("%q finds nothing", q)
					}
				}
			}
		})
	}
}
