package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/site"
	"github.com/visual-guides/guides/internal/watch"
)

// ServeOptions configure Serve.
type ServeOptions struct {
	Addr   string // host:port; port 0 picks a free one
	Drafts bool
	// Log receives what the server does; Problems, the collection's
	// findings and failed rebuilds.
	Log, Problems io.Writer
	// Watching is passed to the watcher (see watch.Options), for tests.
	Watching func(dir string)
	// Finding, when set, formats a finding for Problems; by default it
	// is written as Diagnostic.String writes it.
	Finding func(guides.Diagnostic) string
}

// Serve builds the site in memory and serves it until ctx is done,
// rebuilding it whenever a file of the collection changes. A collection
// with errors is not published: the last good site stays up, and the
// findings are printed.
func (s *Session) Serve(ctx context.Context, opts ServeOptions) error {
	l, err := s.Load()
	if err != nil {
		return err
	}
	siteOpts := s.SiteOptions(opts.Drafts, site.EventsPath)
	siteOpts.KeepFiles = true
	b, err := site.NewBuilder(s.fsys, siteOpts)
	if err != nil {
		return err
	}
	srv := site.NewServer(s.BasePath())
	rebuild := func(l *Loaded) bool {
		if refusal := l.Refusal(); len(refusal) > 0 {
			for _, d := range refusal {
				if opts.Finding != nil {
					fmt.Fprintf(opts.Problems, "%s\n", opts.Finding(d))
				} else {
					fmt.Fprintf(opts.Problems, "%s\n", d)
				}
			}
			return false
		}
		files := site.Files{}
		if err := b.BuildContext(ctx, l.Coll, files); err != nil {
			if ctx.Err() != nil {
				return false
			}
			fmt.Fprintf(opts.Problems, "guides: %s\n", guides.Printable(err.Error()))
			return false
		}
		b.Forget(l.Coll, files)
		srv.Update(files)
		return true
	}
	rebuild(l)

	skip := func(rel string) bool {
		return strings.HasPrefix(rel, ".") || strings.Contains(rel, "/.") || rel == "public" || strings.HasPrefix(rel, "public/") || rel == "node_modules"
	}
	w, err := watch.New(s.Root, watch.Options{Skip: skip, Watching: opts.Watching})
	if err != nil {
		return fmt.Errorf("watching %s: %w", s.Root, err)
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		w.Close()
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
	fmt.Fprintf(opts.Log, "Serving %s at http://%s%s (Ctrl+C to stop)\n", s.Config.Title, ln.Addr(), s.BasePath())

	watched := make(chan error, 1)
	go func() {
		watched <- w.Run(ctx, func() {
			start := time.Now()
			l, err := s.Load()
			if err != nil {
				fmt.Fprintf(opts.Problems, "guides: %s\n", guides.Printable(err.Error()))
				return
			}
			if err := b.Refresh(); err != nil {
				fmt.Fprintf(opts.Problems, "guides: %s\n", guides.Printable(err.Error()))
				return
			}
			if rebuild(l) {
				fmt.Fprintf(opts.Log, "rebuilt in %s\n", time.Since(start).Round(time.Millisecond))
			}
		})
	}()

	select {
	case <-ctx.Done():
	case err := <-served:
		return err
	case err := <-watched:
		if err != nil {
			fmt.Fprintf(opts.Problems, "guides: watching stopped: %v\n", err)
		}
		<-ctx.Done()
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	fmt.Fprintf(opts.Log, "stopped\n")
	return nil
}
