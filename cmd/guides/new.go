package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/visual-guides/guides/internal/app"
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
			opts := app.NewGuideOptions{Title: args[0], Categories: categories, Tags: tags, Draft: draft, Now: a.now}
			if c.Flags().Changed("date") {
				opts.Date = date
			}
			if err := opts.Validate(); err != nil {
				return a.usage(c, err)
			}
			return a.runNew(c, func(s *app.Session) (app.NewResult, error) { return s.NewGuide(c.Context(), opts) })
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
			opts := app.NewCategoryOptions{Title: args[0], Sort: sort, SortSet: c.Flags().Changed("sort")}
			if err := opts.Validate(); err != nil {
				return a.usage(c, err)
			}
			return a.runNew(c, func(s *app.Session) (app.NewResult, error) { return s.NewCategory(c.Context(), opts) })
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

// runNew opens the collection, leniently, and writes a new file into it.
func (a *cli) runNew(c *cobra.Command, write func(*app.Session) (app.NewResult, error)) error {
	s, err := a.open(c, true)
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := write(s)
	if err != nil {
		return a.usage(c, err)
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
			a.printf(a.stderr, "guides: %s\n", app.Printable(p.String()))
		}
		return errProblems
	}
	a.printf(a.stdout, "%s\n", app.Printable(a.show(res.Path)))
	return nil
}
