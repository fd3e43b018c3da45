package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/app"
	"github.com/visual-guides/guides/internal/config"
	"github.com/visual-guides/guides/internal/findroot"
	"github.com/visual-guides/guides/internal/scaffold"
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
			return a.runInit(dir)
		},
	}
}

func (a *cli) runInit(dir string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	switch info, err := os.Stat(dir); {
	case err == nil && !info.IsDir():
		return fmt.Errorf("%s is a file, not a folder", dir)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s: %w", dir, pathErr(err))
	}
	def := config.Default()
	m := findroot.Markers{Config: config.FileName, Data: []findroot.DataDirs{{Guides: def.GuidesDir, Categories: def.CategoriesDir}}}
	if root, err := findroot.Find(abs, m); err == nil {
		if root == abs {
			a.printf(a.stderr, "guides: %s is a collection already; guides init never changes one\n", guides.Printable(dir))
		} else {
			a.printf(a.stderr, "guides: %s is inside the collection at %s; start a new one outside it\n",
				guides.Printable(dir), guides.Printable(a.relTo(root)))
		}
		return errProblems
	}
	res, err := app.Init(dir, a.now())
	if err != nil {
		return err
	}
	if len(res.Problems) > 0 {
		for _, p := range res.Problems {
			p.Path = filepath.Join(dir, p.Path)
			a.printf(a.stderr, "guides: %s\n", guides.Printable(p.String()))
		}
		return errProblems
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Started a collection in %s:\n", guides.Printable(dir))
	for _, f := range res.Files {
		fmt.Fprintf(&b, "  %s\n", guides.Printable(filepath.Join(dir, filepath.FromSlash(f))))
	}
	b.WriteString("\nNext:\n")
	if filepath.Clean(dir) != "." {
		fmt.Fprintf(&b, "  cd %s\n", guides.Printable(shellQuote(dir)))
	}
	fmt.Fprintf(&b, "  guides new \"Your Title\" --category %s   # write a guide\n", scaffold.StartCategory)
	b.WriteString("  guides check                                         # find every problem\n")
	b.WriteString("  guides readme                                        # update README's table of contents\n")
	b.WriteString("  guides serve                                         # preview the site\n")
	a.printf(a.stdout, "%s", b.String())
	return nil
}

// relTo returns an absolute path relative to the current folder when that
// is shorter.
func (a *cli) relTo(abs string) string {
	here, err := a.getwd()
	if err != nil {
		return abs
	}
	if r, err := filepath.Rel(here, abs); err == nil && len(r) <= len(abs) {
		return r
	}
	return abs
}

// shellQuote quotes a path for a POSIX shell when it needs quotes.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
