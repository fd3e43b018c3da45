package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/visual-guides/guides/internal/app"
)

func (a *cli) searchCommand() *cobra.Command {
	var (
		category, tag, format string
		limit                 int
		drafts                bool
	)
	c := &cobra.Command{
		Use:   "search QUERY... [--limit N] [--format text|json] [--category ID] [--tag TAG] [--drafts]",
		Short: "Find the guides that mention words, best first",
		Long: `Search every word of the published guides, from the collection itself (no
build needed), ranked as the site's search box ranks them: words in titles
count most, then in headings, tags, categories, descriptions, the text and
code; guides with more of the words come first, and words standing together
add to the score. Words are matched whatever their case, accents and
English endings ("caching" finds "cache"); the last word also matches the
words it starts ("conn" finds "connection"). A word the collection lacks
matches the words one typo away (two for words of 8 letters or more), and
"did you mean" shows the query mended; words between double quotes must
stand together; common words such as "the" or "vs" count only beside the
others; a word no guide has, in any form, finds nothing, and says so.

The index is kept in the user's cache folder between runs, and updated for
the guides that change.

Each guide found is printed with its id, score and title, and an excerpt
with the words found (in bold on a terminal, as --color says). --format json prints an array
of objects with id, title, path, date, categories, tags, score, excerpt and
marks (the start and end of each word found in the excerpt, counted in
characters).

When the collection has errors, they are printed on standard error, the
guides are searched as well as they can be, and the exit code is 1.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return a.runSearch(c, args, searchFlags{category: category, tag: tag, format: format, limit: limit, drafts: drafts})
		},
	}
	f := c.Flags()
	f.IntVar(&limit, "limit", 10, "print at most `n` guides; 0 prints them all")
	f.StringVar(&format, "format", "text", "output `format`: text or json")
	f.StringVar(&category, "category", "", "search only the guides of the category `id`")
	f.StringVar(&tag, "tag", "", "search only the guides with the `tag`, in any case")
	f.BoolVar(&drafts, "drafts", false, "search the drafts too")
	a.completeCollectionFlags(c)
	if err := c.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]cobra.Completion{"text", "json"}, cobra.ShellCompDirectiveNoFileComp)); err != nil {
		panic(err) // the flag is misnamed: a mistake in this file
	}
	return c
}

// searchFlags are the flags of the search command.
type searchFlags struct {
	category, tag, format string
	limit                 int
	drafts                bool
}

// runSearch searches the collection for the words of args and prints the
// guides found.
func (a *cli) runSearch(c *cobra.Command, args []string, fl searchFlags) error {
	if fl.format != "text" && fl.format != "json" {
		return usageError{c.CommandPath(), fmt.Errorf("--format %q: use text or json", fl.format)}
	}
	o := app.SearchOptions{Query: strings.Join(args, " "), Limit: fl.limit, Drafts: fl.drafts}
	if c.Flags().Changed("category") {
		o.Category = fl.category
	}
	if c.Flags().Changed("tag") {
		o.Tag = fl.tag
	}
	if err := o.Validate(); err != nil {
		return a.usage(c, err)
	}
	s, err := a.open(c, false)
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := s.Search(c.Context(), o)
	for _, note := range res.Notes {
		a.printf(a.stderr, "guides: note: %s; the index was made in memory\n", app.Printable(note.Error()))
	}
	if err != nil {
		return a.usage(c, err)
	}
	var problems error
	if len(res.Findings) > 0 {
		problems = a.refuse(res.Findings)
	}
	if fl.format == "json" {
		err = writeJSONSearch(a.stdout, res.Hits)
	} else {
		err = writeSearch(a.stdout, res, a.colors(a.stdout), a.width())
	}
	if err != nil {
		return fmt.Errorf("writing the results: %w", err)
	}
	return problems
}

// writeSearch prints each hit as its id, score and title, then its excerpt
// indented, then how many guides were found. With a width (see cli.width),
// lines are broken at spaces to fit it: a title goes on under an indent of
// two, an excerpt under its own indent of four.
func writeSearch(w io.Writer, res app.SearchResult, bold bool, width int) error {
	if res.Suggestion != "" {
		fmt.Fprintf(w, "did you mean: %s\n", app.Printable(strings.TrimSpace(res.Suggestion)))
	}
	for _, h := range res.Hits {
		head := app.Printable(h.Guide.ID) + "  " + strconv.FormatFloat(h.Score, 'f', 2, 64) + "  "
		title := h.Guide.Title
		if width <= 0 {
			fmt.Fprintf(w, "%s%s\n", head, app.Printable(title))
		} else {
			for i, l := range breakLines(title, width-cellWidth(head), width-2) {
				if i == 0 {
					fmt.Fprintf(w, "%s%s\n", head, app.Printable(title[l[0]:l[1]]))
				} else {
					fmt.Fprintf(w, "  %s\n", app.Printable(title[l[0]:l[1]]))
				}
			}
		}
		switch {
		case h.Excerpt.Text == "":
		case width <= 0:
			fmt.Fprintf(w, "    %s\n", markedText(h.Excerpt, bold))
		default:
			for _, l := range breakLines(h.Excerpt.Text, width-4, width-4) {
				fmt.Fprintf(w, "    %s\n", markedText(part(h.Excerpt, l[0], l[1]), bold))
			}
		}
	}
	found := "no guide found"
	if len(res.Missing) > 0 {
		found += ": no guide has “" + app.Printable(strings.Join(res.Missing, "” or “")) + "”"
	}
	switch {
	case res.Total == 1:
		found = "1 guide found"
	case res.Total > 1:
		found = strconv.Itoa(res.Total) + " guides found"
	}
	if len(res.Hits) < res.Total {
		found += fmt.Sprintf(", %d shown (--limit)", len(res.Hits))
	}
	_, err := fmt.Fprintln(w, found)
	return err
}

// markedText returns an excerpt safe for a terminal, its marks in bold
// when bold is set.
func markedText(e app.Excerpt, bold bool) string {
	if !bold {
		return app.Printable(e.Text)
	}
	var b strings.Builder
	at := 0
	for _, m := range e.Marks {
		b.WriteString(app.Printable(e.Text[at:m[0]]))
		b.WriteString("\x1b[1m" + app.Printable(e.Text[m[0]:m[1]]) + "\x1b[0m")
		at = m[1]
	}
	b.WriteString(app.Printable(e.Text[at:]))
	return b.String()
}

// part returns the part of an excerpt from byte start to end, with the
// parts of its marks that fall within it.
func part(e app.Excerpt, start, end int) app.Excerpt {
	p := app.Excerpt{Text: e.Text[start:end]}
	for _, m := range e.Marks {
		if from, to := max(m[0], start), min(m[1], end); from < to {
			p.Marks = append(p.Marks, [2]int{from - start, to - start})
		}
	}
	return p
}

// searchItem is a hit in the JSON output of search.
type searchItem struct {
	ID         string   `json:"id"`
	Title      string   `json:"title"`
	Path       string   `json:"path"`
	Date       *string  `json:"date"`
	Categories []string `json:"categories"`
	Tags       []string `json:"tags"`
	Score      float64  `json:"score"`
	Excerpt    string   `json:"excerpt"`
	Marks      [][2]int `json:"marks"` // in characters
}

func writeJSONSearch(w io.Writer, hits []app.SearchHit) error {
	items := make([]searchItem, len(hits))
	for i, h := range hits {
		g := h.Guide
		items[i] = searchItem{
			ID: g.ID, Title: g.Title, Path: g.Path,
			Categories: nonNil(g.Categories), Tags: nonNil(g.Tags),
			Score: h.Score, Excerpt: h.Excerpt.Text, Marks: [][2]int{},
		}
		if !g.CreatedAt.IsZero() {
			d := g.CreatedAt.UTC().Format(time.RFC3339Nano)
			items[i].Date = &d
		}
		for _, m := range h.Excerpt.Marks {
			items[i].Marks = append(items[i].Marks, [2]int{utf8.RuneCountInString(h.Excerpt.Text[:m[0]]), utf8.RuneCountInString(h.Excerpt.Text[:m[1]])})
		}
	}
	data, err := marshalJSON(items)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}
