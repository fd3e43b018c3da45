package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/visual-guides/guides/internal/app"
)

func (a *cli) lspCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "lsp",
		Short: "Serve the Language Server Protocol to an editor, on standard input and output",
		Long: `Serve the Language Server Protocol on standard input and output, for an
editor that starts it in the collection (or names it with -C): the findings
of every rule of check as a guide or category is typed, with the same
words; completion of keys, category ids, tags, dates and links to other
guides and their headings; what a category id, tag or link is, on hover;
the file of a category id or link, on go to definition; the fixes the
rules know, as code actions; and the headings, as document symbols.

The collection is read once, when the server starts, and again where the
editor says files changed. The server stops when the editor closes its
standard input or asks it to exit, or on SIGTERM. It writes nothing to
standard output but messages of the protocol; what it cannot do, such as a
message it skips, it says on standard error. See docs/editors.md for the
set-up of Neovim, VS Code and Helix.`,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(c *cobra.Command, _ []string) error {
			s, err := a.open(c, false)
			if err != nil {
				return err
			}
			defer s.Close()
			version, _, _ := strings.Cut(versionText(), "\n")
			return s.LSP(c.Context(), app.LSPOptions{In: a.stdin, Out: a.stdout, Log: a.stderr, Version: version})
		},
	}
}
