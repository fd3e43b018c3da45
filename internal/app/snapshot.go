package app

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"time"
)

// dataFiles is the text of the *.md files of a collection's data folders,
// by path relative to the root: a version of the collection held in
// memory, which serve judges and publishes as it is, so that what it
// publishes is exactly what it judged, whatever happens on disk meanwhile.
type dataFiles map[string][]byte

// snapshot keeps the collection's data files in memory and reads again
// those that changed on disk.
type snapshot struct {
	root  string
	dirs  []string // the data folders, relative to the root
	files dataFiles
	stamp map[string]fileStamp
}

// fileStamp tells whether a file changed since it was read.
type fileStamp struct {
	size    int64
	modTime time.Time
}

func newSnapshot(root string, dirs ...string) *snapshot {
	return &snapshot{root: root, dirs: dirs, files: dataFiles{}, stamp: map[string]fileStamp{}}
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
		entries, err := os.ReadDir(joinPath(s.root, dir))
		if err != nil {
			return nil, fmt.Errorf("reading the folder %s: %w", dir, errors.Unwrap(err))
		}
		for _, e := range entries {
			name := e.Name()
			if strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".md") || e.IsDir() {
				continue
			}
			p := path.Join(dir, name)
			info, err := e.Info()
			if err != nil || !info.Mode().IsRegular() {
				continue
			}
			st := fileStamp{info.Size(), info.ModTime()}
			if old, ok := s.files[p]; ok && !force[p] && s.stamp[p] == st {
				next[p], stamps[p] = old, st
				continue
			}
			data, err := os.ReadFile(joinPath(s.root, p))
			if err != nil {
				continue
			}
			next[p], stamps[p] = data, st
		}
	}
	s.files, s.stamp = next, stamps
	return next, nil
}

// with returns files with the files of good in place of those named in
// bad, and without those good has no version of.
func (f dataFiles) with(good dataFiles, bad []string) dataFiles {
	out := maps.Clone(f)
	for _, p := range bad {
		if data, ok := good[p]; ok {
			out[p] = data
		} else {
			delete(out, p)
		}
	}
	return out
}

// changedFrom returns the paths whose text differs between f and old, in
// order.
func (f dataFiles) changedFrom(old dataFiles) []string {
	var out []string
	for p, data := range f {
		if o, ok := old[p]; !ok || string(o) != string(data) {
			out = append(out, p)
		}
	}
	for p := range old {
		if _, ok := f[p]; !ok {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// overlayFS is the collection's root with its data folders read from
// memory: the files of the version of the collection being judged or
// built. Everything else (layouts, images, guides.yaml) is read from the
// root.
type overlayFS struct {
	root fs.FS
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

// Open opens a data file from memory, lists a data folder from memory, and
// opens anything else from the root.
func (o *overlayFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	files := o.view()
	if o.isDataDir(name) {
		// The folder's other entries (folders, files that are not *.md)
		// come from the disk, so that loading warns of them as it does for
		// every command; its guides or categories come from memory.
		disk, err := fs.ReadDir(o.root, name)
		if err != nil {
			return nil, err
		}
		var entries []fs.DirEntry
		for _, e := range disk {
			if e.IsDir() || !strings.HasSuffix(e.Name(), ".md") || strings.HasPrefix(e.Name(), ".") {
				entries = append(entries, e)
			}
		}
		for p := range files {
			if path.Dir(p) == name {
				entries = append(entries, fs.FileInfoToDirEntry(memInfo{name: path.Base(p), size: int64(len(files[p]))}))
			}
		}
		slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
		return &memDir{info: memInfo{name: path.Base(name), dir: true}, entries: entries}, nil
	}
	if o.isDataDir(path.Dir(name)) && strings.HasSuffix(name, ".md") {
		data, ok := files[name]
		if !ok {
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
		}
		return &memFile{info: memInfo{name: path.Base(name), size: int64(len(data))}, data: data}, nil
	}
	return o.root.Open(name)
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
