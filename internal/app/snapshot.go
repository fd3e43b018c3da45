package app

import (
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/rootfs"
)

// dataFiles is the text of the *.md files of a collection's data folders,
// by path relative to the root: a version of the collection, which serve
// judges and publishes as it is, so that what it publishes is exactly what
// it judged, whatever happens on disk meanwhile. The texts are kept in a
// pack, on disk. A file held as onDisk is not kept (a symbolic link that
// leads out of the root, something that is not a regular file, a file over
// the size limit): it is read from the root, where loading finds what is
// wrong with it, as it does for every command.
type dataFiles map[string]dataFile

// dataFile is one file of a version of the collection: where its text is
// in the pack, and a hash of it.
type dataFile struct {
	at     packRef
	sum    uint64
	onDisk bool
}

// pack keeps texts on disk, in a temporary file that has no name, so that
// a version of every file of a large collection costs no memory and goes
// with the process however it ends. Texts are only added: the file grows
// with what is saved while it lives.
type pack struct {
	mu   sync.Mutex
	f    *os.File
	size int64
}

// packRef is where a text is in a pack.
type packRef struct {
	off int64
	n   int
}

// newPack makes a pack in the system's temporary folder.
func newPack() (*pack, error) {
	f, err := os.CreateTemp("", ".guides-serve-*")
	if err != nil {
		return nil, fmt.Errorf("making the cache of the collection's files: %w", err)
	}
	// Removed at once: the file lives as long as it is open. A system
	// that cannot remove an open file removes it on Close.
	os.Remove(f.Name())
	return &pack{f: f}, nil
}

// add keeps data and returns where it is.
func (p *pack) add(data []byte) (packRef, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	at := packRef{p.size, len(data)}
	if _, err := p.f.WriteAt(data, p.size); err != nil {
		return packRef{}, fmt.Errorf("keeping a version of a file: %w", err)
	}
	p.size += int64(len(data))
	return at, nil
}

// read returns the text at r.
func (p *pack) read(r packRef) ([]byte, error) {
	data := make([]byte, r.n)
	if _, err := p.f.ReadAt(data, r.off); err != nil {
		return nil, fmt.Errorf("reading a kept version of a file: %w", err)
	}
	return data, nil
}

// Close removes the pack.
func (p *pack) Close() error {
	name := p.f.Name()
	err := p.f.Close()
	os.Remove(name) // gone already, where the system allows it
	return err
}

// snapshot keeps the collection's data files in its pack and reads again
// those that changed on disk. It reads through the root's confined file
// system, as every command does.
type snapshot struct {
	fsys  *rootfs.FS
	dirs  []string // the data folders, relative to the root
	pack  *pack
	files dataFiles
	stamp map[string]fileStamp
}

// fileStamp tells whether a file changed since it was read.
type fileStamp struct {
	size    int64
	modTime time.Time
}

func newSnapshot(fsys *rootfs.FS, p *pack, dirs ...string) *snapshot {
	return &snapshot{fsys: fsys, dirs: dirs, pack: p, files: dataFiles{}, stamp: map[string]fileStamp{}}
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
			if ok && !force[p] && s.stamp[p] == st {
				if old, ok := s.files[p]; ok && !old.onDisk {
					next[p], stamps[p] = old, st
					continue
				}
			}
			f, err := s.read(p, ok)
			if err != nil {
				return nil, err
			}
			next[p] = f
			if !f.onDisk {
				stamps[p] = st
			}
		}
	}
	s.files, s.stamp = next, stamps
	return next, nil
}

// refreshFiles reads again the files at paths alone, without reading the
// data folders: at 10,000 guides the folders' stat calls cost more than
// the edit. A path that is no longer there is dropped, and a new one is
// read; every path must be a file of a data folder (isDataFile).
func (s *snapshot) refreshFiles(paths []string) (dataFiles, error) {
	next := maps.Clone(s.files)
	stamps := maps.Clone(s.stamp)
	for _, p := range paths {
		delete(next, p)
		delete(stamps, p)
		st, ok := s.stat(p)
		if !ok && !s.exists(p) {
			continue // removed
		}
		f, err := s.read(p, ok)
		if err != nil {
			return nil, err
		}
		next[p] = f
		if !f.onDisk {
			stamps[p] = st
		}
	}
	s.files, s.stamp = next, stamps
	return next, nil
}

// stat returns the stamp of the file at p, through links that stay inside
// the root; ok is false when the file cannot be kept (an error, not a
// regular file, over the size limit).
func (s *snapshot) stat(p string) (st fileStamp, ok bool) {
	info, err := s.fsys.Stat(p)
	if err != nil || !info.Mode().IsRegular() || info.Size() > guides.MaxFileSize {
		return fileStamp{}, false
	}
	return fileStamp{info.Size(), info.ModTime()}, true
}

// exists reports whether there is anything at p, a link that leads nowhere
// among them: loading judges it.
func (s *snapshot) exists(p string) bool {
	_, err := s.fsys.Lstat(p)
	return err == nil
}

// read keeps the file at p in the pack, or returns it held on disk when
// it cannot be kept (regular says whether stat found a file it can keep).
func (s *snapshot) read(p string, regular bool) (dataFile, error) {
	if !regular {
		return dataFile{onDisk: true}, nil
	}
	data, err := s.fsys.ReadFile(p)
	if err != nil || len(data) > guides.MaxFileSize {
		return dataFile{onDisk: true}, nil
	}
	at, err := s.pack.add(data)
	if err != nil {
		return dataFile{}, err
	}
	return dataFile{at: at, sum: sum64(data)}, nil
}

// sum64 is a hash of a file's text, which tells whether an edit changed
// it.
func sum64(data []byte) uint64 {
	h := fnv.New64a()
	h.Write(data)
	return h.Sum64()
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
//
// An overlayFS does not change: each version of the collection has one.
// With only set, its data folders list those of their entries alone, so
// that loading it judges the entries an edit changed and nothing else.
type overlayFS struct {
	root  *rootfs.FS
	dirs  []string
	pack  *pack
	files dataFiles
	only  map[string]bool
}

func (o *overlayFS) view() dataFiles { return o.files }

// fixed returns the version files over the same root.
func (o *overlayFS) fixed(files dataFiles) *overlayFS {
	return &overlayFS{root: o.root, dirs: o.dirs, pack: o.pack, files: files}
}

// restricted returns o with its data folders listing the entries of only
// alone.
func (o *overlayFS) restricted(only map[string]bool) *overlayFS {
	r := *o
	r.only = only
	return &r
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
		entries, err := o.list(name)
		if err != nil {
			return nil, err
		}
		return &memDir{info: memInfo{name: path.Base(name), dir: true}, entries: entries}, nil
	}
	if o.isDataFile(name) {
		f, ok := files[name]
		switch {
		case !ok:
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
		case !f.onDisk:
			data, err := o.pack.read(f.at)
			if err != nil {
				return nil, &fs.PathError{Op: "open", Path: name, Err: err}
			}
			return &memFile{info: memInfo{name: path.Base(name), size: int64(len(data))}, data: data}, nil
		}
	}
	return o.root.Open(name)
}

// list lists the data folder dir: its guides or categories are those of
// the version; its other entries (folders, files that are not *.md, hidden
// files) come from the disk, so that loading judges them as it does for
// every command. With only set, the disk is asked about those entries
// alone.
func (o *overlayFS) list(dir string) ([]fs.DirEntry, error) {
	var disk []fs.DirEntry
	if o.only == nil {
		var err error
		if disk, err = o.root.ReadDir(dir); err != nil {
			return nil, err
		}
	} else {
		if _, err := o.root.Stat(dir); err != nil {
			return nil, err
		}
		for p := range o.only {
			if path.Dir(p) != dir {
				continue
			}
			if info, err := o.root.Lstat(p); err == nil {
				disk = append(disk, fs.FileInfoToDirEntry(info))
			}
		}
	}
	var entries []fs.DirEntry
	for _, e := range disk {
		p := path.Join(dir, e.Name())
		f, ok := o.files[p]
		switch {
		case !o.isDataFile(p) || ok && f.onDisk:
			entries = append(entries, e)
		case ok:
			entries = append(entries, fs.FileInfoToDirEntry(memInfo{name: e.Name(), size: int64(f.at.n)}))
		}
	}
	for _, p := range o.versionOnly(dir, disk) {
		// The last good version of a file that has gone.
		entries = append(entries, fs.FileInfoToDirEntry(memInfo{name: path.Base(p), size: int64(o.files[p].at.n)}))
	}
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, nil
}

// versionOnly returns the files of the version in the data folder dir that
// the folder's entries on disk do not have.
func (o *overlayFS) versionOnly(dir string, disk []fs.DirEntry) []string {
	onDisk := make(map[string]bool, len(disk))
	for _, e := range disk {
		onDisk[e.Name()] = true
	}
	var out []string
	if o.only != nil {
		for p := range o.only {
			if f, ok := o.files[p]; ok && path.Dir(p) == dir && !f.onDisk && !onDisk[path.Base(p)] {
				out = append(out, p)
			}
		}
		return out
	}
	for p, f := range o.files {
		if path.Dir(p) == dir && !f.onDisk && !onDisk[path.Base(p)] {
			out = append(out, p)
		}
	}
	return out
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
