package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSnapshotJudgesAsDisk checks that the collection serve holds in
// memory is judged as every command judges the folder: the same findings,
// the warnings of stray files and folders among them.
func TestSnapshotJudgesAsDisk(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"guides.yaml":              "baseURL: https://example.org/guides\ntitle: Test\n",
		"data/categories/net.md":   "---\ntitle: Networking\n---\n",
		"data/guides/alpha.md":     "---\ntitle: Alpha\ncreatedAt: 2024-01-01\ncategories: [net]\n---\n\nText.\n",
		"data/guides/beta.md":      "---\ntitle: Beta: broken\ncreatedAt: 2024-01-01\ncategories: [net]\n---\n",
		"data/guides/notes.txt":    "not a guide\n",
		"data/guides/extra/one.md": "---\ntitle: One\n---\n",
		"data/guides/.hidden.md":   "---\ntitle: [\n---\n",
	}
	for name, text := range files {
		writeFile(t, root, name, text)
	}
	// A link that leads out of the root, and one that stays inside it.
	outside := filepath.Join(t.TempDir(), "secret.md")
	if err := os.WriteFile(outside, []byte("---\ntitle: Secret\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(root, "data/guides/out.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("alpha.md", filepath.Join(root, "data/guides/same.md")); err != nil {
		t.Fatal(err)
	}
	s, err := Open(OpenOptions{Dir: root})
	if err != nil {
		t.Fatal(err)
	}
	disk, err := s.loadFrom(context.Background(), s.fsys)
	if err != nil {
		t.Fatal(err)
	}
	dirs := []string{s.Config.GuidesDir, s.Config.CategoriesDir}
	p := testPack(t)
	snap := newSnapshot(s.fsys, p, dirs...)
	now, err := snap.refresh(nil)
	if err != nil {
		t.Fatal(err)
	}
	held := 0
	for p, f := range now {
		if !f.onDisk {
			held++
		} else if p != "data/guides/out.md" {
			t.Errorf("%s is read from the disk, not held", p)
		}
	}
	if held != 4 {
		t.Errorf("the snapshot holds %d files, want the 4 guides and categories that can be read", held)
	}
	mem, err := s.loadFrom(context.Background(), (&overlayFS{root: s.fsys, dirs: dirs, pack: p}).fixed(now))
	if err != nil {
		t.Fatal(err)
	}
	text := func(l *Loaded) string {
		var b strings.Builder
		for _, d := range l.Wait().Diags {
			b.WriteString(d.String() + "\n")
		}
		return b.String()
	}
	want, got := text(disk), text(mem)
	if got != want {
		t.Errorf("from memory:\n%s\nfrom the disk:\n%s", got, want)
	}
	if strings.Count(want, "\n") < 4 || !strings.Contains(want, "out.md") || strings.Contains(got, "Secret") {
		t.Errorf("the folder should have given two errors and two warnings: %s", want)
	}

	// A data folder that goes is an error, as it is for every command.
	if err := os.RemoveAll(filepath.Join(root, "data/categories")); err != nil {
		t.Fatal(err)
	}
	if _, err := snap.refresh(nil); err == nil {
		t.Error("no error for a data folder that is gone")
	}
}

// TestSnapshotRefreshFiles checks that reading again the files an edit
// named gives the version a reading of the folders gives: for a file the
// snapshot holds, for a new file and for a removed one.
func TestSnapshotRefreshFiles(t *testing.T) {
	root := t.TempDir()
	write := func(name, text string) { t.Helper(); writeFile(t, root, name, text) }
	write("data/categories/net.md", "---\ntitle: Networking\n---\n")
	write("data/guides/alpha.md", "---\ntitle: Alpha\n---\nOld.\n")
	write("data/guides/beta.md", "---\ntitle: Beta\n---\n")
	s, err := Open(OpenOptions{Dir: root})
	if err != nil {
		t.Fatal(err)
	}
	p := testPack(t)
	snap := newSnapshot(s.fsys, p, "data/guides", "data/categories")
	if _, err := snap.refresh(nil); err != nil {
		t.Fatal(err)
	}
	same := func(what string, got dataFiles) {
		t.Helper()
		want, err := newSnapshot(s.fsys, p, "data/guides", "data/categories").refresh(nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Errorf("%s: %d files, want %d", what, len(got), len(want))
		}
		for name, f := range want {
			g, ok := got[name]
			gd, _ := p.read(g.at)
			fd, _ := p.read(f.at)
			if !ok || string(gd) != string(fd) || g.sum != f.sum || g.onDisk != f.onDisk {
				t.Errorf("%s: %s is %q, want %q", what, name, gd, fd)
			}
		}
	}
	write("data/guides/alpha.md", "---\ntitle: Alpha\n---\nNew.\n")
	got, err := snap.refreshFiles([]string{"data/guides/alpha.md"})
	if err != nil {
		t.Fatal(err)
	}
	same("an edit", got)
	write("data/guides/gamma.md", "---\ntitle: Gamma\n---\n")
	if got, err = snap.refreshFiles([]string{"data/guides/gamma.md"}); err != nil {
		t.Fatal(err)
	}
	same("a new file", got)
	if err := os.Remove(filepath.Join(root, "data/guides/beta.md")); err != nil {
		t.Fatal(err)
	}
	if got, err = snap.refreshFiles([]string{"data/guides/beta.md"}); err != nil {
		t.Fatal(err)
	}
	same("a removed file", got)
}

// testPack returns a pack that is closed when the test ends.
func testPack(t *testing.T) *pack {
	t.Helper()
	p, err := newPack()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// writeFile writes text to the file at the slash-separated path name under
// root, making its folders.
func writeFile(t *testing.T, root, name, text string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
