package main

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

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
	return a.complete(c, "category", prefix), cobra.ShellCompDirectiveNoFileComp
}

func (a *cli) completeTags(c *cobra.Command, _ []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return a.complete(c, "tag", prefix), cobra.ShellCompDirectiveNoFileComp
}

// complete returns the values of the flag that the collection offers (see
// app.Session.Complete), each on one line, with its description.
func (a *cli) complete(c *cobra.Command, flag, prefix string) []cobra.Completion {
	s, err := a.open(c, true)
	if err != nil {
		return nil
	}
	defer s.Close()
	var out []cobra.Completion
	for _, ch := range s.Complete(c.Context(), flag, prefix) {
		if ch.Description == "" {
			out = append(out, oneLine(ch.Value))
		} else {
			out = append(out, cobra.CompletionWithDesc(oneLine(ch.Value), oneLine(ch.Description)))
		}
	}
	return out
}

// oneLine escapes what a shell's completion menu would take as the end of
// an item or as a command to the terminal.
func oneLine(s string) string {
	return app.Printable(strings.Map(func(r rune) rune {
		switch r {
		case '\t', '\n', '\r', '\v', '\f', 0x85, 0x2028, 0x2029:
			return ' '
		}
		return r
	}, s))
}

// completeFlags registers the completion of the values of every flag of
// root and its commands that takes one: fixed words, folders or files. The
// collection's flags, --category and --tag, are registered by their
// commands (see completeCollectionFlags). Commands without arguments
// complete none, rather than file names.
func (a *cli) completeFlags(root *cobra.Command) {
	words := func(ws ...string) cobra.CompletionFunc {
		return cobra.FixedCompletions(ws, cobra.ShellCompDirectiveNoFileComp)
	}
	dirs := func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return nil, cobra.ShellCompDirectiveFilterDirs
	}
	files := func(exts ...string) cobra.CompletionFunc {
		return func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
			return exts, cobra.ShellCompDirectiveFilterFileExt
		}
	}
	byFlag := map[string]cobra.CompletionFunc{
		"link-mode":      words("site", "files"),
		"color":          words(colorModes...),
		"dir":            dirs,
		"guides-dir":     dirs,
		"categories-dir": dirs,
		"output":         dirs,
		"config":         files("yaml", "yml"),
		"readme":         files("md"),
		"base-url":       cobra.NoFileCompletions,
		"addr":           cobra.NoFileCompletions,
		"date":           cobra.NoFileCompletions,
		"sort":           cobra.NoFileCompletions,
		// check --links: times, numbers and patterns.
		"timeout":               cobra.NoFileCompletions,
		"request-timeout":       cobra.NoFileCompletions,
		"links-max-age":         cobra.NoFileCompletions,
		"links-failure-max-age": cobra.NoFileCompletions,
		"exclude":               cobra.NoFileCompletions,
		"links-per-host":        cobra.NoFileCompletions,
		"links-concurrency":     cobra.NoFileCompletions,
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			complete, ok := byFlag[f.Name]
			if !ok {
				return
			}
			if _, taken := c.GetFlagCompletionFunc(f.Name); taken {
				return
			}
			if err := c.RegisterFlagCompletionFunc(f.Name, complete); err != nil {
				panic(err) // a flag registered twice: a mistake in this file
			}
		})
		if c.ValidArgsFunction == nil && c != root {
			c.ValidArgsFunction = cobra.NoFileCompletions
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}
