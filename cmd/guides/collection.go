package main

import (
	"os"

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
	diags guides.Diagnostics // sorted
}

// load reads the settings and the collection, and checks it with every
// rule, so that every command refuses the same invalid data.
func (a *app) load(c *cobra.Command) (*loaded, error) {
	cfg, err := a.settings(c)
	if err != nil {
		return nil, err
	}
	coll, diags, err := load.Load(os.DirFS(a.dir), load.Options{
		GuidesDir:     cfg.GuidesDir,
		CategoriesDir: cfg.CategoriesDir,
	})
	if err != nil {
		return nil, err
	}
	diags = append(diags, check.Run(os.DirFS(a.dir), coll)...)
	diags.Sort()
	return &loaded{cfg: cfg, coll: coll, diags: diags}, nil
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
