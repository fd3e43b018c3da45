package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/report"
)

func (a *cli) checkCommand() *cobra.Command {
	var (
		format string
		strict bool
		rules  bool
	)
	c := &cobra.Command{
		Use:   "check [--format text|github|json] [--strict]",
		Short: "Validate the collection and report every problem",
		Long: `Validate every category and guide and report every problem at once, sorted
by file and position. Errors are data a reader would get wrong; warnings are
legal but probably not meant. Run "guides check --rules" for the list of
rules with examples.

Formats: text, one "path:line:col: error|warning: message [rule]" line per
finding and a summary; github, GitHub Actions annotations; json, an array of
findings with path, line, column, severity, rule and message.

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
			return a.runCheck(c, f, strict)
		},
	}
	c.Flags().StringVar(&format, "format", "text", "output `format`: text, github or json")
	c.Flags().BoolVar(&strict, "strict", false, "exit 1 on warnings too")
	c.Flags().BoolVar(&rules, "rules", false, "list every rule with an example, and exit")
	formats := []cobra.Completion{string(report.Text), string(report.GitHub), string(report.JSON)}
	if err := c.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(formats, cobra.ShellCompDirectiveNoFileComp)); err != nil {
		panic(err) // the flag is misnamed: a mistake in this file
	}
	return c
}

func (a *cli) runCheck(c *cobra.Command, f report.Format, strict bool) error {
	s, err := a.session(c)
	if err != nil {
		return err
	}
	l, err := s.Load()
	if err != nil {
		return err
	}
	l.Wait()
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
