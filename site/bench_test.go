package site_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/visual-guides/guides/internal/outdir"
	"github.com/visual-guides/guides/internal/synth"
	"github.com/visual-guides/guides/load"
	"github.com/visual-guides/guides/site"
)

// synthetic writes a synthetic collection of n guides to a temporary folder.
func synthetic(b *testing.B, n int) string {
	b.Helper()
	dir := b.TempDir()
	for _, sub := range []string{"data/guides", "data/categories"} {
		os.MkdirAll(filepath.Join(dir, sub), 0o755)
	}
	err := synth.Generate(synth.Options{Guides: n, Categories: 20, Seed: 1}, func(p string, data []byte) error {
		return os.WriteFile(filepath.Join(dir, p), data, 0o644)
	})
	if err != nil {
		b.Fatal(err)
	}
	return dir
}

var opts = load.Options{GuidesDir: "data/guides", CategoriesDir: "data/categories"}

// newBuilder returns a Builder for the collection in dir, as guides build
// makes one.
func newBuilder(b *testing.B, dir string, live string) *site.Builder {
	b.Helper()
	builder, err := site.NewBuilder(os.DirFS(dir), site.Options{BaseURL: "https://example.org/guides", Title: "Bench", LiveReload: live})
	if err != nil {
		b.Fatal(err)
	}
	return builder
}

// BenchmarkBuild does what guides build does, from disk to disk: load the
// collection, render every page and write the site into a fresh folder.
// With -short, as CI runs it, only the smallest size.
func BenchmarkBuild(b *testing.B) {
	sizes := []int{400, 10_000}
	if testing.Short() {
		sizes = sizes[:1]
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("guides=%d", n), func(b *testing.B) {
			dir := synthetic(b, n)
			out := filepath.Join(b.TempDir(), "public")
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				c, diags, err := load.Load(load.DirFS(dir), opts)
				if err != nil || diags.HasErrors() {
					b.Fatal(err, diags)
				}
				builder := newBuilder(b, dir, "")
				err = outdir.Replace(out, func(f *outdir.Folder) error {
					_, err := builder.Build(c, f)
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkBuildMemory renders the site of a loaded collection into memory:
// the build without the disk, whose speed varies much more than the CPU's.
func BenchmarkBuildMemory(b *testing.B) {
	sizes := []int{400, 10_000}
	if testing.Short() {
		sizes = sizes[:1]
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("guides=%d", n), func(b *testing.B) {
			dir := synthetic(b, n)
			c, _, err := load.Load(load.DirFS(dir), opts)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := newBuilder(b, dir, "").Build(c, site.Files{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRebuild measures what guides serve does after an edit: load
// the collection again and rebuild the site in memory, with the bodies of
// the last build remembered, one guide's body changed each time.
func BenchmarkRebuild(b *testing.B) {
	n := 10_000
	if testing.Short() {
		n = 400
	}
	b.Run(fmt.Sprintf("guides=%d", n), func(b *testing.B) {
		dir := synthetic(b, n)
		c, _, err := load.Load(load.DirFS(dir), opts)
		if err != nil {
			b.Fatal(err)
		}
		builder := newBuilder(b, dir, site.EventsPath)
		if _, err := builder.Build(c, site.Files{}); err != nil {
			b.Fatal(err)
		}
		edited := filepath.Join(dir, c.Guides[len(c.Guides)/2].Path)
		orig, _ := os.ReadFile(edited)
		b.ReportAllocs()
		b.ResetTimer()
		i := 0
		for b.Loop() {
			i++
			if err := os.WriteFile(edited, fmt.Appendf(append([]byte(nil), orig...), "\nEdit %d.\n", i), 0o644); err != nil {
				b.Fatal(err)
			}
			c, _, err := load.Load(load.DirFS(dir), opts)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := builder.Build(c, site.Files{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
