package toc_test

import (
	"bytes"
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/diff"

	"github.com/visual-guides/guides/internal/config"
	"github.com/visual-guides/guides/internal/golden"
	"github.com/visual-guides/guides/internal/load"
	"github.com/visual-guides/guides/toc"
)

// TestCompat runs the whole README job on each archive of testdata/compat:
// its data/ and README.md are the input, want/README.md the expected
// README. The archives whose comment says so were checked against the old
// script's own output; the others pin the documented departures.
func TestCompat(t *testing.T) {
	for _, name := range golden.Glob(t, "testdata/compat/*.txtar") {
		t.Run(golden.Name(name), func(t *testing.T) {
			ar := golden.Load(t, name)
			fsys := ar.FS("", "want/README.md")
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
			ar.Check(t, "want/README.md", got)
		})
	}
}
