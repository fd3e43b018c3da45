package rules

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/slab"
	"github.com/visual-guides/guides/internal/synth"
)

// TestListsKeptApart checks what one worker's Files keeps of the lists of
// several guides: their own arrays, which survive the next file, strings
// shared between files, and an empty list that is not a missing one; with
// each file's own allocations, and with blocks shared by the files.
func TestListsKeptApart(t *testing.T) {
	for _, expect := range []int{0, 1000} {
		t.Run(fmt.Sprint("expect=", expect), func(t *testing.T) {
			var f Files
			f.Expect(expect, &slab.Region{Size: 1 << 16})
			testListsKeptApart(t, &f)
		})
	}
}

func testListsKeptApart(t *testing.T, f *Files) {
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
	_ = append(gs[0].Tags, "Z")
	_ = append(gs[0].Src.Categories, guides.Pos{})
	if gs[1].Categories[0] != "c2" || gs[1].Src.Categories[0] != (guides.Pos{Line: 5, Col: 14}) {
		t.Errorf("appending to a guide's lists changed the next guide's: %q %v", gs[1].Categories, gs[1].Src.Categories)
	}
	if !unsafeSame(gs[0].Categories[1], gs[1].Categories[0]) {
		t.Error("category c2 of two guides is kept twice")
	}
}

// unsafeSame reports whether two strings share their bytes.
func unsafeSame(a, b string) bool {
	return a == b && len(a) > 0 && unsafe.StringData(a) == unsafe.StringData(b)
}

// TestExpectKeepsTheSame decodes the synthetic collections of every shape
// twice, with each file's own allocations and with blocks shared by the
// files (Files.Expect), and expects the same guides and findings, with the
// read buffer overwritten after every file.
func TestExpectKeepsTheSame(t *testing.T) {
	for _, shape := range synth.Shapes() {
		t.Run(string(shape), func(t *testing.T) {
			var paths []string
			var srcs [][]byte
			err := synth.Generate(synth.Options{Guides: 300, Categories: 5, Seed: 3, Shape: shape}, func(p string, data []byte) error {
				if strings.HasPrefix(p, "data/guides/") {
					paths, srcs = append(paths, p), append(srcs, data)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			decode := func(expect int) ([]guides.Guide, guides.Diagnostics) {
				var f Files
				f.Expect(expect, &slab.Region{Size: 1 << 16})
				var ds guides.Diagnostics
				gs := make([]guides.Guide, len(srcs))
				buf := make([]byte, 0, 64<<10)
				for i, src := range srcs {
					buf = append(buf[:0], src...)
					id := strings.TrimSuffix(paths[i][len("data/guides/"):], ".md")
					f.Guide(paths[i], id, buf, &gs[i], &ds)
					clear(buf)
				}
				return gs, ds
			}
			own, ownDiags := decode(0)
			shared, sharedDiags := decode(len(srcs))
			if !reflect.DeepEqual(own, shared) || !reflect.DeepEqual(ownDiags, sharedDiags) {
				for i := range own {
					if !reflect.DeepEqual(own[i], shared[i]) {
						t.Fatalf("guide %s:\nown    %+v\nshared %+v", paths[i], own[i], shared[i])
					}
				}
				t.Fatalf("findings differ:\n%v\n%v", ownDiags, sharedDiags)
			}
			if len(own) == 0 || own[0].Title == "" || len(own[0].Categories) == 0 {
				t.Fatalf("nothing decoded: %+v", own[0])
			}
		})
	}
}
