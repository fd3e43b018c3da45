// Package golden compares test output with expected output kept in files
// under testdata: whole golden files, and named sections of txtar
// archives. Run the tests with -update to rewrite what is expected from
// what is produced, then review the change with git diff.
package golden

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/diff"
	"github.com/rogpeppe/go-internal/txtar"
)

var update = flag.Bool("update", false, "rewrite golden files and the want sections of testdata archives with the current output")

// Updating reports whether the tests run with -update.
func Updating() bool { return *update }

// Glob returns the files matching pattern, and fails the test when there
// are none: a test over no data passes for the wrong reason.
func Glob(t testing.TB, pattern string) []string {
	t.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil || len(files) == 0 {
		t.Fatalf("no files match %s: %v", pattern, err)
	}
	return files
}

// Name returns the name of a test data file without its folder and
// extension, for subtest names.
func Name(path string) string {
	base := filepath.Base(path)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// CheckFile compares got with the golden file at path, or, with -update,
// writes got there.
func CheckFile(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v; run with -update to write it", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (-want +got):\n%s", path, diff.Diff(path, want, "got", got))
	}
}

// Archive is a txtar archive of test data.
type Archive struct {
	Path string
	*txtar.Archive
}

// Load reads the archive at path.
func Load(t testing.TB, path string) *Archive {
	t.Helper()
	ar, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return &Archive{Path: path, Archive: ar}
}

// File returns the content of the file name of the archive.
func (a *Archive) File(name string) ([]byte, bool) {
	for _, f := range a.Files {
		if f.Name == name {
			return f.Data, true
		}
	}
	return nil, false
}

// FS returns the files of the archive under the folder prefix (such as
// "bad/"), with that prefix removed, as a file system; "" takes every file
// but those named in skip.
func (a *Archive) FS(prefix string, skip ...string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for _, f := range a.Files {
		name, ok := strings.CutPrefix(f.Name, prefix)
		if !ok || name == "" || contains(skip, f.Name) {
			continue
		}
		fsys[name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
	}
	return fsys
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Check compares got with the file name of the archive or, with -update,
// sets that file to got (adding it at the end when missing) and writes the
// archive back.
func (a *Archive) Check(t testing.TB, name string, got []byte) {
	t.Helper()
	if *update {
		found := false
		for i := range a.Files {
			if a.Files[i].Name == name {
				a.Files[i].Data = got
				found = true
			}
		}
		if !found {
			a.Files = append(a.Files, txtar.File{Name: name, Data: got})
		}
		if err := os.WriteFile(a.Path, txtar.Format(a.Archive), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, ok := a.File(name)
	if !ok {
		t.Fatalf("%s: no file %s; run with -update to add it", a.Path, name)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s: %s differs (-want +got):\n%s", a.Path, name, diff.Diff(name, want, "got", got))
	}
}
