package load_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/visual-guides/guides/internal/load"
	"github.com/visual-guides/guides/internal/synth"
)

// benchSizes returns the collection sizes of the benchmarks: with -short,
// as CI runs them once (-bench . -benchtime 1x -short), only the smallest.
func benchSizes() []int {
	if testing.Short() {
		return []int{1000}
	}
	return []int{1000, 10_000, 100_000}
}

// writeCollection writes a synthetic collection of n guides to a temporary
// folder.
func writeCollection(b *testing.B, n int) string {
	b.Helper()
	dir := b.TempDir()
	for _, sub := range []string{"data/guides", "data/categories"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			b.Fatal(err)
		}
	}
	err := synth.Generate(synth.Options{Guides: n, Categories: 20, Seed: 1}, func(p string, data []byte) error {
		return os.WriteFile(filepath.Join(dir, p), data, 0o644)
	})
	if err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkLoad loads a collection from disk with load.LoadDir, as the
// commands do, with the file cache warm after the first iteration.
func BenchmarkLoad(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("guides=%d", n), func(b *testing.B) {
			dir := writeCollection(b, n)
			opts := load.Options{GuidesDir: "data/guides", CategoriesDir: "data/categories"}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				c, diags, err := load.LoadDir(dir, opts)
				if err != nil || diags.HasErrors() || len(c.Guides) != n {
					b.Fatalf("load: %v, %d errors, %d guides", err, len(diags), len(c.Guides))
				}
			}
		})
	}
}
