package rules

import (
	"io/fs"
	"net/url"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/markdown"
)

// linker resolves the relative links and images of bodies as the site
// does: to the page of a guide or category, or to a published file of the
// repository.
type linker struct {
	fsys     fs.FS
	c        *guides.Collection
	pages    map[string]page // by file path
	headings map[string]map[string]bool
}

// page is a guide or category file that links may point to.
type page struct {
	ref   guides.BodyRef
	draft bool
}

func newLinker(fsys fs.FS, c *guides.Collection) *linker {
	return &linker{fsys: fsys, c: c}
}

func (l *linker) check(ds *guides.Diagnostics) {
	for _, cat := range l.c.Categories {
		for _, r := range cat.Refs {
			l.checkRef(ds, cat.Path, r)
		}
	}
	for _, g := range l.c.Guides {
		for _, r := range g.Refs {
			l.checkRef(ds, g.Path, r)
		}
	}
}

// index lists the pages, the first time a link needs them.
func (l *linker) index() {
	if l.pages != nil {
		return
	}
	l.pages = make(map[string]page, len(l.c.Categories)+len(l.c.Guides))
	for _, cat := range l.c.Categories {
		l.pages[cat.Path] = page{ref: cat.Body}
	}
	for _, g := range l.c.Guides {
		l.pages[g.Path] = page{ref: g.Body, draft: g.Draft}
	}
}

func (l *linker) checkRef(ds *guides.Diagnostics, from string, r guides.Ref) {
	l.index()
	p, frag := splitRef(r.Dest)
	what := "link"
	if r.Image {
		what = "image"
	}
	for _, candidate := range guides.RepoPaths(from, p) {
		if pg, ok := l.pages[candidate]; ok {
			switch {
			case r.Image:
				ds.Add(from, r.Pos, guides.Warning, guides.RuleLink, "image %s is a guide or category file, not an image", guides.Quote(r.Dest))
			case pg.draft:
				ds.Add(from, r.Pos, guides.Warning, guides.RuleLink, "link to %s: the guide is a draft, which the site leaves out", guides.Quote(r.Dest))
			case frag != "" && !HasFragment(l.headingIDs(candidate, pg.ref), frag):
				ds.Add(from, r.Pos, guides.Warning, guides.RuleLink, "link to %s: %s has no heading with the id %s", guides.Quote(r.Dest), candidate, guides.Quote(frag))
			}
			return
		}
		info, err := fs.Stat(l.fsys, candidate)
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		if !guides.Publishable(candidate) {
			ds.Add(from, r.Pos, guides.Warning, guides.RuleLink, "%s %s names %s, which the site does not publish: only images, PDF and video files are", what, guides.Quote(r.Dest), candidate)
		}
		return
	}
	ds.Add(from, r.Pos, guides.Warning, guides.RuleLink, "%s %s names no guide, category or file of the repository", what, guides.Quote(r.Dest))
}

// headingIDs returns the ids of the headings of the page whose file is at
// path, reading it once.
func (l *linker) headingIDs(path string, ref guides.BodyRef) map[string]bool {
	if ids, ok := l.headings[path]; ok {
		return ids
	}
	if l.headings == nil {
		l.headings = map[string]map[string]bool{}
	}
	var ids map[string]bool
	if src, err := fs.ReadFile(l.fsys, path); err == nil && int(ref.Offset) <= len(src) {
		ids = HeadingIDs(markdown.Scan(src[ref.Offset:]))
	}
	l.headings[path] = ids
	return ids
}

// HeadingIDs returns the set of the ids the site gives the headings of doc.
func HeadingIDs(doc markdown.Doc) map[string]bool {
	ids := make(map[string]bool, len(doc.Headings))
	for _, h := range doc.Headings {
		ids[h.ID] = true
	}
	return ids
}

// HasFragment reports whether a URL fragment, as written in a link, names
// one of ids.
func HasFragment(ids map[string]bool, frag string) bool {
	if ids[frag] {
		return true
	}
	if u, err := url.PathUnescape(frag); err == nil {
		return ids[u]
	}
	return false
}
