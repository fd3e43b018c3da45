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
		// The index leaves its unchanged files where they were: what a
		// reader sees is what it sees of a whole build's files.
		want := Files{}
		for name, data := range build(t, fsys, c, opts) {
			if strings.HasPrefix(name, searchDir) && name != searchDir+"index.html" {
				want[name] = data
			}
		}
		got := Files{}
		for name := range files.at {
			data, ok, err := files.File(searchDir + name)
			if !ok || err != nil {
				t.Fatalf("%s: %s: %v, %v", what, name, ok, err)
			}
			got[searchDir+name] = data
		}
		if len(files.packs) > maxPacks {
			t.Errorf("%s: the files are read from %d packs", what, len(files.packs))
		}
		got, want = searchView(t, got), searchView(t, want)
		for name, data := range want {
			if !bytes.Equal(got[name], data) {
				t.Errorf("%s: %s differs from a whole build's", what, name)
			}
		}
		for name := range got {
			if _, ok := want[name]; !ok {
				t.Errorf("%s: the index has %s, which a whole build's has not", what, name)
			}
		}
		remember()
	}
	check("the fixture", c)
	gone := fsys["data/guides/btree.md"]
	for _, e := range fixtureEdits(fsys) {
		e.edit()
		check("after editing "+e.name, loadFS(t, fsys))
		// A guide's own edit analyses that guide alone again.
		if n := x.backend.(*wholeIndex).analysed; (e.name == "a body" || e.name == "a title") && n != 1 {
			t.Errorf("after editing %s, %d guides were analysed again", e.name, n)
		}
	}
	fsys["data/guides/btree.md"] = gone
	check("a guide back", loadFS(t, fsys))
}
