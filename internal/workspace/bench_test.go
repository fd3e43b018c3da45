package workspace

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/visual-guides/guides/internal/load"
	"github.com/visual-guides/guides/internal/rootfs"
	"github.com/visual-guides/guides/internal/synth"
)

// writeBench writes a synthetic collection of n guides to a temporary
// folder. With links set, every guide ends with a section that links to
// the next guide's same section and shows one of a hundred images of the
// repository, so that the collection rules have links, fragments and
// files to look up.
func writeBench(b *testing.B, n int, links bool) string {
	b.Helper()
	dir := b.TempDir()
	var ids []string
	files := map[string][]byte{}
	err := synth.Generate(synth.Options{Guides: n, Categories: 20, Seed: 1}, func(p string, data []byte) error {
		if strings.HasPrefix(p, "data/guides/") {
			ids = append(ids, strings.TrimSuffix(path.Base(p), ".md"))
		}
		files[p] = data
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	for i, id := range ids {
		if links {
			next := ids[(i+1)%len(ids)]
			p := "data/guides/" + id + ".md"
			files[p] = fmt.Appendf(files[p], "\n## See also\n\n[The next guide](%s.md#see-also), and ![a diagram](/images/d%d.png).\n", next, i%100)
		}
	}
	if links {
		for i := range 100 {
			files[fmt.Sprintf("images/d%d.png", i)] = []byte("\x89PNG\r\n\x1a\n")
		}
	}
	for p, data := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

// BenchmarkEdit measures what an editor waits for after each keystroke in
// a guide: the file rules on the buffer, and the collection rules on the
// collection with the buffer in place of its file. The collection is
// loaded once, before the clock starts, as the language server does. Each
// edit changes the guide's title, which the collection rules compare with
// every other title. Besides the time, it reports the processor time of an
// edit (cpu-ms/op), which holds when other work shares the machine.
func BenchmarkEdit(b *testing.B) {
	sizes := []int{1000, 10_000}
	if testing.Short() {
		sizes = sizes[:1]
	}
	for _, n := range sizes {
		for _, links := range []bool{false, true} {
			b.Run(fmt.Sprintf("guides=%d/links=%v", n, links), func(b *testing.B) {
				dir := writeBench(b, n, links)
				root, err := rootfs.New(dir)
				if err != nil {
					b.Fatal(err)
				}
				defer root.Close()
				opts := Options{GuidesDir: "data/guides", CategoriesDir: "data/categories"}
				coll, diags, err := load.LoadRoot(context.Background(), root, load.Options{GuidesDir: opts.GuidesDir, CategoriesDir: opts.CategoriesDir})
				if err != nil {
					b.Fatal(err)
				}
				w := New(root, opts, coll, diags)
				g := coll.Guides[len(coll.Guides)/2]
				text, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(g.Path)))
				if err != nil {
					b.Fatal(err)
				}
				w.Open(g.Path, 1, text)
				w.Judge(context.Background())
				version := int32(1)
				b.ReportAllocs()
				cpu := cpuTime()
				for b.Loop() {
					version++
					edited := bytes.Replace(text, []byte("\ntitle: "), fmt.Appendf(nil, "\ntitle: Edit %d ", version), 1)
					w.Change(g.Path, version, edited)
					s := w.Judge(context.Background())
					if d := s.Docs[g.Path]; d.Version != version || d.Diags.HasErrors() {
						b.Fatalf("version %d: %v", d.Version, d.Diags)
					}
				}
				// The processor time an edit costs, which a loaded machine
				// does not stretch as it stretches the time waited.
				b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
			})
		}
	}
}
