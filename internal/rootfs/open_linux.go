package rootfs

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// nonblock opens a FIFO without waiting for a writer.
const nonblock = unix.O_NONBLOCK

// Beneath is how every path is resolved: below the folder it is relative
// to, through no /proc magic link, and through no symbolic link at all
// (links are followed by package code, which applies the package's rules,
// and their targets opened without links).
const Beneath = unix.RESOLVE_BENEATH | unix.RESOLVE_NO_MAGICLINKS | unix.RESOLVE_NO_SYMLINKS

// sysRoot is the root folder opened for openat2.
type sysRoot struct{ fd int }

// newSysRoot opens dir for openat2, or returns nil when the kernel (or a
// sandbox) does not offer openat2: os.Root serves then.
func newSysRoot(dir string) *sysRoot {
	fd, err := unix.Open(dir, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil
	}
	if !HasOpenat2(fd) {
		unix.Close(fd)
		return nil
	}
	return &sysRoot{fd: fd}
}

// HasOpenat2 reports whether openat2 works relative to the folder dirfd.
func HasOpenat2(dirfd int) bool {
	probe, err := Openat2(dirfd, ".", unix.O_PATH|unix.O_CLOEXEC, Beneath)
	if err != nil {
		return false
	}
	unix.Close(probe)
	return true
}

func (s *sysRoot) close() {
	if s != nil {
		unix.Close(s.fd)
	}
}

// Openat2 opens name relative to the folder dirfd with the given open
// flags and resolve flags, retrying when interrupted or when the kernel
// saw the tree change during the lookup.
func Openat2(dirfd int, name string, flags int, resolve uint64) (int, error) {
	how := unix.OpenHow{Flags: uint64(flags | unix.O_CLOEXEC), Resolve: resolve}
	for tries := 0; ; tries++ {
		fd, err := unix.Openat2(dirfd, name, &how)
		if (err == unix.EINTR || err == unix.EAGAIN) && tries < 100 {
			continue
		}
		return fd, err
	}
}

// openFD opens name with openat2, following its symbolic links by the
// package's rules when it has any, and refuses what is neither a regular
// file nor a folder. It returns the descriptor and what fstat says of it.
func (f *FS) openFD(name string, flags int) (int, *syscall.Stat_t, error) {
	fd, err := Openat2(f.sys.fd, name, flags, Beneath)
	if err == unix.ELOOP {
		// A link on the way, or a loop: resolve it here, then open the
		// path it leads to, which has no link.
		target, rerr := resolve(f, name)
		if rerr != nil {
			return -1, nil, rerr
		}
		fd, err = Openat2(f.sys.fd, target, flags, Beneath)
	}
	if err != nil {
		return -1, nil, err
	}
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return -1, nil, err
	}
	if t := st.Mode & unix.S_IFMT; t != unix.S_IFREG && t != unix.S_IFDIR {
		unix.Close(fd)
		return -1, nil, &NotRegularError{Path: name, Mode: fileMode(st.Mode)}
	}
	return fd, &st, nil
}

func (f *FS) open(name string) (fs.File, error) {
	if f.sys == nil {
		return f.rootOpen(name)
	}
	fd, st, err := f.openFD(name, unix.O_RDONLY|unix.O_NONBLOCK|unix.O_NOCTTY)
	if err != nil {
		return nil, err
	}
	file := os.NewFile(uintptr(fd), name)
	if st.Mode&unix.S_IFMT == unix.S_IFDIR {
		return &dirFile{File: file, fsys: f, name: name}, nil
	}
	return file, nil
}

// dirFile is a folder opened with openat2. An *os.File knows itself by the
// path it was opened with, which is relative to the root, and would
// describe its entries (DirEntry.Info) at that path relative to the
// current folder: another file, outside the root, or none. Its entries are
// described through the root instead.
type dirFile struct {
	*os.File
	fsys *FS
	name string
}

func (d *dirFile) ReadDir(n int) ([]fs.DirEntry, error) {
	entries, err := d.File.ReadDir(n)
	wrapped := make([]dirEntry, len(entries)) // one allocation for all
	for i, e := range entries {
		wrapped[i] = dirEntry{DirEntry: e, fsys: d.fsys, dir: d.name}
		entries[i] = &wrapped[i]
	}
	return entries, err
}

// dirEntry is an entry of a dirFile, the folder at dir relative to the
// root.
type dirEntry struct {
	fs.DirEntry
	fsys *FS
	dir  string
}

// Info describes the entry through the root, without following a link.
func (e *dirEntry) Info() (fs.FileInfo, error) { return e.fsys.Lstat(path.Join(e.dir, e.Name())) }

func (f *FS) stat(name string) (fs.FileInfo, error) {
	if f.sys == nil {
		return f.rootStat(name)
	}
	// O_PATH opens nothing: a FIFO is only looked at.
	fd, err := Openat2(f.sys.fd, name, unix.O_PATH, Beneath)
	if err == unix.ELOOP {
		target, rerr := resolve(f, name)
		if rerr != nil {
			return nil, rerr
		}
		fd, err = Openat2(f.sys.fd, target, unix.O_PATH, Beneath)
	}
	if err != nil {
		return nil, err
	}
	defer unix.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, err
	}
	return newInfo(name, &st), nil
}

func (f *FS) resolve(name string) (string, error) {
	if f.sys == nil {
		return resolve(f, name)
	}
	fd, err := Openat2(f.sys.fd, name, unix.O_PATH, Beneath)
	if err == nil {
		unix.Close(fd)
		return name, nil // no link on the way
	}
	if err != unix.ELOOP {
		return "", &fs.PathError{Op: "resolve", Path: name, Err: err}
	}
	return resolve(f, name)
}

func (f *FS) readFile(name string) ([]byte, error) {
	if f.sys == nil {
		return f.rootReadFile(name)
	}
	fd, st, err := f.openFD(name, unix.O_RDONLY|unix.O_NONBLOCK|unix.O_NOCTTY)
	if err != nil {
		return nil, err
	}
	defer unix.Close(fd)
	if st.Mode&unix.S_IFMT == unix.S_IFDIR {
		return nil, &NotRegularError{Path: name, Mode: fs.ModeDir}
	}
	return ReadFD(fd, st.Size, -1)
}

// ErrTooLarge is returned by ReadFD for a file larger than asked for.
var ErrTooLarge = errors.New("file too large")

// ReadFD reads the rest of the open regular file fd, whose size fstat gave
// as size. A file that grew meanwhile is read on; with limit at 0 or more, a
// file longer than limit bytes gives ErrTooLarge after reading limit+1.
func ReadFD(fd int, size int64, limit int64) ([]byte, error) {
	want := size + 1
	if limit >= 0 {
		want = min(want, limit+1)
	}
	buf := make([]byte, 0, max(want, 512))
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := unix.Read(fd, buf[len(buf):cap(buf)])
		if err == unix.EINTR {
			continue
		}
		if err == unix.EAGAIN {
			// A regular file never says this; something swapped in
			// after the check did.
			return nil, ErrNotRegular
		}
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return buf, nil
		}
		buf = buf[:len(buf)+n]
		if limit >= 0 && int64(len(buf)) > limit {
			return nil, ErrTooLarge
		}
	}
}

// fileMode converts the type and permission bits of a stat mode.
func fileMode(m uint32) fs.FileMode {
	mode := fs.FileMode(m & 0o777)
	switch m & unix.S_IFMT {
	case unix.S_IFDIR:
		mode |= fs.ModeDir
	case unix.S_IFLNK:
		mode |= fs.ModeSymlink
	case unix.S_IFIFO:
		mode |= fs.ModeNamedPipe
	case unix.S_IFSOCK:
		mode |= fs.ModeSocket
	case unix.S_IFCHR:
		mode |= fs.ModeDevice | fs.ModeCharDevice
	case unix.S_IFBLK:
		mode |= fs.ModeDevice
	}
	if m&unix.S_ISUID != 0 {
		mode |= fs.ModeSetuid
	}
	if m&unix.S_ISGID != 0 {
		mode |= fs.ModeSetgid
	}
	if m&unix.S_ISVTX != 0 {
		mode |= fs.ModeSticky
	}
	return mode
}

// info is an fs.FileInfo from fstat.
type info struct {
	name string
	st   syscall.Stat_t
}

func newInfo(name string, st *syscall.Stat_t) *info {
	base := name
	for i := len(name) - 1; i >= 0; i-- {
		if name[i] == '/' {
			base = name[i+1:]
			break
		}
	}
	return &info{name: base, st: *st}
}

func (i *info) Name() string       { return i.name }
func (i *info) Size() int64        { return i.st.Size }
func (i *info) Mode() fs.FileMode  { return fileMode(i.st.Mode) }
func (i *info) ModTime() time.Time { return time.Unix(i.st.Mtim.Unix()) }
func (i *info) IsDir() bool        { return i.st.Mode&unix.S_IFMT == unix.S_IFDIR }
func (i *info) Sys() any           { return &i.st }
