package outdir

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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

// TestReplaceStopsAtFirstFailure checks that the first write into the
// folder that fails names the output folder, makes the folder's context
// done, and is the error of every write after it and of Replace.
func TestReplaceStopsAtFirstFailure(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	var first error
	err := Replace(context.Background(), out, func(f *Folder) error {
		if err := f.Put("a", []byte("a file")); err != nil {
			return err
		}
		// A file where a folder should be: the write fails, as a full
		// disk would fail it.
		first = f.Put("a/index.html", []byte("page"))
		if first == nil {
			return errors.New("a write below a file succeeded")
		}
		if f.Context().Err() == nil {
			t.Error("the folder's context is not done after a failed write")
		}
		for i := range 10 {
			if err := f.Put(fmt.Sprintf("p%d.html", i), nil); err != first {
				t.Errorf("a write after the failure: %v, want the first failure", err)
			}
		}
		return first
	})
	if want := "output folder " + out + ": "; first == nil || !strings.HasPrefix(first.Error(), want) || strings.Contains(first.Error(), ".new-") {
		t.Errorf("first failure %v, want one that starts %q and names no staging folder", first, want)
	}
	if err != first {
		t.Errorf("Replace = %v, want the first failure", err)
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 0 {
		t.Errorf("left in the parent folder: %v", entries)
	}
}

// TestReplaceRemovesStale checks that the folders a killed build left
// beside the output folder are removed by the next build, and that the
// folders of a build that runs, and folders that are not Replace's, are
// not.
func TestReplaceRemovesStale(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	mk := func(name string, files map[string]string) string {
		p := filepath.Join(parent, name)
		for f, data := range files {
			full := filepath.Join(p, f)
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	page := map[string]string{Marker: markerText, "index.html": "x", "a/index.html": "y"}
	killed := mk(".public.new-111", page)
	swapped := mk(".public.old-222", page)
	emptyOld := mk(".public.new-333", nil)
	long := time.Now().Add(-time.Hour)
	if err := os.Chtimes(emptyOld, long, long); err != nil {
		t.Fatal(err)
	}
	emptyNew := mk(".public.new-444", nil) // being made this very moment
	notOurs := mk(".public.new-555", map[string]string{"notes.txt": "mine"})
	other := mk(".other.new-666", page)
	running := mk(".public.new-777", map[string]string{"index.html": "x"})
	unlock, err := claim(running)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()

	if err := Replace(context.Background(), out, write(map[string]string{"index.html": "new"})); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{killed, swapped, emptyOld} {
		if _, err := os.Lstat(p); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s is left: %v", filepath.Base(p), err)
		}
	}
	for _, p := range []string{emptyNew, notOurs, other, running} {
		if _, err := os.Lstat(p); err != nil {
			t.Errorf("%s is removed: %v", filepath.Base(p), err)
		}
	}
}

// TestReplaceMode checks that the site's folder may be read by all, as a
// server running as another user must.
func TestReplaceMode(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := Replace(context.Background(), out, write(map[string]string{"index.html": "x"})); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o755 {
		t.Errorf("the site's folder has mode %v, want 0755", info.Mode().Perm())
	}
}
