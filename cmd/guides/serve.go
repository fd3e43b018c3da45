package main

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/watch"
	"github.com/visual-guides/guides/site"
)

func (a *app) serveCommand() *cobra.Command {
	var (
		addr   string
		drafts bool
	)
	c := &cobra.Command{
		Use:   "serve [--addr 127.0.0.1:1313] [--drafts]",
		Short: "Serve the website locally, rebuilding it on every change",
		Long: `Build the website in memory and serve it at the base URL's path, for
previewing guides while they are written. The collection is watched: every
change rebuilds the site, and open pages reload by themselves. Problems in
the collection are printed, and the site is served anyway.

The server binds the loopback address unless --addr says otherwise, and
stops cleanly on an interrupt (Ctrl+C) or SIGTERM.`,
		RunE: func(c *cobra.Command, _ []string) error { return a.runServe(c, addr, drafts) },
	}
	c.Flags().StringVar(&addr, "addr", "127.0.0.1:1313", "`address` to listen on; port 0 picks a free one")
	c.Flags().BoolVar(&drafts, "drafts", false, "include draft guides")
	return c
}

func (a *app) runServe(c *cobra.Command, addr string, drafts bool) error {
	ctx := c.Context()
	l, err := a.load(c)
	if err != nil {
		return err
	}
	b, err := site.NewBuilder(os.DirFS(a.dir), siteOptions(l.cfg, drafts, site.EventsPath))
	if err != nil {
		return err
	}
	srv := site.NewServer(basePath(l.cfg))
	rebuild := func(l *loaded) {
		for _, d := range l.diags {
			if d.Severity == guides.Error {
				a.printf(a.stderr, "%s\n", d)
			}
		}
		files := site.Files{}
		diags, err := b.Build(l.coll, files)
		for _, d := range diags {
			a.printf(a.stderr, "%s\n", d)
		}
		if err != nil {
			a.printf(a.stderr, "guides: %v\n", err)
			return
		}
		if diags.HasErrors() {
			return
		}
		b.Forget(l.coll)
		srv.Update(files)
	}
	rebuild(l)

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		// Requests, the event streams among them, end when serving does.
		BaseContext: func(net.Listener) context.Context { return ctx },
	}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	a.printf(a.stdout, "Serving %s at http://%s%s (Ctrl+C to stop)\n", l.cfg.Title, ln.Addr(), basePath(l.cfg))

	watched := make(chan error, 1)
	go func() {
		skip := func(rel string) bool {
			return strings.HasPrefix(rel, ".") || strings.Contains(rel, "/.") || rel == "public" || strings.HasPrefix(rel, "public/") || rel == "node_modules"
		}
		watched <- watch.Watch(ctx, a.dir, skip, func() {
			l, err := a.load(c)
			if err != nil {
				a.printf(a.stderr, "guides: %v\n", err)
				return
			}
			if err := b.Refresh(); err != nil {
				a.printf(a.stderr, "guides: %v\n", err)
				return
			}
			start := time.Now()
			rebuild(l)
			a.printf(a.stdout, "rebuilt in %s\n", time.Since(start).Round(time.Millisecond))
		})
	}()

	select {
	case <-ctx.Done():
	case err := <-served:
		return err
	case err := <-watched:
		if err != nil {
			a.printf(a.stderr, "guides: watching stopped: %v\n", err)
		}
		<-ctx.Done()
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	a.printf(a.stdout, "stopped\n")
	return nil
}
