package workspace

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/load"
	"github.com/visual-guides/guides/internal/rootfs"
	"github.com/visual-guides/guides/internal/rules"
)

var opts = Options{GuidesDir: "data/guides", CategoriesDir: "data/categories"}

// TestPlace reads what is around the cursor, written "|", in texts that
// may be half written.
func TestPlace(t *testing.T) {
	for _, tt := range []struct {
		text string
		want string // region, key, the item, its quote and whether it is in brackets
	}{
		{"---\nti|\n---\n", "front atKey ti [ti] 0 false"},
		{"---\n|\n---\n", "front atKey  [] 0 false"},
		{"---\ntitle|: T\n---\n", "front atKey title [title] 0 false"},
		{"---\ntitle: Ca|\n---\n", "front title [Ca] 0 false"},
		{"---\ncategories: [a, b|c, d]\n---\n", "front categories [bc] 0 true"},
		{"---\ncategories: [a, \"b|c\"]\n---\n", "front categories [bc] 34 true"},
		{"---\ntags:\n  - 'Storage En|'\n---\n", "front tags [Storage En] 39 false"},
		{"---\ntags:\n  - Storage En| # a comment\n---\n", "front tags [Storage En] 0 false"},
		{"---\ncategories:\n\n  - cach|\n---\n", "front categories [cach] 0 false"},
		{"---\ntitle: T\n# a comment|\n---\n", "front  [] 0 false"},
		{"---\ntitle: T\n---\nBody|\n", "body"},
		{"---\ntitle: T\n--|-\n", "outside"},
		{"No front matter|\n", "body"},
		{"---\ntitle: T\nunclosed|", "front atKey unclosed [unclosed] 0 false"},
	} {
		off := strings.Index(tt.text, "|")
		text := []byte(strings.Replace(tt.text, "|", "", 1))
		p := locate(text, off)
		got := [...]string{inBody: "body", outside: "outside"}[p.region]
		if p.region == inFront {
			atKey := ""
			if p.atKey {
				atKey = "atKey "
			}
			got = fmt.Sprintf("front %s%s [%s] %d %v", atKey, p.key, text[p.start:p.end], p.quote, p.flow)
		}
		if got != tt.want {
			t.Errorf("%q: %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestRelPath(t *testing.T) {
	for _, tt := range []struct{ dir, to, want string }{
		{"data/guides", "data/guides/a.md", "a.md"},
		{"data/guides", "data/categories/c.md", "../categories/c.md"},
		{"guides", "data/categories/c.md", "../data/categories/c.md"},
		{".", "data/guides/a.md", "data/guides/a.md"},
		{"a/b/c", "a/x.md", "../../x.md"},
	} {
		if got := relPath(tt.dir, tt.to); got != tt.want {
			t.Errorf("relPath(%q, %q) = %q, want %q", tt.dir, tt.to, got, tt.want)
		}
	}
}

// TestSymbols nests the headings of a buffer, each spanning its section.
func TestSymbols(t *testing.T) {
	text := "---\ntitle: T\n---\n# A\n## B\ntext\n### C\n## D\n# E\nend\n"
	var show func(ss []Symbol) string
	show = func(ss []Symbol) string {
		out := ""
		for _, s := range ss {
			out += fmt.Sprintf("%s%d-%d(%s)", s.Name, s.Line, s.EndLine, show(s.Children))
		}
		return out
	}
	if got, want := show(Symbols([]byte(text))), "A4-8(B5-7(C7-7())D8-8())E9-11()"; got != want {
		t.Errorf("symbols %s, want %s", got, want)
	}
}

// writeFiles writes files to the folder dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for p, data := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// checked returns what check finds in the file at p of the collection at
// dir.
func checked(t *testing.T, dir, p string) []string {
	t.Helper()
	root, err := rootfs.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	c, ds, err := load.LoadRoot(context.Background(), root, load.Options{GuidesDir: opts.GuidesDir, CategoriesDir: opts.CategoriesDir})
	if err != nil {
		t.Fatal(err)
	}
	ds = append(ds, rules.Check(context.Background(), root, c)...)
	return lines(ds, p)
}

func lines(ds guides.Diagnostics, p string) []string {
	ds.Sort()
	out := []string{}
	for _, d := range ds {
		if d.Path == p {
			out = append(out, d.String())
		}
	}
	return out
}

// TestJudgeAgrees edits buffers step by step, and checks after each step
// that the findings of the buffer are what check finds once every buffer
// is saved: the workspace, loaded once, with its memo of what the rules
// looked up, agrees with a load from disk.
func TestJudgeAgrees(t *testing.T) {
	disk := t.TempDir()
	files := map[string]string{
		"data/categories/c.md": "---\ntitle: C\nsort: 1\n---\nSee [a](../guides/a.md#one).\n",
		"data/guides/a.md":     "---\ntitle: A\ncreatedAt: 2024-01-26\ncategories: [c]\n---\n# One\n\n[b](b.md#two) ![x](/images/x.png)\n",
		"data/guides/b.md":     "---\ntitle: B\ncreatedAt: 2024-01-27\ncategories: [c]\n---\n# Two\n",
		"images/x.png":         "png",
	}
	writeFiles(t, disk, files)
	outside := filepath.Join(t.TempDir(), "secret.md")
	writeFiles(t, filepath.Dir(outside), map[string]string{"secret.md": "---\ntitle: Secret\n---\n"})
	if err := os.Symlink(outside, filepath.Join(disk, "data/guides/out.md")); err != nil {
		t.Fatal(err)
	}
	root, err := rootfs.New(disk)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	w, err := Load(context.Background(), root, opts)
	if err != nil {
		t.Fatal(err)
	}
	saved := t.TempDir() // the collection as check would see it, buffers saved
	writeFiles(t, saved, files)
	if err := os.Symlink(outside, filepath.Join(saved, "data/guides/out.md")); err != nil {
		t.Fatal(err)
	}
	version := int32(0)
	edit := func(p, text string) {
		version++
		if !w.Change(p, version, []byte(text)) {
			t.Fatalf("%s is not judged", p)
		}
		if p != "data/guides/out.md" { // check reads the link, not the buffer
			writeFiles(t, saved, map[string]string{p: text})
		}
	}
	for _, step := range []struct {
		name, path, text string
	}{
		{"a heading renamed", "data/guides/b.md", "---\ntitle: B\ncreatedAt: 2024-01-27\ncategories: [c]\n---\n# Deux\n"},
		{"a title taken", "data/guides/b.md", "---\ntitle: a\ncreatedAt: 2024-01-27\ncategories: [c]\n---\n# Two\n"},
		{"a draft", "data/guides/b.md", "---\ntitle: B\ncreatedAt: 2024-01-27\ndraft: true\ncategories: [c]\n---\n# Two\n"},
		{"a new guide", "data/guides/n.md", "---\ntitle: N\ncreatedAt: 2024-01-28\ncategories: [c, d]\n---\n[a](a.md#one)\n"},
		{"a broken front matter", "data/guides/a.md", "---\ntitle: A: B\n---\n"},
		{"a category renamed", "data/categories/c.md", "---\ntitle: C\nsort: x\n---\n"},
		{"a buffer of a link out of the root", "data/guides/out.md", "---\ntitle: Out\ncreatedAt: 2024-01-26\ncategories: [c]\n---\nBody.\n"},
	} {
		edit(step.path, step.text)
		s := w.Judge(context.Background())
		got := lines(s.Docs[step.path].Diags, step.path)
		if diff := cmp.Diff(checked(t, saved, step.path), got); diff != "" {
			t.Errorf("%s: findings differ (-check +workspace):\n%s", step.name, diff)
		}
	}
}

// TestReload writes files on disk while a buffer is open, and tells the
// workspace: a category written makes a category id known, and a guide
// removed leaves the collection.
func TestReload(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"data/categories/c.md": "---\ntitle: C\nsort: 1\n---\n",
		"data/guides/g.md":     "---\ntitle: G\ncreatedAt: 2024-01-26\ncategories: [c, queues]\n---\nSee [h](h.md).\n",
		"data/guides/h.md":     "---\ntitle: H\ncreatedAt: 2024-01-26\ncategories: [c]\n---\nBody.\n",
	})
	root, err := rootfs.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	w, err := Load(context.Background(), root, opts)
	if err != nil {
		t.Fatal(err)
	}
	const g = "data/guides/g.md"
	text, _ := os.ReadFile(filepath.Join(dir, g))
	w.Open(g, 1, text)
	if got := lines(w.Judge(context.Background()).Docs[g].Diags, g); len(got) != 1 || !strings.Contains(got[0], "queues") {
		t.Fatalf("findings %q", got)
	}
	writeFiles(t, dir, map[string]string{"data/categories/queues.md": "---\ntitle: Queues\nsort: 2\n---\n"})
	os.Remove(filepath.Join(dir, "data/guides/h.md"))
	w.Reload("data/categories/queues.md", "data/guides/h.md")
	got := lines(w.Judge(context.Background()).Docs[g].Diags, g)
	if diff := cmp.Diff(checked(t, dir, g), got); diff != "" || len(got) != 1 || !strings.Contains(got[0], `link "h.md" names no guide`) {
		t.Errorf("findings after the reload %q; check finds:\n%s", got, diff)
	}
	// A file a link names comes into being: the workspace is told files
	// may have changed anywhere, and looks it up again.
	writeFiles(t, dir, map[string]string{"h.md": "a file of the repository at the root\n"})
	w.FilesChanged()
	got = lines(w.Judge(context.Background()).Docs[g].Diags, g)
	if diff := cmp.Diff(checked(t, dir, g), got); diff != "" || len(got) != 1 || !strings.Contains(got[0], "which the site does not publish") {
		t.Errorf("findings after the files changed %q; check finds:\n%s", got, diff)
	}
}
