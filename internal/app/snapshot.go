package app

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/rootfs"
)

// dataFiles is the text of the *.md files of a collection's data folders,
// by path relative to the root: a version of the collection held in
// memory, which serve judges and publishes as it is, so that what it
// publishes is exactly what it judged, whatever happens on disk meanwhile.
// A file held as onDisk is not held in memory (a symbolic link that leads
// out of the root, something that is not a regular file, a file over the
// size limit): it is read from the root, where loading finds what is wrong
// with it, as it does for every command.
type dataFiles map[string]dataFile

// dataFile is one file of a version of the collection.
type dataFile struct {
	data   []byte
	onDisk bool
}

// snapshot keeps the collection's data files in memory and reads again
// those that changed on disk. It reads through the root's confined file
// system, as every command does.
type snapshot struct {
	fsys  *rootfs.FS
	dirs  []string // the data folders, relative to the root
	files dataFiles
	stamp map[string]fileStamp
}

// fileStamp tells whether a file changed since it was read.
type fileStamp struct {
	size    int64
	modTime time.Time
}

func newSnapshot(fsys *rootfs.FS, dirs ...string) *snapshot {
	return &snapshot{fsys: fsys, dirs: dirs, files: dataFiles{}, stamp: map[string]fileStamp{}}
}

// refresh reads the data folders again: new files and files whose size or
// time changed are read, and so are the files in changed (paths relative to
// the root, which the watcher named); removed files are dropped. It returns
// the collection as it now is on disk. A data folder that cannot be read is
// an error, as it is for every command.
func (s *snapshot) refresh(changed []string) (dataFiles, error) {
	force := map[string]bool{}
	for _, p := range changed {
		force[p] = true
	}
	next := make(dataFiles, len(s.files))
	stamps := make(map[string]fileStamp, len(s.stamp))
	for _, dir := range s.dirs {
		entries, err := s.fsys.ReadDir(dir)
		if err != nil {
			return nil, fmt.Errorf("reading the folder %s: %w", dir, unwrapPath(err))
		}
		for _, e := range entries {
			name := e.Name()
			if strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".md") {
				continue
			}
			p := path.Join(dir, name)
			st, ok := s.stat(p)
			if !ok {
				next[p] = dataFile{onDisk: true}
				continue
			}
			if old, ok := s.files[p]; ok && !old.onDisk && !force[p] && s.stamp[p] == st {
				next[p], stamps[p] = old, st
				continue
			}
			data, ok := s.read(p)
			if !ok {
				next[p] = dataFile{onDisk: true}
				continue
			}
			next[p], stamps[p] = dataFile{data: data}, st
		}
	}
	s.files, s.stamp = next, stamps
	return next, nil
}

// refreshFiles reads again the files at paths alone, for an edit of files
// the collection holds, without reading the data folders: at 10,000 guides
// the folders' stat calls cost more than the edit. When a path is not a
// regular file of the last version (a new file, a removed one, a link
// that leads out), it reads the folders again as refresh does.
func (s *snapshot) refreshFiles(paths []string) (dataFiles, error) {
	next := maps.Clone(s.files)
	stamps := maps.Clone(s.stamp)
	for _, p := range paths {
		old, ok := s.files[p]
		if !ok || old.onDisk {
			return s.refresh(paths)
		}
		st, ok := s.stat(p)
		if !ok {
			return s.refresh(paths)
		}
		data, ok := s.read(p)
		if !ok {
			return s.refresh(paths)
		}
		next[p], stamps[p] = dataFile{data: data}, st
	}
	s.files, s.stamp = next, stamps
	return next, nil
}

// stat returns the stamp of the file at p, through links that stay inside
// the root; ok is false when the file cannot be held in memory (an error,
// not a regular file, over the size limit).
func (s *snapshot) stat(p string) (st fileStamp, ok bool) {
	info, err := s.fsys.Stat(p)
	if err != nil || !info.Mode().IsRegular() || info.Size() > guides.MaxFileSize {
		return fileStamp{}, false
	}
	return fileStamp{info.Size(), info.ModTime()}, true
}

// read returns the bytes of the file at p; ok is false when it cannot be
// held in memory.
func (s *snapshot) read(p string) (data []byte, ok bool) {
	data, err := s.fsys.ReadFile(p)
	if err != nil || len(data) > guides.MaxFileSize {
		return nil, false
	}
	return data, true
}

// unwrapPath returns the reason of a *fs.PathError, whose path the caller
// names itself.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// with returns files with the files of good in place of those named in
// bad, and without those good has no version of.
func (f dataFiles) with(good dataFiles, bad []string) dataFiles {
	out := maps.Clone(f)
	for _, p := range bad {
		if file, ok := good[p]; ok {
			out[p] = file
		} else {
			delete(out, p)
		}
	}
	return out
}

// overlayFS is the collection's root with its data folders read from
// memory: the files of the version of the collection being judged or
// built. Everything else (layouts, images, guides.yaml, and the data files
// held as onDisk) is read from the root.
type overlayFS struct {
	root *rootfs.FS
	dirs []string

	mu    sync.RWMutex
	files dataFiles
}

func (o *overlayFS) set(files dataFiles) {
	o.mu.Lock()
	o.files = files
	o.mu.Unlock()
}

func (o *overlayFS) view() dataFiles {
	o.mu.RLock()
	defer o.mu.RUnlock()
	return o.files
}

// fixed returns a file system that reads files, which do not change, over
// the same root.
func (o *overlayFS) fixed(files dataFiles) *overlayFS {
	return &overlayFS{root: o.root, dirs: o.dirs, files: files}
}

func (o *overlayFS) isDataDir(name string) bool { return slices.Contains(o.dirs, name) }

// isDataFile reports whether name is a guide or category, which the
// version of the collection decides on.
func (o *overlayFS) isDataFile(name string) bool {
	base := path.Base(name)
	return o.isDataDir(path.Dir(name)) && strings.HasSuffix(base, ".md") && !strings.HasPrefix(base, ".")
}

// Open opens a data file from memory, lists a data folder as the version
// has it, and opens anything else from the root.
func (o *overlayFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	files := o.view()
	if o.isDataDir(name) {
		// The folder's other entries (folders, files that are not *.md,
		// hidden files) come from the disk, so that loading judges them
		// as it does for every command; its guides or categories are those
		// of the version.
		disk, err := o.root.ReadDir(name)
		if err != nil {
			return nil, err
		}
		var entries []fs.DirEntry
		for _, e := range disk {
			p := path.Join(name, e.Name())
			f, ok := files[p]
			switch {
			case !o.isDataFile(p) || ok && f.onDisk:
				entries = append(entries, e)
			case ok:
				entries = append(entries, fs.FileInfoToDirEntry(memInfo{name: e.Name(), size: int64(len(f.data))}))
			}
		}
		for p, f := range files {
			if path.Dir(p) == name && !f.onDisk && !slices.ContainsFunc(disk, func(e fs.DirEntry) bool { return e.Name() == path.Base(p) }) {
				// The last good version of a file that has gone.
				entries = append(entries, fs.FileInfoToDirEntry(memInfo{name: path.Base(p), size: int64(len(f.data))}))
			}
		}
		slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
		return &memDir{info: memInfo{name: path.Base(name), dir: true}, entries: entries}, nil
	}
	if o.isDataFile(name) {
		f, ok := files[name]
		switch {
		case !ok:
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
		case !f.onDisk:
			return &memFile{info: memInfo{name: path.Base(name), size: int64(len(f.data))}, data: f.data}, nil
		}
	}
	return o.root.Open(name)
}

// Resolve returns where name leads, as rootfs does: a file held in memory
// leads to itself.
func (o *overlayFS) Resolve(name string) (string, error) {
	if o.isDataFile(name) {
		if f, ok := o.view()[name]; ok && !f.onDisk {
			return name, nil
		}
	}
	return o.root.Resolve(name)
}

// memInfo describes a file or folder held in memory.
type memInfo struct {
	name string
	size int64
	dir  bool
}

func (i memInfo) Name() string { return i.name }
func (i memInfo) Size() int64  { return i.size }
func (i memInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return i.dir }
func (i memInfo) Sys() any           { return nil }

type memFile struct {
	info memInfo
	data []byte
	off  int
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Close() error               { return nil }
func (f *memFile) Read(p []byte) (int, error) {
	if f.off >= len(f.data) {
		return 0, io.EOF
	}
	n := copy(p, f.data[f.off:])
	f.off += n
	return n, nil
}

type memDir struct {
	info    memInfo
	entries []fs.DirEntry
	off     int
}

func (d *memDir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *memDir) Close() error               { return nil }
func (d *memDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.name, Err: errors.New("is a directory")}
}
func (d *memDir) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.off:]
	if n <= 0 {
		d.off = len(d.entries)
		return rest, nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	rest = rest[:min(n, len(rest))]
	d.off += len(rest)
	return rest, nil
}
