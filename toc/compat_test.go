package toc_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/diff"
	"github.com/rogpeppe/go-internal/txtar"

	"github.com/visual-guides/guides/config"
	"github.com/visual-guides/guides/load"
	"github.com/visual-guides/guides/toc"
)

var update = flag.Bool("update", false, "rewrite the want/ files of testdata archives with the current output")

// TestCompat runs the whole README job on each archive of testdata/compat:
// its data/ and README.md are the input, want/README.md the expected
// README. The archives whose comment says so were checked against the old
// script's own output; the others pin the documented departures.
func TestCompat(t *testing.T) {
	files, err := filepath.Glob("testdata/compat/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no archives: %v", err)
	}
	for _, name := range files {
		t.Run(strings.TrimSuffix(filepath.Base(name), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(name)
			if err != nil {
				t.Fatal(err)
			}
			fsys := fstest.MapFS{}
			var want *txtar.File
			for i, f := range ar.Files {
				if f.Name == "want/README.md" {
					want = &ar.Files[i]
					continue
				}
				fsys[f.Name] = &fstest.MapFile{Data: f.Data}
			}
			for _, dir := range []string{"data/guides", "data/categories"} {
				if _, err := fsys.ReadDir(dir); err != nil {
					fsys[dir+"/.keep"] = &fstest.MapFile{}
				}
			}
			cfg := config.Default()
			c, diags, err := load.Load(fsys, load.Options{GuidesDir: cfg.GuidesDir, CategoriesDir: cfg.CategoriesDir})
			if err != nil {
				t.Fatal(err)
			}
			if diags.HasErrors() {
				t.Fatalf("collection has errors: %v", diags)
			}
			links := toc.SiteLinks{Base: cfg.BaseURL}
			got, err := toc.Splice(fsys["README.md"].Data, toc.Render(c, links))
			if err != nil {
				t.Fatal(err)
			}
			if updated, err := toc.Update(fsys["README.md"].Data, c, links); err != nil || !bytes.Equal(updated, got) {
				t.Errorf("Update() differs from Splice() of Render(): %v\n%s", err, diff.Diff("Splice", got, "Update", updated))
			}
			if *update {
				if want == nil {
					ar.Files = append(ar.Files, txtar.File{Name: "want/README.md"})
					want = &ar.Files[len(ar.Files)-1]
				}
				want.Data = got
				if err := os.WriteFile(name, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if want == nil {
				t.Fatal("no want/README.md in the archive; run with -update")
			}
			if !bytes.Equal(got, want.Data) {
				t.Errorf("README differs:\n%s", diff.Diff("want/README.md", want.Data, "got", got))
			}
		})
	}
}
