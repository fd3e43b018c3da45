package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/visual-guides/guides/internal/config"
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
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := config.Load(os.DirFS(root), config.FileName)
	if err != nil {
		t.Fatal(err)
	}
	s := New(root, cfg)
	disk, err := s.loadFrom(s.fsys)
	if err != nil {
		t.Fatal(err)
	}
	dirs := []string{cfg.GuidesDir, cfg.CategoriesDir}
	snap := newSnapshot(root, dirs...)
	now, err := snap.refresh(nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(now) != 3 {
		t.Errorf("the snapshot holds %d files, want the 3 guides and categories", len(now))
	}
	mem, err := s.loadFrom((&overlayFS{root: s.fsys, dirs: dirs}).fixed(now))
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
	if strings.Count(want, "\n") < 3 {
		t.Errorf("the folder should have given an error and two warnings: %s", want)
	}

	// A data folder that goes is an error, as it is for every command.
	if err := os.RemoveAll(filepath.Join(root, "data/categories")); err != nil {
		t.Fatal(err)
	}
	if _, err := snap.refresh(nil); err == nil {
		t.Error("no error for a data folder that is gone")
	}
}
