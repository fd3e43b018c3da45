package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/visual-guides/guides/internal/app"
)

func (a *cli) themeCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "theme [BLOCK]",
		Short: "List the blocks of the site's theme, or print one",
		Long: `List the blocks of the site's templates that a collection may replace, one
a line: its name, the theme's file that defines it, what it shows, and the
files of the collection's layouts/ folder that replace it.

With a BLOCK, print the theme's source of that block as a {{define}}, to
start an override from: put it in any file of layouts/ (layouts/blocks.html)
and change it. Every block the collection does not define stays the
theme's, and gains what later releases bring. The content of one kind of
page is KIND/main (guide/main, index/main); a file named after that kind
(layouts/guide.html) applies to it alone.

guides check, build and serve report a template of layouts/ with a syntax
error, an unknown block or a field the pages do not have, at its line and
column.`,
		Args: cobra.MaximumNArgs(1),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return app.ThemeBlockNames(), cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(c *cobra.Command, args []string) error {
			var opts app.ThemeOptions
			if len(args) == 1 {
				opts.Block = args[0]
			}
			return a.runTheme(c, opts)
		},
	}
}

func (a *cli) runTheme(c *cobra.Command, opts app.ThemeOptions) error {
	s, err := a.open(c, false)
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := s.Theme(c.Context(), opts)
	if err != nil {
		if opts.Block != "" {
			return usageError{c.CommandPath(), err}
		}
		return err
	}
	if opts.Block != "" {
		a.printf(a.stdout, "%s", res.Source)
		return nil
	}
	width := 0
	for _, b := range res.Blocks {
		width = max(width, len(b.Name))
	}
	for _, b := range res.Blocks {
		line := b.Name + strings.Repeat(" ", width-len(b.Name)+2) + b.Summary + " (" + b.File + ")"
		if len(b.Overridden) > 0 {
			line += "; replaced by " + strings.Join(b.Overridden, ", ")
		}
		a.printf(a.stdout, "%s\n", line)
	}
	return nil
}
