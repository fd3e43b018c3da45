package app

import (
	"io/fs"
	"path"
	"reflect"
	"slices"
	"strings"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/rules"
)

// bodiesOnly reports whether an edit of the files at paths changed the
// bodies of guides and categories of c and nothing else, so that the
// collection's verdict and every page that does not show those bodies stay
// as they are: each path is the file of a guide or category of c; it reads
// without a finding; its front matter gives the same fields, and its body
// the same relative links and images, as c holds; and no link of the
// collection names one of its headings, which the edit may have renamed.
func (s *Session) bodiesOnly(c *guides.Collection, paths []string) bool {
	if len(paths) == 0 {
		return false
	}
	var f rules.Files
	for _, p := range paths {
		id, ok := strings.CutSuffix(path.Base(p), ".md")
		if !ok {
			return false
		}
		src, err := fs.ReadFile(s.fsys, p)
		if err != nil {
			return false
		}
		var ds guides.Diagnostics
		var refs []guides.Ref
		switch dir := path.Dir(p); {
		case dir == s.Config.GuidesDir:
			old := c.Guide(id)
			if old == nil || old.Path != p {
				return false
			}
			var g guides.Guide
			f.Guide(p, id, src, &g, &ds)
			was := *old
			refs, was.Refs, g.Refs = g.Refs, nil, nil
			if !reflect.DeepEqual(was, g) || !sameRefs(old.Refs, refs) {
				return false
			}
		case dir == s.Config.CategoriesDir:
			old := c.Category(id)
			if old == nil || old.Path != p {
				return false
			}
			var cat guides.Category
			f.Category(p, id, src, &cat, &ds)
			was := *old
			refs, was.Refs, cat.Refs = cat.Refs, nil, nil
			if !reflect.DeepEqual(was, cat) || !sameRefs(old.Refs, refs) {
				return false
			}
		default:
			return false
		}
		if len(ds) > 0 || slices.ContainsFunc(refs, func(r guides.Ref) bool { return strings.Contains(r.Dest, "#") }) {
			return false
		}
	}
	// A link to a heading of an edited file.
	linked := func(from string, refs []guides.Ref) bool {
		for _, r := range refs {
			dest, _, ok := strings.Cut(r.Dest, "#")
			if !ok || dest == "" {
				continue
			}
			for _, candidate := range guides.RepoPaths(from, dest) {
				if slices.Contains(paths, candidate) {
					return true
				}
			}
		}
		return false
	}
	for _, g := range c.Guides {
		if linked(g.Path, g.Refs) {
			return false
		}
	}
	for _, cat := range c.Categories {
		if linked(cat.Path, cat.Refs) {
			return false
		}
	}
	return true
}

// sameRefs reports whether two bodies link to the same destinations, in the
// same order, wherever they are written.
func sameRefs(a, b []guides.Ref) bool {
	return slices.EqualFunc(a, b, func(x, y guides.Ref) bool { return x.Dest == y.Dest && x.Image == y.Image })
}
