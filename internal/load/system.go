package load

import (
	"io"
	"io/fs"
)

// fsSystem reads a collection through the fs.FS interface.
type fsSystem struct{ fsys fs.FS }

func (s fsSystem) readDir(dir, prefix string) ([]file, error) {
	entries, err := fs.ReadDir(s.fsys, dir)
	if err != nil {
		return nil, err
	}
	out := make([]file, len(entries))
	for i, e := range entries {
		p := prefix + e.Name()
		out[i] = file{path: p, id: p[len(prefix):], isDir: e.IsDir()}
	}
	return out, nil
}

func (s fsSystem) source() source { return &fsSource{fsys: s.fsys} }

// fsSource reads files through fs.FS.
type fsSource struct {
	fsys fs.FS
	f    fs.File
}

func (s *fsSource) open(name string) (int64, error) {
	f, err := s.fsys.Open(name)
	if err != nil {
		return 0, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return 0, err
	}
	s.f = f
	return info.Size(), nil
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
