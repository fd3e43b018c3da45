package app

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/visual-guides/guides/internal/golden"
)

// collection writes the collection of testdata/collection.txtar to a new
// temporary folder, then the files of edits over it, and returns the
// folder.
func collection(t *testing.T, edits map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for _, f := range golden.Load(t, filepath.Join("testdata", "collection.txtar")).Files {
		writeFile(t, root, f.Name, string(f.Data))
	}
	for name, text := range edits {
		writeFile(t, root, name, text)
	}
	return root
}

// brokenGuide is a guide whose front matter does not parse: every command
// that writes output refuses a collection that holds it.
const brokenGuide = "---\ntitle: Broken: guide\ncreatedAt: 2024-02-01\ncategories: [net]\n---\n"

// openAt opens the collection at root as -C names it; the session is
// closed when the test ends.
func openAt(t *testing.T, root string) *Session {
	t.Helper()
	s, err := Open(OpenOptions{Dir: root})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// findingLines returns findings as the commands print them, one a line.
func findingLines(ds Diagnostics) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.String() + "\n")
	}
	return b.String()
}

// readText returns the text of the file at the slash-separated path name
// under root.
func readText(t *testing.T, root, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// exists reports whether there is a file, folder or link at the
// slash-separated path name under root.
func exists(t *testing.T, root, name string) bool {
	t.Helper()
	_, err := os.Lstat(filepath.Join(root, filepath.FromSlash(name)))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	return err == nil
}

// listDir returns the names in the folder dir, sorted.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	return names
}

// wantError fails the test unless err is an error whose text holds each
// of parts.
func wantError(t *testing.T, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one with %q", parts)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q, want it to hold %q", err, p)
		}
	}
}

// wantUsage fails the test unless err is a *UsageError of the option
// flag ("" for the whole command line) whose text is want.
func wantUsage(t *testing.T, err error, flag, want string) {
	t.Helper()
	var ue *UsageError
	switch {
	case !errors.As(err, &ue):
		t.Errorf("error %v (%T), want a *UsageError", err, err)
	case ue.Flag != flag:
		t.Errorf("error %q names the flag %q, want %q", err, ue.Flag, flag)
	case err.Error() != want:
		t.Errorf("error\n\t%s\nwant\n\t%s", err, want)
	}
}
