package main

import (
	"errors"
	"io/fs"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/config"
	"github.com/visual-guides/guides/load"
)

// completeCollectionFlags completes the values of the --category and --tag
// flags of c from the collection: its category ids, with their titles, and
// the tags its guides have.
func (a *app) completeCollectionFlags(c *cobra.Command) {
	for flag, complete := range map[string]cobra.CompletionFunc{
		"category": a.completeCategories,
		"tag":      a.completeTags,
	} {
		if err := c.RegisterFlagCompletionFunc(flag, complete); err != nil {
			panic(err) // a flag of c is misnamed: a mistake in this file
		}
	}
}

func (a *app) completeCategories(c *cobra.Command, _ []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
	_, coll, err := a.loadLenient(c)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []cobra.Completion
	for _, cat := range coll.Categories {
		if strings.HasPrefix(cat.ID, prefix) {
			out = append(out, cobra.CompletionWithDesc(cat.ID, oneLine(cat.Title)))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

func (a *app) completeTags(c *cobra.Command, _ []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
	_, coll, err := a.loadLenient(c)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	// Tags that differ only in case are one tag: the first spelling in
	// production order is offered.
	seen := make(map[string]bool)
	var out []cobra.Completion
	for _, g := range coll.Guides {
		for _, t := range g.Tags {
			key := strings.ToLower(t)
			if seen[key] || !strings.HasPrefix(key, strings.ToLower(prefix)) {
				continue
			}
			seen[key] = true
			out = append(out, oneLine(t))
		}
	}
	slices.SortFunc(out, func(x, y string) int { return strings.Compare(strings.ToLower(x), strings.ToLower(y)) })
	return out, cobra.ShellCompDirectiveNoFileComp
}

// oneLine replaces the tabs and line breaks of s with spaces, for output
// that is one line per item, or tab-separated.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '\t', '\n', '\r', '\v', '\f', 0x85, 0x2028, 0x2029:
			return ' '
		}
		return r
	}, s)
}

// loadLenient reads the settings and the collection for the commands that
// add to it or complete from it. A data folder that does not exist yet is
// taken as empty, so that a collection can start with 'guides new
// category'. The findings are dropped: a new file does not depend on the
// rest being valid, and 'guides check' reports them.
func (a *app) loadLenient(c *cobra.Command) (config.Config, *guides.Collection, error) {
	cfg, err := a.settings(c)
	if err != nil {
		return cfg, nil, err
	}
	fsys := load.DirFS(a.dir)
	var missing []string
	for _, dir := range []string{cfg.GuidesDir, cfg.CategoriesDir} {
		if _, err := fs.Stat(fsys, dir); errors.Is(err, fs.ErrNotExist) {
			missing = append(missing, dir)
		}
	}
	if len(missing) > 0 {
		fsys = emptyDirs{fsys, missing}
	}
	coll, _, err := load.Load(fsys, load.Options{GuidesDir: cfg.GuidesDir, CategoriesDir: cfg.CategoriesDir})
	return cfg, coll, err
}

// emptyDirs is a file system in which the folders dirs, which do not
// exist, are listed as empty.
type emptyDirs struct {
	fs.FS
	dirs []string
}

func (e emptyDirs) ReadDir(name string) ([]fs.DirEntry, error) {
	if slices.Contains(e.dirs, name) {
		return nil, nil
	}
	return fs.ReadDir(e.FS, name)
}
