package atomicfile

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// writeIn replaces the file name of the folder dir with data.
func writeIn(dir, name string, data []byte, perm os.FileMode) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	return WriteIn(context.Background(), root, name, Options{Perm: perm}, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

func TestWriteInKeepsMode(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "README.md")
	if err := os.WriteFile(name, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(name, 0o640); err != nil {
		t.Fatal(err)
	}
	if err := writeIn(dir, "README.md", []byte("new"), 0o644); err != nil {
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

func TestWriteInNew(t *testing.T) {
	dir := t.TempDir()
	if err := writeIn(dir, "new.md", []byte("x"), 0o604); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(filepath.Join(dir, "new.md")); err != nil || info.Mode().Perm() != 0o604 {
		t.Errorf("new file: %v, %v", info, err)
	}
}

// TestWriteInRefusesALink checks that a symbolic link, in the root or out
// of it, is neither followed nor replaced, and no more is a FIFO.
func TestWriteInRefusesALink(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	secret := filepath.Join(outside, "bashrc")
	if err := os.WriteFile(secret, []byte("PATH=x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "real.md"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	for link, target := range map[string]string{"inside.md": "real.md", "outside.md": secret} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Skip("no symbolic links here:", err)
		}
		err := writeIn(dir, link, []byte("new"), 0o644)
		if !errors.Is(err, ErrNotRegular) {
			t.Errorf("%s: error %v, want ErrNotRegular", link, err)
		}
		if fi, err := os.Lstat(filepath.Join(dir, link)); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s: the link was replaced by a file", link)
		}
	}
	for _, f := range []string{secret, filepath.Join(dir, "real.md")} {
		if got, _ := os.ReadFile(f); string(got) == "new" {
			t.Errorf("%s written through a link", f)
		}
	}
}

func TestWriteInFailureKeepsOld(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "README.md")
	if err := os.WriteFile(name, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A file where a folder should be makes the write fail.
	if err := writeIn(dir, "README.md/child", []byte("new"), 0o644); err == nil {
		t.Fatal("writing below a file succeeded")
	}
	if got, _ := os.ReadFile(name); string(got) != "old" {
		t.Errorf("file = %q after a failed write", got)
	}
}

func TestWriteFailureKeepsOld(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "README.md")
	if err := os.WriteFile(name, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	err = WriteIn(context.Background(), root, "README.md", Options{Perm: 0o644}, func(w io.Writer) error {
		w.Write([]byte("half of the new"))
		return errors.New("rendering failed")
	})
	if err == nil {
		t.Fatal("WriteIn succeeded")
	}
	if got, _ := os.ReadFile(name); string(got) != "old" {
		t.Errorf("file = %q after a failed write", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
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
