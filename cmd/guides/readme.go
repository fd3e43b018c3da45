package main

import (
	"errors"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"runtime/debug"

	"github.com/rogpeppe/go-internal/diff"
	"github.com/spf13/cobra"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/config"
	"github.com/visual-guides/guides/internal/atomicfile"
	"github.com/visual-guides/guides/internal/mapfile"
	"github.com/visual-guides/guides/toc"
)

func (a *app) readmeCommand() *cobra.Command {
	var check bool
	c := &cobra.Command{
		Use:   "readme [--check]",
		Short: "Regenerate README's table of contents",
		Long: `Regenerate the table of contents of README.md: everything between the lines
<!-- TOC --> and <!-- /TOC --> becomes one empty line, a link for every
category and its published guides in production order, and two empty lines.
Every other byte of README.md is kept. README.md is replaced atomically, and
not written at all when nothing changes. Nothing is written when the
collection has errors or README.md lacks exactly one pair of markers.

With --check nothing is written: the exit code is 0 when README.md is up to
date, and 1 with a unified diff on standard output when it is not.`,
		RunE: func(c *cobra.Command, _ []string) error { return a.runReadme(c, check) },
	}
	c.Flags().BoolVar(&check, "check", false, "write nothing; exit 1 and print a diff when README is out of date")
	return c
}

func (a *app) runReadme(c *cobra.Command, check bool) (err error) {
	l, err := a.loadUnchecked(c)
	if err != nil {
		return err
	}
	name := filepath.Join(a.dir, filepath.FromSlash(l.cfg.Readme))
	// README is mapped, not read: on a large collection it is the largest
	// buffer of the run. Should another program cut it short meanwhile,
	// the fault becomes an error instead of a crash.
	f, err := mapfile.Open(name)
	if err != nil {
		return fmt.Errorf("reading %s: %w", l.cfg.Readme, pathErr(err))
	}
	defer f.Close()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("reading %s: it changed while it was read: %v", l.cfg.Readme, r)
		}
	}()
	old := f.Data
	var links toc.Linker = toc.SiteLinks{Base: l.cfg.BaseURL}
	if l.cfg.LinkMode == config.LinkFiles {
		links = toc.FileLinks{ReadmeDir: path.Dir(l.cfg.Readme)}
	}
	// Most runs find README current: compare while rendering, as the
	// collection-wide checks run, and build or write the new README only
	// when it differs.
	current, err := toc.Current(old, l.coll, links)
	l.waitChecked()
	var merrs toc.MarkerErrors
	if errors.As(err, &merrs) {
		// Reported with the collection's errors, all at once.
		for _, e := range merrs {
			l.diags.Add(l.cfg.Readme, e.Pos, guides.Error, "", "%s", e.Msg)
		}
		l.diags.Sort()
	} else if err != nil {
		return err
	}
	if err := a.refuseErrors(l); err != nil {
		return err
	}
	switch {
	case current && check:
		return nil
	case current:
		a.printf(a.stdout, "%s is up to date\n", l.cfg.Readme)
		return nil
	case check:
		updated, err := toc.Update(old, l.coll, links)
		if err != nil {
			return err
		}
		a.printf(a.stdout, "%s", diff.Diff("a/"+l.cfg.Readme, old, "b/"+l.cfg.Readme, updated))
		a.printf(a.stderr, "%s is out of date: run 'guides readme' to update it\n", l.cfg.Readme)
		return errProblems
	}
	err = atomicfile.Write(name, 0o644, func(w io.Writer) error { return toc.Write(w, old, l.coll, links) })
	if err != nil {
		return err
	}
	a.printf(a.stdout, "%s updated\n", l.cfg.Readme)
	return nil
}
