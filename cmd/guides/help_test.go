package main

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// commandPaths returns the arguments that name c and every command under
// it, but the hidden ones.
func commandPaths(c *cobra.Command, path []string) [][]string {
	out := [][]string{path}
	for _, sub := range c.Commands() {
		if !sub.Hidden {
			out = append(out, commandPaths(sub, append(append([]string(nil), path...), sub.Name()))...)
		}
	}
	return out
}

// stockText is what the command-line library writes in help text when it
// is not told otherwise.
var stockText = []string{
	"help for ", "Help about any command", "Help provides help", "Simply type",
	"autocompletion", "specified shell", "for more information about a command",
	"Available Commands", "Global Flags", "You will need to", "####",
	`(default "`, "0m0s", " string ", " strings ", " int ", " int64 ", " duration ",
}

// TestHelpText asks every command for its help: each has one, in words of
// its own, with a word for the value of every flag that takes one and
// defaults written as the other flags write them.
func TestHelpText(t *testing.T) {
	a := &cli{env: env{stdout: io.Discard, stderr: io.Discard, now: time.Now}}
	paths := append(commandPaths(a.rootCommand(), nil), []string{"help"})
	for _, path := range paths {
		for _, form := range [][]string{append(path, "-h"), append([]string{"help"}, path...)} {
			var stdout, stderr strings.Builder
			code := run(context.Background(), form, env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, now: time.Now})
			if code != exitOK || stderr.Len() > 0 {
				t.Errorf("guides %s: exit %d\n%s", strings.Join(form, " "), code, stderr.String())
				continue
			}
			text := stdout.String()
			if !strings.Contains(text, "Usage:") {
				t.Errorf("guides %s: no usage:\n%s", strings.Join(form, " "), text)
			}
			for _, stock := range stockText {
				if strings.Contains(text, stock) {
					t.Errorf("guides %s: stock text %q in\n%s", strings.Join(form, " "), stock, text)
				}
			}
		}
	}
}

// TestFlagPlaceholders checks that every flag that takes a value names it
// with a word of its usage (`folder`, `id`, `mode`), not with its type.
func TestFlagPlaceholders(t *testing.T) {
	a := &cli{env: env{stdout: io.Discard, stderr: io.Discard, now: time.Now}}
	root := a.rootCommand()
	for _, path := range commandPaths(root, nil) {
		c, _, err := root.Find(path)
		if err != nil {
			t.Fatal(err)
		}
		c.Flags().VisitAll(func(f *pflag.Flag) {
			if f.NoOptDefVal != "" {
				return // a flag without a value, such as --strict
			}
			if strings.Count(f.Usage, "`") < 2 {
				t.Errorf("guides %s --%s: no `word` for its value in %q", strings.Join(path, " "), f.Name, f.Usage)
			}
		})
	}
}
