package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/visual-guides/guides/internal/app"
)

func (a *cli) initCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "init [DIR]",
		Short: "Start a new collection",
		Long: `Start a new collection in DIR, or in the current folder: write guides.yaml
(the settings, each explained), a .gitignore for the built site, a first
category and a first guide in data/categories and data/guides, which tell
how to go on, and README.md with its table of contents. The new collection
passes "guides check --strict", "guides readme --check" and "guides build".
DIR is created when it does not exist.

Nothing is written, and the exit code is 1, when DIR is a collection or a
folder inside one, or when one of the files exists: guides init never
changes a collection or a file.`,
		Example: `  guides init my-guides
  cd my-guides && guides new "Consistent Hashing" --category getting-started`,
		Args: cobra.MaximumNArgs(1),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
			return nil, cobra.ShellCompDirectiveFilterDirs
		},
		RunE: func(c *cobra.Command, args []string) error {
			for _, flag := range []string{"config", "base-url", "guides-dir", "categories-dir", "readme", "link-mode"} {
				if c.Flags().Changed(flag) {
					return usageError{c.CommandPath(), fmt.Errorf("--%s: guides init writes the usual layout; change the settings in guides.yaml afterwards", flag)}
				}
			}
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			if c.Flags().Changed("dir") {
				dir = filepath.Join(a.dir, dir)
			}
			return a.runInit(c, dir)
		},
	}
}

func (a *cli) runInit(c *cobra.Command, dir string) error {
	res, err := app.Init(c.Context(), app.InitOptions{Dir: dir, Now: a.now, Getwd: a.getwd})
	if err != nil {
		return err
	}
	if len(res.Problems) > 0 {
		for _, p := range res.Problems {
			if p.Path != "" {
				p.Path = filepath.Join(dir, p.Path)
			}
			a.printf(a.stderr, "guides: %s\n", app.Printable(p.String()))
		}
		return errProblems
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Started a collection in %s:\n", app.Printable(dir))
	for _, f := range res.Files {
		fmt.Fprintf(&b, "  %s\n", app.Printable(filepath.Join(dir, filepath.FromSlash(f))))
	}
	b.WriteString("\nNext:\n")
	if filepath.Clean(dir) != "." {
		fmt.Fprintf(&b, "  cd %s\n", app.Printable(shellQuote(dir)))
	}
	fmt.Fprintf(&b, "  guides new \"Your Title\" --category %s   # write a guide\n", app.StartCategory)
	b.WriteString("  guides check                                         # find every problem\n")
	b.WriteString("  guides readme                                        # update README's table of contents\n")
	b.WriteString("  guides serve                                         # preview the site\n")
	a.printf(a.stdout, "%s", b.String())
	return nil
}

// shellQuote quotes a path for a POSIX shell when it needs quotes.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
