package inputs

import (
	"encoding/binary"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/visual-guides/guides/internal/rootfs"
)

func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func open(t *testing.T, dir string) *rootfs.FS {
	t.Helper()
	f, err := rootfs.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestRecorder(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{"images/a.png": "png", "layouts/page.html": "x", "layouts/parts/h.html": "y"})
	if err := os.Symlink("a.png", filepath.Join(dir, "images/b.png")); err != nil {
		t.Fatal(err)
	}
	r := Record(open(t, dir))
	if _, err := fs.ReadFile(r, "images/a.png"); err != nil {
		t.Fatal(err)
	}
	if _, err := fs.Stat(r, "images/missing.png"); err == nil {
		t.Fatal("a missing file found")
	}
	if to, err := rootfs.Resolve(r, "images/b.png"); err != nil || to != "images/a.png" {
		t.Fatalf("Resolve: %q, %v", to, err)
	}
	if err := fs.WalkDir(r, "layouts", func(string, fs.DirEntry, error) error { return nil }); err != nil {
		t.Fatal(err)
	}
	want := []Question{
		{Stat, "images/a.png"}, {Resolve, "images/b.png"}, {Stat, "images/missing.png"},
		{Stat, "layouts"}, {Stat, "layouts/parts"},
	}
	if got := r.Asked(); !slices.Equal(got, want) {
		t.Errorf("asked %v\nwant  %v", got, want)
	}
}

func TestSum(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{"data/guides/a.md": "aaa", "data/guides/b.md": "bbb", "images/a.png": "png"})
	f := open(t, dir)
	qs := []Question{{List, "data/guides"}, {Stat, "images/a.png"}, {Stat, "images/gone.png"}, {Lstat, "images/a.png"}, {Resolve, "images/a.png"}}
	// As if the computation started a while after the files were written.
	later := time.Now().Add(Margin + time.Second)
	first, racy := Sum(f, qs, later)
	if racy {
		t.Fatal("files written before the computation started: racy")
	}
	if again, _ := Sum(f, qs, later); again != first {
		t.Fatal("the same files give another sum")
	}
	if _, racy := Sum(f, qs, time.Now()); !racy {
		t.Error("files written as the computation started: not racy")
	}
	changes := []struct {
		name   string
		change func(t *testing.T)
	}{
		{"a guide rewritten, its size and time put back", func(t *testing.T) {
			p := filepath.Join(dir, "data/guides/a.md")
			info, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			write(t, dir, map[string]string{"data/guides/a.md": "AAA"})
			if err := os.Chtimes(p, info.ModTime(), info.ModTime()); err != nil {
				t.Fatal(err)
			}
		}},
		{"a guide added", func(t *testing.T) { write(t, dir, map[string]string{"data/guides/c.md": "c"}) }},
		{"an image that was missing added", func(t *testing.T) { write(t, dir, map[string]string{"images/gone.png": "p"}) }},
		{"an image replaced by a link", func(t *testing.T) {
			write(t, dir, map[string]string{"images/other.png": "png"})
			if err := os.Remove(filepath.Join(dir, "images/a.png")); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink("other.png", filepath.Join(dir, "images/a.png")); err != nil {
				t.Fatal(err)
			}
		}},
		{"a guide removed", func(t *testing.T) {
			if err := os.Remove(filepath.Join(dir, "data/guides/b.md")); err != nil {
				t.Fatal(err)
			}
		}},
	}
	last := first
	for _, c := range changes {
		c.change(t)
		sum, _ := Sum(f, qs, later)
		if sum == last {
			t.Errorf("%s: the same sum", c.name)
		}
		last = sum
	}
}

func TestQuestionsRoundTrip(t *testing.T) {
	qs := []Question{{List, "data/guides"}, {Stat, "images/é.png"}, {Lstat, ""}, {Resolve, "a/b"}}
	b := AppendQuestions([]byte("head"), qs)
	got, rest, err := ReadQuestions(append(b[len("head"):], "tail"...))
	if err != nil || !slices.Equal(got, qs) || string(rest) != "tail" {
		t.Fatalf("read %v, rest %q, %v", got, rest, err)
	}
	for _, bad := range [][]byte{nil, {5}, {1, 'x', 1, 'a'}, {1, 's', 9, 'a'}, {0xff, 0xff, 0xff, 0xff, 0x0f}} {
		if _, _, err := ReadQuestions(bad); err == nil {
			t.Errorf("ReadQuestions(%v): no error", bad)
		}
	}
}

func FuzzReadQuestions(f *testing.F) {
	f.Add(AppendQuestions(nil, []Question{{List, "data/guides"}, {Stat, "x"}}))
	f.Add([]byte{1, 'r', 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		qs, _, err := ReadQuestions(b)
		if err != nil {
			return
		}
		again := AppendQuestions(nil, qs)
		if got, _, err := ReadQuestions(again); err != nil || !slices.Equal(got, qs) {
			t.Fatalf("%v written, then read as %v, %v", qs, got, err)
		}
	})
}

// TestReadQuestionsLyingCount checks that a count of questions the bytes
// do not hold costs no memory before the bytes run out.
func TestReadQuestionsLyingCount(t *testing.T) {
	b := binary.AppendUvarint(nil, 1<<20)
	b = append(b, make([]byte, 1<<20)...) // a million questions of no valid kind
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if _, _, err := ReadQuestions(b); err == nil {
		t.Fatal("no error")
	}
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got > 1<<20 {
		t.Errorf("reading %d bytes allocated %d", len(b), got)
	}
}
