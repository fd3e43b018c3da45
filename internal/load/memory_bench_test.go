package load

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/visual-guides/guides/internal/synth"
)

// memoryModes are the two ways a load can keep what it reads: in blocks on
// huge pages (packages slab and hugepage), as the loader always does, and
// in allocations of their own, the baseline the blocks must beat.
var memoryModes = []struct {
	name  string
	plain bool
}{{"blocks", false}, {"plain", true}}

// memoryBenchSizes are the sizes of the collections the benchmarks of
// memory load: with -short, the smallest.
func memoryBenchSizes() []int {
	if testing.Short() {
		return []int{10_000}
	}
	return []int{10_000, 100_000}
}

// writeSynth writes a synthetic collection of n guides to a temporary
// folder, and returns it.
func writeSynth(b *testing.B, n int) string {
	b.Helper()
	dir := b.TempDir()
	err := synth.Generate(synth.Options{Guides: n, Categories: 20, Seed: 1}, func(p string, data []byte) error {
		p = filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		return os.WriteFile(p, data, 0o644)
	})
	if err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkLoadMemory loads synthetic collections from disk as LoadDir
// does, in each memory mode, again and again in one process: memory the
// collector has freed is reused, warm (see BenchmarkLoadProcess for a
// fresh process).
func BenchmarkLoadMemory(b *testing.B) {
	for _, n := range memoryBenchSizes() {
		dir := writeSynth(b, n)
		for _, mode := range memoryModes {
			b.Run(fmt.Sprintf("guides=%d/%s", n, mode.name), func(b *testing.B) {
				opts := Options{GuidesDir: "data/guides", CategoriesDir: "data/categories", plainMemory: mode.plain}
				b.ReportAllocs()
				for b.Loop() {
					c, diags, err := LoadDir(dir, opts)
					if err != nil || diags.HasErrors() || len(c.Guides) != n {
						b.Fatalf("load: %v, %d errors, %d guides", err, len(diags), len(c.Guides))
					}
				}
			})
		}
	}
}
