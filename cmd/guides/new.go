package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/app"
	"github.com/visual-guides/guides/internal/scaffold"
)

func (a *cli) newCommand() *cobra.Command {
	var (
		categories, tags []string
		date             string
		draft            bool
	)
	c := &cobra.Command{
		Use:   "new TITLE --category ID... [--tag TAG...] [--date DATE] [--draft=false]",
		Short: "Write a new guide, ready to fill in",
		Long: `Write a new guide: data/guides/ID.md, where ID is made from the title (see
below), with complete front matter and a body that says what to write. The
guide is a draft dated today (UTC) unless --draft=false or --date says
otherwise. The path of the new file, relative to the current folder (to the
root under -C), is printed on standard output, so that "guides new ..." can
be given to an editor.

The title is one argument: quote a title of several words. The id is the
title in lower case, with accents dropped (é gives e, ß gives ss) and every
run of other characters but ASCII letters and digits replaced by one "-":
"Crème Brûlée: A Guide" gives creme-brulee-a-guide.

Every --category must name a file of the categories folder. Nothing is
written when one does not, when the id is taken by a category, or when the
file exists: an existing file is never overwritten. These exit 1.

"guides new category TITLE" writes a category instead. To write a guide
titled "category", put -- before the title: guides new --category ID -- category.`,
		Example: `  guides new "Cache Eviction Policies" --category caching --tag Caching --tag Algorithms
  $EDITOR "$(guides new "Consistent Hashing" --category distributed-systems)"`,
		Args:              titleArg,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(c *cobra.Command, args []string) error {
			g := &guides.Guide{
				Description: scaffold.GuideDescription,
				Draft:       draft,
			}
			var err error
			if g.Title, err = title(args[0]); err != nil {
				return usageError{c.CommandPath(), err}
			}
			if g.CreatedAt, g.DateOnly, err = createdAt(c, date, a.now); err != nil {
				return usageError{c.CommandPath(), err}
			}
			if g.Categories, err = values("category", categories); err != nil {
				return usageError{c.CommandPath(), err}
			}
			if len(g.Categories) == 0 {
				return usageError{c.CommandPath(), errors.New("--category is required: name the category of the guide, such as --category caching")}
			}
			if g.Tags, err = values("tag", tags); err != nil {
				return usageError{c.CommandPath(), err}
			}
			return a.runNewGuide(c, g)
		},
	}
	f := c.Flags()
	f.StringArrayVar(&categories, "category", nil, "`id` of a category of the guide; repeat for more (required)")
	f.StringArrayVar(&tags, "tag", nil, "a `tag` of the guide; repeat for more")
	f.StringVar(&date, "date", "", "createdAt: a `date` such as 2026-03-14, or an RFC 3339 time (default today in UTC)")
	f.BoolVar(&draft, "draft", true, "write draft: true, which keeps the guide out of the table of contents")
	a.completeCollectionFlags(c)
	c.AddCommand(a.newCategoryCommand())
	return c
}

func (a *cli) newCategoryCommand() *cobra.Command {
	var sort int64
	c := &cobra.Command{
		Use:   "category TITLE --sort N",
		Short: "Write a new category, ready to fill in",
		Long: `Write a new category: data/categories/ID.md, with the id made from the title
as for a guide, the front matter, and an introduction to replace. The path
of the new file is printed on standard output, as for a guide.

Categories are listed by sort, then by file name; --sort is required, and
a sort that another category has is refused. Nothing is written when the
id is taken by a guide or the file exists (exit 1). Until a published guide
lists the new category, "guides check" warns that it is empty.`,
		Example:           `  guides new category "Caching" --sort 20`,
		Args:              wrapArgs(titleArg),
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(c *cobra.Command, args []string) error {
			t, err := title(args[0])
			if err != nil {
				return usageError{c.CommandPath(), err}
			}
			if !c.Flags().Changed("sort") {
				return usageError{c.CommandPath(), errors.New("--sort is required: categories are listed by it, such as --sort 10")}
			}
			return a.runNewCategory(c, &guides.Category{
				Title:       t,
				Description: scaffold.CategoryDescription,
				Sort:        sort,
			})
		},
	}
	c.Flags().Int64Var(&sort, "sort", 0, "the category's place in the list: an `integer`; lower comes first (required)")
	return c
}

// titleArg accepts exactly one argument, the title.
func titleArg(_ *cobra.Command, args []string) error {
	switch len(args) {
	case 0:
		return errors.New("the title is missing")
	case 1:
		return nil
	}
	return fmt.Errorf("one title expected, not %d arguments: quote a title of several words", len(args))
}

// title checks the title given on the command line, and trims spaces
// around it.
func title(arg string) (string, error) {
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

// createdAt returns the date of a new guide: --date when it is given, or
// else today in UTC by the clock now.
func createdAt(c *cobra.Command, date string, now func() time.Time) (time.Time, bool, error) {
	if !c.Flags().Changed("date") {
		y, m, d := now().UTC().Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), true, nil
	}
	t, dateOnly, err := guides.ParseDate(date)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("--date: %w", err)
	}
	return t, dateOnly, nil
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

func (a *cli) runNewGuide(c *cobra.Command, g *guides.Guide) error {
	s, err := a.startSession(c)
	if err != nil {
		return err
	}
	res, err := s.NewGuide(g)
	if err != nil {
		return err
	}
	return a.printNew(res)
}

func (a *cli) runNewCategory(c *cobra.Command, cat *guides.Category) error {
	s, err := a.startSession(c)
	if err != nil {
		return err
	}
	res, err := s.NewCategory(cat)
	if err != nil {
		return err
	}
	return a.printNew(res)
}

// printNew prints the path of the file a new command wrote, or why it
// wrote none.
func (a *cli) printNew(res app.NewResult) error {
	if len(res.Findings) > 0 {
		return a.refuse(res.Findings)
	}
	if len(res.Problems) > 0 {
		for _, p := range res.Problems {
			if p.Path != "" {
				p.Path = a.show(p.Path)
			}
			a.printf(a.stderr, "guides: %s\n", guides.Printable(p.String()))
		}
		return errProblems
	}
	a.printf(a.stdout, "%s\n", guides.Printable(a.show(res.Path)))
	return nil
}
