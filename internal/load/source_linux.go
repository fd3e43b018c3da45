package load

import (
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"syscall"
	"unsafe"
)

// dirSystem reads the collection at a folder of the operating system
// with raw system calls, relative to the folder opened once.
type dirSystem struct {
	root  string
	dirfd int
}

func newDirSystem(dir string) (*dirSystem, error) {
	dirfd, err := syscall.Open(dir, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: dir, Err: err}
	}
	return &dirSystem{root: dir, dirfd: dirfd}, nil
}

func (s *dirSystem) close() { syscall.Close(s.dirfd) }

func (s *dirSystem) source() source { return &rawSource{dirfd: s.dirfd, fd: -1} }

func (s *dirSystem) readDir(dir, prefix string) ([]file, error) {
	files, ok, err := readDirRaw(s.root, dir, prefix)
	if !ok {
		return fsSystem{os.DirFS(s.root)}.readDir(dir, prefix)
	}
	return files, err
}

// rawSource reads files relative to a folder opened once, with the openat,
// read and close system calls and a name buffer it reuses: no allocation
// per file. It does not ask for the size of a file: a read of a regular
// file that returns less than asked for is at its end, which saves a call
// per file.
type rawSource struct {
	dirfd int
	fd    int
	name  string
	cname []byte // name, NUL-terminated
}

func (s *rawSource) open(name string) (int64, error) {
	if !fs.ValidPath(name) {
		return 0, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	s.name = name
	s.cname = append(append(s.cname[:0], name...), 0)
	for {
		fd, _, errno := syscall.Syscall6(syscall.SYS_OPENAT, uintptr(s.dirfd),
			uintptr(unsafe.Pointer(&s.cname[0])), uintptr(syscall.O_RDONLY|syscall.O_CLOEXEC), 0, 0, 0)
		if errno == syscall.EINTR {
			continue
		}
		if errno != 0 {
			return 0, &fs.PathError{Op: "open", Path: name, Err: errno}
		}
		s.fd = int(fd)
		return -1, nil
	}
}

func (s *rawSource) read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for {
		n, err := syscall.Read(s.fd, p)
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return 0, &fs.PathError{Op: "read", Path: s.name, Err: err}
		case n == 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

func (s *rawSource) close() error {
	err := syscall.Close(s.fd)
	s.fd = -1
	return err
}

func (s *rawSource) release() {}

// readDirRaw lists root/dir with the getdents64 system call, in the order
// the file system keeps it, making one string per entry, its path, and
// nothing else: os.ReadDir makes an object and a name per entry, and sorts
// them. ok is false when the records are not laid out as expected.
func readDirRaw(root, dir, prefix string) (files []file, ok bool, err error) {
	if !fs.ValidPath(dir) {
		return nil, true, &fs.PathError{Op: "open", Path: dir, Err: fs.ErrInvalid}
	}
	full := root + "/" + dir
	fd, err := syscall.Open(full, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, true, &fs.PathError{Op: "open", Path: dir, Err: err}
	}
	defer syscall.Close(fd)
	// Growing the list by appending copies it over and over into fresh
	// memory, which is slow on machines where touching new pages is; the
	// folder's size in bytes bounds its number of entries well enough, and
	// capacity that is never written costs nothing.
	var st syscall.Stat_t
	if syscall.Fstat(fd, &st) == nil && st.Size > 0 {
		files = make([]file, 0, min(st.Size/24, 1<<24))
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
			isDir := typ == syscall.DT_DIR
			if typ == syscall.DT_UNKNOWN {
				var st syscall.Stat_t
				if err := syscall.Lstat(full+"/"+string(name), &st); err != nil {
					return nil, true, &fs.PathError{Op: "lstat", Path: prefix + string(name), Err: err}
				}
				isDir = st.Mode&syscall.S_IFMT == syscall.S_IFDIR
			}
			var b strings.Builder
			b.Grow(len(prefix) + len(name))
			b.WriteString(prefix)
			b.Write(name)
			p := b.String()
			files = append(files, file{path: p, id: p[len(prefix):], isDir: isDir})
		}
	}
	return files, true, nil
}
