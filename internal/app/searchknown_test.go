package app

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/visual-guides/guides/internal/inputs"
)

// shown is what the search command shows of a hit.
type shown struct {
	ID, Title, Path, Date string
	Categories, Tags      []string
	Score                 float64
	Excerpt               Excerpt
}

func shownOf(res SearchResult) []shown {
	var out []shown
	for _, h := range res.Hits {
		g := h.Guide
		out = append(out, shown{g.ID, g.Title, g.Path, g.CreatedAt.String(), g.Categories, g.Tags, h.Score, h.Excerpt})
	}
	return out
}

// TestSearchKnownFiles checks that a search whose files did not change
// runs without loading the collection, and shows what a search that loads
// it shows; and that every kind of change a search could see sends it the
// full way again.
func TestSearchKnownFiles(t *testing.T) {
	ct := newCacheTest(t, map[string]string{
		"data/guides/alpha.md": "---\ntitle: Alpha Protocol\ndescription: The first guide.\ncreatedAt: 2024-01-01\ncategories: [net]\ntags: [Caching, Go]\n---\n\nAlpha talks about packets and routers.\n\n![A diagram](../../images/a.png)\n",
		"images/a.png":         "png",
	})
	// The searches start as if well after the files were written.
	later := time.Now().Add(inputs.Margin + time.Minute)
	session := func() *Session {
		s := openAt(t, ct.root)
		s.clock = func() time.Time { return later }
		return s
	}
	full := func(o SearchOptions) SearchResult {
		t.Helper()
		res, err := session().Search(context.Background(), o)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	known := func(o SearchOptions) (SearchResult, bool) {
		t.Helper()
		return session().searchKnownFiles(o)
	}
	packets := SearchOptions{Query: "packets"}
	if _, ok := known(packets); ok {
		t.Fatal("known before any search")
	}
	want := full(packets)
	if len(want.Hits) == 0 {
		t.Fatal("packets finds nothing")
	}
	agree := func(what string, o SearchOptions) {
		t.Helper()
		got, ok := known(o)
		if !ok {
			t.Fatalf("%s: the files were read again", what)
		}
		want := full(o)
		if diff := cmp.Diff(shownOf(want), shownOf(got)); diff != "" || got.Total != want.Total || got.Suggestion != want.Suggestion {
			t.Errorf("%s: known files show (-loaded +known):\n%s", what, diff)
		}
	}
	agree("unchanged", packets)
	agree("a category", SearchOptions{Query: "packets", Category: "net"})
	agree("a typo", SearchOptions{Query: "pakcets"})
	agree("a prefix, all shown", SearchOptions{Query: "r", Limit: 0})
	if _, ok := known(SearchOptions{Query: "packets", Category: "nett"}); ok {
		t.Error("an unknown category: not the full way, which words the error")
	}
	if _, ok := known(SearchOptions{Query: "packets", Drafts: true}); ok {
		t.Error("with drafts: the index of the published guides used")
	}

	for _, c := range inputChanges(ct) {
		c.change(t)
		if _, ok := known(packets); ok {
			t.Errorf("%s: the files were not read again", c.name)
		}
		full(packets) // keeps the inputs again
		agree(c.name, packets)
	}

	// An image a guide shows removed: its finding is shown, every time.
	remove(t, ct.root, "images/a.png")
	if _, ok := known(packets); ok {
		t.Error("an image removed: the files were not read again")
	}
	for range 2 {
		if res := full(packets); len(res.Findings) == 0 {
			t.Error("an image removed: no finding")
		}
		if _, ok := known(packets); ok {
			t.Error("a collection with errors: its files were not read again")
		}
	}
}

// inputChange is a change of the files a search reads.
type inputChange struct {
	name   string
	change func(t *testing.T)
}

// inputChanges returns a change of each kind of input of ct's collection,
// to be made in order.
func inputChanges(ct *cacheTest) []inputChange {
	return []inputChange{
		{"a body edited", func(t *testing.T) { ct.edit("beta", func(s string) string { return s + "\nMore packets.\n" }) }},
		{"a guide added", func(t *testing.T) {
			writeFile(t, ct.root, "data/guides/delta.md", "---\ntitle: Delta\ncreatedAt: 2024-04-01\ncategories: [db]\n---\n\nPackets again.\n")
		}},
		{"a guide removed", func(t *testing.T) { remove(t, ct.root, "data/guides/delta.md") }},
		{"a category edited", func(t *testing.T) {
			writeFile(t, ct.root, "data/categories/db.md", readText(t, ct.root, "data/categories/db.md")+"\nMore.\n")
		}},
		{"a guide replaced by a link", func(t *testing.T) {
			writeFile(t, ct.root, "elsewhere/gamma.md", readText(t, ct.root, "data/guides/gamma.md"))
			remove(t, ct.root, "data/guides/gamma.md")
			if err := os.Symlink("../../elsewhere/gamma.md", filepath.Join(ct.root, "data/guides/gamma.md")); err != nil {
				t.Fatal(err)
			}
		}},
		{"the file a link leads to edited", func(t *testing.T) {
			writeFile(t, ct.root, "elsewhere/gamma.md", readText(t, ct.root, "elsewhere/gamma.md")+"\nRouters.\n")
		}},
		{"a layout added", func(t *testing.T) { writeFile(t, ct.root, "layouts/page.html", "{{ .Title }}") }},
	}
}

// TestSearchInputsForged checks that the paths of an inputs file are read
// through the collection's root: one forged to lead out of it, with the
// sum right, is refused, and the search loads the collection instead.
func TestSearchInputsForged(t *testing.T) {
	ct := newCacheTest(t, nil)
	writeFile(t, filepath.Dir(ct.root), "secret.md", "---\ntitle: Secret\n---\n\nPackets of secrets.\n")
	later := time.Now().Add(inputs.Margin + time.Minute)
	s := openAt(t, ct.root)
	s.clock = func() time.Time { return later }
	want, err := s.Search(context.Background(), SearchOptions{Query: "packets"})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(ct.dir, "inputs")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	in, err := decodeSearchInputs(data)
	if err != nil {
		t.Fatal(err)
	}
	for i := range in.paths {
		in.paths[i] = "../secret.md"
	}
	if err := os.WriteFile(path, in.encode(), 0o600); err != nil {
		t.Fatal(err)
	}
	if res, ok := s.searchKnownFiles(SearchOptions{Query: "packets"}); ok {
		t.Fatalf("a forged path was followed: %+v", shownOf(res))
	}
	got, err := s.Search(context.Background(), SearchOptions{Query: "packets"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(shownOf(want), shownOf(got)); diff != "" {
		t.Errorf("after the forgery (-before +after):\n%s", diff)
	}
}

// TestSearchInputsRacy checks that a search of files changed as it
// started keeps no inputs file: their stamps could not tell that version
// from the next.
func TestSearchInputsRacy(t *testing.T) {
	ct := newCacheTest(t, nil)
	ct.search("packets")
	ct.state()
	if _, err := os.Stat(filepath.Join(ct.dir, "inputs")); err == nil {
		t.Error("files written just now: an inputs file kept")
	}
}

func remove(t *testing.T, root, name string) {
	t.Helper()
	if err := os.Remove(filepath.Join(root, filepath.FromSlash(name))); err != nil {
		t.Fatal(err)
	}
}

// FuzzSearchCacheFiles reads the state and inputs files of the search
// cache from any bytes: what reads well is written back to bytes that
// read the same.
func FuzzSearchCacheFiles(f *testing.F) {
	in := &searchInputs{version: "v", manifest: "manifest-1.bin", options: "data/guides", questions: []inputs.Question{{Op: inputs.List, Path: "data/guides"}}, categories: []string{"net"}, paths: []string{"data/guides/a.md"}}
	f.Add(in.encode())
	st := &searchState{version: "v", manifest: "manifest-1.bin", kept: "kept-1", keys: make([]byte, 2*keyLen)}
	f.Add(st.encode())
	f.Add([]byte(inputsHeader + "\x03\x01v\x01m\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if in, err := decodeSearchInputs(data); err == nil {
			again, err := decodeSearchInputs(in.encode())
			if err != nil || !cmp.Equal(again, in, cmp.AllowUnexported(searchInputs{})) {
				t.Fatalf("inputs %+v written, then read as %+v, %v", in, again, err)
			}
		}
		if st, err := decodeSearchState(data); err == nil {
			again, err := decodeSearchState(st.encode())
			if err != nil || !cmp.Equal(again, st, cmp.AllowUnexported(searchState{})) {
				t.Fatalf("state %+v written, then read as %+v, %v", st, again, err)
			}
		}
	})
}
