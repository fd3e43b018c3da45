//go:build unix

package outdir

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// claim makes sure dir holds the Marker, and locks it (flock) until unlock
// is called or the process ends, however it ends: a folder whose Marker is
// locked belongs to a build that runs.
func claim(dir string) (unlock func(), err error) {
	f, err := os.OpenFile(filepath.Join(dir, Marker), os.O_RDWR|os.O_CREATE|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0o644)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err == nil && !info.Mode().IsRegular() {
		err = &fs.PathError{Op: "lock", Path: f.Name(), Err: errors.New("not a regular file")}
	}
	if err == nil && info.Size() == 0 {
		_, err = f.WriteString(markerText)
	}
	for err == nil {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if err != syscall.EINTR {
			break
		}
		err = nil
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return func() { f.Close() }, nil
}

// stale reports whether dir, a folder named as Replace names its folders,
// was left by a build that no longer runs: it holds a Marker that no
// process holds locked, or it is empty and was made over a minute ago (a
// build is killed, rarely, between making its folder and its Marker).
func stale(dir string) bool {
	f, err := os.OpenFile(filepath.Join(dir, Marker), os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return emptyAndOld(dir)
	}
	if err != nil {
		return false
	}
	defer f.Close()
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		return false
	}
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil
}

// readFlags open a file of a folder to read without following a link or
// waiting on a FIFO.
const readFlags = os.O_RDONLY | syscall.O_NOFOLLOW | syscall.O_NONBLOCK
