package main

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/app"
	"github.com/visual-guides/guides/internal/config"
	"github.com/visual-guides/guides/internal/findroot"
	"github.com/visual-guides/guides/internal/rootfs"
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
	// getenv and getwd read the environment and the current folder; nil
	// means the process's own.
	getenv func(string) string
	getwd  func() (string, error)
	// rootCAs, when set, are the certificate authorities check --links
	// trusts instead of the system's: tests trust their servers so.
	rootCAs *x509.CertPool
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
	color         string

	// Where the collection is, once settings has found it: root is its
	// folder as app.New takes it; base, that folder as an absolute path;
	// here, the current folder, when paths are shown relative to it
	// (without -C).
	root, base, here string
}

func run(ctx context.Context, args []string, e env) int {
	if e.getenv == nil {
		e.getenv = os.Getenv
	}
	if e.getwd == nil {
		e.getwd = os.Getwd
	}
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
	err = unknownCommand(root, err)
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

Commands run on the collection the current folder is in, or on the one -C
names. "guides init" starts one.

Exit codes: 0 success; 1 the collection has problems or README is out of
date; 2 usage, I/O or internal error; 130 or 143 stopped by Ctrl+C or
SIGTERM.`,
		SilenceErrors: true,
		SilenceUsage:  true,
		// Suggestions are made as for flags, in the one-line form of
		// every message (see unknownCommand).
		DisableSuggestions: true,
		PersistentPreRunE: func(c *cobra.Command, _ []string) error {
			if err := checkColor(a.color); err != nil {
				return usageError{c.CommandPath(), err}
			}
			return nil
		},
		RunE: func(c *cobra.Command, _ []string) error {
			if v, _ := c.Flags().GetBool("version"); v {
				a.printf(a.stdout, "%s", versionText())
				return nil
			}
			return c.Help()
		},
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError{cmd: c.CommandPath(), err: flagError(c, err)}
	})
	// The settings flags are checked by the commands that use them (see
	// settings), after guides.yaml is read.
	f := root.PersistentFlags()
	f.StringVarP(&a.dir, "dir", "C", "", "the collection's root `folder` (default: the first from the current one upward with guides.yaml, or data/guides and data/categories)")
	f.StringVar(&a.configFile, "config", config.FileName, "settings `file`, relative to the root; optional")
	f.StringVar(&a.baseURL, "base-url", "", "`URL` of the site's index; links are URL/ID (default "+config.DefaultBaseURL+")")
	f.StringVar(&a.guidesDir, "guides-dir", "", "guides `folder`, relative to the root (default data/guides)")
	f.StringVar(&a.categoriesDir, "categories-dir", "", "categories `folder`, relative to the root (default data/categories)")
	f.StringVar(&a.readme, "readme", "", "README `file` whose table of contents is kept, relative to the root (default README.md)")
	f.StringVar(&a.linkMode, "link-mode", "", "where README links point: site (URL/ID) or files (the markdown files) (default site)")
	f.StringVar(&a.color, "color", colorAuto, "`when` to colour errors and warnings: auto (on a terminal, unless NO_COLOR is set), always or never")
	root.Flags().Bool("version", false, "print the version of guides, as the version command does")

	root.AddCommand(
		a.readmeCommand(),
		a.checkCommand(),
		a.newCommand(),
		a.listCommand(),
		a.searchCommand(),
		a.buildCommand(),
		a.serveCommand(),
		a.versionCommand(),
		a.initCommand(),
	)
	for _, c := range root.Commands() {
		c.Args = wrapArgs(c.Args)
	}
	a.completeFlags(root)
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

// settings finds the collection and returns its settings: guides.yaml
// over the defaults, and the flags over both. The root is -C when given, or
// else the first folder from the current one upward that holds guides.yaml,
// or both data folders. Under -C, a folder that is not yet a collection is
// accepted when starting is set, for the commands that add to one.
func (a *cli) settings(c *cobra.Command, starting bool) (config.Config, error) {
	name, err := config.CleanDir(a.configFile)
	if err != nil {
		return config.Config{}, usageError{c.CommandPath(), fmt.Errorf("--config: %w", err)}
	}
	cfg := config.Default()
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
	dirs := func() error {
		return errors.Join(
			override("guides-dir", a.guidesDir, func(s string) (err error) { cfg.GuidesDir, err = config.CleanDir(s); return }),
			override("categories-dir", a.categoriesDir, func(s string) (err error) { cfg.CategoriesDir, err = config.CleanDir(s); return }),
		)
	}
	if err := dirs(); err != nil {
		return cfg, err
	}
	// The usual folders, and those the flags name.
	def := config.Default()
	markers := findroot.Markers{Config: name, Data: []findroot.DataDirs{{Guides: def.GuidesDir, Categories: def.CategoriesDir}}}
	if cfg.GuidesDir != def.GuidesDir || cfg.CategoriesDir != def.CategoriesDir {
		markers.Data = append(markers.Data, findroot.DataDirs{Guides: cfg.GuidesDir, Categories: cfg.CategoriesDir})
	}
	if err := a.locate(c, markers); err != nil {
		return cfg, err
	}
	if flags.Changed("config") {
		if _, err := os.Stat(filepath.Join(a.root, name)); err != nil {
			return cfg, fmt.Errorf("--config: %w", err)
		}
	}
	// The settings are read as every file of the collection is: never
	// through a link that leads out of the root, never from a FIFO.
	fsys, err := rootfs.New(a.root)
	if err != nil {
		return cfg, fmt.Errorf("collection root: %w", err)
	}
	defer fsys.Close()
	cfg, err = config.Load(fsys, name)
	if err != nil {
		return cfg, err
	}
	err = errors.Join(
		override("base-url", a.baseURL, func(s string) (err error) { cfg.BaseURL, err = config.CleanBaseURL(s); return }),
		dirs(),
		override("readme", a.readme, func(s string) (err error) { cfg.Readme, err = config.CleanDir(s); return }),
		override("link-mode", a.linkMode, func(s string) (err error) { cfg.LinkMode, err = config.ParseLinkMode(s); return }),
	)
	if err != nil {
		return cfg, err
	}
	markers.Data = append(markers.Data, findroot.DataDirs{Guides: cfg.GuidesDir, Categories: cfg.CategoriesDir})
	if !starting && a.here == "" && !markers.Holds(a.root) {
		return cfg, fmt.Errorf("-C %s: the folder is not a collection: it holds no %s; start one with %s",
			a.dir, strings.Replace(markers.String(), ", or ", ", nor ", 1), guides.Quote("guides init "+a.dir))
	}
	return cfg, nil
}

// locate finds the collection's root (see settings).
func (a *cli) locate(c *cobra.Command, m findroot.Markers) error {
	if c.Flags().Changed("dir") {
		info, err := os.Stat(a.dir)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("-C %s: there is no such folder", a.dir)
		case err != nil:
			return fmt.Errorf("-C %s: %w", a.dir, pathErr(err))
		case !info.IsDir():
			return fmt.Errorf("-C %s: it is a file, not a folder", a.dir)
		}
		a.root, a.here = a.dir, ""
		a.base, err = filepath.Abs(a.dir)
		return err
	}
	here, err := a.getwd()
	if err != nil {
		return fmt.Errorf("finding the current folder: %w", err)
	}
	base, err := findroot.Find(here, m)
	if err != nil {
		return fmt.Errorf("%w; name the collection's folder with -C DIR, or start one with %s", err, guides.Quote("guides init"))
	}
	root, err := filepath.Rel(here, base)
	if err != nil {
		root = base
	}
	a.root, a.base, a.here = root, base, here
	return nil
}

// show returns the path to show in a message for a slash-separated path
// relative to the root: relative to the current folder, or absolute when
// that is shorter; under -C, relative to the root as it is.
func (a *cli) show(rel string) string {
	if a.here == "" || a.base == "" {
		return rel
	}
	abs := filepath.Join(a.base, filepath.FromSlash(rel))
	r, err := filepath.Rel(a.here, abs)
	if err != nil || len(abs) < len(r) {
		return abs
	}
	return r
}

// session returns the collection of the command's settings.
func (a *cli) session(c *cobra.Command) (*app.Session, error) {
	return a.newSession(c, false)
}

// startSession is session for the commands that add to a collection,
// which may start one under -C.
func (a *cli) startSession(c *cobra.Command) (*app.Session, error) {
	return a.newSession(c, true)
}

func (a *cli) newSession(c *cobra.Command, starting bool) (*app.Session, error) {
	cfg, err := a.settings(c, starting)
	if err != nil {
		return nil, err
	}
	return app.New(c.Context(), a.root, cfg)
}

// refuse prints the findings for which a command refuses a collection, and
// returns errProblems.
func (a *cli) refuse(ds guides.Diagnostics) error {
	style := a.style(a.stderr)
	for _, d := range ds {
		a.printf(a.stderr, "%s\n", style.Line(d))
	}
	return errProblems
}
