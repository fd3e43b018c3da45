package atomicfile

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteFileKeepsMode(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "README.md")
	if err := os.WriteFile(name, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(name, 0o640); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(name, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(name)
	info, _ := os.Stat(name)
	if string(got) != "new" || info.Mode().Perm() != 0o640 {
		t.Errorf("file = %q with mode %v, want \"new\" with 0640", got, info.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestWriteFileNew(t *testing.T) {
	name := filepath.Join(t.TempDir(), "new.md")
	if err := WriteFile(name, []byte("x"), 0o604); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(name); err != nil || info.Mode().Perm() != 0o604 {
		t.Errorf("new file: %v, %v", info, err)
	}
}

func TestWriteFileFollowsSymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real.md")
	link := filepath.Join(dir, "README.md")
	if err := os.WriteFile(target, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real.md", link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := WriteFile(link, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced by a file")
	}
	if got, _ := os.ReadFile(target); string(got) != "new" {
		t.Errorf("target = %q", got)
	}
}

func TestWriteFileFailureKeepsOld(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "README.md")
	if err := os.WriteFile(name, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A folder where the file's folder should be makes the write fail.
	if err := WriteFile(filepath.Join(name, "child"), []byte("new"), 0o644); err == nil {
		t.Fatal("writing below a file succeeded")
	}
	if got, _ := os.ReadFile(name); string(got) != "old" {
		t.Errorf("file = %q after a failed write", got)
	}
}

func TestWriteFailureKeepsOld(t *testing.T) {
	name := filepath.Join(t.TempDir(), "README.md")
	if err := os.WriteFile(name, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Write(name, 0o644, func(w io.Writer) error {
		w.Write([]byte("half of the new"))
		return errors.New("rendering failed")
	})
	if err == nil {
		t.Fatal("Write succeeded")
	}
	if got, _ := os.ReadFile(name); string(got) != "old" {
		t.Errorf("file = %q after a failed write", got)
	}
	if entries, _ := os.ReadDir(filepath.Dir(name)); len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

// readme writes a README in a new folder and returns the folder as a root,
// the file's name, and the file as it was read.
func readme(t *testing.T) (*os.Root, string, os.FileInfo) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	info, err := root.Stat("README.md")
	if err != nil {
		t.Fatal(err)
	}
	return root, "README.md", info
}

// entries lists the folder of a root.
func entries(t *testing.T, root *os.Root) []string {
	t.Helper()
	es, err := os.ReadDir(root.Name())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// TestWriteInRefusesAChangedFile plays an editor that saves README by
// renaming a new file over it, or writes it in place, while the README is
// being regenerated: the editor's save is kept and nothing is written.
func TestWriteInRefusesAChangedFile(t *testing.T) {
	for name, change := range map[string]func(root *os.Root) error{
		"renamed over": func(root *os.Root) error {
			if err := root.WriteFile("saved", []byte("the editor's"), 0o644); err != nil {
				return err
			}
			return root.Rename("saved", "README.md")
		},
		"written in place": func(root *os.Root) error {
			return root.WriteFile("README.md", []byte("the editor's, longer"), 0o644)
		},
		"removed": func(root *os.Root) error { return root.Remove("README.md") },
	} {
		t.Run(name, func(t *testing.T) {
			root, readmeName, read := readme(t)
			err := WriteIn(context.Background(), root, readmeName, Options{Expect: read}, func(w io.Writer) error {
				if err := change(root); err != nil {
					t.Fatal(err)
				}
				_, err := w.Write([]byte("new"))
				return err
			})
			if !errors.Is(err, ErrChanged) {
				t.Fatalf("WriteIn = %v, want ErrChanged", err)
			}
			got, _ := root.ReadFile(readmeName)
			if string(got) == "new" {
				t.Errorf("README was overwritten")
			}
			if es := entries(t, root); len(es) > 1 {
				t.Errorf("files left: %q", es)
			}
		})
	}
}

func TestWriteInReplacesAnUnchangedFile(t *testing.T) {
	root, name, read := readme(t)
	if err := WriteIn(context.Background(), root, name, Options{Expect: read}, func(w io.Writer) error {
		_, err := w.Write([]byte("new"))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got, _ := root.ReadFile(name); string(got) != "new" {
		t.Errorf("README = %q", got)
	}
	if es := entries(t, root); len(es) != 1 {
		t.Errorf("files left: %q", es)
	}
}

// TestWriteInStopsWhenCancelled cancels the write before the rename: the
// temporary file is removed and the file kept.
func TestWriteInStopsWhenCancelled(t *testing.T) {
	root, name, read := readme(t)
	ctx, cancel := context.WithCancel(context.Background())
	err := WriteIn(ctx, root, name, Options{Expect: read}, func(w io.Writer) error {
		cancel()
		_, err := w.Write([]byte("new"))
		return err
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("WriteIn = %v", err)
	}
	if got, _ := root.ReadFile(name); string(got) != "old" {
		t.Errorf("README = %q", got)
	}
	if es := entries(t, root); len(es) != 1 {
		t.Errorf("files left: %q", es)
	}
}
