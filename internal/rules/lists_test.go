package rules

import (
	"slices"
	"testing"
	"unsafe"

	"github.com/visual-guides/guides"
)

// TestListsKeptApart checks what one worker's Files keeps of the lists of
// several guides: their own arrays, which survive the next file, strings
// shared between files, and an empty list that is not a missing one.
func TestListsKeptApart(t *testing.T) {
	var f Files
	var ds guides.Diagnostics
	srcs := []string{
		"---\ntitle: A\ndescription: d\ncreatedAt: 2024-01-01\ncategories:\n  - c1\n  - c2\ntags: [X, 'Y']\n---\nbody\n",
		"---\ntitle: B\ndescription: d\ncreatedAt: 2024-01-01\ncategories: [c2]\ntags: []\n---\nbody\n",
		"---\ntitle: C\ndescription: d\ncreatedAt: 2024-01-01\ncategories: [c1]\n---\nbody\n",
	}
	gs := make([]guides.Guide, len(srcs))
	for i, src := range srcs {
		buf := []byte(src)
		f.Guide("data/guides/g.md", "g", buf, &gs[i], &ds)
		clear(buf) // the worker's buffer is reused
	}
	if len(ds) > 0 {
		t.Fatalf("findings: %v", ds)
	}
	want := []struct{ cats, tags []string }{
		{[]string{"c1", "c2"}, []string{"X", "Y"}},
		{[]string{"c2"}, []string{}},
		{[]string{"c1"}, nil},
	}
	for i, w := range want {
		g := &gs[i]
		if !slices.Equal(g.Categories, w.cats) || !slices.Equal(g.Tags, w.tags) || (g.Tags == nil) != (w.tags == nil) {
			t.Errorf("guide %d: categories %q, tags %#v; want %q, %#v", i, g.Categories, g.Tags, w.cats, w.tags)
		}
		if len(g.Src.Categories) != len(w.cats) {
			t.Errorf("guide %d: %d category positions", i, len(g.Src.Categories))
		}
	}
	if gs[0].Src.Categories[1] != (guides.Pos{Line: 7, Col: 5}) {
		t.Errorf("position of the second category: %v", gs[0].Src.Categories[1])
	}
	// Appending to one list must not write into another.
	_ = append(gs[0].Categories, "c3")
	if gs[0].Tags[0] != "X" {
		t.Errorf("appending to the categories changed the tags: %q", gs[0].Tags)
	}
	if !unsafeSame(gs[0].Categories[1], gs[1].Categories[0]) {
		t.Error("category c2 of two guides is kept twice")
	}
}

// unsafeSame reports whether two strings share their bytes.
func unsafeSame(a, b string) bool {
	return a == b && len(a) > 0 && unsafe.StringData(a) == unsafe.StringData(b)
}
