package main

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/visual-guides/guides/internal/app"
)

// unknownFlag matches pflag's errors about a flag it does not know. The
// patterns are compiled on first use, not as every command starts.
var unknownFlag = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^unknown (?:shorthand )?flag: (?:'(.)' in )?(-\S+)$`)
})

// shorthandQuote matches pflag's quoting of a one-letter flag, as in
// "flag needs an argument: 'o' in -o".
var shorthandQuote = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`'(.)' in -\S+$`) })

// flagError rewrites an error of flag parsing in the words and quotes of
// every message, and suggests the closest flag to a misspelt one.
func flagError(c *cobra.Command, err error) error {
	msg := err.Error()
	if m := unknownFlag().FindStringSubmatch(msg); m != nil {
		name := m[2]
		if m[1] != "" {
			name = "-" + m[1]
		}
		msg = "unknown flag: " + name
		if s := suggestFlag(c, name); s != "" {
			msg += "; did you mean " + s + "?"
		}
		return errors.New(msg)
	}
	if m := shorthandQuote().FindStringSubmatchIndex(msg); m != nil {
		return errors.New(msg[:m[0]] + "-" + msg[m[2]:m[3]])
	}
	return err
}

// suggestFlag returns the flag of c closest to a misspelt one, written as
// it is typed, such as "--strict", or "".
func suggestFlag(c *cobra.Command, typed string) string {
	word, _, _ := strings.Cut(strings.TrimLeft(typed, "-"), "=")
	var names []string
	add := func(f *pflag.Flag) {
		if !f.Hidden {
			names = append(names, f.Name)
		}
	}
	c.Flags().VisitAll(add)
	c.InheritedFlags().VisitAll(add)
	if s := app.Closest(word, names, 1); len(s) > 0 {
		return "--" + s[0]
	}
	return ""
}

// unknownCommand rewrites cobra's error about an unknown command, which
// spans lines, as a usage error of one line with the closest command.
func unknownCommand(root *cobra.Command, err error) error {
	var name string
	var ue usageError
	if errors.As(err, &ue) || !strings.HasPrefix(err.Error(), "unknown command ") {
		return err
	}
	if _, serr := fmt.Sscanf(err.Error(), "unknown command %q", &name); serr != nil {
		return err
	}
	var names []string
	for _, c := range root.Commands() {
		if c.IsAvailableCommand() || c.Name() == "help" {
			names = append(names, c.Name())
			names = append(names, c.Aliases...)
		}
	}
	msg := "unknown command " + app.Quote(name)
	if s := app.Closest(name, names, 1); len(s) > 0 {
		msg += "; did you mean " + app.Quote(s[0]) + "?"
	}
	return usageError{cmd: root.CommandPath(), err: errors.New(msg)}
}
