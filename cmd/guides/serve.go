package main

import (
	"github.com/spf13/cobra"

	"github.com/visual-guides/guides/internal/app"
)

func (a *cli) serveCommand() *cobra.Command {
	var (
		addr   string
		drafts bool
	)
	c := &cobra.Command{
		Use:   "serve [--addr 127.0.0.1:1313] [--drafts]",
		Short: "Serve the website locally, rebuilding it on every change",
		Long: `Build the website in memory and serve it at the base URL's path, for
previewing guides while they are written. The collection is watched: every
change rebuilds the site, and open pages reload by themselves. No page is
built from data with errors: the errors are printed and shown over every
open page, and each file with an error keeps its last good page (or, when
other files depend on it, the whole last good site stays up).

The server binds the loopback address unless --addr says otherwise, and
stops cleanly on an interrupt (Ctrl+C) or SIGTERM.`,
		RunE: func(c *cobra.Command, _ []string) error {
			s, err := a.open(c, false)
			if err != nil {
				return err
			}
			defer s.Close()
			return s.Serve(c.Context(), app.ServeOptions{
				Addr: addr, Drafts: drafts, Log: a.stdout, Problems: a.stderr, Watching: a.watching,
				Finding: a.style(a.stderr).Line,
			})
		},
	}
	c.Flags().StringVar(&addr, "addr", "127.0.0.1:1313", "`address` to listen on; port 0 picks a free one")
	c.Flags().BoolVar(&drafts, "drafts", false, "include draft guides")
	return c
}
