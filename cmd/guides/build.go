package main

import (
	"github.com/spf13/cobra"

	"github.com/visual-guides/guides/internal/app"
)

func (a *cli) buildCommand() *cobra.Command {
	var drafts, whole bool
	c := &cobra.Command{
		Use:   "build [-o DIR] [--drafts]",
		Short: "Build the collection as a website",
		Long: `Build the collection as a static website whose URLs are the README's links:
the index of every category at the base URL's path, each category and guide
at ID/, each tag at tags/TAG/, with an Atom feed (feed.xml), a sitemap, a
JSON index of the guides (index.json), a 404 page, and a search page and
its index (search/): every page has a search box. Any static host serves
the folder as it is, at the base URL's path.

The first build writes the site to a new folder beside the output folder,
then swaps it in; an output folder that holds files but was not made by
guides build is never removed. The next builds into the same folder make and
write only the files whose inputs changed, each replaced whole (--whole
builds everything again). Drafts are left out unless --drafts. Nothing is written when
the collection has errors; they are printed, with the warnings of the same
files.

A collection replaces any block of the templates by defining it in a file
of its layouts/ folder (guides theme lists the blocks and prints the source
of one); a file named after a kind of page (guide.html) applies to that
kind alone. layouts/assets/custom.css is loaded after the built-in
stylesheet, and any other file of layouts/assets/ replaces or joins the
theme's assets.`,
		RunE: func(c *cobra.Command, _ []string) error {
			return a.runBuild(c, app.BuildOptions{Drafts: drafts, Whole: whole})
		},
	}
	c.Flags().StringVarP(&a.output, "output", "o", "", "output `folder`, relative to the collection root (default: the setting output, or public)")
	c.Flags().BoolVar(&drafts, "drafts", false, "include draft guides")
	c.Flags().BoolVar(&whole, "whole", false, "build the whole site into a new folder, even over an earlier build")
	return c
}

func (a *cli) runBuild(c *cobra.Command, opts app.BuildOptions) error {
	s, err := a.open(c, false)
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := s.Build(c.Context(), opts)
	if err != nil {
		return err
	}
	if len(res.Findings) > 0 {
		return a.refuse(res.Findings)
	}
	if res.Note != "" {
		a.printf(a.stderr, "%s\n", res.Note)
	}
	if res.Updated {
		a.printf(a.stdout, "updated %s for %s/: %d files written, %d removed, %d unchanged\n", res.Dir, s.Config.BaseURL, res.Files, res.Removed, res.Kept)
		return nil
	}
	a.printf(a.stdout, "built %d files into %s for %s/\n", res.Files, res.Dir, s.Config.BaseURL)
	return nil
}
