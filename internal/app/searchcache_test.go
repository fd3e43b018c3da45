package app

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// cacheTest searches a collection with its index in a cache folder of its
// own.
type cacheTest struct {
	t    *testing.T
	root string
	dir  string // the collection's folder in the cache
}

func newCacheTest(t *testing.T, edits map[string]string) *cacheTest {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Setenv("HOME", cache)
	root := collection(t, edits)
	dir, name := searchCachePath(root)
	return &cacheTest{t: t, root: root, dir: filepath.Join(dir, name)}
}

// search returns the ids of the guides q finds, sorted.
func (ct *cacheTest) search(q string) []string {
	ct.t.Helper()
	res, err := openAt(ct.t, ct.root).Search(context.Background(), SearchOptions{Query: q})
	if err != nil {
		ct.t.Fatal(err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.Guide.ID)
	}
	slices.Sort(ids)
	return ids
}

// state returns the cache's state file.
func (ct *cacheTest) state() *searchState {
	ct.t.Helper()
	data, err := os.ReadFile(filepath.Join(ct.dir, "state"))
	if err != nil {
		ct.t.Fatalf("no index kept: %v", err)
	}
	st, err := decodeSearchState(data)
	if err != nil {
		ct.t.Fatal(err)
	}
	return st
}

// edit rewrites a guide's file with f applied to it.
func (ct *cacheTest) edit(id string, f func(string) string) {
	ct.t.Helper()
	path := filepath.Join(ct.root, "data", "guides", id+".md")
	src, err := os.ReadFile(path)
	if err != nil {
		ct.t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(f(string(src))), 0o644); err != nil {
		ct.t.Fatal(err)
	}
}

// sameAsFresh checks that the index in the cache holds, file for file,
// what an index made afresh in memory holds.
func (ct *cacheTest) sameAsFresh(what string) {
	ct.t.Helper()
	s := openAt(ct.t, ct.root)
	l, err := s.Load(context.Background())
	if err != nil {
		ct.t.Fatal(err)
	}
	c := l.Coll.Published()
	ix, cached, err := s.searchIndex(context.Background(), c, false)
	if err != nil || !cached {
		ct.t.Fatalf("%s: the cached index was not used (%v)", what, err)
	}
	defer ix.close()
	fresh, err := s.memoryIndex(context.Background(), c)
	if err != nil {
		ct.t.Fatal(err)
	}
	got, err := ix.View()
	if err != nil {
		ct.t.Fatal(err)
	}
	want, err := fresh.View()
	if err != nil {
		ct.t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		ct.t.Errorf("%s: the cached index differs from one made afresh (-fresh +cached):\n%.2000s", what, diff)
	}
}

// TestSearchCache checks the index kept between searches: written to the
// user's cache folder, used as it is while the guides are unchanged,
// updated for the guides that change, made again when damaged, rid of
// what no search needs; a link in its place is not followed.
func TestSearchCache(t *testing.T) {
	ct := newCacheTest(t, nil)
	want := ct.search("packets")
	first := ct.state()
	if got := ct.search("packets"); !slices.Equal(got, want) {
		t.Fatalf("from the kept index: %q, want %q", got, want)
	}
	if again := ct.state(); again.kept != first.kept {
		t.Error("an unchanged collection's index was made again")
	}
	ct.sameAsFresh("as first made")

	// A body changed: its new words are found, the index is updated from
	// the kept one, and is what a fresh one would be.
	ct.edit("alpha", func(s string) string { return s + "\nZebras cross.\n" })
	if got := ct.search("zebras"); !slices.Equal(got, []string{"alpha"}) {
		t.Errorf("after an edit, zebras finds %q", got)
	}
	ct.sameAsFresh("after a body edit")
	ct.edit("alpha", func(s string) string { return strings.Replace(s, "title: ", "title: Striped ", 1) })
	if got := ct.search("striped"); !slices.Equal(got, []string{"alpha"}) {
		t.Errorf("after a title edit, striped finds %q", got)
	}
	ct.sameAsFresh("after a title edit")

	// An edit that keeps the file's size and time of change is seen too:
	// a guide's key is made from what its file holds.
	path := filepath.Join(ct.root, "data", "guides", "alpha.md")
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	ct.edit("alpha", func(s string) string { return strings.Replace(s, "Zebras cross.", "Quagga graze.", 1) })
	if err := os.Chtimes(path, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	if got := ct.search("quagga"); !slices.Equal(got, []string{"alpha"}) {
		t.Errorf("after an edit of the same size and time, quagga finds %q", got)
	}

	// A damaged file of the index is not trusted: the index is made again.
	st := ct.state()
	if err := os.WriteFile(filepath.Join(ct.dir, st.manifest), []byte("damaged"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := ct.search("quagga"); !slices.Equal(got, []string{"alpha"}) {
		t.Errorf("with a damaged manifest, quagga finds %q", got)
	}
	if ct.state().manifest == st.manifest {
		t.Error("the damaged index was not made again")
	}
	ct.sameAsFresh("after damage")

	// A manifest of another number of guides is not trusted either, though
	// it reads well: its results would be of other guides.
	st = ct.state()
	mpath := filepath.Join(ct.dir, st.manifest)
	m := readGzipJSON(t, mpath)
	m["docs"] = 99
	writeGzipJSON(t, mpath, m)
	if got := ct.search("quagga"); !slices.Equal(got, []string{"alpha"}) {
		t.Errorf("with a manifest of 99 guides, quagga finds %q", got)
	}
	if ct.state().manifest == st.manifest {
		t.Error("a manifest of another number of guides was used")
	}
}

func readGzipJSON(t *testing.T, path string) map[string]any {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.NewDecoder(zr).Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

func writeGzipJSON(t *testing.T, path string, v any) {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if err := json.NewEncoder(zw).Encode(v); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestSearchCacheCleans checks that what no state names is removed once
// it is old enough that no other search may be using it, and not before.
func TestSearchCacheCleans(t *testing.T) {
	ct := newCacheTest(t, nil)
	ct.search("packets")
	old := time.Now().Add(-2 * staleAfter)
	// Everything made so far is old: what the state names must stay for
	// being named, not for being new.
	entries, err := os.ReadDir(ct.dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if err := os.Chtimes(filepath.Join(ct.dir, e.Name()), old, old); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"kept-0000", "manifest-0000.bin", "0123456789abcdef", "fresh-kept"} {
		p := filepath.Join(ct.dir, name)
		if strings.HasPrefix(name, "0123") {
			if err := os.MkdirAll(filepath.Join(p, "p"), 0o700); err != nil {
				t.Fatal(err)
			}
		} else if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		if name != "fresh-kept" {
			if err := os.Chtimes(p, old, old); err != nil {
				t.Fatal(err)
			}
		}
	}
	// A state that cannot be read: the index is made again, the same
	// files in the same folder, which stays.
	if err := os.WriteFile(filepath.Join(ct.dir, "state"), []byte("damaged"), 0o600); err != nil {
		t.Fatal(err)
	}
	ct.search("packets")
	ct.sameAsFresh("made again into its own folder")
	ct.edit("alpha", func(s string) string { return s + "\nZebras cross.\n" })
	ct.search("zebras")
	st := ct.state()
	ct.sameAsFresh("after an update that removed what is old")
	entries, err = os.ReadDir(ct.dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	for _, gone := range []string{"kept-0000", "manifest-0000.bin", "0123456789abcdef"} {
		if slices.Contains(names, gone) {
			t.Errorf("%s, old and named by no state, is still there: %q", gone, names)
		}
	}
	for _, kept := range []string{"fresh-kept", "state", st.kept, st.manifest} {
		if !slices.Contains(names, kept) {
			t.Errorf("%s is gone: %q", kept, names)
		}
	}
}

// TestSearchCacheLink puts a link, then a file, where the collection's
// folder in the cache goes: neither is followed nor written, and the
// search still answers.
func TestSearchCacheLink(t *testing.T) {
	ct := newCacheTest(t, nil)
	target := t.TempDir()
	if err := os.MkdirAll(filepath.Dir(ct.dir), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, ct.dir); err != nil {
		t.Fatal(err)
	}
	if got := ct.search("packets"); len(got) == 0 {
		t.Error("with a link for the cache's folder, packets finds nothing")
	}
	if entries, _ := os.ReadDir(target); len(entries) > 0 {
		t.Errorf("the link's target now holds %d files", len(entries))
	}
	os.Remove(ct.dir)
	if err := os.WriteFile(ct.dir, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := ct.search("packets"); len(got) == 0 {
		t.Error("with a file for the cache's folder, packets finds nothing")
	}
	if b, _ := os.ReadFile(ct.dir); string(b) != "keep" {
		t.Errorf("the file now holds %q", b)
	}
}
