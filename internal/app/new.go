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
	"time"
	"unicode/utf8"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/rootfs"
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

// NewGuideOptions are what the command that writes a new guide asks.
type NewGuideOptions struct {
	// Title is the title, as given; the id is made from it.
	Title string
	// Categories and Tags are the values of the repeated flags.
	Categories, Tags []string
	// Date is createdAt as given, or "" for today in UTC by Now.
	Date string
	// Draft writes draft: true.
	Draft bool
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Validate checks the options as the command line gives them: a bad one
// is a *UsageError.
func (o NewGuideOptions) Validate() error {
	_, err := o.guide()
	return err
}

// guide checks the options as the command line gives them, and returns
// the guide they describe.
func (o NewGuideOptions) guide() (*guides.Guide, error) {
	g := &guides.Guide{Description: scaffold.GuideDescription, Draft: o.Draft}
	var err error
	if g.Title, err = checkTitle(o.Title); err != nil {
		return nil, usage("", err)
	}
	if g.CreatedAt, g.DateOnly, err = createdAt(o.Date, o.Now); err != nil {
		return nil, usage("--date", err)
	}
	if g.Categories, err = values("category", o.Categories); err != nil {
		return nil, usage("", err)
	}
	if len(g.Categories) == 0 {
		return nil, usage("", errors.New("--category is required: name the category of the guide, such as --category caching"))
	}
	if g.Tags, err = values("tag", o.Tags); err != nil {
		return nil, usage("", err)
	}
	return g, nil
}

// NewCategoryOptions are what the command that writes a new category asks.
type NewCategoryOptions struct {
	Title string
	// Sort is the category's place; SortSet says it was given, as it
	// must be.
	Sort    int64
	SortSet bool
}

// Validate checks the options as the command line gives them: a bad one
// is a *UsageError.
func (o NewCategoryOptions) Validate() error {
	_, err := o.category()
	return err
}

// category checks the options and returns the category they describe.
func (o NewCategoryOptions) category() (*guides.Category, error) {
	title, err := checkTitle(o.Title)
	if err != nil {
		return nil, usage("", err)
	}
	if !o.SortSet {
		return nil, usage("", errors.New("--sort is required: categories are listed by it, such as --sort 10"))
	}
	return &guides.Category{Title: title, Description: scaffold.CategoryDescription, Sort: o.Sort}, nil
}

// checkTitle checks a title given on the command line, and trims spaces
// around it.
func checkTitle(arg string) (string, error) {
	t := strings.TrimSpace(arg)
	switch {
	case !utf8.ValidString(t):
		return "", errors.New("the title is not UTF-8 text")
	case t == "":
		return "", errors.New("the title is empty")
	case strings.ContainsAny(t, "\r\n"):
		return "", errors.New("the title has a line break; a title is one line")
	case guides.Slug(t) == "":
		return "", errors.New("the title has no letters or digits to make a file name from")
	case guides.IsReservedID(guides.Slug(t)):
		return "", fmt.Errorf("the title gives the id %s, which the site uses for a page of its own; choose another title", guides.Quote(guides.Slug(t)))
	}
	return t, nil
}

// createdAt returns the date of a new guide: date when it is given, or
// else today in UTC by the clock now.
func createdAt(date string, now func() time.Time) (time.Time, bool, error) {
	if date == "" {
		if now == nil {
			now = time.Now
		}
		y, m, d := now().UTC().Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), true, nil
	}
	return guides.ParseDate(date)
}

// values trims the values of a repeated flag, refuses empty ones and drops
// repeats.
func values(flag string, vs []string) ([]string, error) {
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		v = strings.TrimSpace(v)
		switch {
		case v == "" || !utf8.ValidString(v) || strings.ContainsAny(v, "\r\n"):
			return nil, fmt.Errorf("--%s %s: write a non-empty value on one line", flag, guides.Quote(v))
		case !slices.Contains(out, v):
			out = append(out, v)
		}
	}
	return out, nil
}

// collectionToAddTo loads the collection a new file joins. When it cannot
// (an error, or findings for which commands refuse the collection), the
// collection is nil and the result says why.
func (s *Session) collectionToAddTo(ctx context.Context) (*guides.Collection, NewResult, error) {
	l, err := s.LoadLenient(ctx)
	if err != nil {
		return nil, NewResult{}, err
	}
	refusal := l.Refusal()
	if err := stopped(ctx); err != nil {
		return nil, NewResult{}, err
	}
	if len(refusal) > 0 {
		return nil, NewResult{Findings: refusal}, nil
	}
	return l.Coll, NewResult{}, nil
}

// NewGuide writes the file of a new guide, with the id made from its
// title. Bad options are a *UsageError, returned before anything is read.
func (s *Session) NewGuide(ctx context.Context, opts NewGuideOptions) (NewResult, error) {
	g, err := opts.guide()
	if err != nil {
		return NewResult{}, err
	}
	coll, refused, err := s.collectionToAddTo(ctx)
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
	return s.create(ctx, g.Path, data, ds)
}

// NewCategory writes the file of a new category, with the id made from
// its title. Bad options are a *UsageError, returned before anything is
// read.
func (s *Session) NewCategory(ctx context.Context, opts NewCategoryOptions) (NewResult, error) {
	c, err := opts.category()
	if err != nil {
		return NewResult{}, err
	}
	coll, refused, err := s.collectionToAddTo(ctx)
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
	return s.create(ctx, c.Path, data, ds)
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
	return msg + didYouMean(id, ids, "there are no categories yet: write one with \"guides new category TITLE --sort N\"", "category", "categories")
}

// didYouMean returns what follows the message of an unknown name: the
// closest of names, else none when there are none, else every name when
// there are at most ten, each named by the noun one or many.
func didYouMean(name string, names []string, none, one, many string) string {
	switch s := suggest.Closest(name, names, 3); {
	case len(s) > 0:
		return "; did you mean " + joinQuoted(s, " or ") + "?"
	case len(names) == 0:
		return "; " + none
	case len(names) == 1:
		return "; the only " + one + " is " + joinQuoted(names, " and ")
	case len(names) <= 10:
		return "; the " + many + " are " + joinQuoted(names, " and ")
	}
	return ""
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
// root, unless the file rules find an error in it (see createFile).
func (s *Session) create(ctx context.Context, rel string, data []byte, ds guides.Diagnostics) (NewResult, error) {
	// The placeholders are what a new file is written with: shown beside
	// an error of the file, they would only say so.
	ds = slices.DeleteFunc(ds, func(d guides.Diagnostic) bool { return d.Rule == guides.RulePlaceholder })
	ds.Sort()
	if ds.HasErrors() {
		return NewResult{Findings: ds}, nil
	}
	if err := stopped(ctx); err != nil {
		return NewResult{}, err
	}
	err := createFile(s.fsys, rel, data)
	if errors.Is(err, fs.ErrExist) {
		return NewResult{Problems: []Problem{{rel, "exists; not overwritten"}}}, nil
	}
	if err != nil {
		return NewResult{}, err
	}
	return NewResult{Path: rel}, nil
}

// createFile writes a new file at rel, a slash-separated path relative to
// the root of fsys. The file is created exclusively, so that an existing
// file, even one another program creates meanwhile, is never overwritten
// (the error then wraps fs.ErrExist); its folder is created when missing.
// It is written through the root: a folder that is a symbolic link
// leading out of the root, or to a hidden folder, is refused. A file it
// leaves partly written is removed.
func createFile(fsys *rootfs.FS, rel string, data []byte) error {
	root := fsys.Root()
	dir := path.Dir(rel)
	if err := root.MkdirAll(dir, 0o777); err != nil {
		return fmt.Errorf("creating the folder of %s: %w", rel, unwrap(err))
	}
	name := rel // the path to write: rel, with the folder's links followed
	if target, err := fsys.Resolve(dir); err != nil {
		return fmt.Errorf("creating %s: %w", rel, unwrap(err))
	} else if target != dir {
		name = path.Join(target, path.Base(rel))
	}
	f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return fmt.Errorf("creating %s: %w", rel, unwrap(err))
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		// The file is ours, created above: a partial one is removed so
		// that a second attempt can create it.
		root.Remove(name)
		return fmt.Errorf("writing %s: %w", rel, unwrap(err))
	}
	return nil
}
