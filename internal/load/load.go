// Package load reads a guide collection into a guides.Collection, running
// the file rules of package rules on every file as it is read.
//
// Files are read concurrently by a bounded pool of workers, each with its
// own buffer and front-matter parser. Results are placed by index, so the
// collection and the findings never depend on timing. A loaded collection
// holds, for each file, its fields and not much more: memory grows with the
// front matter, not with the bodies.
package load

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/rules"
)

// Options say where a collection's files are.
type Options struct {
	// GuidesDir and CategoriesDir are slash-separated paths relative to
	// the collection root, such as "data/guides".
	GuidesDir     string
	CategoriesDir string
	// Workers bounds the number of files read at once; 0 picks a number
	// suited to the machine.
	Workers int
	// MissingOK lists a data folder that does not exist as empty, for a
	// collection that is just starting.
	MissingOK bool
}

// Load reads every category and guide of the collection at the root of
// fsys. Problems with the content come back as findings, and the collection
// holds every *.md file even when its front matter is broken, so that the
// collection rules see all ids. The error is for what stops loading
// altogether: a folder or file that cannot be read.
func Load(fsys fs.FS, opts Options) (*guides.Collection, guides.Diagnostics, error) {
	return load(fsSystem{fsys}, opts)
}

// LoadDir reads the collection at the folder dir of the operating system,
// as Load does, with the fewest system calls the system allows: on Linux,
// a folder is listed without an object per entry, and a file is opened
// relative to the root, measured, read and closed with one call each.
func LoadDir(dir string, opts Options) (*guides.Collection, guides.Diagnostics, error) {
	sys, err := newDirSystem(dir)
	if err != nil {
		return nil, nil, err
	}
	defer sys.close()
	return load(sys, opts)
}

// system is where a collection's files come from.
type system interface {
	// readDir lists the folder dir as files whose path is prefix+name and
	// whose id is, for now, the whole name, in any order.
	readDir(dir, prefix string) ([]file, error)
	// source returns a reader of files for one worker.
	source() source
}

// source opens and reads the files of a collection, one at a time, for
// one worker.
type source interface {
	// open opens the file at name and returns its size, as the file
	// system reports it when the file is opened, or -1 when the source
	// does not ask for it.
	open(name string) (size int64, err error)
	read(p []byte) (int, error) // io.EOF at the end
	close() error
	release() // when the worker is done
}

func load(sys system, opts Options) (*guides.Collection, guides.Diagnostics, error) {
	var diags guides.Diagnostics
	catFiles, err := list(sys, opts.CategoriesDir, opts.MissingOK, &diags)
	if err != nil {
		return nil, nil, err
	}
	guideFiles, err := list(sys, opts.GuidesDir, opts.MissingOK, &diags)
	if err != nil {
		return nil, nil, err
	}

	// One allocation for all categories and one for all guides.
	categories := make([]guides.Category, len(catFiles))
	guideList := make([]guides.Guide, len(guideFiles))
	wait := start(sys, len(catFiles)+len(guideFiles), opts.Workers, func(w *worker, i int) {
		if i < len(catFiles) {
			f := catFiles[i]
			if src, ok := w.read(f.path); ok {
				w.rules.Category(f.path, f.id, src, &categories[i], &w.diags)
			} else {
				categories[i] = guides.Category{ID: f.id, Path: f.path}
			}
			return
		}
		j := i - len(catFiles)
		f := guideFiles[j]
		if src, ok := w.read(f.path); ok {
			w.rules.Guide(f.path, f.id, src, &guideList[j], &w.diags)
		} else {
			guideList[j] = guides.Guide{ID: f.id, Path: f.path}
		}
	})
	// A large folder is listed in the order the file system keeps it;
	// putting it in file-name order overlaps with reading.
	order := fileOrder(guideFiles)
	workers := wait()

	var firstErr error
	firstPath := ""
	for _, w := range workers {
		if w.err != nil && (firstErr == nil || w.errPath < firstPath) {
			firstErr, firstPath = w.err, w.errPath
		}
		diags = append(diags, w.diags...)
	}
	if firstErr != nil {
		return nil, nil, firstErr
	}
	catPtrs := make([]*guides.Category, len(categories))
	for i := range categories {
		catPtrs[i] = &categories[i]
	}
	guidePtrs := make([]*guides.Guide, len(guideList))
	for k, i := range order {
		guidePtrs[k] = &guideList[i]
	}
	return guides.NewCollection(catPtrs, guidePtrs), diags, nil
}

// file is one *.md file to load.
type file struct {
	path  string // slash-separated, relative to the root
	id    string // a substring of path
	isDir bool   // while listing: the name is a folder's
}

// list returns the *.md files of a folder, not always in file-name order
// (see fileOrder), and a warning for everything else in it. Names starting
// with "." are hidden and skipped.
func list(sys system, dir string, missingOK bool, diags *guides.Diagnostics) ([]file, error) {
	prefix := dir + "/"
	if dir == "." {
		prefix = ""
	}
	if !fs.ValidPath(dir) {
		return nil, fmt.Errorf("reading the folder %s: %w", dir, fs.ErrInvalid)
	}
	entries, err := sys.readDir(dir, prefix)
	if missingOK && errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the folder %s: %w", dir, unwrapPathError(err))
	}
	files := entries[:0] // filtered in place
	for _, e := range entries {
		name := e.id
		switch {
		case strings.HasPrefix(name, "."):
			continue
		case e.isDir:
			diags.Add(e.path, guides.FileStart(), guides.Warning, guides.RuleStrayFile, "folder %s is ignored: only the *.md files of %s are read", guides.Quote(name), dir)
			continue
		case !strings.HasSuffix(name, ".md"):
			diags.Add(e.path, guides.FileStart(), guides.Warning, guides.RuleStrayFile, "file %s is ignored: only *.md files are guides or categories", guides.Quote(name))
			continue
		}
		e.id = strings.TrimSuffix(name, ".md")
		files = append(files, e)
	}
	return files, nil
}

// fileOrder returns the indices of files in file-name order. A million
// paths sort several times faster by a key of their first 16 bytes after the
// folder's prefix, compared as two integers, than as strings through
// pointers; only equal keys compare the strings.
func fileOrder(files []file) []int32 {
	byPath := func(a, b file) int { return strings.Compare(a.path, b.path) }
	if slices.IsSortedFunc(files, byPath) {
		order := make([]int32, len(files))
		for i := range order {
			order[i] = int32(i)
		}
		return order
	}
	type key struct {
		hi, lo uint64
		i      int32
	}
	keys := make([]key, len(files))
	for i, f := range files {
		name := f.path[len(f.path)-len(f.id)-len(".md"):]
		var b [16]byte
		copy(b[:], name)
		keys[i] = key{binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:]), int32(i)}
	}
	slices.SortFunc(keys, func(a, b key) int {
		if c := cmp.Or(cmp.Compare(a.hi, b.hi), cmp.Compare(a.lo, b.lo)); c != 0 {
			return c
		}
		return strings.Compare(files[a.i].path, files[b.i].path)
	})
	order := make([]int32, len(files))
	for k, key := range keys {
		order[k] = key.i
	}
	return order
}

// unwrapPathError drops the path of a *fs.PathError, which the caller
// names already.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// worker is the state of one goroutine of the pool: a read buffer and the
// file rules it reuses for every file, and what it found.
type worker struct {
	src     source
	buf     []byte
	rules   rules.Files
	diags   guides.Diagnostics
	err     error // the I/O error of the first file in file-name order
	errPath string
}

// fail records an I/O error on the file at path, keeping the one of the
// first file in file-name order, so that the error reported never depends
// on timing.
func (w *worker) fail(path string, err error) {
	if w.err == nil || path < w.errPath {
		w.err, w.errPath = err, path
	}
}

// start calls work for every index in [0, n) on a bounded pool of
// goroutines, and returns a function that waits for them and returns their
// workers.
func start(sys system, n, workers int, work func(w *worker, i int)) (wait func() []*worker) {
	if workers <= 0 {
		// Reading is mostly waiting on the kernel when the files are not
		// cached, so a few more goroutines than cores keeps every core busy.
		workers = 2 * runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, n))
	pool := make([]*worker, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for k := range pool {
		w := &worker{buf: make([]byte, 0, initialBuffer)}
		pool[k] = w
		wg.Go(func() {
			w.src = sys.source()
			defer w.src.release()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				work(w, i)
			}
		})
	}
	return func() []*worker {
		wg.Wait()
		return pool
	}
}

// initialBuffer is the size of a worker's buffer at first: a typical guide
// fits in it. It grows to the largest file the worker reads.
const initialBuffer = 16 << 10

// read reads the whole file at name into the worker's buffer, valid until
// its next read. ok is false when the file could not be read; the error is
// recorded.
func (w *worker) read(name string) (src []byte, ok bool) {
	size, err := w.src.open(name)
	if err != nil {
		w.fail(name, fmt.Errorf("reading %s: %w", name, unwrapPathError(err)))
		return nil, false
	}
	defer w.src.close()
	buf := w.buf[:0]
	// With the size known, one byte more than it, so that a file read
	// whole is known to be at its end without another call; a file that
	// grew meanwhile is read on.
	if want := int(min(size, 1<<30)) + 1; cap(buf) < want {
		buf = make([]byte, 0, want)
	}
	for {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, cap(buf))
		}
		asked := cap(buf) - len(buf)
		n, err := w.src.read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF || err == nil && n < asked && (size < 0 || int64(len(buf)) == size) {
			// A regular file gives less than asked only at its end.
			break
		}
		if err != nil {
			w.fail(name, fmt.Errorf("reading %s: %w", name, unwrapPathError(err)))
			w.buf = buf[:0]
			return nil, false
		}
	}
	w.buf = buf[:0]
	return buf, true
}
