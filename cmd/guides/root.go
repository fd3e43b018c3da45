package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/app"
	"github.com/visual-guides/guides/internal/config"
)

// Exit codes.
const (
	exitOK       = 0
	exitProblems = 1 // the collection has problems, or README is out of date
	exitError    = 2 // usage, I/O or internal error
)

// errProblems reports that a command found problems and has printed them.
var errProblems = errors.New("problems found")

// env is what a command may touch of the world outside it.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	now            func() time.Time
	// watching, when set, is told of every folder serve watches: tests
	// wait on it.
	watching func(dir string)
}

// cli holds the flags shared by every command.
type cli struct {
	env
	dir           string
	configFile    string
	baseURL       string
	guidesDir     string
	categoriesDir string
	readme        string
	linkMode      string
}

func run(ctx context.Context, args []string, e env) int {
	a := &cli{env: e}
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	err := root.ExecuteContext(ctx)
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errProblems):
		return exitProblems
	}
	fmt.Fprintf(e.stderr, "guides: %s\n", guides.Printable(err.Error()))
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(e.stderr, "Run %q for usage.\n", ue.cmd+" -h")
	}
	return exitError
}

// usageError is a command line that cannot be run as written.
type usageError struct {
	cmd string
	err error
}

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func (a *cli) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "guides",
		Short: "Keep a collection of visual guides in order",
		Long: `guides keeps a collection of visual guides written as markdown in order.

A collection keeps its guides in data/guides/ID.md and its categories in
data/categories/ID.md, each with YAML front matter. guides regenerates
README.md's table of contents from them, validates them like a compiler,
scaffolds new ones, and builds and serves them as a website.

Exit codes: 0 success; 1 the collection has problems or README is out of
date; 2 usage, I/O or internal error.`,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError{cmd: c.CommandPath(), err: err}
	})
	// The settings flags are checked by the commands that use them (see
	// settings), after guides.yaml is read.
	f := root.PersistentFlags()
	f.StringVarP(&a.dir, "dir", "C", ".", "the collection's root `folder`")
	f.StringVar(&a.configFile, "config", config.FileName, "settings `file`, relative to the root; optional")
	f.StringVar(&a.baseURL, "base-url", "", "`URL` of the site's index; links are URL/ID (default "+config.DefaultBaseURL+")")
	f.StringVar(&a.guidesDir, "guides-dir", "", "guides `folder`, relative to the root (default data/guides)")
	f.StringVar(&a.categoriesDir, "categories-dir", "", "categories `folder`, relative to the root (default data/categories)")
	f.StringVar(&a.readme, "readme", "", "README `file` whose table of contents is kept, relative to the root (default README.md)")
	f.StringVar(&a.linkMode, "link-mode", "", "where README links point: site (URL/ID) or files (the markdown files) (default site)")

	root.AddCommand(
		a.readmeCommand(),
		a.checkCommand(),
		a.newCommand(),
		a.listCommand(),
		a.buildCommand(),
		a.serveCommand(),
		a.versionCommand(),
	)
	for _, c := range root.Commands() {
		c.Args = wrapArgs(c.Args)
	}
	return root
}

// wrapArgs marks argument errors as usage errors.
func wrapArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	if check == nil {
		check = cobra.NoArgs
	}
	return func(c *cobra.Command, args []string) error {
		if err := check(c, args); err != nil {
			return usageError{cmd: c.CommandPath(), err: err}
		}
		return nil
	}
}

// settings returns the collection's settings: guides.yaml over the
// defaults, and the flags over both.
func (a *cli) settings(c *cobra.Command) (config.Config, error) {
	fsys := os.DirFS(a.dir)
	if info, err := os.Stat(a.dir); err != nil {
		return config.Config{}, fmt.Errorf("collection root: %w", err)
	} else if !info.IsDir() {
		return config.Config{}, fmt.Errorf("collection root %s is not a folder", a.dir)
	}
	name, err := config.CleanDir(a.configFile)
	if err != nil {
		return config.Config{}, usageError{c.CommandPath(), fmt.Errorf("--config: %w", err)}
	}
	if c.Flags().Changed("config") {
		if _, err := os.Stat(filepath.Join(a.dir, name)); err != nil {
			return config.Config{}, fmt.Errorf("--config: %w", err)
		}
	}
	cfg, err := config.Load(fsys, name)
	if err != nil {
		return cfg, err
	}
	flags := c.Flags()
	override := func(flag, value string, set func(string) error) error {
		if !flags.Changed(flag) {
			return nil
		}
		if err := set(value); err != nil {
			return usageError{c.CommandPath(), fmt.Errorf("--%s: %w", flag, err)}
		}
		return nil
	}
	return cfg, errors.Join(
		override("base-url", a.baseURL, func(s string) (err error) { cfg.BaseURL, err = config.CleanBaseURL(s); return }),
		override("guides-dir", a.guidesDir, func(s string) (err error) { cfg.GuidesDir, err = config.CleanDir(s); return }),
		override("categories-dir", a.categoriesDir, func(s string) (err error) { cfg.CategoriesDir, err = config.CleanDir(s); return }),
		override("readme", a.readme, func(s string) (err error) { cfg.Readme, err = config.CleanDir(s); return }),
		override("link-mode", a.linkMode, func(s string) (err error) { cfg.LinkMode, err = config.ParseLinkMode(s); return }),
	)
}

// session returns the collection of the command's settings.
func (a *cli) session(c *cobra.Command) (*app.Session, error) {
	cfg, err := a.settings(c)
	if err != nil {
		return nil, err
	}
	return app.New(a.dir, cfg), nil
}

// refuse prints the findings for which a command refuses a collection, and
// returns errProblems.
func (a *cli) refuse(ds guides.Diagnostics) error {
	for _, d := range ds {
		a.printf(a.stderr, "%s\n", d)
	}
	return errProblems
}
