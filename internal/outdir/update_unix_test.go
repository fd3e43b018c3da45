//go:build unix

package outdir

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestUpdateStaysInside plays a repository that commits its built site
// with traps in it: a folder of the site that is a symbolic link to a
// folder outside, and a state file that is a FIFO or a link. Update writes
// nothing outside the folder, and ReadFile neither waits nor follows.
func TestUpdateStaysInside(t *testing.T) {
	out := built(t, map[string]string{"index.html": "one", "a/index.html": "a", "state": "s"})
	outside := t.TempDir()
	if err := os.RemoveAll(filepath.Join(out, "a")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(out, "a")); err != nil {
		t.Fatal(err)
	}
	err := Update(context.Background(), out, changes(map[string]string{"a/index.html": "written through the link"}))
	if err == nil {
		t.Error("an update through a link out of the folder succeeded")
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Errorf("the update wrote %d files outside the folder", len(entries))
	}

	secret := filepath.Join(outside, "secret")
	if err := os.WriteFile(secret, []byte("secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, trap := range map[string]func(p string) error{
		"a link": func(p string) error { return os.Symlink(secret, p) },
		"a FIFO": func(p string) error { return syscall.Mkfifo(p, 0o644) },
	} {
		out := built(t, map[string]string{"index.html": "one", "state": "s"})
		p := filepath.Join(out, "state")
		if err := os.Remove(p); err != nil {
			t.Fatal(err)
		}
		if err := trap(p); err != nil {
			t.Skipf("%s: %v", name, err)
		}
		if data, err := ReadFile(out, "state"); !errors.Is(err, ErrNotUpdatable) {
			t.Errorf("the state file as %s: %q, %v; want ErrNotUpdatable", name, data, err)
		}
		if f, err := OpenFile(out, "state"); !errors.Is(err, ErrNotUpdatable) {
			if f != nil {
				f.Close()
			}
			t.Errorf("the state file as %s was opened: %v; want ErrNotUpdatable", name, err)
		}
	}
}
