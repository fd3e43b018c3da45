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
	"path"
	"strings"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/suggest"
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
	for _, g := range c.Guides {
		if guides.IsReservedID(g.ID) {
			ds.Add(g.Path, guides.FileStart(), guides.Error, guides.RuleReservedID, "id %q is reserved for the site's own pages; rename the file", g.ID)
		}
		if cat := c.Category(g.ID); cat != nil {
			ds.Add(g.Path, guides.FileStart(), guides.Error, guides.RuleIDConflict, "guide %q has the id of the category %s: both would be at one URL; rename one of them", g.ID, cat.Path)
		}
	}

	// Categories listed by guides must exist.
	for _, g := range c.Guides {
		for i, id := range g.Categories {
			if c.Category(id) != nil {
				continue
			}
			msg := fmt.Sprintf("unknown category %q", id)
			if s := suggest.Closest(id, categoryIDs, 1); len(s) > 0 {
				msg += fmt.Sprintf("; did you mean '%s'?", s[0])
			}
			ds.Add(g.Path, g.Src.CategoryItems[i], guides.Error, guides.RuleUnknownCategory, "%s", msg)
		}
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

	// Guides with the same title, ignoring case and surrounding space.
	firstWithTitle := make(map[string]*guides.Guide, len(c.Guides))
	for _, g := range c.Guides {
		key := strings.ToLower(strings.TrimSpace(g.Title))
		if key == "" {
			continue
		}
		if first, ok := firstWithTitle[key]; ok {
			ds.Add(g.Path, g.Src.Title, guides.Warning, guides.RuleDuplicateTitle, "title %q is also the title of %s", g.Title, first.Path)
			continue
		}
		firstWithTitle[key] = g
	}

	// Images: an http(s) URL or a file of the repository.
	for _, cat := range c.Categories {
		checkImage(fsys, &ds, cat.Path, cat.Image, cat.Src.Image)
	}
	for _, g := range c.Guides {
		checkImage(fsys, &ds, g.Path, g.Image, g.Src.Image)
	}
	return ds
}

func checkImage(fsys fs.FS, ds *guides.Diagnostics, file, image string, pos guides.Pos) {
	if image == "" {
		return
	}
	if u, err := url.Parse(image); err == nil && u.Scheme != "" {
		if (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
			return
		}
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
	if u, err := url.PathUnescape(p); err == nil {
		p = u
	}
	var candidates []string
	if strings.HasPrefix(p, "/") {
		candidates = []string{strings.TrimLeft(p, "/")}
	} else {
		candidates = []string{path.Join(path.Dir(file), p), p}
	}
	for _, c := range candidates {
		c = path.Clean(c)
		if !fs.ValidPath(c) {
			continue
		}
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
