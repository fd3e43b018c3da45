package load

import (
	"io"
	"io/fs"

	"github.com/visual-guides/guides/internal/rootfs"
	"github.com/visual-guides/guides/internal/slab"
)

// fsSystem reads a collection through the fs.FS interface, on every
// system: the system of Load, and of LoadRoot where no cheaper calls are
// known. Where fsys has symbolic links, they are followed by the rules of
// package rootfs.
type fsSystem struct{ fsys fs.FS }

func (s fsSystem) readDir(dir, prefix string, _ *slab.Region) ([]file, error) {
	entries, err := fs.ReadDir(s.fsys, dir)
	if err != nil {
		return nil, err
	}
	out := make([]file, len(entries))
	for i, e := range entries {
		p := prefix + e.Name()
		out[i] = file{path: p, id: p[len(prefix):], mode: e.Type()}
	}
	return out, nil
}

func (s fsSystem) source() source { return &fsSource{fsys: s.fsys} }

func (s fsSystem) close() {}

// fsSource reads files through fs.FS.
type fsSource struct {
	fsys fs.FS
	f    fs.File
}

func (s *fsSource) open(f *file) (int64, error) {
	if err := checkListed(f); err != nil {
		return 0, err
	}
	if f.mode&fs.ModeSymlink != 0 {
		// Where the file system has links, they are followed by the
		// rules of package rootfs.
		if _, err := rootfs.Resolve(s.fsys, f.path); err != nil {
			return 0, err
		}
	}
	file, err := s.fsys.Open(f.path)
	if err != nil {
		return 0, err
	}
	info, err := file.Stat()
	if err != nil {
		file.Close()
		return 0, err
	}
	if !info.Mode().IsRegular() {
		file.Close()
		return 0, &rootfs.NotRegularError{Path: f.path, Mode: info.Mode()}
	}
	s.f = file
	return info.Size(), nil
}

// checkListed refuses a file that its listing shows is neither a regular
// file nor a symbolic link, without opening it.
func checkListed(f *file) error {
	if t := f.mode.Type(); t != 0 && t != fs.ModeSymlink {
		return &rootfs.NotRegularError{Path: f.path, Mode: f.mode}
	}
	return nil
}

func (s *fsSource) read(p []byte) (int, error) {
	n, err := s.f.Read(p)
	if n > 0 && err == io.EOF {
		err = nil // the next read says EOF again
	}
	return n, err
}

func (s *fsSource) close() error { return s.f.Close() }
func (s *fsSource) release()     {}
