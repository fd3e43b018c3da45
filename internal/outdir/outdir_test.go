package outdir

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func write(files map[string]string) func(*Folder) error {
	return func(f *Folder) error {
		for name, data := range files {
			if err := f.Put(name, []byte(data)); err != nil {
				return err
			}
		}
		return nil
	}
}

func read(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			out[filepath.ToSlash(rel)] = string(data)
		}
		return err
	})
	return out
}

func TestReplace(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "public")

	// A new folder.
	if err := Replace(context.Background(), out, write(map[string]string{"index.html": "one", "a/index.html": "a"})); err != nil {
		t.Fatal(err)
	}
	if got := read(t, out); got["index.html"] != "one" || got["a/index.html"] != "a" || got[Marker] == "" {
		t.Fatalf("first build: %v", got)
	}
	// Replaced whole: a page that is gone is gone.
	if err := Replace(context.Background(), out, write(map[string]string{"index.html": "two"})); err != nil {
		t.Fatal(err)
	}
	if got := read(t, out); len(got) != 2 || got["index.html"] != "two" {
		t.Fatalf("second build: %v", got)
	}
	// A failing build leaves the last one in place, and no litter.
	if err := Replace(context.Background(), out, func(f *Folder) error {
		f.Put("index.html", []byte("half"))
		return errors.New("template failed")
	}); err == nil {
		t.Fatal("a failing write succeeded")
	}
	if got := read(t, out); got["index.html"] != "two" {
		t.Fatalf("after a failed build: %v", got)
	}
	if entries, _ := os.ReadDir(root); len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}

func TestReplaceRefusesOthersFolders(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "docs")
	os.MkdirAll(out, 0o755)
	os.WriteFile(filepath.Join(out, "thesis.md"), []byte("years of work"), 0o644)
	err := Replace(context.Background(), out, write(map[string]string{"index.html": "x"}))
	if !errors.Is(err, ErrNotOurs) {
		t.Fatalf("Replace() error = %v, want ErrNotOurs", err)
	}
	if got := read(t, out); len(got) != 1 || got["thesis.md"] != "years of work" {
		t.Errorf("the folder changed: %v", got)
	}
	if entries, _ := os.ReadDir(root); len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
	// A file where the folder should be is refused too.
	file := filepath.Join(root, "file")
	os.WriteFile(file, []byte("x"), 0o644)
	if err := Replace(context.Background(), file, write(nil)); err == nil {
		t.Error("replacing a file succeeded")
	}
	// An empty folder is fine.
	empty := filepath.Join(root, "empty")
	os.Mkdir(empty, 0o755)
	if err := Replace(context.Background(), empty, write(map[string]string{"x": "y"})); err != nil {
		t.Error(err)
	}
	for _, bad := range []string{".", "..", "/"} {
		if err := Replace(context.Background(), bad, write(nil)); err == nil {
			t.Errorf("Replace(%q) succeeded", bad)
		}
	}
}

func TestPutRejectsEscapes(t *testing.T) {
	f := &Folder{dir: t.TempDir()}
	for _, name := range []string{"../x", "/etc/x", "a/../../x", `a\b`, ""} {
		if err := f.Put(name, nil); err == nil {
			t.Errorf("Put(%q) succeeded", name)
		}
		if w, err := f.Create(name); err == nil {
			w.Close()
			t.Errorf("Create(%q) succeeded", name)
		}
	}
}

// TestCreate writes a file through Create, in a folder it makes.
func TestCreate(t *testing.T) {
	dir := t.TempDir()
	f := &Folder{dir: dir}
	w, err := f.Create("a/b/big.json")
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := w.Write([]byte("part ")); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "a", "b", "big.json")); string(got) != "part part part " {
		t.Errorf("the file holds %q", got)
	}
}

// TestReplaceCancelled cancels a build halfway: the new folder is removed
// and the old one kept as it was.
func TestReplaceCancelled(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	if err := Replace(context.Background(), out, write(map[string]string{"index.html": "old"})); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	err := Replace(ctx, out, func(f *Folder) error {
		if err := f.Put("index.html", []byte("new")); err != nil {
			return err
		}
		cancel()
		return f.Put("other.html", []byte("new"))
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Replace = %v, want context.Canceled", err)
	}
	if got, _ := os.ReadFile(filepath.Join(out, "index.html")); string(got) != "old" {
		t.Errorf("index.html = %q", got)
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 1 {
		t.Errorf("left in the parent folder: %v", entries)
	}
}
