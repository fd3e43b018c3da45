package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// startFileNames are the files of a new collection, in the order init
// writes them.
var startFileNames = []string{"guides.yaml", ".gitignore", "data/categories/getting-started.md", "data/guides/how-to-write-a-guide.md", "README.md"}

// initNow is the clock of the init tests.
func initNow() time.Time { return time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC) }

// TestInit starts collections in a new folder, an empty one, and the
// current one: the files are written, and every command accepts the
// collection as it is.
func TestInit(t *testing.T) {
	tests := []struct {
		name  string
		dir   func(t *testing.T) string // the folder to name
		chdir bool                      // run in the folder, naming none
	}{
		{name: "new folder", dir: func(t *testing.T) string { return filepath.Join(t.TempDir(), "a", "b") }},
		{name: "empty folder", dir: func(t *testing.T) string { return t.TempDir() }},
		{name: "current folder", dir: func(t *testing.T) string { return t.TempDir() }, chdir: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tt.dir(t)
			opts := InitOptions{Dir: dir, Now: initNow}
			if tt.chdir {
				t.Chdir(dir)
				opts.Dir = ""
			}
			res, err := Init(context.Background(), opts)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(res.Files, startFileNames) || res.Problems != nil {
				t.Errorf("result %+v, want the files %q", res, startFileNames)
			}
			for _, f := range startFileNames {
				if !exists(t, dir, f) {
					t.Errorf("no %s", f)
				}
			}
			if g := readText(t, dir, "data/guides/how-to-write-a-guide.md"); !strings.Contains(g, "\ncreatedAt: 2025-01-02\n") {
				t.Errorf("the guide is not dated by the clock:\n%s", g)
			}
			checkStarted(t, dir)
		})
	}
}

// checkStarted checks that a new collection passes check --strict, and
// that its README is up to date.
func checkStarted(t *testing.T, dir string) {
	t.Helper()
	s := openAt(t, dir)
	res, err := s.Check(context.Background(), CheckOptions{Strict: true})
	if err != nil || res.Failed || res.Checked != 2 {
		t.Errorf("check of a new collection: %v, %+v", err, res)
	}
	readme, err := s.Readme(context.Background(), ReadmeOptions{Check: true})
	if err != nil || readme.Status != UpToDate {
		t.Errorf("README of a new collection: %v, %+v", err, readme)
	}
}

// TestInitRefused starts collections where none may be started: in a
// collection, inside one, over files, in a file. Nothing is written.
func TestInitRefused(t *testing.T) {
	root := collection(t, nil)
	parent := filepath.Dir(root)
	deep := filepath.Join(root, strings.Repeat("x/", len(root)/3+2))
	file := filepath.Join(root, "README.md")
	tests := []struct {
		name    string
		dir     string // relative to the test's folder, unless absolute
		files   map[string]string
		getwd   func() (string, error)
		want    string // the problems, one a line
		wantErr string
	}{
		{name: "a collection", dir: root, want: root + " is a collection already; guides init never changes one\n"},
		{name: "inside one, seen from its parent", dir: filepath.Join(root, "notes"), getwd: getwd(parent),
			want: filepath.Join(root, "notes") + " is inside the collection at " + filepath.Base(root) + "; start a new one outside it\n"},
		{name: "inside one, seen from far below", dir: filepath.Join(root, "data", "guides"), getwd: getwd(deep),
			want: filepath.Join(root, "data", "guides") + " is inside the collection at " + root + "; start a new one outside it\n"},
		{name: "inside one, nowhere", dir: filepath.Join(root, "notes"), getwd: func() (string, error) { return "", errors.New("gone") },
			want: filepath.Join(root, "notes") + " is inside the collection at " + root + "; start a new one outside it\n"},
		{name: "files exist", files: map[string]string{"README.md": "# Mine\n", ".gitignore": "*.o\n", "notes.txt": "\n"},
			want: ".gitignore: exists; guides init writes nothing over a file\nREADME.md: exists; guides init writes nothing over a file\n"},
		{name: "a file", dir: file, wantErr: file + " is a file, not a folder"},
		{name: "through a file", dir: filepath.Join(file, "x"), wantErr: filepath.Join(file, "x") + ": not a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tt.dir
			if dir == "" {
				dir = t.TempDir()
				for name, text := range tt.files {
					writeFile(t, dir, name, text)
				}
			}
			beforeRoot, beforeDir := snapshotFiles(t, root), snapshotIfThere(t, dir)
			res, err := Init(context.Background(), InitOptions{Dir: dir, Now: initNow, Getwd: tt.getwd})
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Errorf("error %v, want %s", err, tt.wantErr)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			var got string
			for _, p := range res.Problems {
				got += p.String() + "\n"
			}
			if got != tt.want || res.Files != nil {
				t.Errorf("problems:\n%s\nwant:\n%s", got, tt.want)
			}
			if snapshotFiles(t, root) != beforeRoot || snapshotIfThere(t, dir) != beforeDir {
				t.Error("files changed")
			}
		})
	}
}

// snapshotIfThere is snapshotFiles, or "" when dir is not a folder.
func snapshotIfThere(t *testing.T, dir string) string {
	t.Helper()
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return ""
	}
	return snapshotFiles(t, dir)
}

// TestInitLinkOut starts a collection in a folder whose data folder is a
// link that leads out of it: nothing is written there, nor anywhere.
func TestInitLinkOut(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	if err := os.Symlink(outside, filepath.Join(dir, "data")); err != nil {
		t.Fatal(err)
	}
	res, err := Init(context.Background(), InitOptions{Dir: dir, Now: initNow})
	want := "data is a symbolic link to " + strconv.Quote(outside) + ", outside the collection root; guides init writes nothing through it"
	if err != nil || len(res.Problems) != 1 || res.Problems[0].String() != want {
		t.Errorf("Init: %+v, %v; want the one problem %q", res, err, want)
	}
	if files := listDir(t, outside); len(files) > 0 {
		t.Errorf("written outside the folder: %q", files)
	}
	if files := listDir(t, dir); !slices.Equal(files, []string{"data"}) {
		t.Errorf("the folder holds %q, want the link alone", files)
	}
}

// TestInitStopped starts a collection with a context done: the context's
// cause, and nothing written.
func TestInitStopped(t *testing.T) {
	dir := t.TempDir()
	cause := errors.New("interrupted")
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(cause)
	if _, err := Init(ctx, InitOptions{Dir: dir, Now: initNow}); !errors.Is(err, cause) {
		t.Errorf("error %v, want the context's cause", err)
	}
	if files := listDir(t, dir); len(files) > 0 {
		t.Errorf("a stopped init wrote %q", files)
	}
}

// stopAfter is a context that is done from its nth question on: a
// command stopped midway, at each place it asks.
type stopAfter struct {
	context.Context
	n *int
}

func (c stopAfter) Err() error {
	if *c.n--; *c.n < 0 {
		return context.Canceled
	}
	return nil
}

// TestInitStoppedMidway stops init after each file it writes: the files
// written are removed.
func TestInitStoppedMidway(t *testing.T) {
	for n := range len(startFileNames) {
		dir := t.TempDir()
		left := n
		_, err := Init(stopAfter{context.Background(), &left}, InitOptions{Dir: dir, Now: initNow})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("stopped after %d files: %v, want context.Canceled", n, err)
		}
		// The folders made for the files may stay; no file does.
		if files := snapshotFiles(t, dir); !onlyFolders(files) {
			t.Errorf("stopped after %d files, the folder holds:\n%s", n, files)
		}
	}
}

// onlyFolders reports whether a snapshot of files names folders alone.
func onlyFolders(snapshot string) bool {
	for line := range strings.Lines(snapshot) {
		if !strings.HasSuffix(line, " d---------\n") {
			return false
		}
	}
	return true
}
