// Package workspace keeps a collection loaded for an editor: the files
// of the collection as loaded once, with the editor's open buffers in
// place of their files, judged again as the buffers change. It answers
// what an editor asks of a place in a buffer: the findings there and
// their fixes, what may be written there, what a name there is, and where
// it is defined. Package lsp speaks for it in the Language Server
// Protocol.
//
// Judging a change costs the file rules of the changed buffers and the
// collection rules, not a load: the files of the collection are read once,
// when the workspace is made, and again only when the editor says one of
// them changed on disk. Everything is read through the file system given,
// the collection's confined root.
package workspace

import (
	"cmp"
	"context"
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/load"
	"github.com/visual-guides/guides/internal/rules"
)

// Options say where the collection's files are.
type Options struct {
	// GuidesDir and CategoriesDir are slash-separated paths relative to
	// the root, such as "data/guides".
	GuidesDir, CategoriesDir string
	// Now is the time dates are completed from; nil means time.Now.
	Now func() time.Time
}

// Kind is what a file of the collection is.
type Kind uint8

// The kinds of files.
const (
	NotData  Kind = iota // not a guide or category: the workspace says nothing of it
	Guide                // a file of the guides folder
	Category             // a file of the categories folder
)

// Workspace is a collection loaded once, with an editor's buffers in place
// of their files. Its methods may be called from many goroutines.
type Workspace struct {
	fsys fs.FS
	opts Options

	// judging is held by a judgement from start to end: what it forgets
	// of the memo must be forgotten before the next one runs.
	judging sync.Mutex
	// mu guards what follows.
	mu sync.Mutex
	// The files as they are on disk, as last read: guides in file-name
	// order, as guides.NewCollection wants them, and categories.
	disk    []*guides.Guide
	diskCat []*guides.Category
	// refused holds the findings of the files that loading did not read
	// for what they are (a link out of the root, a FIFO): a buffer of one
	// of them is not judged, as check would not read it.
	refused map[string]guides.Diagnostics
	bufs    map[string]*buffer
	files   rules.Files
	// memo keeps what the collection rules looked up from one judgement
	// to the next; forget names the files it must read again, and
	// forgetAll says every file must be looked up again.
	memo      rules.Memo
	forget    []string
	forgetAll bool
}

// buffer is an open buffer of a guide or category.
type buffer struct {
	version int32
	text    []byte
	// judged is set once model and diags hold what the file rules make of
	// text.
	judged bool
	guide  *guides.Guide
	cat    *guides.Category
	diags  guides.Diagnostics
}

// New returns the workspace of the collection at the root fsys, which load
// read into coll with the findings diags (those of the file rules; the
// collection rules are run again by Judge).
func New(fsys fs.FS, opts Options, coll *guides.Collection, diags guides.Diagnostics) *Workspace {
	w := &Workspace{
		fsys:    fsys,
		opts:    opts,
		disk:    slices.Clone(coll.Guides),
		diskCat: slices.Clone(coll.Categories),
		refused: map[string]guides.Diagnostics{},
		bufs:    map[string]*buffer{},
	}
	slices.SortFunc(w.disk, byFileName)
	for _, d := range diags {
		if d.Pos == guides.FileStart() && (d.Rule == guides.RuleOutsideRoot || d.Rule == guides.RuleNotRegularFile) {
			w.refused[d.Path] = append(w.refused[d.Path], d)
		}
	}
	return w
}

// Load reads the collection at the root fsys and returns its workspace.
func Load(ctx context.Context, fsys fs.FS, opts Options) (*Workspace, error) {
	if err := ctx.Err(); err != nil {
		return nil, context.Cause(ctx)
	}
	coll, diags, err := load.Load(fsys, load.Options{GuidesDir: opts.GuidesDir, CategoriesDir: opts.CategoriesDir})
	if err != nil {
		return nil, err
	}
	return New(fsys, opts, coll, diags), nil
}

// byFileName orders guides as a folder listing does: by file name.
func byFileName(a, b *guides.Guide) int { return cmp.Compare(a.ID+".md", b.ID+".md") }

// Kind returns what the file at p, a slash-separated path relative to
// the root, is in the collection, and its id.
func (w *Workspace) Kind(p string) (Kind, string) { return w.opts.kind(p) }

func (o Options) kind(p string) (Kind, string) {
	name := path.Base(p)
	id, ok := strings.CutSuffix(name, ".md")
	if !ok || id == "" || strings.HasPrefix(name, ".") || !fs.ValidPath(p) {
		return NotData, ""
	}
	switch path.Dir(p) {
	case o.GuidesDir:
		return Guide, id
	case o.CategoriesDir:
		return Category, id
	}
	return NotData, ""
}

// Open puts the text of an editor's buffer in place of the file at p. It
// reports whether p is a guide or category, of which the workspace judges
// the buffer; a buffer of another file is ignored.
func (w *Workspace) Open(p string, version int32, text []byte) bool {
	if k, _ := w.Kind(p); k == NotData {
		return false
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.bufs[p] = &buffer{version: version, text: text}
	w.forget = append(w.forget, p)
	return true
}

// Change is Open for a buffer that is open already.
func (w *Workspace) Change(p string, version int32, text []byte) bool {
	return w.Open(p, version, text)
}

// FilesChanged tells w that files may have come, gone or changed anywhere
// in the collection's root, such as images that links name: the next
// judgement looks every one up again.
func (w *Workspace) FilesChanged() {
	w.mu.Lock()
	w.forgetAll = true
	w.mu.Unlock()
}

// Close drops the buffer of p: the file is read again from disk, where it
// may have been saved, or is gone.
func (w *Workspace) Close(p string) {
	w.mu.Lock()
	_, open := w.bufs[p]
	delete(w.bufs, p)
	w.mu.Unlock()
	if open {
		w.Reload(p)
	}
}

// Reload reads the files at paths again from disk, for an editor that says
// they changed there: a file that is gone leaves the collection, a new one
// joins it. Paths that are open buffers keep their buffers.
func (w *Workspace) Reload(paths ...string) {
	for _, p := range paths {
		kind, id := w.Kind(p)
		if kind == NotData {
			continue
		}
		data, err := fs.ReadFile(w.fsys, p)
		w.mu.Lock()
		w.forget = append(w.forget, p)
		switch {
		case err == nil:
			delete(w.refused, p)
			w.setDisk(kind, p, id, data)
		case errors.Is(err, fs.ErrNotExist):
			delete(w.refused, p)
			w.removeDisk(kind, p)
		}
		// A file that cannot be read now keeps what was read of it.
		w.mu.Unlock()
	}
}

// setDisk puts the model of data, the file at p, in the collection as on
// disk. The lock is held.
func (w *Workspace) setDisk(kind Kind, p, id string, data []byte) {
	if kind == Category {
		c, _ := load.CategoryText(&w.files, p, id, data)
		if i := slices.IndexFunc(w.diskCat, func(x *guides.Category) bool { return x.Path == p }); i >= 0 {
			w.diskCat[i] = c
		} else {
			w.diskCat = append(w.diskCat, c)
		}
		return
	}
	g, _ := load.GuideText(&w.files, p, id, data)
	i, found := slices.BinarySearchFunc(w.disk, g, byFileName)
	if found && w.disk[i].Path == p {
		w.disk[i] = g
		return
	}
	w.disk = slices.Insert(w.disk, i, g)
}

// removeDisk removes the file at p from the collection as on disk. The
// lock is held.
func (w *Workspace) removeDisk(kind Kind, p string) {
	if kind == Category {
		w.diskCat = slices.DeleteFunc(w.diskCat, func(c *guides.Category) bool { return c.Path == p })
		return
	}
	w.disk = slices.DeleteFunc(w.disk, func(g *guides.Guide) bool { return g.Path == p })
}
