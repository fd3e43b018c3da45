package atomicfile

import (
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
