// Package load reads a guide collection from a file system into a
// guides.Collection, with a diagnostic for everything wrong in a single file.
//
// Only the front matter of each file is read, never the whole body, and
// files are read concurrently by a bounded pool of workers. Results are
// placed by index, so the collection and the diagnostics never depend on
// timing. A loaded collection holds, for each file, its fields and not much
// more: memory grows with the front matter, not with the bodies.
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
	"unicode/utf8"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/frontmatter"
)

// Options says where a collection's files are.
type Options struct {
	// GuidesDir and CategoriesDir are slash-separated paths in the file
	// system, such as "data/guides".
	GuidesDir     string
	CategoriesDir string
	// Workers bounds the number of files read at once; 0 picks a number
	// suited to the machine.
	Workers int
}

// Load reads every category and guide. Problems with the content come back
// as diagnostics, and the collection holds every *.md file even when its
// front matter is broken, so that cross-file checks see all ids. The error
// is for what stops loading altogether: a folder or file that cannot be
// read.
func Load(fsys fs.FS, opts Options) (*guides.Collection, guides.Diagnostics, error) {
	var diags guides.Diagnostics
	catFiles, err := list(fsys, opts.CategoriesDir, &diags)
	if err != nil {
		return nil, nil, err
	}
	guideFiles, err := list(fsys, opts.GuidesDir, &diags)
	if err != nil {
		return nil, nil, err
	}

	// One allocation for all categories and one for all guides.
	categories := make([]guides.Category, len(catFiles))
	guideList := make([]guides.Guide, len(guideFiles))
	wait := start(fsys, len(catFiles)+len(guideFiles), opts.Workers, func(w *worker, i int) {
		if i < len(catFiles) {
			w.loadCategory(catFiles[i], &categories[i])
			return
		}
		j := i - len(catFiles)
		w.loadGuide(guideFiles[j], &guideList[j])
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
// (see fileOrder), and a warning for everything else in it. Names starting with "." are hidden and skipped.
func list(fsys fs.FS, dir string, diags *guides.Diagnostics) ([]file, error) {
	prefix := dir + "/"
	if dir == "." {
		prefix = ""
	}
	entries, err := readDir(fsys, dir, prefix)
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
			diags.Add(e.path, guides.FileStart(), guides.Warning, guides.RuleStrayFile, "folder %s is ignored: only the *.md files of %s are read", name, dir)
			continue
		case !strings.HasSuffix(name, ".md"):
			diags.Add(e.path, guides.FileStart(), guides.Warning, guides.RuleStrayFile, "file %s is ignored: only *.md files are guides or categories", name)
			continue
		}
		e.id = strings.TrimSuffix(name, ".md")
		files = append(files, e)
	}
	return files, nil
}

// readDir lists a folder, in file-name order or in the order the file
// system keeps it, as files whose path is prefix+name and whose id is, for
// now, the whole name.
func readDir(fsys fs.FS, dir, prefix string) ([]file, error) {
	if d, ok := fsys.(dirFS); ok {
		if files, ok, err := readDirRaw(d.dir, dir, prefix); ok {
			return files, err
		}
	}
	entries, err := fs.ReadDir(fsys, dir)
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

// worker is the state of one goroutine of the pool: a read buffer and a
// parser it reuses for every file, and what it found.
type worker struct {
	src     source
	buf     []byte
	parser  frontmatter.Parser
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
func start(fsys fs.FS, n, workers int, work func(w *worker, i int)) (wait func() []*worker) {
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
		w := &worker{buf: make([]byte, 0, initialRead)}
		pool[k] = w
		wg.Go(func() {
			w.src = newSource(fsys)
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

// initialRead is the size of the first read of every file: the front matter
// of a typical guide and the start of its body fit in it. Later reads of a
// file read up to readChunk bytes.
const (
	initialRead = 1024
	readChunk   = 8192
)

// front is what reading the start of a file found.
type front struct {
	src   []byte // the bytes read: the front matter and perhaps some of the body
	parts frontmatter.Parts
	empty bool // the body is only white space
}

// read reads name until the end of its front matter and far enough into
// the body to know whether it is empty. A missing or unclosed front matter
// is a *frontmatter.Error. The bytes are in the worker's buffer, valid until
// its next read.
func (w *worker) read(name string) (front, error) {
	f := w.src
	if err := f.open(name); err != nil {
		return front{}, err
	}
	defer f.close()
	buf := w.buf[:0]
	defer func() { w.buf = buf[:0] }()
	atEOF := false
	fill := func() error {
		if len(buf) == cap(buf) {
			buf = append(buf, make([]byte, readChunk)...)[:len(buf)]
		}
		want := cap(buf)
		if len(buf) == 0 {
			want = min(want, initialRead)
		}
		n, err := f.read(buf[len(buf):want])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			atEOF = true
			return nil
		}
		return err
	}
	for {
		if err := fill(); err != nil {
			return front{}, err
		}
		parts, err := frontmatter.Split(buf, atEOF)
		if err == frontmatter.ErrNeedMore {
			continue
		}
		if err != nil {
			return front{src: buf}, err
		}
		for {
			if !isSpace(buf[parts.Body:]) {
				return front{src: buf, parts: parts}, nil
			}
			if atEOF {
				return front{src: buf, parts: parts, empty: true}, nil
			}
			if err := fill(); err != nil {
				return front{}, err
			}
		}
	}
}

func isSpace(b []byte) bool {
	for _, c := range b {
		switch c {
		case ' ', '\t', '\n', '\r', '\f', '\v':
		default:
			return false
		}
	}
	return true
}

// parseFile reads and parses the front matter of f. It returns ok false,
// with a diagnostic or an I/O error recorded, when there are no fields to
// decode. The fields are borrowed from the worker: valid until its next
// file.
func (w *worker) parseFile(f file) (fields []frontmatter.Field, body guides.BodyRef, ok bool) {
	fr, err := w.read(f.path)
	var fe *frontmatter.Error
	if errors.As(err, &fe) {
		if bad, pos := invalidUTF8(fr.src); bad {
			w.diags.Add(f.path, pos, guides.Error, guides.RuleEncoding, "the file is not UTF-8 text")
			return nil, body, false
		}
		w.diags.Add(f.path, fe.Pos, guides.Error, guides.RuleFrontMatter, "%s", fe.Msg)
		return nil, body, false
	}
	if err != nil {
		w.fail(f.path, fmt.Errorf("reading %s: %w", f.path, unwrapPathError(err)))
		return nil, body, false
	}
	body = guides.BodyRef{Offset: int32(fr.parts.Body), Line: int32(fr.parts.BodyLine), Empty: fr.empty}
	if bad, pos := invalidUTF8(fr.src[:fr.parts.Body]); bad {
		w.diags.Add(f.path, pos, guides.Error, guides.RuleEncoding, "the front matter is not UTF-8 text")
		return nil, body, false
	}
	fields, err = w.parser.ParseBorrowed(fr.parts.Front, fr.parts.FrontLine)
	if errors.As(err, &fe) {
		w.diags.Add(f.path, fe.Pos, guides.Error, guides.RuleYAML, "%s", fe.Msg)
		return nil, body, false
	}
	if err != nil {
		w.fail(f.path, fmt.Errorf("parsing %s: %w", f.path, err))
		return nil, body, false
	}
	return fields, body, true
}

// invalidUTF8 reports whether b is not UTF-8, and where the first bad byte
// is.
func invalidUTF8(b []byte) (bool, guides.Pos) {
	if utf8.Valid(b) {
		return false, guides.Pos{}
	}
	pos := guides.Pos{Line: 1, Col: 1}
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			return true, pos
		}
		if r == '\n' {
			pos.Line, pos.Col = pos.Line+1, 1
		} else {
			pos.Col += size
		}
		b = b[size:]
	}
	return true, pos
}
