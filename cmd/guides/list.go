package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/visual-guides/guides/internal/app"
)

func (a *cli) listCommand() *cobra.Command {
	var (
		category, tag, format string
		drafts                bool
	)
	c := &cobra.Command{
		Use:   "list [--category ID] [--tag TAG] [--drafts] [--format table|json]",
		Short: "List the guides in production order",
		Long: `List the published guides in production order: by createdAt, then by file
name. --drafts adds the drafts. --category keeps the guides of one category,
--tag those with a tag, however it is spelt (case, and "-", "_" or spaces
between words, do not matter); both may be given.

Formats: table, aligned columns ID, DATE, CATEGORIES and TITLE, with DRAFT
after DATE under --drafts; json, an array of objects with id, title,
description, date (RFC 3339, or null when it cannot be read), categories,
tags, draft and path.

When the collection has errors, they are printed on standard error, the
guides are listed as well as they can be, and the exit code is 1.`,
		RunE: func(c *cobra.Command, _ []string) error {
			if format != "table" && format != "json" {
				return usageError{c.CommandPath(), fmt.Errorf("--format %q: use table or json", format)}
			}
			f := app.ListFilter{Drafts: drafts}
			if c.Flags().Changed("category") {
				f.Category = category
			}
			if c.Flags().Changed("tag") {
				f.Tag = tag
			}
			s, err := a.open(c, false)
			if err != nil {
				return err
			}
			defer s.Close()
			res, err := s.List(c.Context(), f)
			if err != nil {
				return a.usage(c, err)
			}
			var problems error
			if len(res.Findings) > 0 {
				problems = a.refuse(res.Findings)
			}
			if format == "json" {
				err = writeJSONList(a.stdout, res.Guides)
			} else {
				err = writeTable(a.stdout, res.Guides, drafts, a.width())
			}
			if err != nil {
				return fmt.Errorf("writing the list: %w", err)
			}
			return problems
		},
	}
	f := c.Flags()
	f.StringVar(&category, "category", "", "list only the guides of the category `id`")
	f.StringVar(&tag, "tag", "", "list only the guides with the `tag`, in any case")
	f.BoolVar(&drafts, "drafts", false, "list the drafts too")
	f.StringVar(&format, "format", "table", "output `format`: table or json")
	a.completeCollectionFlags(c)
	if err := c.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]cobra.Completion{"table", "json"}, cobra.ShellCompDirectiveNoFileComp)); err != nil {
		panic(err) // the flag is misnamed: a mistake in this file
	}
	return c
}

// listDate formats a guide's createdAt for the table: the date when it was
// written as one, else the time in UTC, and "-" when it could not be read.
func listDate(g *app.Guide) string {
	switch {
	case g.CreatedAt.IsZero():
		return "-"
	case g.DateOnly:
		return g.CreatedAt.UTC().Format(time.DateOnly)
	}
	return g.CreatedAt.UTC().Format(time.RFC3339Nano)
}

// writeTable writes the guides in columns that fit in limit columns of a
// terminal (0: no limit); the TITLE column takes what the others leave.
func writeTable(w io.Writer, list []*app.Guide, drafts bool, limit int) error {
	t := &table{header: []string{"ID", "DATE", "CATEGORIES", "TITLE"}, flex: 3, fixed: map[int]bool{1: true}}
	if drafts {
		t.header = []string{"ID", "DATE", "DRAFT", "CATEGORIES", "TITLE"}
		t.flex, t.fixed[2] = 4, true
	}
	for _, g := range list {
		cells := []string{g.ID, listDate(g), strings.Join(g.Categories, ","), g.Title}
		if drafts {
			draft := "no"
			if g.Draft {
				draft = "yes"
			}
			cells = []string{cells[0], cells[1], draft, cells[2], cells[3]}
		}
		t.rows = append(t.rows, cells)
	}
	return t.write(w, limit)
}

// listItem is a guide in the JSON output of list.
type listItem struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Date        *string  `json:"date"` // null when createdAt could not be read
	Categories  []string `json:"categories"`
	Tags        []string `json:"tags"`
	Draft       bool     `json:"draft"`
	Path        string   `json:"path"`
}

func writeJSONList(w io.Writer, list []*app.Guide) error {
	items := make([]listItem, len(list))
	for i, g := range list {
		items[i] = listItem{
			ID:          g.ID,
			Title:       g.Title,
			Description: g.Description,
			Categories:  nonNil(g.Categories),
			Tags:        nonNil(g.Tags),
			Draft:       g.Draft,
			Path:        g.Path,
		}
		if !g.CreatedAt.IsZero() {
			d := g.CreatedAt.UTC().Format(time.RFC3339Nano)
			items[i].Date = &d
		}
	}
	data, err := marshalJSON(items)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// nonNil returns s, or an empty slice for nil, which JSON writes as []
// rather than null.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
