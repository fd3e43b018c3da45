// Package load reads a guide collection from a file system into a
// guides.Collection, with a diagnostic for everything wrong in a single file.
//
// Only the front matter of each file is read, never the whole body, and
// files are read concurrently by a bounded pool of workers. Results are
// placed by index, so the collection and the diagnostics never depend on
// timing.
package load

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"runtime"
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

	categories := make([]*guides.Category, len(catFiles))
	guideList := make([]*guides.Guide, len(guideFiles))
	fileDiags := make([]guides.Diagnostics, len(catFiles)+len(guideFiles))
	errs := make([]error, len(catFiles)+len(guideFiles))

	run(len(catFiles)+len(guideFiles), opts.Workers, func(i int, r *reader) {
		if i < len(catFiles) {
			f := catFiles[i]
			categories[i], fileDiags[i], errs[i] = loadCategory(fsys, f, r)
			return
		}
		j := i - len(catFiles)
		f := guideFiles[j]
		guideList[j], fileDiags[i], errs[i] = loadGuide(fsys, f, r)
	})
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}
	for _, ds := range fileDiags {
		diags = append(diags, ds...)
	}
	return guides.NewCollection(categories, guideList), diags, nil
}

// file is one *.md file to load.
type file struct {
	path string // slash-separated, relative to the root
	id   string
}

// list returns the *.md files of a folder in file-name order, and a warning
// for everything else in it. Names starting with "." are hidden and skipped.
func list(fsys fs.FS, dir string, diags *guides.Diagnostics) ([]file, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("reading the folder %s: %w", dir, unwrapPathError(err))
	}
	files := make([]file, 0, len(entries))
	for _, e := range entries {
		name := e.Name()
		p := path.Join(dir, name)
		switch {
		case strings.HasPrefix(name, "."):
			continue
		case e.IsDir():
			diags.Add(p, guides.FileStart(), guides.Warning, guides.RuleStrayFile, "folder %s is ignored: only the *.md files of %s are read", name, dir)
			continue
		case !strings.HasSuffix(name, ".md") || name == ".md":
			diags.Add(p, guides.FileStart(), guides.Warning, guides.RuleStrayFile, "file %s is ignored: only *.md files are guides or categories", name)
			continue
		}
		files = append(files, file{path: p, id: strings.TrimSuffix(name, ".md")})
	}
	return files, nil
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

// run calls work(i) for every i in [0, n) on a bounded pool of goroutines,
// each with a reader of its own.
func run(n, workers int, work func(i int, r *reader)) {
	if workers <= 0 {
		// Reading is mostly waiting on the kernel when the files are not
		// cached, so a few more goroutines than cores keeps every core busy.
		workers = 2 * runtime.GOMAXPROCS(0)
	}
	workers = min(workers, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			r := &reader{buf: make([]byte, 0, initialRead)}
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				work(i, r)
			}
		})
	}
	wg.Wait()
}

// initialRead is the size of the first read of every file: the front matter
// of a typical guide and the start of its body fit in it.
const initialRead = 4096

// reader reads the front matter of files into a buffer it reuses.
type reader struct {
	buf []byte
}

// front is what reading the start of a file found.
type front struct {
	src   []byte // the bytes read: the front matter and perhaps some of the body
	parts frontmatter.Parts
	empty bool // the body is only white space
}

// read reads name until the end of its front matter and far enough into
// the body to know whether it is empty. A missing or unclosed front matter
// is a *frontmatter.Error.
func (r *reader) read(fsys fs.FS, name string) (front, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return front{}, err
	}
	defer f.Close()
	buf := r.buf[:0]
	atEOF := false
	fill := func() error {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			atEOF = true
			return nil
		}
		return err
	}
	defer func() { r.buf = buf[:0] }()
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
// with a diagnostic, when the front matter cannot be parsed at all; the
// error is an I/O error.
func parseFile(fsys fs.FS, f file, r *reader, diags *guides.Diagnostics) (fields []frontmatter.Field, body guides.BodyRef, ok bool, err error) {
	fr, err := r.read(fsys, f.path)
	var fe *frontmatter.Error
	if errors.As(err, &fe) {
		if bad, pos := invalidUTF8(fr.src); bad {
			diags.Add(f.path, pos, guides.Error, guides.RuleEncoding, "the file is not UTF-8 text")
			return nil, body, false, nil
		}
		diags.Add(f.path, fe.Pos, guides.Error, guides.RuleFrontMatter, "%s", fe.Msg)
		return nil, body, false, nil
	}
	if err != nil {
		return nil, body, false, fmt.Errorf("reading %s: %w", f.path, unwrapPathError(err))
	}
	body = guides.BodyRef{Offset: fr.parts.Body, Line: fr.parts.BodyLine, Empty: fr.empty}
	if bad, pos := invalidUTF8(fr.src[:fr.parts.Body]); bad {
		diags.Add(f.path, pos, guides.Error, guides.RuleEncoding, "the front matter is not UTF-8 text")
		return nil, body, false, nil
	}
	fields, err = frontmatter.Parse(fr.parts.Front, fr.parts.FrontLine)
	if errors.As(err, &fe) {
		diags.Add(f.path, fe.Pos, guides.Error, guides.RuleYAML, "%s", fe.Msg)
		return nil, body, false, nil
	}
	if err != nil {
		return nil, body, false, err
	}
	return fields, body, true, nil
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
