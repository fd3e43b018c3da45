//go:build unix

package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
)

// keepOwner gives f the owner and group of the file old, when they are not
// the process's already and the process may give them: run as root (in a
// container on a checkout mounted from the host, say), a replaced file
// would else belong to root, and its user could no longer write it.
func keepOwner(f *os.File, old fs.FileInfo) error {
	st, ok := old.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	uid, gid := int(st.Uid), int(st.Gid)
	if uid == os.Geteuid() && gid == os.Getegid() {
		return nil
	}
	err := f.Chown(uid, gid)
	if errors.Is(err, fs.ErrPermission) {
		// Not root: the file becomes the process's, as any editor's
		// save by rename makes it.
		return nil
	}
	return err
}

// sameFile reports whether a and b describe the same file: the same device
// and inode.
func sameFile(a, b fs.FileInfo) bool {
	sa, ok1 := a.Sys().(*syscall.Stat_t)
	sb, ok2 := b.Sys().(*syscall.Stat_t)
	if !ok1 || !ok2 {
		return os.SameFile(a, b)
	}
	return sa.Dev == sb.Dev && sa.Ino == sb.Ino
}
