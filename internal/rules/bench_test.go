package rules_test

import (
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/visual-guides/guides/internal/load"
	"github.com/visual-guides/guides/internal/rules"
	"github.com/visual-guides/guides/internal/synth"
)

// BenchmarkRun applies the collection-wide rules to a clean synthetic
// collection. With -short, as CI runs it, only the smallest size.
func BenchmarkRun(b *testing.B) {
	sizes := []int{1000, 10_000, 100_000}
	if testing.Short() {
		sizes = sizes[:1]
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("guides=%d", n), func(b *testing.B) {
			fsys := fstest.MapFS{}
			synth.Generate(synth.Options{Guides: n, Categories: 20, Seed: 1}, func(p string, data []byte) error {
				fsys[p] = &fstest.MapFile{Data: data}
				return nil
			})
			c, _, err := load.Load(fsys, opts)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if ds := rules.Collection(fsys, c); len(ds) != 0 {
					b.Fatalf("%d findings, such as %s", len(ds), ds[0])
				}
			}
		})
	}
}
