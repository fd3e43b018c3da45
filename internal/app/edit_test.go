package app

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/visual-guides/guides/internal/golden"
)

// TestBodiesOnly edits files of the fixture collection and checks which
// edits serve may show by rendering the edited bodies alone: those that
// change nothing but bodies, add no link, and rename no heading another
// file links to.
func TestBodiesOnly(t *testing.T) {
	const anchored = "data/guides/beta.md" // links to a heading of gamma
	edit := func(name, from, to string) func(t *testing.T, root string) {
		return func(t *testing.T, root string) {
			text := readText(t, root, name)
			if !strings.Contains(text, from) {
				t.Fatalf("%s holds no %q", name, from)
			}
			writeFile(t, root, name, strings.Replace(text, from, to, 1))
		}
	}
	withBody := map[string]string{"data/categories/net.md": "---\ntitle: Networking\ndescription: How machines talk.\nsort: 10\n---\n\nAn introduction.\n"}
	withAnchor := map[string]string{"data/guides/alpha.md": guideText("Alpha", "2024-01-01", "Packets, as [beta](beta.md#rows) stores them.")}
	tests := []struct {
		name  string
		files map[string]string // the fixture's files changed before loading
		paths []string
		edit  func(t *testing.T, root string)
		want  bool
	}{
		{"nothing named", nil, nil, nil, false},
		{"a guide's body", nil, []string{"data/guides/alpha.md"}, edit("data/guides/alpha.md", "packets", "*frames*"), true},
		{"two bodies", withBody, []string{"data/guides/alpha.md", "data/categories/net.md"}, func(t *testing.T, root string) {
			edit("data/guides/alpha.md", "packets", "frames")(t, root)
			edit("data/categories/net.md", "An introduction", "A new introduction")(t, root)
		}, true},
		{"a category's first body", nil, []string{"data/categories/net.md"}, func(t *testing.T, root string) {
			writeFile(t, root, "data/categories/net.md", readText(t, root, "data/categories/net.md")+"\nAn introduction.\n")
		}, false},
		{"a guide's title", nil, []string{"data/guides/alpha.md"}, edit("data/guides/alpha.md", "Alpha Protocol", "Alpha Two"), false},
		{"a category's sort", nil, []string{"data/categories/db.md"}, edit("data/categories/db.md", "sort: 20", "sort: 30"), false},
		{"a new link", nil, []string{"data/guides/alpha.md"}, edit("data/guides/alpha.md", "packets", "[packets](beta.md)"), false},
		{"a body that links to a heading", withAnchor, []string{"data/guides/alpha.md"}, edit("data/guides/alpha.md", "Packets", "Frames"), false},
		{"a body another links into", nil, []string{"data/guides/gamma.md"}, edit("data/guides/gamma.md", "unfinished", "still unfinished"), false},
		{"a new image", nil, []string{"data/guides/alpha.md"}, edit("data/guides/alpha.md", "packets", "![](missing.png)"), false},
		{"a new guide", nil, []string{"data/guides/delta.md"}, func(t *testing.T, root string) {
			writeFile(t, root, "data/guides/delta.md", warnedGuide)
		}, false},
		{"a removed guide", nil, []string{"data/guides/alpha.md"}, func(t *testing.T, root string) {
			if err := os.Remove(filepath.Join(root, "data/guides/alpha.md")); err != nil {
				t.Fatal(err)
			}
		}, false},
		{"a file that is not a guide", nil, []string{"images/a.png"}, func(t *testing.T, root string) { writeFile(t, root, "images/a.png", "png") }, false},
		{"a guide elsewhere", nil, []string{"docs/alpha.md"}, func(t *testing.T, root string) { writeFile(t, root, "docs/alpha.md", "text") }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{anchored: strings.Replace(readFixture(t, anchored), "disk,", "disk (see [the draft](gamma.md#top)),", 1)}
			maps.Copy(files, tt.files)
			root := collection(t, files)
			s := openAt(t, root)
			l, err := s.Load(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if tt.edit != nil {
				tt.edit(t, root)
			}
			if got := s.bodiesOnly(l.Wait().Coll, tt.paths); got != tt.want {
				t.Errorf("bodiesOnly = %v, want %v", got, tt.want)
			}
		})
	}
}

// readFixture returns the text of a file of the fixture collection.
func readFixture(t *testing.T, name string) string {
	t.Helper()
	data, ok := golden.Load(t, filepath.Join("testdata", "collection.txtar")).File(name)
	if !ok {
		t.Fatalf("the fixture has no %s", name)
	}
	return string(data)
}
