package main

import (
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// usageTemplate is the usage part of every command's help: cobra's, in the
// words of guides's other messages.
const usageTemplate = `Usage:{{if .Runnable}}
  {{.UseLine}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} COMMAND{{end}}{{if .HasExample}}

Examples:
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}

Commands:{{range .Commands}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

Flags:
{{.LocalFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableInheritedFlags}}

Flags of every command:
{{.InheritedFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableSubCommands}}

Run "{{.CommandPath}} COMMAND -h" for the help of a command.{{end}}
`

// helpFlags gives c and every command under it a -h flag in the words of
// the others, before cobra gives them its own, and writes the defaults of
// their flags as their usage writes the others (see plainDefault).
func helpFlags(c *cobra.Command) {
	if c.Flags().Lookup("help") == nil {
		c.Flags().BoolP("help", "h", false, "print this help")
	}
	c.PersistentFlags().VisitAll(plainDefault)
	c.Flags().VisitAll(plainDefault)
	for _, sub := range c.Commands() {
		helpFlags(sub)
	}
}

// plainDefault writes the default of a text or duration flag into its
// usage as the flags whose default is written there have it: "(default
// text)", without the quotes the library gives text, and a duration as it
// is typed ("24h", not "24h0m0s"). The flag keeps its value.
func plainDefault(f *pflag.Flag) {
	if f.DefValue == "" || f.DefValue == "0s" {
		return
	}
	switch f.Value.Type() {
	case "string":
		f.Usage += " (default " + f.DefValue + ")"
		f.DefValue = ""
	case "duration":
		d := f.DefValue
		if strings.HasSuffix(d, "m0s") {
			d = strings.TrimSuffix(d, "0s")
		}
		if strings.HasSuffix(d, "h0m") {
			d = strings.TrimSuffix(d, "0m")
		}
		f.Usage += " (default " + d + ")"
		f.DefValue = "0s" // what the library takes for no default
	}
}

// helpCommand prints the help of guides or of a command.
func helpCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "help [COMMAND...]",
		Short: "Print the help of guides or of a command",
		Long: `Print the help of guides, or of the command named: "guides help new
category" prints what "guides new category -h" prints.`,
		ValidArgsFunction: completeCommands,
		RunE: func(c *cobra.Command, args []string) error {
			cmd, _, err := c.Root().Find(args)
			if err != nil {
				return err // an unknown command, which run words as every usage error
			}
			return cmd.Help()
		},
	}
	helpFlags(c)
	return c
}

// completeCommands completes the names of the commands under those args
// name.
func completeCommands(c *cobra.Command, args []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
	cmd, _, err := c.Root().Find(args)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []cobra.Completion
	for _, sub := range cmd.Commands() {
		if sub.IsAvailableCommand() && strings.HasPrefix(sub.Name(), prefix) {
			out = append(out, cobra.CompletionWithDesc(sub.Name(), sub.Short))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completionCommand prints the completion script of a shell.
func completionCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "completion SHELL",
		Short: "Print the completion script of a shell",
		Long: `Print the script that lets a shell complete guides: its commands and
flags, the collection's category ids (with their titles) and tags after
--category and --tag, the fixed values of --format, --link-mode and
--color, and folders and files where a flag names one. The command of
each shell says how to load its script.`,
		Args:              cobra.NoArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
	}
	shells := []struct {
		name, long string
		write      func(root *cobra.Command, w io.Writer, descriptions bool) error
	}{
		{"bash", `Print the completion script of bash, which needs the bash-completion
package (on macOS: brew install bash-completion@2). To complete guides in
every new shell, add this line to ~/.bashrc:

  source <(guides completion bash)`,
			func(root *cobra.Command, w io.Writer, desc bool) error { return root.GenBashCompletionV2(w, desc) }},
		{"zsh", `Print the completion script of zsh. Write it into a folder of $fpath,
then start a new shell:

  guides completion zsh > "${fpath[1]}/_guides"

Completion must be on, as it is when ~/.zshrc runs "autoload -U compinit;
compinit".`,
			func(root *cobra.Command, w io.Writer, desc bool) error {
				if !desc {
					return root.GenZshCompletionNoDesc(w)
				}
				return root.GenZshCompletion(w)
			}},
		{"fish", `Print the completion script of fish. Written where fish looks for
completions, it serves every new shell:

  guides completion fish > ~/.config/fish/completions/guides.fish`,
			func(root *cobra.Command, w io.Writer, desc bool) error { return root.GenFishCompletion(w, desc) }},
		{"PowerShell", `Print the completion script of PowerShell. To complete guides in every
new session, add this line to the profile ($PROFILE):

  guides completion powershell | Out-String | Invoke-Expression`,
			func(root *cobra.Command, w io.Writer, desc bool) error {
				if !desc {
					return root.GenPowerShellCompletion(w)
				}
				return root.GenPowerShellCompletionWithDesc(w)
			}},
	}
	for _, sh := range shells {
		var plain bool
		sub := &cobra.Command{
			Use:               strings.ToLower(sh.name),
			Short:             "Print the completion script of " + sh.name,
			Long:              sh.long,
			Args:              cobra.NoArgs,
			ValidArgsFunction: cobra.NoFileCompletions,
			RunE: func(c *cobra.Command, _ []string) error {
				return sh.write(c.Root(), c.OutOrStdout(), !plain)
			},
		}
		sub.Flags().BoolVar(&plain, "no-descriptions", false, "complete values alone, without their descriptions (a category's title)")
		c.AddCommand(sub)
	}
	return c
}
