package rules

import (
	"context"
	"io/fs"
	"slices"
	"sync"

	"github.com/visual-guides/guides"
)

// Memo keeps what the collection rules found out about a collection's
// files from one run to the next: what the paths that images and links
// name lead to, the ids of the headings of the pages that links point
// into, and the findings of each file's links. It is for a collection
// judged again and again as a few of its files change, as an editor's
// buffers do: a run then looks up only what changed, which the caller
// names with Forget, and checks again only the links of the files that
// changed or that name a changed file. The zero value is ready to use.
type Memo struct {
	mu       sync.Mutex
	files    map[string]repoFile
	headings map[string]map[string]bool
	links    map[string]linkFindings // by the path of the file that has the links
	// namedBy holds, for a path, the files whose links may name it.
	namedBy map[string][]string
	// forgotten holds the paths forgotten since the last run.
	forgotten map[string]bool
}

// linkFindings are the findings of the links of one file.
type linkFindings struct {
	refs  []guides.Ref
	diags guides.Diagnostics
}

// Forget drops what m knows of the files at paths, which changed, came or
// went: what they are, the headings of the pages among them, and the
// findings of the links that may name them.
func (m *Memo) Forget(paths ...string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.forgotten == nil {
		m.forgotten = map[string]bool{}
	}
	for _, p := range paths {
		delete(m.files, p)
		delete(m.headings, p)
		m.forgotten[p] = true
	}
}

// ForgetFiles drops what m knows of every file but the headings of pages:
// files may have come and gone anywhere in the collection, and a symbolic
// link may lead elsewhere.
func (m *Memo) ForgetFiles() {
	m.mu.Lock()
	m.files, m.links, m.namedBy = nil, nil, nil
	m.mu.Unlock()
}

// CheckWith is Check, with what m remembers of earlier runs on the same
// root; it remembers what this run finds out. Runs with one Memo take
// turns.
func CheckWith(ctx context.Context, fsys fs.FS, c *guides.Collection, m *Memo) guides.Diagnostics {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.files == nil {
		m.files = map[string]repoFile{}
	}
	if m.headings == nil {
		m.headings = map[string]map[string]bool{}
	}
	l := newLinker(fsys, c)
	l.files, l.headings = m.files, m.headings
	ds := check(ctx, fsys, c, l, m)
	m.forgotten = nil
	return ds
}

// checkMemo checks the links of every body as check does, reusing the
// findings of a file whose links are those m checked last time and name
// no path forgotten since. The lock of m is held.
func (l *linker) checkMemo(ctx context.Context, ds *guides.Diagnostics, m *Memo) {
	if m.links == nil {
		m.links, m.namedBy = map[string]linkFindings{}, map[string][]string{}
	}
	// The findings of files that may name a forgotten path are checked
	// again; so are those of a forgotten file itself.
	for p := range m.forgotten {
		for _, from := range m.namedBy[p] {
			delete(m.links, from)
		}
		delete(m.namedBy, p)
		delete(m.links, p)
	}
	file := func(from string, refs []guides.Ref) {
		if len(refs) == 0 {
			return
		}
		if f, ok := m.links[from]; ok && slices.Equal(f.refs, refs) {
			*ds = append(*ds, f.diags...)
			return
		}
		f := linkFindings{refs: refs}
		for _, r := range refs {
			l.checkRef(&f.diags, from, r)
			p, _ := splitRef(r.Dest)
			for _, dep := range guides.RepoPaths(from, p) {
				// A file checked again, as one being edited is, was most
				// often the last to name dep.
				if names := m.namedBy[dep]; len(names) == 0 || names[len(names)-1] != from {
					m.namedBy[dep] = append(names, from)
				}
			}
		}
		*ds = append(*ds, f.diags...)
		m.links[from] = f
	}
	for i, cat := range l.c.Categories {
		if i%256 == 0 && ctx.Err() != nil {
			return
		}
		file(cat.Path, cat.Refs)
	}
	for i, g := range l.c.Guides {
		if i%256 == 0 && ctx.Err() != nil {
			return
		}
		file(g.Path, g.Refs)
	}
}
