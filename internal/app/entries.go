package app

import (
	"context"
	"path"
	"slices"
	"strings"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/load"
	"github.com/visual-guides/guides/internal/rules"
)

// entry is what loading makes of one entry of a data folder: the category
// or guide of a *.md file (neither for anything else), and its findings,
// such as the warning of a stray file.
type entry struct {
	cat   *guides.Category
	guide *guides.Guide
	diags guides.Diagnostics
}

// entries is what loading makes of each entry of the data folders, by
// path relative to the root. Loading judges each entry on its own (the
// file rules and the rules of a folder's listing), so that the entries of
// a collection are those of each of its files, judged alone: an edit
// judges again the entries it changed, and keeps the others. The guides
// are also kept in the order of their paths, which is the order of their
// file names that production order breaks ties by, so that making the
// collection does not sort them by name again.
type entries struct {
	byPath map[string]entry
	guides []*guides.Guide // by path
}

// judgeEntries loads the entries at paths of the version o (every entry,
// when paths is nil) with the loader and file rules of every command, and
// returns them; an entry at paths that the version does not have is not
// among them.
func (s *Session) judgeEntries(o *overlayFS, dirs [2]string, paths []string) (entries, error) {
	fsys := o
	if paths != nil {
		only := make(map[string]bool, len(paths))
		for _, p := range paths {
			only[p] = true
		}
		fsys = o.restricted(only)
	}
	coll, diags, err := load.Load(fsys, load.Options{GuidesDir: dirs[0], CategoriesDir: dirs[1]})
	if err != nil {
		return entries{}, err
	}
	out := entries{byPath: make(map[string]entry, len(coll.Categories)+len(coll.Guides))}
	for _, cat := range coll.Categories {
		out.byPath[cat.Path] = entry{cat: cat}
	}
	for _, g := range coll.Guides {
		out.byPath[g.Path] = entry{guide: g}
		out.guides = append(out.guides, g)
	}
	slices.SortFunc(out.guides, byPath)
	for _, d := range diags {
		e := out.byPath[d.Path]
		e.diags = append(e.diags, d)
		out.byPath[d.Path] = e
	}
	return out, nil
}

func byPath(a, b *guides.Guide) int { return strings.Compare(a.Path, b.Path) }

// with returns the entries of e with those of changed in place of the
// entries at paths: an entry at paths that changed has not is gone.
func (e entries) with(changed map[string]entry, paths []string) entries {
	out := entries{byPath: make(map[string]entry, len(e.byPath)+len(changed)), guides: slices.Clone(e.guides)}
	for p, x := range e.byPath {
		out.byPath[p] = x
	}
	for _, p := range paths {
		if x, ok := out.byPath[p]; ok && x.guide != nil {
			if i, found := slices.BinarySearchFunc(out.guides, x.guide, byPath); found {
				out.guides = slices.Delete(out.guides, i, i+1)
			}
		}
		delete(out.byPath, p)
	}
	for p, x := range changed {
		if old, ok := out.byPath[p]; ok && old.guide != nil {
			if i, found := slices.BinarySearchFunc(out.guides, old.guide, byPath); found {
				out.guides = slices.Delete(out.guides, i, i+1)
			}
		}
		out.byPath[p] = x
		if x.guide != nil {
			i, _ := slices.BinarySearchFunc(out.guides, x.guide, byPath)
			out.guides = slices.Insert(out.guides, i, x.guide)
		}
	}
	return out
}

// collection returns the collection of the entries, in production order,
// and the findings of its files.
func (e entries) collection() (*guides.Collection, guides.Diagnostics) {
	var cats []*guides.Category
	var ds guides.Diagnostics
	for _, x := range e.byPath {
		if x.cat != nil {
			cats = append(cats, x.cat)
		}
		ds = append(ds, x.diags...)
	}
	return guides.NewCollection(cats, slices.Clone(e.guides)), ds
}

// judged is a version of the collection, judged: its files, their
// entries, the collection, and every finding, sorted.
type judged struct {
	files   dataFiles
	entries entries
	coll    *guides.Collection
	diags   guides.Diagnostics
	fsys    *overlayFS
}

// judge applies the collection rules to the entries of the version files,
// and returns the version judged.
func (s *Session) judge(ctx context.Context, o *overlayFS, files dataFiles, e entries) *judged {
	fsys := o.fixed(files)
	coll, ds := e.collection()
	ds = append(ds, rules.Check(ctx, fsys, coll)...)
	ds.Sort()
	return &judged{files: files, entries: e, coll: coll, diags: ds, fsys: fsys}
}

// entryOf returns the path of the entry of a data folder that an edit of
// the file at p (a path relative to the root) may have changed: p itself
// when it is in a data folder, the folder of a data folder's that holds
// it, or "" when p is in no data folder.
func entryOf(dirs [2]string, p string) string {
	for _, dir := range dirs {
		rest, ok := strings.CutPrefix(p, dir+"/")
		if !ok || rest == "" {
			continue
		}
		first, _, _ := strings.Cut(rest, "/")
		return path.Join(dir, first)
	}
	return ""
}
