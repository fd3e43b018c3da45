package site

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/visual-guides/guides"
)

// TestSearchIndexFollows updates a search index after edits of every
// kind, a guide that goes and comes back among them, and expects after each
// the files a whole build's index has.
func TestSearchIndexFollows(t *testing.T) {
	fsys, c := fixture(t, "fixture.txtar")
	opts := Options{BaseURL: "https://example.org/guides", Title: "T"}
	b, err := NewBuilder(fsys, opts)
	if err != nil {
		t.Fatal(err)
	}
	x, err := NewSearchIndex(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	last := map[string]string{} // the files the index was last given
	remember := func() {
		clear(last)
		for name, f := range fsys {
			last[name] = string(f.Data)
		}
	}
	check := func(what string, c *guides.Collection) {
		t.Helper()
		changed := func(p string) bool { data, ok := last[p]; return !ok || data != string(fsys[p].Data) }
		files, err := x.Update(context.Background(), b.Model(c, fsys), changed)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		want := build(t, fsys, c, opts)
		n := 0
		for name, data := range want {
			if !strings.HasPrefix(name, searchDir) || name == searchDir+"index.html" {
				continue
			}
			n++
			if got, ok, err := files.File(name); !ok || err != nil || !bytes.Equal(got, data) {
				t.Errorf("%s: %s differs from a whole build's: %v, %v", what, name, ok, err)
			}
		}
		if len(files.at) != n {
			t.Errorf("%s: the index has %d files, a whole build's %d", what, len(files.at), n)
		}
		remember()
	}
	check("the fixture", c)
	gone := fsys["data/guides/btree.md"]
	for _, e := range fixtureEdits(fsys) {
		e.edit()
		check("after editing "+e.name, loadFS(t, fsys))
	}
	fsys["data/guides/btree.md"] = gone
	check("a guide back", loadFS(t, fsys))
}
