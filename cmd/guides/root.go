package main

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/visual-guides/guides/internal/app"
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

	output string

	// session is the collection the command works on, once open has
	// opened it.
	session *app.Session
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
	if len(args) > 0 && strings.HasPrefix(args[0], cobra.ShellCompRequestCmd) {
		// Only a shell asking for completions needs them registered.
		a.completeFlags(root)
	}
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
	fmt.Fprintf(e.stderr, "guides: %s\n", app.Printable(err.Error()))
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
	f.StringVar(&a.configFile, "config", app.SettingsFile, "settings `file`, relative to the root; optional")
	f.StringVar(&a.baseURL, "base-url", "", "`URL` of the site's index; links are URL/ID (default "+app.DefaultBaseURL+")")
	f.StringVar(&a.guidesDir, "guides-dir", "", "guides `folder`, relative to the root (default data/guides)")
	f.StringVar(&a.categoriesDir, "categories-dir", "", "categories `folder`, relative to the root (default data/categories)")
	f.StringVar(&a.readme, "readme", "", "README `file` whose table of contents is kept, relative to the root (default README.md)")
	f.StringVar(&a.linkMode, "link-mode", "", "the `mode` of README's links: site (URL/ID) or files (the markdown files) (default site)")
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
		a.themeCommand(),
		a.versionCommand(),
		a.initCommand(),
		completionCommand(),
		a.lspCommand(),
		a.schemaCommand(),
	)
	root.SetHelpCommand(helpCommand())
	root.SetUsageTemplate(usageTemplate)
	helpFlags(root)
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

// open opens the collection the command works on, with the settings the
// flags give; starting accepts, under -C, a folder that is not a
// collection yet, for the commands that add to one. The session must be
// closed.
func (a *cli) open(c *cobra.Command, starting bool) (*app.Session, error) {
	flags := c.Flags()
	given := func(name string, value *string) *string {
		if flags.Changed(name) {
			return value
		}
		return nil
	}
	opts := app.OpenOptions{
		Overrides: app.Overrides{
			BaseURL:       given("base-url", &a.baseURL),
			GuidesDir:     given("guides-dir", &a.guidesDir),
			CategoriesDir: given("categories-dir", &a.categoriesDir),
			Readme:        given("readme", &a.readme),
			LinkMode:      given("link-mode", &a.linkMode),
		},
		Starting: starting,
		Getwd:    a.getwd,
		Now:      a.now,
	}
	if flags.Changed("dir") {
		opts.Dir = a.dir
	}
	if flags.Changed("config") {
		opts.SettingsFile = a.configFile
	}
	if flags.Lookup("output") != nil {
		opts.Overrides.Output = given("output", &a.output)
	}
	s, err := app.Open(opts)
	if err != nil {
		return nil, a.usage(c, err)
	}
	a.session = s
	return s, nil
}

// usage marks the errors of options as usage errors of the command c.
func (a *cli) usage(c *cobra.Command, err error) error {
	var ue *app.UsageError
	if errors.As(err, &ue) {
		return usageError{c.CommandPath(), err}
	}
	return err
}

// show returns the path to show in a message for a slash-separated path
// relative to the root (see app.Session.Show).
func (a *cli) show(rel string) string {
	if a.session == nil {
		return rel
	}
	return a.session.Show(rel)
}

// refuse prints the findings for which a command refuses a collection, and
// returns errProblems.
func (a *cli) refuse(ds app.Diagnostics) error {
	style := a.style(a.stderr)
	for _, d := range ds {
		a.printf(a.stderr, "%s\n", style.Line(d))
	}
	return errProblems
}
