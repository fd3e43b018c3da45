package site

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/diff"
	"github.com/rogpeppe/go-internal/txtar"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/load"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// fixture loads a collection from a txtar archive.
func fixture(t testing.TB, name string) (fstest.MapFS, *guides.Collection) {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range ar.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	return fsys, loadFS(t, fsys)
}

func loadFS(t testing.TB, fsys fstest.MapFS) *guides.Collection {
	t.Helper()
	c, diags, err := load.Load(fsys, load.Options{GuidesDir: "data/guides", CategoriesDir: "data/categories"})
	if err != nil {
		t.Fatal(err)
	}
	if diags.HasErrors() {
		t.Fatalf("fixture has errors: %v", diags)
	}
	return c
}

func build(t testing.TB, fsys fstest.MapFS, c *guides.Collection, opts Options) Files {
	t.Helper()
	if opts.BaseURL == "" {
		opts.BaseURL = "https://example.org/guides"
	}
	if opts.Title == "" {
		opts.Title = "Example Guides"
	}
	b, err := NewBuilder(fsys, opts)
	if err != nil {
		t.Fatal(err)
	}
	files := Files{}
	diags, err := b.Build(c, files)
	if err != nil {
		t.Fatal(err)
	}
	if len(diags) > 0 {
		t.Fatalf("build findings: %v", diags)
	}
	return files
}

// TestGolden builds the fixture and compares its text files with
// testdata/golden/*; -update rewrites them.
func TestGolden(t *testing.T) {
	fsys, c := fixture(t, "fixture.txtar")
	files := build(t, fsys, c, Options{})
	golden := filepath.Join("testdata", "golden")
	if *update {
		os.RemoveAll(golden)
	}
	var names []string
	for name := range files {
		if strings.HasSuffix(name, ".png") || strings.HasPrefix(name, "assets/") {
			continue // assets are tested by what links to them
		}
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		p := filepath.Join(golden, filepath.FromSlash(name))
		if *update {
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, files[name], 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(p)
		if err != nil {
			t.Errorf("%s: no golden file; run with -update", name)
			continue
		}
		if !bytes.Equal(files[name], want) {
			t.Errorf("%s differs from its golden file:\n%s", name, diff.Diff("want", want, "got", files[name]))
		}
	}
	// Every golden file is still made.
	filepath.WalkDir(golden, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(golden, p)
			if _, ok := files[filepath.ToSlash(rel)]; !ok {
				t.Errorf("%s is no longer built", rel)
			}
		}
		return nil
	})
}
