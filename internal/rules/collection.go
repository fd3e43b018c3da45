package rules

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"strings"
	"unicode"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/rootfs"
	"github.com/visual-guides/guides/internal/site/theme"
	"github.com/visual-guides/guides/internal/suggest"
)

// Collection applies the collection rules to c, whose files the file rules
// have judged already. fsys is the collection's root: images and links name
// its files, and the pages that links point into are read from it for
// their headings.
func Collection(fsys fs.FS, c *guides.Collection) guides.Diagnostics {
	return Check(context.Background(), fsys, c)
}

// Check is Collection, stopping early when ctx is done: the findings are
// then incomplete, and the caller returns the context's error.
func Check(ctx context.Context, fsys fs.FS, c *guides.Collection) guides.Diagnostics {
	return check(ctx, fsys, c, newLinker(fsys, c), nil)
}

// check applies the collection rules, looking files up with l, and
// reusing the findings of links that m remembers when m is not nil.
func check(ctx context.Context, fsys fs.FS, c *guides.Collection, l *linker, m *Memo) guides.Diagnostics {
	var ds guides.Diagnostics
	idConflicts(&ds, c)
	unknownCategories(&ds, c)
	categories(&ds, c)
	duplicateTitles(&ds, c)
	for _, cat := range c.Categories {
		l.checkImage(&ds, cat.Path, "image", cat.Image, cat.Src.Image)
		if !strings.HasPrefix(cat.Icon, "/") {
			// An icon written from "/" names a file of the site the
			// collection is published on, as the original collection
			// writes its icons (/icons/api.png): nothing of guides
			// reads or publishes icons, so only a path of the
			// repository is checked.
			l.checkImage(&ds, cat.Path, "icon", cat.Icon, cat.Src.Icon)
		}
	}
	for i, g := range c.Guides {
		if i%256 == 0 && ctx.Err() != nil {
			return ds
		}
		l.checkImage(&ds, g.Path, "image", g.Image, g.Src.Image)
	}
	if m != nil {
		l.checkMemo(ctx, &ds, m)
	} else {
		l.check(ctx, &ds)
	}
	layouts(ctx, fsys, &ds)
	return ds
}

// idConflicts reports guides that have the id of a category.
func idConflicts(ds *guides.Diagnostics, c *guides.Collection) {
	// Only ids as long as a category's can be one: most guides are ruled
	// out without hashing their ids.
	var catLen [256]bool
	for _, cat := range c.Categories {
		catLen[len(cat.ID)%256] = true
	}
	for _, g := range c.Guides {
		if !catLen[len(g.ID)%256] {
			continue
		}
		if cat := c.Category(g.ID); cat != nil {
			ds.Add(g.Path, guides.FileStart(), guides.Error, guides.RuleIDConflict, "guide %s has the id of the category %s: both would be at one URL; rename one of them", guides.Quote(g.ID), cat.Path)
		}
	}
}

// unknownCategories reports category ids that name no category.
func unknownCategories(ds *guides.Diagnostics, c *guides.Collection) {
	unknown := c.UnknownCategories()
	if len(unknown) == 0 {
		return
	}
	ids := make([]string, len(c.Categories))
	for i, cat := range c.Categories {
		ids[i] = cat.ID
	}
	for _, u := range unknown {
		msg := fmt.Sprintf("unknown category %s", guides.Quote(u.ID))
		s := suggest.Closest(u.ID, ids, 1)
		if len(s) > 0 {
			msg += fmt.Sprintf("; did you mean %s?", guides.Quote(s[0]))
		}
		pos := guides.FileStart()
		if u.Index < len(u.Guide.Src.Categories) {
			pos = u.Guide.Src.Categories[u.Index]
		}
		ds.Add(u.Guide.Path, pos, guides.Error, guides.RuleUnknownCategory, "%s", msg)
		if len(s) > 0 && pos != guides.FileStart() {
			attach(*ds, "Change to "+guides.Quote(s[0]), valueEdit(pos, u.ID, scalar(s[0])))
		}
	}
}

// categories reports equal sort values, and categories without a
// published guide.
func categories(ds *guides.Diagnostics, c *guides.Collection) {
	published := c.Published()
	var prev *guides.Category // the last category whose sort is an integer
	for _, cat := range c.Categories {
		if cat.Src.Sort.IsValid() {
			if prev != nil && prev.Sort == cat.Sort {
				ds.Add(cat.Path, cat.Src.Sort, guides.Warning, guides.RuleDuplicateSort, "sort %d is also the sort of %s; the two are ordered by file name", cat.Sort, prev.Path)
			}
			prev = cat
		}
		if len(published.GuidesIn(cat.ID)) == 0 && cat.Src.Title.IsValid() {
			ds.Add(cat.Path, guides.FileStart(), guides.Warning, guides.RuleEmptyCategory, "category %s has no published guide", guides.Quote(cat.ID))
		}
	}
}

// duplicateTitles reports guides with the title of an earlier one,
// ignoring case and surrounding space. The map is keyed by a hash of the
// folded title, so that no folded copy of every title is made; equal hashes
// are compared in full, and the rare collision of different titles goes to
// a map of its own.
func duplicateTitles(ds *guides.Diagnostics, c *guides.Collection) {
	firstWithTitle := make(map[uint64]*guides.Guide, len(c.Guides))
	var collided map[string]*guides.Guide
	for _, g := range c.Guides {
		title := strings.TrimSpace(g.Title)
		if title == "" {
			continue
		}
		h := foldHash(title)
		first, ok := firstWithTitle[h]
		if ok && !strings.EqualFold(strings.TrimSpace(first.Title), title) {
			if collided == nil {
				collided = map[string]*guides.Guide{}
			}
			key := strings.ToLower(title)
			first, ok = collided[key]
			if !ok {
				collided[key] = g
			}
		}
		if !ok {
			firstWithTitle[h] = g
			continue
		}
		ds.Add(g.Path, g.Src.Title, guides.Warning, guides.RuleDuplicateTitle, "title %s is also the title of %s", guides.Quote(g.Title), first.Path)
	}
}

// checkImage checks the image, or with what "icon" the icon, of a front
// matter, written at pos of file. The site publishes images, not icons:
// an icon is only checked to name a file that may be read.
func (l *linker) checkImage(ds *guides.Diagnostics, file, what, image string, pos guides.Pos) {
	if image == "" || isHTTP(image) {
		return
	}
	if u, err := url.Parse(image); err == nil && u.Scheme != "" {
		ds.Add(file, pos, guides.Warning, guides.RuleImage, "%s %s is not an http or https URL", what, guides.Quote(image))
		return
	}
	p, _ := splitRef(image)
	candidates := guides.RepoPaths(file, p)
	if len(candidates) == 0 && guides.LeavesRoot(file, p) {
		ds.Add(file, pos, guides.Error, guides.RuleOutsideRoot, "%s %s leads outside the collection root", what, guides.Quote(image))
		return
	}
	for _, c := range candidates {
		f := l.file(c)
		if rule, msg, ok := refusal(what, image, f, true); ok {
			ds.Add(file, pos, guides.Error, rule, "%s", msg)
			return
		}
		if f.err != nil && !errors.Is(f.err, fs.ErrNotExist) {
			break
		}
		if f.err == nil && f.info.Mode().IsRegular() {
			switch {
			case what != "image":
			case !guides.Publishable(c) || !guides.Publishable(f.target):
				ds.Add(file, pos, guides.Warning, guides.RuleImage, "image %s names %s, which the site does not publish: only images, PDF and video files are", guides.Quote(image), f.target)
			case f.svg != nil:
				ds.Add(file, pos, guides.Warning, guides.RuleImage, "image %s names %s, which the site does not publish: %v", guides.Quote(image), f.target, f.svg)
			}
			return
		}
	}
	msg := fmt.Sprintf("%s %s is neither an http(s) URL nor a file of the repository", what, guides.Quote(image))
	ds.Add(file, pos, guides.Error, guides.RuleMissingFile, "%s", msg+l.didYouMean(image, candidates))
}

// ImageExists reports whether image, a path written in the front matter of
// file, names a regular file of the collection: from the root when it
// starts with "/", else relative to file's folder or to the root.
func ImageExists(fsys fs.FS, file, image string) bool {
	p, _ := splitRef(image)
	l := newLinker(fsys, nil)
	for _, c := range guides.RepoPaths(file, p) {
		f := l.file(c)
		if f.err == nil && f.info.Mode().IsRegular() {
			return true
		}
		if f.err != nil && !errors.Is(f.err, fs.ErrNotExist) {
			return false
		}
	}
	return false
}

// splitRef splits a relative reference into its path and its fragment,
// dropping any query.
func splitRef(dest string) (p, fragment string) {
	p, fragment, _ = strings.Cut(dest, "#")
	p, _, _ = strings.Cut(p, "?")
	return p, fragment
}

// isHTTP reports whether s is an http or https URL with a host, cheaply:
// collections have thousands of them.
func isHTTP(s string) bool {
	for _, scheme := range []string{"https://", "http://"} {
		if len(s) > len(scheme) && strings.EqualFold(s[:len(scheme)], scheme) {
			host := s[len(scheme):]
			return host[0] != '/' && host[0] != '?' && host[0] != '#'
		}
	}
	return false
}

// foldHash hashes s so that strings equal under strings.EqualFold hash
// alike: FNV-1a over the simple-folded runes.
func foldHash(s string) uint64 {
	h := uint64(14695981039346656037)
	for _, r := range s {
		// The smallest rune of r's fold orbit stands for all of them: for
		// ASCII letters, the capital (k also folds to the Kelvin sign, s
		// to the long s, both larger).
		m := r
		switch {
		case 'a' <= r && r <= 'z':
			m = r - 'a' + 'A'
		case r >= 0x80:
			for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
				m = min(m, f)
			}
		}
		h ^= uint64(m)
		h *= 1099511628211
	}
	return h
}

// layouts reports the files of the layouts folder that the site may not
// read: symbolic links that lead out of the root or to a hidden file, and
// what is not a regular file; then what is wrong with its templates and
// stylesheets (package theme).
func layouts(ctx context.Context, fsys fs.FS, ds *guides.Diagnostics) {
	n := len(*ds)
	layoutFiles(ctx, fsys, ds)
	if len(*ds) > n || ctx.Err() != nil {
		return // a file the site may not read is not read here either
	}
	for _, p := range theme.Check(fsys) {
		ds.Add(p.Path, guides.Pos{Line: p.Line, Col: p.Col}, guides.Error, guides.RuleTemplate, "%s", p.Msg)
	}
}

// layoutFiles reports the files of the layouts folder that the site may
// not read.
func layoutFiles(ctx context.Context, fsys fs.FS, ds *guides.Diagnostics) {
	l := newLinker(fsys, nil)
	fs.WalkDir(fsys, guides.LayoutsDir, func(p string, d fs.DirEntry, err error) error {
		if ctx.Err() != nil {
			return fs.SkipAll
		}
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			if rule, msg, ok := layoutRefusal(p, repoFile{err: err}); ok {
				ds.Add(p, guides.FileStart(), guides.Error, rule, "%s", msg)
			}
			return nil
		}
		if p != guides.LayoutsDir && guides.IsHidden(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type() == 0 || d.IsDir() {
			return nil
		}
		if rule, msg, ok := layoutRefusal(p, l.file(p)); ok {
			ds.Add(p, guides.FileStart(), guides.Error, rule, "%s", msg)
		}
		return nil
	})
}

// layoutRefusal returns the finding for a file of the layouts folder that
// the site may not read, and whether there is one.
func layoutRefusal(p string, f repoFile) (rule, msg string, ok bool) {
	var le *rootfs.LinkError
	var ne *rootfs.NotRegularError
	switch {
	case errors.As(f.err, &le):
		return guides.RuleOutsideRoot, fmt.Sprintf("%s; the site does not read it", le), true
	case errors.As(f.err, &ne):
		return guides.RuleNotRegularFile, fmt.Sprintf("%s is %s, not a regular file; the site does not read it", p, rootfs.Kind(ne.Mode)), true
	case f.err == nil && f.info.IsDir():
		return guides.RuleNotRegularFile, fmt.Sprintf("%s leads to a folder, not a file; the site does not read it", p), true
	}
	return "", "", false
}
