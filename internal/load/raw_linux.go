package load

import (
	"io"
	"io/fs"
	"slices"
	"strings"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/visual-guides/guides/internal/hugepage"
	"github.com/visual-guides/guides/internal/rootfs"
	"github.com/visual-guides/guides/internal/slab"
)

// rawSystem reads the collection at a root folder with raw system calls.
// Each data folder is opened once, confined to the root by openat2, and
// each file relative to its folder, again with openat2: a name that has
// become a symbolic link, or that climbs out, is refused by the kernel,
// and the file is then opened through package rootfs, which follows links
// by its rules.
type rawSystem struct {
	root   *rootfs.FS
	rootfd int
	dirs   []int // the folders listed, by file.dir
}

// rootSystem returns the system that reads the collection at root: the
// raw one where the kernel has openat2, or else the portable one.
func rootSystem(root *rootfs.FS) (closingSystem, error) {
	s, ok, err := newRawSystem(root)
	if err != nil || !ok {
		return fsSystem{root}, err
	}
	return s, nil
}

// newRawSystem returns the raw system of root; ok is false when the kernel
// has no openat2, which it needs.
func newRawSystem(root *rootfs.FS) (s *rawSystem, ok bool, err error) {
	fd, err := unix.Open(root.Dir(), unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, false, &fs.PathError{Op: "open", Path: root.Dir(), Err: err}
	}
	if !rootfs.HasOpenat2(fd) {
		unix.Close(fd)
		return nil, false, nil
	}
	return &rawSystem{root: root, rootfd: fd}, true, nil
}

func (s *rawSystem) close() {
	for _, fd := range s.dirs {
		unix.Close(fd)
	}
	unix.Close(s.rootfd)
}

func (s *rawSystem) source() source {
	return &rawSource{sys: s, fd: -1, how: unix.OpenHow{
		Flags:   unix.O_RDONLY | unix.O_CLOEXEC | unix.O_NONBLOCK | unix.O_NOCTTY,
		Resolve: rootfs.Beneath,
	}}
}

func (s *rawSystem) readDir(dir, prefix string, texts *slab.Region) ([]file, error) {
	if !fs.ValidPath(dir) || len(s.dirs) > 255 {
		return nil, &fs.PathError{Op: "open", Path: dir, Err: fs.ErrInvalid}
	}
	const flags = unix.O_RDONLY | unix.O_DIRECTORY
	fd, err := rootfs.Openat2(s.rootfd, dir, flags, rootfs.Beneath)
	if err == unix.ELOOP {
		// The folder, or one above it, is a symbolic link.
		target, rerr := s.root.Resolve(dir)
		if rerr != nil {
			return nil, rerr
		}
		fd, err = rootfs.Openat2(s.rootfd, target, flags, rootfs.Beneath)
	}
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: dir, Err: err}
	}
	s.dirs = append(s.dirs, fd)
	index := uint8(len(s.dirs) - 1)
	files, ok, err := readDirRaw(fd, dir, prefix, index, texts)
	if !ok {
		files, err = fsSystem{s.root}.readDir(dir, prefix, texts)
		for i := range files {
			files[i].dir = index
		}
	}
	return files, err
}

// rawSource reads files with the openat2, read and close system calls and
// a name buffer it reuses: no allocation per file. It does not ask for the
// size of a regular file: a read of a regular file that returns less than
// asked for is at its end, which saves a call per file. The few files that
// are symbolic links are opened through package rootfs instead.
type rawSource struct {
	sys   *rawSystem
	how   unix.OpenHow
	fd    int
	slow  fs.File // a file opened through package rootfs
	name  string
	cname []byte // base name, NUL-terminated
}

func (s *rawSource) open(f *file) (int64, error) {
	if err := checkListed(f); err != nil {
		return 0, err
	}
	s.name = f.path
	if f.mode&fs.ModeSymlink == 0 {
		base := f.path[strings.LastIndexByte(f.path, '/')+1:]
		s.cname = append(append(s.cname[:0], base...), 0)
		for {
			fd, _, errno := syscall.Syscall6(unix.SYS_OPENAT2, uintptr(s.sys.dirs[f.dir]),
				uintptr(unsafe.Pointer(&s.cname[0])), uintptr(unsafe.Pointer(&s.how)), unsafe.Sizeof(s.how), 0, 0)
			if errno == syscall.EINTR || errno == syscall.EAGAIN {
				continue
			}
			if errno == 0 {
				s.fd = int(fd)
				return -1, nil
			}
			if errno != syscall.ELOOP {
				return 0, &fs.PathError{Op: "open", Path: f.path, Err: errno}
			}
			break // the file has become a symbolic link since it was listed
		}
	}
	file, err := s.sys.root.Open(f.path)
	if err != nil {
		return 0, err
	}
	info, err := file.Stat()
	if err == nil && !info.Mode().IsRegular() {
		err = &rootfs.NotRegularError{Path: f.path, Mode: info.Mode()}
	}
	if err != nil {
		file.Close()
		return 0, err
	}
	s.slow = file
	return info.Size(), nil
}

func (s *rawSource) read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if s.slow != nil {
		n, err := s.slow.Read(p)
		if n > 0 && err == io.EOF {
			err = nil
		}
		return n, err
	}
	for {
		n, err := syscall.Read(s.fd, p)
		switch {
		case err == syscall.EINTR:
			continue
		case err == syscall.EAGAIN:
			// Only something other than a regular file says this: a FIFO
			// put in the file's place after it was listed.
			return 0, &rootfs.NotRegularError{Path: s.name, Mode: fs.ModeNamedPipe}
		case err != nil:
			return 0, &fs.PathError{Op: "read", Path: s.name, Err: err}
		case n == 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

func (s *rawSource) close() error {
	if s.slow != nil {
		err := s.slow.Close()
		s.slow = nil
		return err
	}
	err := syscall.Close(s.fd)
	s.fd = -1
	return err
}

func (s *rawSource) release() {}

// readDirRaw lists the open folder fd with the getdents64 system call, in
// the order the file system keeps it, making one string per entry, its
// path (in blocks of texts, unless it is nil), and nothing else: os.ReadDir
// makes an object and a name per entry, and sorts them. ok is false when
// the records are not laid out as expected.
func readDirRaw(fd int, dir, prefix string, index uint8, texts *slab.Region) (files []file, ok bool, err error) {
	// Growing the list by appending copies it over and over into fresh
	// memory, which is slow on machines where touching new pages is; the
	// folder's size in bytes bounds its number of entries well enough, and
	// capacity that is never written costs nothing.
	var st syscall.Stat_t
	if syscall.Fstat(fd, &st) == nil && st.Size > 0 {
		files = make([]file, 0, min(st.Size/24, 1<<24))
		if texts != nil {
			hugepage.Slice(files)
		}
	}
	paths := slab.Strings{Block: 64 << 10, From: texts}
	join := paths.Join
	if texts == nil {
		join = func(prefix string, name []byte) string { return prefix + string(name) }
	}
	buf := make([]byte, 64<<10)
	for {
		n, err := syscall.ReadDirent(fd, buf)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, true, &fs.PathError{Op: "readdirent", Path: dir, Err: err}
		}
		if n <= 0 {
			break
		}
		// Each record is a struct linux_dirent64: inode (8 bytes), offset
		// (8), record length (2), type (1), and the name, NUL-terminated.
		for rec := buf[:n]; len(rec) >= 19; {
			reclen := int(*(*uint16)(unsafe.Pointer(&rec[16])))
			if reclen < 19 || reclen > len(rec) {
				return nil, false, nil
			}
			typ := rec[18]
			name := rec[19:reclen]
			if i := slices.Index(name, 0); i >= 0 {
				name = name[:i]
			}
			rec = rec[reclen:]
			if len(name) == 0 || string(name) == "." || string(name) == ".." {
				continue
			}
			var mode fs.FileMode
			if typ == syscall.DT_UNKNOWN {
				// Some file systems do not say: ask, without following a
				// link.
				var st unix.Stat_t
				if err := unix.Fstatat(fd, string(name), &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
					return nil, true, &fs.PathError{Op: "lstat", Path: prefix + string(name), Err: err}
				}
				mode = typeMode(st.Mode & unix.S_IFMT)
			} else {
				mode = direntMode(typ)
			}
			p := join(prefix, name)
			files = append(files, file{path: p, id: p[len(prefix):], mode: mode, dir: index})
		}
	}
	return files, true, nil
}

// direntMode is the file mode type of a getdents entry type: on Linux, an
// entry's type is the S_IFMT bits of its mode shifted right by 12.
func direntMode(typ uint8) fs.FileMode {
	if typ == syscall.DT_UNKNOWN {
		return fs.ModeIrregular
	}
	return typeMode(uint32(typ) << 12)
}

// typeMode is the file mode type of the S_IFMT bits of a stat mode.
func typeMode(t uint32) fs.FileMode {
	switch t {
	case unix.S_IFREG:
		return 0
	case unix.S_IFDIR:
		return fs.ModeDir
	case unix.S_IFLNK:
		return fs.ModeSymlink
	case unix.S_IFIFO:
		return fs.ModeNamedPipe
	case unix.S_IFSOCK:
		return fs.ModeSocket
	case unix.S_IFCHR:
		return fs.ModeDevice | fs.ModeCharDevice
	case unix.S_IFBLK:
		return fs.ModeDevice
	}
	return fs.ModeIrregular
}
