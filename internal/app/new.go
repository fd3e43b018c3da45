package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/rules"
	"github.com/visual-guides/guides/internal/scaffold"
	"github.com/visual-guides/guides/internal/suggest"
)

// NewResult is the outcome of the new commands.
type NewResult struct {
	// Path is the file written, relative to the root, when one was.
	Path string
	// Findings are the collection's errors and the warnings of the same
	// files, or the new file's: nothing is added to a collection that
	// every other command refuses, nor a file they would refuse.
	Findings guides.Diagnostics
	// Problems say why the file was not written.
	Problems []Problem
}

// Problem is why a command wrote nothing, about one file or none.
type Problem struct {
	// Path is the file the problem is about, relative to the root, or "".
	Path string
	// Msg is the sentence; the paths it names are relative to the root.
	Msg string
}

// String writes the problem as "path: message", or the message alone.
func (p Problem) String() string {
	if p.Path == "" {
		return p.Msg
	}
	return p.Path + ": " + p.Msg
}

// collectionToAddTo loads the collection a new file joins. When it cannot
// (an error, or findings for which commands refuse the collection), the
// collection is nil and the result says why.
func (s *Session) collectionToAddTo() (*guides.Collection, NewResult, error) {
	l, err := s.LoadLenient()
	if err != nil {
		return nil, NewResult{}, err
	}
	if refusal := l.Refusal(); len(refusal) > 0 {
		return nil, NewResult{Findings: refusal}, nil
	}
	return l.Coll, NewResult{}, nil
}

// NewGuide writes the file of a new guide, with the id made from its
// title. g holds the title, categories, tags, date and draft flag.
func (s *Session) NewGuide(g *guides.Guide) (NewResult, error) {
	coll, refused, err := s.collectionToAddTo()
	if coll == nil {
		return refused, err
	}
	g.ID = guides.Slug(g.Title)
	g.Path = path.Join(s.Config.GuidesDir, g.ID+".md")
	var problems []Problem
	for _, id := range g.Categories {
		if coll.Category(id) == nil {
			problems = append(problems, Problem{Msg: UnknownCategory(id, coll, s.Config.CategoriesDir)})
		}
	}
	if cat := coll.Category(g.ID); cat != nil {
		problems = append(problems, Problem{g.Path, fmt.Sprintf("the id %s is taken by the category %s; choose another title", guides.Quote(g.ID), cat.Path)})
	}
	if len(problems) > 0 {
		return NewResult{Problems: problems}, nil
	}
	data := scaffold.Guide(g)
	var ds guides.Diagnostics
	var files rules.Files
	files.Guide(g.Path, g.ID, data, &guides.Guide{}, &ds)
	return s.create(g.Path, data, ds)
}

// NewCategory writes the file of a new category, with the id made from its
// title. c holds the title and sort.
func (s *Session) NewCategory(c *guides.Category) (NewResult, error) {
	coll, refused, err := s.collectionToAddTo()
	if coll == nil {
		return refused, err
	}
	c.ID = guides.Slug(c.Title)
	c.Path = path.Join(s.Config.CategoriesDir, c.ID+".md")
	var problems []Problem
	if g := coll.Guide(c.ID); g != nil {
		problems = append(problems, Problem{c.Path, fmt.Sprintf("the id %s is taken by the guide %s; choose another title", guides.Quote(c.ID), g.Path)})
	}
	if i := slices.IndexFunc(coll.Categories, func(o *guides.Category) bool { return o.Sort == c.Sort }); i >= 0 {
		problems = append(problems, Problem{c.Path, fmt.Sprintf("sort %d is taken by %s; choose another, such as %d",
			c.Sort, coll.Categories[i].Path, freeSort(coll, c.Sort))})
	}
	if len(problems) > 0 {
		return NewResult{Problems: problems}, nil
	}
	data := scaffold.Category(c)
	var ds guides.Diagnostics
	var files rules.Files
	files.Category(c.Path, c.ID, data, &guides.Category{}, &ds)
	return s.create(c.Path, data, ds)
}

// freeSort returns the first sort after n that no category has.
func freeSort(coll *guides.Collection, n int64) int64 {
	for n++; slices.ContainsFunc(coll.Categories, func(c *guides.Category) bool { return c.Sort == n }); n++ {
	}
	return n
}

// UnknownCategory describes a category id that names no category, with
// the closest ids, or every id when there are few and none is close.
func UnknownCategory(id string, coll *guides.Collection, dir string) string {
	msg := fmt.Sprintf("unknown category %s: there is no %s", guides.Quote(id), path.Join(dir, id+".md"))
	ids := make([]string, len(coll.Categories))
	for i, c := range coll.Categories {
		ids[i] = c.ID
	}
	switch s := suggest.Closest(id, ids, 3); {
	case len(s) > 0:
		msg += "; did you mean " + joinQuoted(s, " or ") + "?"
	case len(ids) == 0:
		msg += "; there are no categories yet: write one with \"guides new category TITLE --sort N\""
	case len(ids) == 1:
		msg += "; the only category is " + joinQuoted(ids, " and ")
	case len(ids) <= 10:
		msg += "; the categories are " + joinQuoted(ids, " and ")
	}
	return msg
}

// joinQuoted quotes words and joins them as `"a", "b" or "c"`.
func joinQuoted(words []string, last string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = guides.Quote(w)
	}
	if len(q) < 2 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + last + q[len(q)-1]
}

// create writes a new file at rel, a slash-separated path relative to the
// root, unless the file rules find an error in it. The file is created
// exclusively, so that an existing file, even one another program creates
// meanwhile, is never overwritten; its folder is created when missing. It
// is written through the root: a data folder that is a symbolic link
// leading out of the root, or to a hidden folder, is refused.
func (s *Session) create(rel string, data []byte, ds guides.Diagnostics) (NewResult, error) {
	ds.Sort()
	if ds.HasErrors() {
		return NewResult{Findings: ds}, nil
	}
	if err := s.ctx.Err(); err != nil {
		return NewResult{}, context.Cause(s.ctx)
	}
	root := s.fsys.Root()
	dir := path.Dir(rel)
	if err := root.MkdirAll(dir, 0o777); err != nil {
		return NewResult{}, fmt.Errorf("creating the folder of %s: %w", rel, unwrap(err))
	}
	name := rel // the path to write: rel, with the folder's links followed
	if target, err := s.fsys.Resolve(dir); err != nil {
		return NewResult{}, fmt.Errorf("creating %s: %w", rel, unwrap(err))
	} else if target != dir {
		name = path.Join(target, path.Base(rel))
	}
	f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if errors.Is(err, fs.ErrExist) {
		return NewResult{Problems: []Problem{{rel, "exists; not overwritten"}}}, nil
	}
	if err != nil {
		return NewResult{}, fmt.Errorf("creating %s: %w", rel, unwrap(err))
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		// The file is ours, created above: a partial one is removed so
		// that a second attempt can create it.
		root.Remove(name)
		return NewResult{}, fmt.Errorf("writing %s: %w", rel, unwrap(err))
	}
	return NewResult{Path: rel}, nil
}
