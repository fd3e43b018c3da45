package toc_test

import (
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/load"
	"github.com/visual-guides/guides/internal/synth"
	"github.com/visual-guides/guides/toc"
)

// benchSizes returns the collection sizes of the benchmarks: with -short,
// as CI runs them once (-bench . -benchtime 1x -short), only the smallest.
func benchSizes() []int {
	if testing.Short() {
		return []int{1000}
	}
	return []int{1000, 10_000, 100_000}
}

// collection generates and loads a synthetic collection of n guides, in
// memory, and returns it with its README.
func collection(b *testing.B, n int) (*guides.Collection, []byte) {
	b.Helper()
	fsys := fstest.MapFS{}
	err := synth.Generate(synth.Options{Guides: n, Categories: 20, Seed: 1}, func(p string, data []byte) error {
		fsys[p] = &fstest.MapFile{Data: data}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	c, diags, err := load.Load(fsys, load.Options{GuidesDir: "data/guides", CategoriesDir: "data/categories"})
	if err != nil || diags.HasErrors() {
		b.Fatalf("load: %v %v", err, diags)
	}
	return c, fsys["README.md"].Data
}

func BenchmarkRender(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("guides=%d", n), func(b *testing.B) {
			c, _ := collection(b, n)
			links := toc.SiteLinks{Base: "https://bytebytego.com/guides"}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				toc.Render(c, links)
			}
		})
	}
}

// BenchmarkSplice splices a list into a README that already holds one of
// the same size, as every run after the first does.
func BenchmarkSplice(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("guides=%d", n), func(b *testing.B) {
			c, readme := collection(b, n)
			list := toc.Render(c, toc.SiteLinks{Base: "https://bytebytego.com/guides"})
			current, err := toc.Splice(readme, list)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(current)))
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := toc.Splice(current, list); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
