//go:build unix

package atomicfile

import (
	"context"
	"io"
	"os"
	"syscall"
	"testing"
)

// TestWriteInKeepsOwner replaces, as root, a file that belongs to another
// user: the new file belongs to that user, as the old one did.
func TestWriteInKeepsOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs to run as root")
	}
	root, name, _ := readme(t)
	if err := root.Chown(name, 4321, 4322); err != nil {
		t.Fatal(err)
	}
	if err := root.Chmod(name, 0o664); err != nil {
		t.Fatal(err)
	}
	if err := WriteIn(context.Background(), root, name, Options{}, func(w io.Writer) error {
		_, err := w.Write([]byte("new"))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	info, err := root.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	st := info.Sys().(*syscall.Stat_t)
	if st.Uid != 4321 || st.Gid != 4322 || info.Mode().Perm() != 0o664 {
		t.Errorf("owner %d:%d mode %v, want 4321:4322 and 0664", st.Uid, st.Gid, info.Mode().Perm())
	}
}
