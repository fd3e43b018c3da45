package load

import (
	"io/fs"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// TestDirentMode checks that every type a directory entry can have gives
// the mode that stat gives the same kind of file.
func TestDirentMode(t *testing.T) {
	for _, tc := range []struct {
		dirent uint8
		stat   uint32
		want   fs.FileMode
	}{
		{syscall.DT_REG, unix.S_IFREG, 0},
		{syscall.DT_DIR, unix.S_IFDIR, fs.ModeDir},
		{syscall.DT_LNK, unix.S_IFLNK, fs.ModeSymlink},
		{syscall.DT_FIFO, unix.S_IFIFO, fs.ModeNamedPipe},
		{syscall.DT_SOCK, unix.S_IFSOCK, fs.ModeSocket},
		{syscall.DT_CHR, unix.S_IFCHR, fs.ModeDevice | fs.ModeCharDevice},
		{syscall.DT_BLK, unix.S_IFBLK, fs.ModeDevice},
	} {
		if got := direntMode(tc.dirent); got != tc.want {
			t.Errorf("direntMode(%d) = %v, want %v", tc.dirent, got, tc.want)
		}
		if got := typeMode(tc.stat); got != tc.want {
			t.Errorf("typeMode(%#o) = %v, want %v", tc.stat, got, tc.want)
		}
	}
	if got := direntMode(syscall.DT_UNKNOWN); got != fs.ModeIrregular {
		t.Errorf("direntMode(DT_UNKNOWN) = %v, want irregular", got)
	}
}
