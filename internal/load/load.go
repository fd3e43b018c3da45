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
	"context"
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
	"time"
	"unicode/utf8"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/hugepage"
	"github.com/visual-guides/guides/internal/rootfs"
	"github.com/visual-guides/guides/internal/rules"
	"github.com/visual-guides/guides/internal/slab"
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
	// Now is the clock of the file rules (see rules.Files); nil means
	// time.Now.
	Now func() time.Time

	// plainMemory keeps every path and text in an allocation of its own,
	// without blocks or huge pages: the baseline of BenchmarkLoadMemory.
	plainMemory bool
}

// Load reads every category and guide of the collection at the root of
// fsys. Problems with the content come back as findings, and the collection
// holds every *.md file even when its front matter is broken, so that the
// collection rules see all ids. The error is for what stops loading
// altogether: a folder or file that cannot be read.
//
// A file that is not a regular file (a FIFO, a socket, a device, a folder
// named *.md) is never read: it is a finding of the not-regular-file rule.
// So is a symbolic link that leads outside the root or to a hidden file,
// of the outside-root rule, when fsys has links (see package rootfs), and a
// file larger than guides.MaxFileSize, of the limit rule.
func Load(fsys fs.FS, opts Options) (*guides.Collection, guides.Diagnostics, error) {
	return load(context.Background(), fsSystem{fsys}, opts)
}

// LoadRoot reads the collection at a root folder as Load does, with the
// fewest system calls the system allows: on Linux, a folder is listed
// without an object per entry, and a file is opened relative to its
// folder, confined to the root by the kernel, read and closed with one
// call each. It stops early, returning the context's error, when ctx is
// done.
func LoadRoot(ctx context.Context, root *rootfs.FS, opts Options) (*guides.Collection, guides.Diagnostics, error) {
	sys, err := rootSystem(root)
	if err != nil {
		return nil, nil, err
	}
	defer sys.close()
	return load(ctx, sys, opts)
}

// LoadDir reads the collection at the folder dir as LoadRoot does.
func LoadDir(dir string, opts Options) (*guides.Collection, guides.Diagnostics, error) {
	root, err := rootfs.New(dir)
	if err != nil {
		return nil, nil, err
	}
	defer root.Close()
	return LoadRoot(context.Background(), root, opts)
}

func load(ctx context.Context, sys system, opts Options) (*guides.Collection, guides.Diagnostics, error) {
	if ctx.Err() != nil {
		return nil, nil, context.Cause(ctx)
	}
	var stopped atomic.Bool
	defer context.AfterFunc(ctx, func() { stopped.Store(true) })()
	var diags guides.Diagnostics
	// The paths and the texts the workers keep share large blocks, on
	// huge pages (see package slab).
	var texts *slab.Region
	if !opts.plainMemory {
		texts = &slab.Region{Size: textBlock}
	}
	catFiles, err := list(sys, opts.CategoriesDir, opts.MissingOK, texts, &diags)
	if err != nil {
		return nil, nil, err
	}
	guideFiles, err := list(sys, opts.GuidesDir, opts.MissingOK, texts, &diags)
	if err != nil {
		return nil, nil, err
	}

	// One allocation for all categories and one for all guides, which
	// the workers fill: some 25 MB at 100,000 guides, on huge pages.
	categories := make([]guides.Category, len(catFiles))
	guideList := make([]guides.Guide, len(guideFiles))
	if texts != nil {
		hugepage.Slice(guideList)
	}
	wait := start(sys, len(catFiles)+len(guideFiles), opts.Workers, texts, &stopped, func(w *worker, i int) {
		w.rules.Now = opts.Now
		if i < len(catFiles) {
			f := &catFiles[i]
			if src, ok := w.read(f); ok {
				w.rules.Category(f.path, f.id, src, &categories[i], &w.diags)
			} else {
				categories[i] = guides.Category{ID: f.id, Path: f.path}
			}
			return
		}
		j := i - len(catFiles)
		f := &guideFiles[j]
		if src, ok := w.read(f); ok {
			w.rules.Guide(f.path, f.id, src, &guideList[j], &w.diags)
		} else {
			guideList[j] = guides.Guide{ID: f.id, Path: f.path}
		}
	})
	// A large folder is listed in the order the file system keeps it;
	// putting it in file-name order overlaps with reading.
	order := fileOrder(guideFiles)
	workers := wait()
	if stopped.Load() {
		return nil, nil, context.Cause(ctx)
	}

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
	path string      // slash-separated, relative to the root
	id   string      // a substring of path
	mode fs.FileMode // the type of the entry, as listed: a link is not followed
	dir  uint8       // which folder listed it, for the system that listed it
}

// list returns the *.md files of a folder, not always in file-name order
// (see fileOrder), and a warning for everything else in it. Names starting
// with "." are hidden and skipped; a *.md file whose name is not UTF-8 is
// an error, and not read.
func list(sys system, dir string, missingOK bool, texts *slab.Region, diags *guides.Diagnostics) ([]file, error) {
	prefix := dir + "/"
	if dir == "." {
		prefix = ""
	}
	if !fs.ValidPath(dir) {
		return nil, fmt.Errorf("reading the folder %s: %w", dir, fs.ErrInvalid)
	}
	entries, err := sys.readDir(dir, prefix, texts)
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
		case e.mode.IsDir() && strings.HasSuffix(name, ".md"):
			diags.Add(e.path, guides.FileStart(), guides.Error, guides.RuleNotRegularFile, "%s is a folder, not a file: a guide or category is a file", e.path)
			continue
		case e.mode.IsDir():
			diags.Add(e.path, guides.FileStart(), guides.Warning, guides.RuleStrayFile, "folder %s is ignored: only the *.md files of %s are read", guides.Quote(name), dir)
			continue
		case !strings.HasSuffix(name, ".md"):
			diags.Add(e.path, guides.FileStart(), guides.Warning, guides.RuleStrayFile, "file %s is ignored: only *.md files are guides or categories", guides.Quote(name))
			continue
		case !utf8.ValidString(name):
			// Such a name cannot be opened through fs.FS, nor be a URL.
			diags.Add(e.path, guides.FileStart(), guides.Error, guides.RuleEncoding, "the file name %s is not UTF-8; rename the file; it is not read", guides.Quote(name))
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
// workers. The workers keep texts in blocks of texts, unless it is nil.
func start(sys system, n, workers int, texts *slab.Region, stopped *atomic.Bool, work func(w *worker, i int)) (wait func() []*worker) {
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
		// What a worker keeps of its files lives as long as the
		// collection: in blocks shared by them.
		if texts != nil {
			w.rules.Expect(n/workers, texts)
		}
		pool[k] = w
		wg.Go(func() {
			w.src = sys.source()
			defer w.src.release()
			for {
				i := int(next.Add(1) - 1)
				if i >= n || stopped.Load() {
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

// textBlock is the size of the blocks of the paths and texts of a load:
// large enough for huge pages (see package hugepage), whose memory is
// resident only where it has been touched.
const textBlock = 4 << 20

// initialBuffer is the size of a worker's buffer at first: a typical guide
// fits in it. It grows to the largest file the worker reads.
const initialBuffer = 16 << 10

// read reads the whole file f into the worker's buffer, valid until its
// next read. ok is false when the file could not be read: a finding or the
// error is recorded.
func (w *worker) read(f *file) (src []byte, ok bool) {
	name := f.path
	size, err := w.src.open(f)
	if err != nil {
		if !w.refuse(name, err) {
			w.fail(name, fmt.Errorf("reading %s: %w", name, unwrapPathError(err)))
		}
		return nil, false
	}
	defer w.src.close()
	if size > guides.MaxFileSize {
		w.tooLarge(name)
		return nil, false
	}
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
		if len(buf) > guides.MaxFileSize {
			w.buf = buf[:0]
			w.tooLarge(name)
			return nil, false
		}
		if err == io.EOF || err == nil && n < asked && (size < 0 || int64(len(buf)) == size) {
			// A regular file gives less than asked only at its end.
			break
		}
		if err != nil {
			w.buf = buf[:0]
			if !w.refuse(name, err) {
				w.fail(name, fmt.Errorf("reading %s: %w", name, unwrapPathError(err)))
			}
			return nil, false
		}
	}
	w.buf = buf[:0]
	return buf, true
}

// refuse records a finding for a file that is not read because of what it
// is or where it leads, and reports whether err was such a reason.
func (w *worker) refuse(name string, err error) bool {
	var le *rootfs.LinkError
	var ne *rootfs.NotRegularError
	switch {
	case errors.As(err, &le):
		w.diags.Add(name, guides.FileStart(), guides.Error, guides.RuleOutsideRoot, "%s; the file is not read", le)
	case errors.As(err, &ne):
		w.diags.Add(name, guides.FileStart(), guides.Error, guides.RuleNotRegularFile, "%s is %s, not a regular file; it is not read", name, rootfs.Kind(ne.Mode))
	case errors.Is(err, rootfs.ErrNotRegular):
		w.diags.Add(name, guides.FileStart(), guides.Error, guides.RuleNotRegularFile, "%s is not a regular file; it is not read", name)
	default:
		return false
	}
	return true
}

// tooLarge records a finding for a file larger than guides read.
func (w *worker) tooLarge(name string) { tooLarge(&w.diags, name) }

func tooLarge(ds *guides.Diagnostics, name string) {
	ds.Add(name, guides.FileStart(), guides.Error, guides.RuleLimit, "the file is larger than %d MiB, the most a guide or category may be; it is not read", guides.MaxFileSize>>20)
}
