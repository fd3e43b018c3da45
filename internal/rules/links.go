package rules

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/markdown"
	"github.com/visual-guides/guides/internal/rootfs"
	"github.com/visual-guides/guides/internal/suggest"
	"github.com/visual-guides/guides/internal/svg"
)

// linker resolves the relative links and images of bodies as the site
// does: to the page of a guide or category, or to a published file of the
// repository.
type linker struct {
	fsys     fs.FS
	c        *guides.Collection
	pages    map[string]page // by file path
	headings map[string]map[string]bool
	files    map[string]repoFile // by path, as looked up
	// names holds the names in each folder that a missing file was looked
	// for in, for "did you mean"; compared counts the names compared so
	// far, which closest bounds.
	names    map[string][]string
	compared int
}

// repoFile is what a path of the repository leads to.
type repoFile struct {
	target string // the path without symbolic links
	info   fs.FileInfo
	err    error // a *rootfs.LinkError, a *rootfs.NotRegularError, or why it is not there
	// svg, for an SVG image the site would publish, is why the site
	// cannot: it is not well-formed SVG (see package svg).
	svg error
}

// file looks up a path of the repository once, following its symbolic
// links by the rules of package rootfs.
func (l *linker) file(p string) repoFile {
	if f, ok := l.files[p]; ok {
		return f
	}
	if l.files == nil {
		l.files = map[string]repoFile{}
	}
	f := repoFile{}
	f.target, f.err = rootfs.Resolve(l.fsys, p)
	if f.err == nil {
		f.info, f.err = fs.Stat(l.fsys, f.target)
	}
	if f.err == nil && !f.info.Mode().IsRegular() && !f.info.IsDir() {
		f.err = &rootfs.NotRegularError{Path: p, Mode: f.info.Mode()}
	}
	if f.err == nil && f.info.Mode().IsRegular() && svg.IsFile(p) && guides.Publishable(f.target) && f.info.Size() <= guides.MaxMediaSize {
		if data, err := fs.ReadFile(l.fsys, f.target); err != nil {
			f.err = err
		} else {
			_, f.svg = svg.Clean(data)
		}
	}
	l.files[p] = f
	return f
}

// refusal returns the finding for a repository file that a link or image
// (what, written dest) may not name, and whether there is one: a path that
// leads out of the root, to something that is not a regular file, or to a
// file too large to publish.
func refusal(what, dest string, f repoFile, image bool) (rule, msg string, ok bool) {
	var le *rootfs.LinkError
	var ne *rootfs.NotRegularError
	switch {
	case errors.As(f.err, &le):
		return guides.RuleOutsideRoot, fmt.Sprintf("%s %s leads where the site may not read: %s", what, guides.Quote(dest), le), true
	case errors.As(f.err, &ne):
		return guides.RuleNotRegularFile, fmt.Sprintf("%s %s names %s, which is %s, not a regular file", what, guides.Quote(dest), ne.Path, rootfs.Kind(ne.Mode)), true
	case f.err != nil:
		return "", "", false
	case image && f.info.IsDir():
		return guides.RuleNotRegularFile, fmt.Sprintf("%s %s names %s, which is a folder, not a file", what, guides.Quote(dest), f.target), true
	case f.info.Mode().IsRegular() && f.info.Size() > guides.MaxMediaSize && guides.Publishable(f.target):
		return guides.RuleLimit, fmt.Sprintf("%s %s names a file of %d MiB; the site publishes files of up to %d MiB", what, guides.Quote(dest), f.info.Size()>>20, guides.MaxMediaSize>>20), true
	}
	return "", "", false
}

// page is a guide or category file that links may point to.
type page struct {
	ref   guides.BodyRef
	draft bool
}

func newLinker(fsys fs.FS, c *guides.Collection) *linker {
	return &linker{fsys: fsys, c: c}
}

// check checks the links of every body, until ctx is done.
func (l *linker) check(ctx context.Context, ds *guides.Diagnostics) {
	for i, cat := range l.c.Categories {
		if i%256 == 0 && ctx.Err() != nil {
			return
		}
		for _, r := range cat.Refs {
			l.checkRef(ds, cat.Path, r)
		}
	}
	for i, g := range l.c.Guides {
		if i%256 == 0 && ctx.Err() != nil {
			return
		}
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
	candidates := guides.RepoPaths(from, p)
	if len(candidates) == 0 && guides.LeavesRoot(from, p) {
		ds.Add(from, r.Pos, guides.Error, guides.RuleOutsideRoot, "%s %s leads outside the collection root", what, guides.Quote(r.Dest))
		return
	}
	for _, candidate := range candidates {
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
		f := l.file(candidate)
		if rule, msg, ok := refusal(what, r.Dest, f, r.Image); ok {
			ds.Add(from, r.Pos, guides.Error, rule, "%s", msg)
			return
		}
		if f.err != nil || !f.info.Mode().IsRegular() {
			continue
		}
		switch {
		case !guides.Publishable(candidate) || !guides.Publishable(f.target):
			ds.Add(from, r.Pos, guides.Warning, guides.RuleLink, "%s %s names %s, which the site does not publish: only images, PDF and video files are", what, guides.Quote(r.Dest), f.target)
		case f.svg != nil:
			ds.Add(from, r.Pos, guides.Warning, guides.RuleLink, "%s %s names %s, which the site does not publish: %v", what, guides.Quote(r.Dest), f.target, f.svg)
		}
		return
	}
	msg := fmt.Sprintf("%s %s names no guide, category or file of the repository", what, guides.Quote(r.Dest))
	ds.Add(from, r.Pos, guides.Error, guides.RuleMissingFile, "%s", msg+l.didYouMean(r.Dest, candidates))
}

// maxCompared bounds the names that "did you mean" compares a missing
// file's name with, over a whole check: a collection of many broken links
// in a folder of many files must not make the check quadratic. Past it,
// findings go without a suggestion.
const maxCompared = 1 << 22

// didYouMean returns "; did you mean …?" with dest, a reference that names
// no file, written with the name closest to its own in the folder where it
// was first looked for (see guides.RepoPaths), or "" when no name is close.
func (l *linker) didYouMean(dest string, candidates []string) string {
	if s := l.closest(dest, candidates); s != "" {
		return fmt.Sprintf("; did you mean %s?", guides.Quote(s))
	}
	return ""
}

// closest returns dest with its last segment replaced by the closest name
// of the folder of each candidate in turn, keeping its query and fragment,
// or "".
func (l *linker) closest(dest string, candidates []string) string {
	p, rest := dest, ""
	if i := strings.IndexAny(dest, "?#"); i >= 0 {
		p, rest = dest[:i], dest[i:]
	}
	prefix, seg := "", p
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		prefix, seg = p[:i+1], p[i+1:]
	}
	if u, err := url.PathUnescape(seg); err == nil {
		seg = u
	}
	for _, c := range candidates {
		if seg == "" || path.Base(c) != seg {
			continue
		}
		names := l.folderNames(path.Dir(c))
		runes := utf8.RuneCountInString(seg)
		limit := max(1, runes/3) // as suggest.Closest's
		var near []string
		for _, n := range names {
			if l.compared >= maxCompared {
				return ""
			}
			l.compared++
			// A name whose length differs by more than the limit is
			// farther than it: only the others are compared.
			if d := utf8.RuneCountInString(n) - runes; -limit <= d && d <= limit {
				near = append(near, n)
			}
		}
		if s := suggest.Closest(seg, near, 1); len(s) > 0 {
			return prefix + url.PathEscape(s[0]) + rest
		}
	}
	return ""
}

// folderNames returns the names of the files and folders in dir, but the
// hidden ones, reading it once.
func (l *linker) folderNames(dir string) []string {
	if names, ok := l.names[dir]; ok {
		return names
	}
	if l.names == nil {
		l.names = map[string][]string{}
	}
	var names []string
	if entries, err := fs.ReadDir(l.fsys, dir); err == nil {
		for _, e := range entries {
			if !guides.IsHidden(e.Name()) {
				names = append(names, e.Name())
			}
		}
	}
	l.names[dir] = names
	return names
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
