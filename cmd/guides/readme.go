package main

import (
	"github.com/spf13/cobra"

	"github.com/visual-guides/guides/internal/app"
)

func (a *cli) readmeCommand() *cobra.Command {
	var check bool
	c := &cobra.Command{
		Use:   "readme [--check]",
		Short: "Regenerate README's table of contents",
		Long: `Regenerate the table of contents of README.md: everything between the lines
<!-- TOC --> and <!-- /TOC --> becomes one empty line, a link for every
category and its published guides in production order, and two empty lines.
Every other byte of README.md is kept. README.md is replaced atomically, and
not written at all when nothing changes. Nothing is written when the
collection has errors or README.md lacks exactly one pair of markers; the
errors are printed, with the warnings of the same files.

With --check nothing is written: the exit code is 0 when README.md is up to
date, and 1 with a unified diff on standard output when it is not.`,
		RunE: func(c *cobra.Command, _ []string) error { return a.runReadme(c, app.ReadmeOptions{Check: check}) },
	}
	c.Flags().BoolVar(&check, "check", false, "write nothing; exit 1 and print a diff when README is out of date")
	return c
}

func (a *cli) runReadme(c *cobra.Command, opts app.ReadmeOptions) error {
	s, err := a.open(c, false)
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := s.Readme(c.Context(), opts)
	if err != nil {
		return err
	}
	readme := a.show(s.Config.Readme)
	switch res.Status {
	case app.Refused:
		return a.refuse(res.Findings)
	case app.UpToDate:
		if !opts.Check {
			a.printf(a.stdout, "%s is up to date\n", readme)
		}
	case app.Stale:
		a.printf(a.stdout, "%s", res.Diff)
		a.printf(a.stderr, "%s is out of date: run \"guides readme\" to update it\n", readme)
		return errProblems
	case app.Updated:
		a.printf(a.stdout, "%s updated\n", readme)
	}
	return nil
}
