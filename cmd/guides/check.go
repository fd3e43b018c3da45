package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/visual-guides/guides/internal/app"
)

// linkFlags are the flags of check --links.
type linkFlags struct {
	links          bool
	timeout        time.Duration
	requestTimeout time.Duration
	maxAge         time.Duration
	failureMaxAge  time.Duration
	exclude        []string
	perHost        int
	concurrency    int
}

func (a *cli) checkCommand() *cobra.Command {
	var (
		format string
		strict bool
		rules  bool
		lf     linkFlags
	)
	c := &cobra.Command{
		Use:   "check [--format text|github|json] [--strict] [--links]",
		Short: "Validate the collection and report every problem",
		Long: `Validate every category and guide and report every problem at once, sorted
by file and position. Errors are data a reader would get wrong; warnings are
legal but probably not meant. Run "guides check --rules" for the list of
rules with examples.

Formats: text, one "path:line:col: error|warning: message [rule]" line per
finding and a summary; github, GitHub Actions annotations; json, an array of
findings with path, line, column, severity, rule and message.

With --links, every http(s) URL of the collection is requested too (a few
at a time per host), and broken, unreachable and permanently moved URLs are
reported at every place they are written. Results are kept in a cache file
and reused for --links-max-age, failures for --links-failure-max-age. When
most URLs get no answer, on several hosts, the network looks unreachable:
one line says so, and the exit code is 2.

The exit code is 1 when there is an error, or a warning under --strict.`,
		RunE: func(c *cobra.Command, _ []string) error {
			if rules {
				a.printRules()
				return nil
			}
			f, err := parseFormat(format)
			if err != nil {
				return usageError{c.CommandPath(), err}
			}
			links, err := lf.options(c, a)
			if err != nil {
				return usageError{c.CommandPath(), err}
			}
			if links != nil {
				if err := links.Validate(); err != nil {
					return usageError{c.CommandPath(), err}
				}
			}
			return a.runCheck(c, f, app.CheckOptions{Strict: strict, Links: links})
		},
	}
	c.Flags().StringVar(&format, "format", "text", "output `format`: text, github or json")
	c.Flags().BoolVar(&strict, "strict", false, "exit 1 on warnings too")
	c.Flags().BoolVar(&rules, "rules", false, "list every rule with an example, and exit")
	formats := []cobra.Completion{string(formatText), string(formatGitHub), string(formatJSON)}
	if err := c.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(formats, cobra.ShellCompDirectiveNoFileComp)); err != nil {
		panic(err) // the flag is misnamed: a mistake in this file
	}
	c.Flags().BoolVar(&lf.links, "links", false, "check every http(s) URL too")
	c.Flags().DurationVar(&lf.timeout, "timeout", 5*time.Minute, "with --links: the `time` the whole link check may take")
	c.Flags().DurationVar(&lf.requestTimeout, "request-timeout", 10*time.Second, "with --links: the `time` one request may take")
	c.Flags().DurationVar(&lf.maxAge, "links-max-age", 24*time.Hour, "with --links: reuse results of the cache up to this `age`; 0 requests every URL")
	c.Flags().DurationVar(&lf.failureMaxAge, "links-failure-max-age", time.Hour, "with --links: reuse broken and unreachable results of the cache up to this `age`; 0 requests them again")
	c.Flags().StringArrayVar(&lf.exclude, "exclude", nil, "with --links: leave URLs matching this `regexp` alone; repeat it for more")
	c.Flags().IntVar(&lf.perHost, "links-per-host", 4, "with --links: at most `n` requests in flight to one host")
	c.Flags().IntVar(&lf.concurrency, "links-concurrency", 32, "with --links: at most `n` requests in flight in all")
	return c
}

// linkFlagNames returns the names of the flags that need --links.
func linkFlagNames() []string {
	return []string{"timeout", "request-timeout", "links-max-age", "links-failure-max-age", "exclude", "links-per-host", "links-concurrency"}
}

// options returns the link options of the flags, or nil without --links.
func (lf *linkFlags) options(c *cobra.Command, a *cli) (*app.LinkOptions, error) {
	if !lf.links {
		for _, name := range linkFlagNames() {
			if c.Flags().Changed(name) {
				return nil, fmt.Errorf("--%s needs --links", name)
			}
		}
		return nil, nil
	}
	return &app.LinkOptions{
		PerHost:        lf.perHost,
		Concurrency:    lf.concurrency,
		Timeout:        lf.timeout,
		RequestTimeout: lf.requestTimeout,
		MaxAge:         lf.maxAge,
		FailureMaxAge:  lf.failureMaxAge,
		Exclude:        lf.exclude,
		UserAgent:      userAgent(),
		RootCAs:        a.rootCAs,
		Now:            a.now,
	}, nil
}

func (a *cli) runCheck(c *cobra.Command, f reportFormat, opts app.CheckOptions) error {
	s, err := a.open(c, false)
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := s.Check(c.Context(), opts)
	if res.Links != nil {
		for _, note := range res.Links.Notes {
			a.printf(a.stderr, "guides: note: %s\n", app.Printable(note.Error()))
		}
	}
	if err != nil {
		return a.usage(c, err)
	}
	if res.Links != nil {
		a.printf(a.stderr, "guides: %s\n", linkSummary(*res.Links))
	}
	if f == formatText {
		err = writeTextStyled(a.stdout, res.Diags, res.Checked, a.style(a.stdout))
	} else {
		// Annotations and tools take paths relative to the root.
		err = writeReport(a.stdout, f, res.Diags, res.Checked)
	}
	if err != nil {
		return err
	}
	if res.Failed {
		return errProblems
	}
	return nil
}

// linkSummary describes what check --links did, in one line.
func linkSummary(rep app.LinkReport) string {
	msg := fmt.Sprintf("%s in %s: %d from the cache, %d requested",
		plural(rep.URLs, "URL"), plural(rep.Refs, "place"), rep.FromCache, rep.Requested)
	if rep.Excluded > 0 {
		msg += fmt.Sprintf("; %s excluded", plural(rep.Excluded, "place"))
	}
	return msg
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

func (a *cli) printRules() {
	var b strings.Builder
	for i, r := range app.Rules() {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(r.Name + " (" + r.Severity.String() + ")\n")
		b.WriteString("  " + r.Summary + "\n")
		b.WriteString("  Example:\n")
		for _, line := range strings.Split(r.Example, "\n") {
			b.WriteString("    " + line + "\n")
		}
	}
	a.printf(a.stdout, "%s", b.String())
}
