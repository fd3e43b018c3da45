package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/app"
)

// completeCollectionFlags completes the values of the --category and --tag
// flags of c from the collection: its category ids, with their titles, and
// the tags its guides have.
func (a *cli) completeCollectionFlags(c *cobra.Command) {
	for flag, complete := range map[string]cobra.CompletionFunc{
		"category": a.completeCategories,
		"tag":      a.completeTags,
	} {
		if err := c.RegisterFlagCompletionFunc(flag, complete); err != nil {
			panic(err) // a flag of c is misnamed: a mistake in this file
		}
	}
}

func (a *cli) completeCategories(c *cobra.Command, _ []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
	coll, err := a.collection(c)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []cobra.Completion
	for _, cat := range coll.Categories {
		if strings.HasPrefix(cat.ID, prefix) {
			out = append(out, cobra.CompletionWithDesc(oneLine(cat.ID), oneLine(cat.Title)))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeTags offers each tag once, however often and however it is
// spelt (see guides.TagKey), as first written.
func (a *cli) completeTags(c *cobra.Command, _ []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
	coll, err := a.collection(c)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	want := guides.TagKey(prefix)
	var out []cobra.Completion
	for _, t := range app.Tags(coll) {
		if strings.HasPrefix(guides.TagKey(t), want) || strings.HasPrefix(t, prefix) {
			out = append(out, oneLine(t))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// oneLine escapes what a shell's completion menu would take as the end of
// an item or as a command to the terminal.
func oneLine(s string) string {
	return guides.Printable(strings.Map(func(r rune) rune {
		switch r {
		case '\t', '\n', '\r', '\v', '\f', 0x85, 0x2028, 0x2029:
			return ' '
		}
		return r
	}, s))
}

// collection loads the collection for completion, as leniently as the new
// commands do; the findings are not shown.
func (a *cli) collection(c *cobra.Command) (*guides.Collection, error) {
	s, err := a.session(c)
	if err != nil {
		return nil, err
	}
	l, err := s.LoadLenient()
	if err != nil {
		return nil, err
	}
	return l.Coll, nil
}
