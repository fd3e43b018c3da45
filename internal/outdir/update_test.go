package outdir

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"testing"
)

// built makes an output folder as a build does, and returns it.
func built(t *testing.T, files map[string]string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	if err := Replace(context.Background(), out, write(files)); err != nil {
		t.Fatal(err)
	}
	return out
}

// changes returns a write of Update that puts the files of put and removes
// those of remove.
func changes(put map[string]string, remove ...string) func(*Changes) error {
	return func(c *Changes) error {
		for name, data := range put {
			if err := c.Put(name, []byte(data)); err != nil {
				return err
			}
		}
		for _, name := range remove {
			if err := c.Remove(name); err != nil {
				return err
			}
		}
		return nil
	}
}

// TestUpdate changes a folder in place: files put replace theirs, files
// removed go with the folders they leave empty, and every other file is
// the same file as before, untouched.
func TestUpdate(t *testing.T) {
	out := built(t, map[string]string{"index.html": "one", "a/index.html": "a", "b/index.html": "b", "b/page/2/index.html": "b2", "c.css": "c"})
	before, err := os.Stat(filepath.Join(out, "c.css"))
	if err != nil {
		t.Fatal(err)
	}
	err = Update(context.Background(), out, changes(map[string]string{"index.html": "two", "d/index.html": "d"}, "b/index.html", "b/page/2/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	got := read(t, out)
	want := map[string]string{"index.html": "two", "a/index.html": "a", "d/index.html": "d", "c.css": "c", Marker: markerText}
	if !maps.Equal(got, want) {
		t.Errorf("the folder holds %v, want %v", got, want)
	}
	if _, err := os.Stat(filepath.Join(out, "b")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the emptied folder b: %v", err)
	}
	after, err := os.Stat(filepath.Join(out, "c.css"))
	if err != nil || !os.SameFile(before, after) || !after.ModTime().Equal(before.ModTime()) {
		t.Error("a file the update did not name was touched")
	}
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 1 {
		t.Errorf("the update left %d entries beside the folder", len(entries))
	}
}

// TestUpdateFails checks that a write that fails, a context done before
// the end, and names that are not the site's change nothing.
func TestUpdateFails(t *testing.T) {
	files := map[string]string{"index.html": "one", "a/index.html": "a"}
	stopped, stop := context.WithCancel(context.Background())
	stop()
	for name, run := range map[string]func(out string) error{
		"a failing write": func(out string) error {
			return Update(context.Background(), out, func(c *Changes) error {
				c.Put("index.html", []byte("half"))
				c.Remove("a/index.html")
				return errors.New("template failed")
			})
		},
		"a context done": func(out string) error {
			return Update(stopped, out, changes(map[string]string{"index.html": "two"}))
		},
		"the marker": func(out string) error { return Update(context.Background(), out, changes(nil, Marker)) },
		"a path out": func(out string) error {
			return Update(context.Background(), out, changes(map[string]string{"../x": "x"}))
		},
	} {
		out := built(t, files)
		if err := run(out); err == nil {
			t.Errorf("%s: no error", name)
		}
		want := maps.Clone(files)
		want[Marker] = markerText
		if got := read(t, out); !maps.Equal(got, want) {
			t.Errorf("%s: the folder holds %v", name, got)
		}
		if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 1 {
			t.Errorf("%s: %d entries beside the folder", name, len(entries))
		}
	}
}

// TestUpdateOnlyFinishedBuilds checks which folders can be updated: one a
// build made and finished, not one made by something else, nor one left
// between two builds, which Replace then replaces whole.
func TestUpdateOnlyFinishedBuilds(t *testing.T) {
	out := built(t, map[string]string{"index.html": "one", "state": "s"})
	if data, err := ReadFile(out, "state"); err != nil || string(data) != "s" {
		t.Errorf("ReadFile of a built folder: %q, %v", data, err)
	}
	if _, err := ReadFile(out, "missing"); !errors.Is(err, ErrNotUpdatable) {
		t.Errorf("ReadFile of a missing file: %v", err)
	}
	link := filepath.Join(t.TempDir(), "public")
	if err := os.Symlink(out, link); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFile(link, "state"); !errors.Is(err, ErrNotUpdatable) {
		t.Errorf("ReadFile through a link to a built folder: %v", err)
	}
	if err := os.WriteFile(filepath.Join(out, Updating), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFile(out, "state"); !errors.Is(err, ErrNotUpdatable) {
		t.Errorf("ReadFile of a folder between two builds: %v", err)
	}
	if err := Update(context.Background(), out, changes(nil)); !errors.Is(err, ErrNotUpdatable) {
		t.Errorf("Update of a folder between two builds: %v", err)
	}
	if err := Replace(context.Background(), out, write(map[string]string{"index.html": "two"})); err != nil {
		t.Fatal(err)
	}
	if got := read(t, out); len(got) != 2 || got["index.html"] != "two" {
		t.Errorf("after Replace: %v", got)
	}
	other := t.TempDir()
	if err := os.WriteFile(filepath.Join(other, "mine.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFile(other, "mine.txt"); !errors.Is(err, ErrNotUpdatable) {
		t.Errorf("ReadFile of a folder not made by a build: %v", err)
	}
	if err := Update(context.Background(), other, changes(nil, "mine.txt")); !errors.Is(err, ErrNotUpdatable) {
		t.Errorf("Update of a folder not made by a build: %v", err)
	}
}
