package app

import (
	"context"
	"slices"
	"strings"

	sitetheme "github.com/visual-guides/guides/internal/site/theme"
)

// ThemeOptions are what the theme command asks.
type ThemeOptions struct {
	// Block names the block whose source to print; "" lists them all.
	Block string
}

// ThemeBlock is a block of the site's theme.
type ThemeBlock struct {
	Name, File, Summary string
	// Overridden names the files of the collection's layouts/ folder
	// that define the block, or is empty.
	Overridden []string
}

// ThemeResult is the outcome of the theme command: the blocks, or the
// source of one.
type ThemeResult struct {
	Blocks []ThemeBlock
	Source string
}

// Theme lists the blocks of the site's theme that a collection may
// replace, saying which the collection does, or returns the theme's
// source of one, as a {{define}} to start an override from. The main
// block of one kind of page is named KIND/main.
func (s *Session) Theme(ctx context.Context, opts ThemeOptions) (ThemeResult, error) {
	if err := stopped(ctx); err != nil {
		return ThemeResult{}, err
	}
	if opts.Block != "" {
		src, err := sitetheme.Source(opts.Block)
		if err != nil {
			return ThemeResult{}, err
		}
		return ThemeResult{Source: src}, nil
	}
	overrides := sitetheme.Overrides(s.fsys)
	var res ThemeResult
	for _, b := range sitetheme.Blocks() {
		tb := ThemeBlock{Name: b.Name, File: b.File, Summary: b.Summary}
		for name, file := range overrides {
			if name == b.Name || strings.HasSuffix(name, "/"+b.Name) {
				tb.Overridden = append(tb.Overridden, file)
			}
		}
		res.Blocks = append(res.Blocks, tb)
	}
	for i := range res.Blocks {
		slices.Sort(res.Blocks[i].Overridden)
		res.Blocks[i].Overridden = slices.Compact(res.Blocks[i].Overridden)
	}
	return res, nil
}

// ThemeBlockNames returns the names the theme command takes, for
// completion.
func ThemeBlockNames() []string {
	var names []string
	for _, b := range sitetheme.Blocks() {
		if b.Name != "main" {
			names = append(names, b.Name)
		}
	}
	for _, k := range sitetheme.Kinds() {
		names = append(names, k+"/main")
	}
	return names
}
