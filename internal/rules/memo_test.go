package rules_test

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/load"
	"github.com/visual-guides/guides/internal/rules"
)

// TestMemoAgrees changes a collection step by step, as an editor does,
// telling a Memo which files changed, and checks after each step that the
// collection rules with the Memo find what they find without it.
func TestMemoAgrees(t *testing.T) {
	guide := func(title, body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\ncreatedAt: 2024-01-26\ncategories: [c]\n---\n" + body)}
	}
	fsys := fstest.MapFS{
		"data/categories/c.md": {Data: []byte("---\ntitle: C\nsort: 1\n---\nSee [a](../guides/a.md#one).\n")},
		"data/guides/a.md":     guide("A", "# One\n\n[b](b.md#two) ![x](/images/x.png)\n"),
		"data/guides/b.md":     guide("B", "# Two\n\n[a](a.md#one) [gone](gone.md)\n"),
		"images/x.png":         {Data: []byte("png")},
	}
	steps := []struct {
		name    string
		change  func()
		changed []string
	}{
		{"first run", func() {}, nil},
		{"a heading renamed", func() { fsys["data/guides/a.md"] = guide("A", "# Uno\n\n[b](b.md#two)\n") }, []string{"data/guides/a.md"}},
		{"a draft", func() {
			fsys["data/guides/b.md"] = &fstest.MapFile{Data: []byte("---\ntitle: B\ncreatedAt: 2024-01-26\ndraft: true\ncategories: [c]\n---\n# Two\n")}
		}, []string{"data/guides/b.md"}},
		{"a guide added", func() { fsys["data/guides/gone.md"] = guide("Gone", "Here.\n") }, []string{"data/guides/gone.md"}},
		{"a guide removed", func() { delete(fsys, "data/guides/a.md") }, []string{"data/guides/a.md"}},
		{"an image removed", func() {
			delete(fsys, "images/x.png")
			fsys["data/guides/gone.md"] = guide("Gone", "![x](/images/x.png)\n")
		}, []string{"images/x.png", "data/guides/gone.md"}},
		{"the guide back", func() { fsys["data/guides/a.md"] = guide("A", "# One\n") }, []string{"data/guides/a.md"}},
		{"nothing changed", func() {}, nil},
	}
	var m rules.Memo
	for _, step := range steps {
		step.change()
		m.Forget(step.changed...)
		c, _, err := load.Load(fsys, opts)
		if err != nil {
			t.Fatal(err)
		}
		want, got := rules.Check(context.Background(), fsys, c), rules.CheckWith(context.Background(), fsys, c, &m)
		if diff := cmp.Diff(lines(want), lines(got)); diff != "" {
			t.Errorf("%s: findings differ (-without +with the memo):\n%s", step.name, diff)
		}
	}
}

func lines(ds guides.Diagnostics) []string {
	ds.Sort()
	out := []string{}
	for _, d := range ds {
		out = append(out, d.String())
	}
	return out
}
