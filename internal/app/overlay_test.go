package app

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/visual-guides/guides/internal/rootfs"
)

// TestOverlayFS reads a version of the collection that differs from the
// disk: a guide edited in memory, one removed from the version, one that
// is gone from the disk, and one held on disk for a link out of the root.
// The data folders list the version's guides and the disk's other
// entries; everything else is read from the root.
func TestOverlayFS(t *testing.T) {
	root := collection(t, map[string]string{"data/guides/notes.txt": "not a guide\n", "data/guides/sub/one.md": "---\ntitle: One\n---\n"})
	s := openAt(t, root)
	dirs := []string{s.Config.GuidesDir, s.Config.CategoriesDir}
	p := testPack(t)
	version, err := newSnapshot(s.fsys, p, dirs...).refresh(nil)
	if err != nil {
		t.Fatal(err)
	}
	const edited = "---\ntitle: Alpha Edited\n---\n"
	keep := func(text string) dataFile {
		at, err := p.add([]byte(text))
		if err != nil {
			t.Fatal(err)
		}
		return dataFile{at: at}
	}
	delete(version, "data/guides/beta.md")
	version["data/guides/alpha.md"] = keep(edited)
	version["data/guides/gone.md"] = keep("---\ntitle: Gone\n---\n")
	o := (&overlayFS{root: s.fsys, dirs: dirs, pack: p}).fixed(version)

	guidesDir, err := fs.Sub(o, "data/guides")
	if err != nil {
		t.Fatal(err)
	}
	if err := fstest.TestFS(guidesDir, "alpha.md", "gamma.md", "gone.md", "notes.txt", "sub/one.md"); err != nil {
		t.Fatal(err)
	}

	// A link out of the root is held on disk, where it is refused.
	outside := filepath.Join(t.TempDir(), "secret.md")
	writeFile(t, filepath.Dir(outside), "secret.md", "---\ntitle: Secret\n---\n")
	if err := os.Symlink(outside, filepath.Join(root, "data/guides/out.md")); err != nil {
		t.Fatal(err)
	}
	version["data/guides/out.md"] = dataFile{onDisk: true}
	entries, err := fs.ReadDir(o, "data/guides")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{"alpha.md", "gamma.md", "gone.md", "notes.txt", "out.md", "sub"}; !slices.Equal(names, want) {
		t.Errorf("data/guides lists %q, want %q", names, want)
	}
	if data, err := fs.ReadFile(o, "data/guides/alpha.md"); err != nil || string(data) != edited {
		t.Errorf("alpha.md reads %q, %v; want the version's text", data, err)
	}
	if _, err := o.Open("data/guides/beta.md"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a guide the version has not: %v, want it not to exist", err)
	}
	if _, err := o.Open("data/guides/out.md"); !errors.Is(err, rootfs.ErrOutside) {
		t.Errorf("a link out of the root: %v, want it refused as the root refuses it", err)
	}
	if _, err := o.Open("../x"); !errors.Is(err, fs.ErrInvalid) {
		t.Errorf("an invalid path: %v", err)
	}
	if data, err := fs.ReadFile(o, "README.md"); err != nil || string(data) != readText(t, root, "README.md") {
		t.Errorf("README.md reads %q, %v; want the disk's", data, err)
	}
	for name, want := range map[string]string{"data/guides/gone.md": "data/guides/gone.md", "README.md": "README.md"} {
		if got, err := o.Resolve(name); err != nil || got != want {
			t.Errorf("Resolve(%s) = %q, %v; want %q", name, got, err, want)
		}
	}
	if _, err := o.Resolve("data/guides/out.md"); !errors.Is(err, rootfs.ErrOutside) {
		t.Errorf("Resolve of a link out of the root: %v", err)
	}
}
