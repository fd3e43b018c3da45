// Package check validates a loaded collection as a whole: the rules that
// need more than one file, or the file system around the data. Rules about
// a single file are applied while loading (package load); together they
// are the rules listed by guides.Rules.
package check

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"strings"
	"unicode"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/suggest"
	"github.com/visual-guides/guides/load"
)

// Run applies the collection-wide rules to c. fsys is the collection's
// root, used to find image files.
func Run(fsys fs.FS, c *guides.Collection) guides.Diagnostics {
	var ds guides.Diagnostics
	categoryIDs := make([]string, len(c.Categories))
	for i, cat := range c.Categories {
		categoryIDs[i] = cat.ID
	}

	// Ids: reserved, and shared by a guide and a category.
	for _, cat := range c.Categories {
		if guides.IsReservedID(cat.ID) {
			ds.Add(cat.Path, guides.FileStart(), guides.Error, guides.RuleReservedID, "id %q is reserved for the site's own pages; rename the file", cat.ID)
		}
	}
	// Only ids as long as a category's can be one: most guides are ruled
	// out without hashing their ids.
	var catLen [256]bool
	for _, cat := range c.Categories {
		catLen[len(cat.ID)%256] = true
	}
	for _, g := range c.Guides {
		if guides.IsReservedID(g.ID) {
			ds.Add(g.Path, guides.FileStart(), guides.Error, guides.RuleReservedID, "id %q is reserved for the site's own pages; rename the file", g.ID)
		}
		if !catLen[len(g.ID)%256] {
			continue
		}
		if cat := c.Category(g.ID); cat != nil {
			ds.Add(g.Path, guides.FileStart(), guides.Error, guides.RuleIDConflict, "guide %q has the id of the category %s: both would be at one URL; rename one of them", g.ID, cat.Path)
		}
	}

	// Categories listed by guides must exist.
	for _, u := range c.UnknownCategories() {
		msg := fmt.Sprintf("unknown category %q", u.ID)
		if s := suggest.Closest(u.ID, categoryIDs, 1); len(s) > 0 {
			msg += fmt.Sprintf("; did you mean '%s'?", s[0])
		}
		ds.Add(u.Guide.Path, load.Locate(fsys, u.Guide.Path, "categories", u.ID), guides.Error, guides.RuleUnknownCategory, "%s", msg)
	}

	// Categories: equal sort values, and no published guide.
	published := c.Published()
	for i, cat := range c.Categories {
		if i > 0 && c.Categories[i-1].Sort == cat.Sort && cat.Src.Sort.IsValid() && c.Categories[i-1].Src.Sort.IsValid() {
			prev := c.Categories[i-1]
			ds.Add(cat.Path, cat.Src.Sort, guides.Warning, guides.RuleDuplicateSort, "sort %d is also the sort of %s; the two are ordered by file name", cat.Sort, prev.Path)
		}
		if len(published.GuidesIn(cat.ID)) == 0 && cat.Src.Title.IsValid() {
			ds.Add(cat.Path, guides.FileStart(), guides.Warning, guides.RuleEmptyCategory, "category %q has no published guide", cat.ID)
		}
	}

	// Guides with the same title, ignoring case and surrounding space. The
	// map is keyed by a hash of the folded title, so that no folded copy of
	// every title is made; equal hashes are compared in full, and the rare
	// collision of different titles goes to a map of its own.
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
		ds.Add(g.Path, load.Locate(fsys, g.Path, "title", ""), guides.Warning, guides.RuleDuplicateTitle, "title %q is also the title of %s", g.Title, first.Path)
	}

	// Images: an http(s) URL or a file of the repository.
	for _, cat := range c.Categories {
		checkImage(fsys, &ds, cat.Path, cat.Image)
	}
	for _, g := range c.Guides {
		checkImage(fsys, &ds, g.Path, g.Image)
	}
	return ds
}

func checkImage(fsys fs.FS, ds *guides.Diagnostics, file, image string) {
	if image == "" || isHTTP(image) {
		return
	}
	pos := load.Locate(fsys, file, "image", "")
	if u, err := url.Parse(image); err == nil && u.Scheme != "" {
		ds.Add(file, pos, guides.Warning, guides.RuleImage, "image %q is not an http or https URL", image)
		return
	}
	if ImageExists(fsys, file, image) {
		return
	}
	ds.Add(file, pos, guides.Warning, guides.RuleImage, "image %q is neither an http(s) URL nor a file of the repository", image)
}

// ImageExists reports whether image, a path written in the front matter of
// file, names a file of the collection: from the root when it starts with
// "/", else relative to file's folder or to the root.
func ImageExists(fsys fs.FS, file, image string) bool {
	p := strings.SplitN(image, "?", 2)[0]
	p = strings.SplitN(p, "#", 2)[0]
	for _, c := range guides.RepoPaths(file, p) {
		info, err := fs.Stat(fsys, c)
		if err == nil && !info.IsDir() {
			return true
		}
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return false
		}
	}
	return false
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
