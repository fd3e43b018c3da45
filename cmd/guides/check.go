package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/app"
	"github.com/visual-guides/guides/internal/config"
	"github.com/visual-guides/guides/internal/linkcheck"
	"github.com/visual-guides/guides/internal/report"
)

// linkFlags are the flags of check --links.
type linkFlags struct {
	links          bool
	timeout        time.Duration
	requestTimeout time.Duration
	maxAge         time.Duration
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
and reused for --links-max-age.

The exit code is 1 when there is an error, or a warning under --strict.`,
		RunE: func(c *cobra.Command, _ []string) error {
			if rules {
				a.printRules()
				return nil
			}
			f, err := report.ParseFormat(format)
			if err != nil {
				return usageError{c.CommandPath(), err}
			}
			opts, err := lf.options(c)
			if err != nil {
				return usageError{c.CommandPath(), err}
			}
			return a.runCheck(c, f, strict, opts)
		},
	}
	c.Flags().StringVar(&format, "format", "text", "output `format`: text, github or json")
	c.Flags().BoolVar(&strict, "strict", false, "exit 1 on warnings too")
	c.Flags().BoolVar(&rules, "rules", false, "list every rule with an example, and exit")
	formats := []cobra.Completion{string(report.Text), string(report.GitHub), string(report.JSON)}
	if err := c.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(formats, cobra.ShellCompDirectiveNoFileComp)); err != nil {
		panic(err) // the flag is misnamed: a mistake in this file
	}
	c.Flags().BoolVar(&lf.links, "links", false, "check every http(s) URL too")
	c.Flags().DurationVar(&lf.timeout, "timeout", 5*time.Minute, "with --links: the `time` the whole link check may take")
	c.Flags().DurationVar(&lf.requestTimeout, "request-timeout", 10*time.Second, "with --links: the `time` one request may take")
	c.Flags().DurationVar(&lf.maxAge, "links-max-age", 24*time.Hour, "with --links: reuse results of the cache up to this `age`; 0 requests every URL")
	c.Flags().StringArrayVar(&lf.exclude, "exclude", nil, "with --links: leave URLs matching this `regexp` alone; repeat it for more")
	c.Flags().IntVar(&lf.perHost, "links-per-host", 4, "with --links: at most `n` requests in flight to one host")
	c.Flags().IntVar(&lf.concurrency, "links-concurrency", 32, "with --links: at most `n` requests in flight in all")
	return c
}

// linkFlagNames returns the names of the flags that need --links.
func linkFlagNames() []string {
	return []string{"timeout", "request-timeout", "links-max-age", "exclude", "links-per-host", "links-concurrency"}
}

// options checks the link flags and returns the options of CheckLinks, or
// nil without --links.
func (lf *linkFlags) options(c *cobra.Command) (*app.LinkOptions, error) {
	if !lf.links {
		for _, name := range linkFlagNames() {
			if c.Flags().Changed(name) {
				return nil, fmt.Errorf("--%s needs --links", name)
			}
		}
		return nil, nil
	}
	switch {
	case lf.timeout <= 0:
		return nil, fmt.Errorf("--timeout %v: a time above 0 is needed", lf.timeout)
	case lf.requestTimeout <= 0:
		return nil, fmt.Errorf("--request-timeout %v: a time above 0 is needed", lf.requestTimeout)
	case lf.maxAge < 0:
		return nil, fmt.Errorf("--links-max-age %v: a time of 0 or more is needed", lf.maxAge)
	case lf.perHost < 1:
		return nil, fmt.Errorf("--links-per-host %d: 1 or more is needed", lf.perHost)
	case lf.concurrency < 1:
		return nil, fmt.Errorf("--links-concurrency %d: 1 or more is needed", lf.concurrency)
	}
	opts := &app.LinkOptions{
		Check: linkcheck.Options{
			PerHost:        lf.perHost,
			Concurrency:    lf.concurrency,
			Timeout:        lf.timeout,
			RequestTimeout: lf.requestTimeout,
			UserAgent:      userAgent(),
		},
		MaxAge: lf.maxAge,
	}
	for _, p := range lf.exclude {
		if err := config.CheckRegexp(p); err != nil {
			return nil, fmt.Errorf("--exclude: %w", err)
		}
		opts.Exclude = append(opts.Exclude, regexp.MustCompile(p))
	}
	return opts, nil
}

func (a *cli) runCheck(c *cobra.Command, f report.Format, strict bool, links *app.LinkOptions) error {
	s, err := a.session(c)
	if err != nil {
		return err
	}
	l, err := s.Load()
	if err != nil {
		return err
	}
	l.Wait()
	if links != nil {
		links.Now = a.now
		links.Check.RootCAs = a.rootCAs
		rep, err := s.CheckLinks(c.Context(), l, *links)
		for _, note := range rep.Notes {
			a.printf(a.stderr, "guides: note: %s\n", guides.Printable(note.Error()))
		}
		if err != nil {
			return err
		}
		a.printf(a.stderr, "guides: %s\n", linkSummary(rep))
	}
	checked := len(l.Coll.Categories) + len(l.Coll.Guides)
	if f == report.Text {
		err = report.WriteText(a.stdout, l.Diags, checked, a.style(a.stdout))
	} else {
		// Annotations and tools take paths relative to the root.
		err = report.Write(a.stdout, f, l.Diags, checked)
	}
	if err != nil {
		return err
	}
	errs, warns := l.Diags.Count()
	if errs > 0 || strict && warns > 0 {
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
	for i, r := range guides.Rules() {
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
