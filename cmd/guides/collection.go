package main

import (
	"github.com/spf13/cobra"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/check"
	"github.com/visual-guides/guides/config"
	"github.com/visual-guides/guides/load"
)

// loaded is a collection with its settings and findings.
type loaded struct {
	cfg   config.Config
	coll  *guides.Collection
	diags guides.Diagnostics // sorted, once checked

	checked chan guides.Diagnostics // the findings of check.Run, once
}

// load reads the settings and the collection, and checks it with every
// rule, so that every command refuses the same invalid data.
func (a *app) load(c *cobra.Command) (*loaded, error) {
	l, err := a.loadUnchecked(c)
	if err != nil {
		return nil, err
	}
	l.waitChecked()
	return l, nil
}

// loadUnchecked reads the settings and the collection, and starts checking
// it in the background: a command may do work of its own meanwhile, and
// then calls waitChecked.
func (a *app) loadUnchecked(c *cobra.Command) (*loaded, error) {
	cfg, err := a.settings(c)
	if err != nil {
		return nil, err
	}
	fsys := load.DirFS(a.dir)
	coll, diags, err := load.Load(fsys, load.Options{
		GuidesDir:     cfg.GuidesDir,
		CategoriesDir: cfg.CategoriesDir,
	})
	if err != nil {
		return nil, err
	}
	l := &loaded{cfg: cfg, coll: coll, diags: diags, checked: make(chan guides.Diagnostics, 1)}
	go func() { l.checked <- check.Run(fsys, coll) }()
	return l, nil
}

// waitChecked adds the findings of the collection-wide checks, and sorts
// them all.
func (l *loaded) waitChecked() {
	l.diags = append(l.diags, <-l.checked...)
	l.diags.Sort()
}

// refuseErrors prints the errors of a collection and returns errProblems
// when there are any: commands that write output do not write it from
// invalid data.
func (a *app) refuseErrors(l *loaded) error {
	if !l.diags.HasErrors() {
		return nil
	}
	for _, d := range l.diags {
		if d.Severity == guides.Error {
			a.printf(a.stderr, "%s\n", d)
		}
	}
	return errProblems
}
