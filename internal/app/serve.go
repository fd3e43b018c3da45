package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"syscall"
	"time"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/outdir"
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
	// Now is the clock of the log; nil means time.Now.
	Now func() time.Time
	// updated is when each file last changed, for the settings'
	// lastUpdated: Serve reads it from the history once.
	updated map[string]time.Time
}

// Serve serves the site until ctx is done, moving it with every change of
// the collection's files (see liveSite).
func (s *Session) Serve(ctx context.Context, opts ServeOptions) error {
	updated, note, err := s.readUpdated(ctx)
	if err != nil {
		return err
	}
	if note != "" && opts.Log != nil {
		fmt.Fprintln(opts.Log, note)
	}
	opts.updated = updated
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("the address %s is in use, perhaps by another guides serve: choose another with --addr, such as --addr 127.0.0.1:0 for any free port", opts.Addr)
		}
		return err
	}
	defer ln.Close()
	live, err := newLiveSite(s, opts)
	if err != nil {
		return err
	}
	defer live.Close()
	if _, err := live.update(ctx, nil); err != nil {
		return err
	}
	keepMemory()
	w, err := watch.New(s.Root, watch.Options{Skip: s.unwatched, Watching: opts.Watching, Quiet: editQuiet})
	if err != nil {
		return fmt.Errorf("watching %s: %w", s.Root, err)
	}
	hs := &http.Server{
		Handler:           live.server,
		ReadHeaderTimeout: 10 * time.Second,
		// Requests, the event streams among them, end when serving does.
		BaseContext: func(net.Listener) context.Context { return ctx },
	}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	live.log.printf("Serving %s at http://%s%s (Ctrl+C to stop)", s.Config.Title, ln.Addr(), s.basePath())
	live.startSearch(ctx)

	watched := make(chan error, 1)
	go func() { watched <- w.Run(ctx, func(paths []string) { live.changed(ctx, paths) }) }()
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
	live.log.printf("stopped")
	return nil
}

// keepMemory bounds the memory of a server, unless GOMEMLIMIT does: the
// runtime collects garbage when the heap grows past memoryBudget, or past
// what the collection holds (its size when the site is first made) and
// memoryMargin when that is more, rather than when it doubles. Without
// it, a server's heap at 100,000 guides keeps about twice what it uses.
// With only the margin, an edit there is slower by half: the search
// index's update allocates about as much, and the collector runs again and
// again over the whole heap while it does.
func keepMemory() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	runtime.GC()
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	live := int64(s[0].Value.Uint64())
	debug.SetMemoryLimit(max(live+memoryMargin, memoryBudget))
}

// memoryMargin is what a server's heap may grow by past what its
// collection holds: pages, edits, the search index being made.
// memoryBudget is what a server may use whatever its collection, within
// the 300 MB that serve aims at with 100,000 guides.
const (
	memoryMargin = 96 << 20
	memoryBudget = 256 << 20
)

// editQuiet is how long the collection must stay unchanged after a change
// before the site is rebuilt: long enough for an editor's save, which
// makes several events within a few milliseconds, to be seen as one.
const editQuiet = 20 * time.Millisecond

// unwatched reports whether serve leaves the folder or file at rel, a
// slash-separated path relative to the root, unwatched: a hidden one (git's
// folder, an editor's swap files, a build's staging folder), the output
// folder of the settings, the folders of watchIgnore, and any site a build
// wrote, wherever -o put it.
func (s *Session) unwatched(rel string) bool {
	if rel == "." {
		return false // the root, whose files are the settings and README
	}
	if strings.HasPrefix(rel, ".") || strings.Contains(rel, "/.") {
		return true
	}
	ignored := s.Config.WatchIgnore
	if out := filepath.ToSlash(s.Config.Output); !filepath.IsAbs(s.Config.Output) {
		ignored = append(ignored[:len(ignored):len(ignored)], path.Clean(out))
	}
	for _, dir := range ignored {
		if rel == dir || strings.HasPrefix(rel, dir+"/") {
			return true
		}
	}
	_, err := os.Lstat(filepath.Join(s.Root, filepath.FromSlash(rel), outdir.Marker))
	return err == nil
}
