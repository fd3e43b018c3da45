package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/load"
	"github.com/visual-guides/guides/internal/rules"
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
// rebuilding it whenever a file of the collection changes.
//
// A page is never built from data with errors. When some files have
// errors, the site is built with the last good version of each of those
// files (and without the files that never had one), so that every other
// change shows at once; when that is not enough (another file depends on
// what broke), the last good site stays up whole. Either way the findings
// are printed, and every open page shows them until they are fixed.
func (s *Session) Serve(ctx context.Context, opts ServeOptions) error {
	dirs := []string{s.Config.GuidesDir, s.Config.CategoriesDir}
	overlay := &overlayFS{root: s.fsys, dirs: dirs}
	siteOpts := s.SiteOptions(opts.Drafts, site.LiveScriptPath)
	siteOpts.KeepFiles = true
	b, err := site.NewBuilder(overlay, siteOpts)
	if err != nil {
		return err
	}
	srv := site.NewServer(s.BasePath())
	snap := newSnapshot(s.fsys, dirs...)
	var good dataFiles // the version of each file the site shows
	// shown is the collection the site served was built from, and
	// current that site.
	var shown *Loaded
	var current site.Files
	stamp := func() string { return time.Now().Format("15:04:05") }
	printFindings := func(ds guides.Diagnostics) {
		for _, d := range ds {
			if opts.Finding != nil {
				fmt.Fprintf(opts.Problems, "%s\n", opts.Finding(d))
			} else {
				fmt.Fprintf(opts.Problems, "%s\n", d)
			}
		}
	}
	// publish builds the site from files, judged without errors, and
	// serves it.
	publish := func(l *Loaded, files dataFiles) bool {
		overlay.set(files)
		out := site.Files{}
		if err := b.BuildContext(ctx, l.Coll, out); err != nil {
			overlay.set(good)
			if ctx.Err() != nil {
				return false
			}
			fmt.Fprintf(opts.Problems, "%s guides: %s\n", stamp(), guides.Printable(err.Error()))
			return false
		}
		b.Forget(l.Coll, out)
		srv.Update(out)
		good, shown, current = files, l, out
		return true
	}
	// rebuild judges the collection as it is on disk and publishes what
	// it can of it; it returns what to log.
	rebuild := func(changed []string) (string, error) {
		start := time.Now()
		now, err := snap.refresh(changed)
		if err != nil {
			return "", err
		}
		l, err := s.loadFrom(overlay.fixed(now))
		if err != nil {
			return "", err
		}
		refusal := l.Refusal()
		srv.SetProblems(problems(refusal))
		if len(refusal) == 0 {
			if !publish(l, now) {
				return "", nil
			}
			return fmt.Sprintf("rebuilt in %s", time.Since(start).Round(time.Millisecond)), nil
		}
		printFindings(refusal)
		var bad []string
		for _, d := range refusal {
			if d.Severity == guides.Error && !slices.Contains(bad, d.Path) {
				bad = append(bad, d.Path)
			}
		}
		errs, _ := refusal.Count()
		summary := countOf(errs, "error") + " in " + strings.Join(bad, ", ")
		keep := now.with(good, bad)
		if lk, err := s.loadFrom(overlay.fixed(keep)); err == nil && len(lk.Refusal()) == 0 && publish(lk, keep) {
			kept := 0
			for _, p := range bad {
				if _, ok := good[p]; ok {
					kept++
				}
			}
			shown := "the last good version of each is shown"
			switch {
			case kept == 0:
				shown = "left out until fixed"
			case kept < len(bad):
				shown = "the last good version of each is shown, where there is one"
			}
			return fmt.Sprintf("%s: %s; rebuilt in %s", summary, shown, time.Since(start).Round(time.Millisecond)), nil
		}
		return summary + ": the last good site is shown", nil
	}
	logf := func(format string, args ...any) {
		fmt.Fprintf(opts.Log, "%s "+format+"\n", append([]any{stamp()}, args...)...)
	}
	// edited shows an edit of bodies alone at once: the pages that show
	// them are rendered again and served, and the search index follows.
	// It returns false when the edit may have changed more (see
	// bodiesOnly); then the collection is judged and built again.
	edited := func(changed []string) bool {
		if shown == nil || !s.bodiesOnly(shown.Coll, changed) {
			return false
		}
		start := time.Now()
		now, err := snap.refreshFiles(changed)
		if err != nil {
			return false
		}
		overlay.set(now)
		next, ok, err := b.BodyEdit(current, changed)
		if err != nil || !ok {
			overlay.set(good)
			return false
		}
		good, current = now, next
		srv.Update(next)
		what := changedText(changed)
		logf("%s: rebuilt %s in %s", what, countOf(len(changed), "page"), time.Since(start).Round(time.Millisecond))
		start = time.Now()
		next, err = b.Reindex(current)
		if err != nil {
			logf("%s: %s", what, guides.Printable(err.Error()))
			return true
		}
		current = next
		srv.Store(next)
		logf("%s: search index rebuilt in %s", what, time.Since(start).Round(time.Millisecond))
		return true
	}
	if _, err := rebuild(nil); err != nil {
		return err
	}

	skip := func(rel string) bool {
		return strings.HasPrefix(rel, ".") || strings.Contains(rel, "/.") || rel == "public" || strings.HasPrefix(rel, "public/") || rel == "node_modules"
	}
	w, err := watch.New(s.Root, watch.Options{Skip: skip, Watching: opts.Watching, Quiet: editQuiet})
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
	logf("Serving %s at http://%s%s (Ctrl+C to stop)", s.Config.Title, ln.Addr(), s.BasePath())

	watched := make(chan error, 1)
	go func() {
		watched <- w.Run(ctx, func(changed []string) {
			if edited(changed) {
				return
			}
			what := changedText(changed)
			if err := b.Refresh(); err != nil {
				logf("%s: %s", what, guides.Printable(err.Error()))
				return
			}
			msg, err := rebuild(changed)
			switch {
			case err != nil:
				logf("%s: %s", what, guides.Printable(err.Error()))
			case msg != "":
				logf("%s: %s", what, guides.Printable(msg))
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
	logf("stopped")
	return nil
}

// editQuiet is how long the collection must stay unchanged after a change
// before the site is rebuilt: long enough for an editor's save, which
// makes several events within a few milliseconds, to be seen as one.
const editQuiet = 20 * time.Millisecond

// changedText names the files that changed, for a log line.
func changedText(changed []string) string {
	switch n := len(changed); {
	case n == 0:
		return "files changed"
	case n <= 3:
		return strings.Join(changed, ", ") + " changed"
	default:
		return strings.Join(changed[:3], ", ") + fmt.Sprintf(" and %d more changed", n-3)
	}
}

// countOf writes "1 error" or "3 errors".
func countOf(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// problems returns the findings as a server shows them over its pages.
func problems(ds guides.Diagnostics) []site.Problem {
	out := make([]site.Problem, 0, len(ds))
	for _, d := range ds {
		out = append(out, site.Problem{
			Path: d.Path, Line: d.Pos.Line, Column: d.Pos.Col,
			Severity: d.Severity.String(), Rule: d.Rule, Message: d.Message,
		})
	}
	return out
}

// loadFrom loads and judges the collection from fsys, a version of the
// collection's root.
func (s *Session) loadFrom(fsys fs.FS) (*Loaded, error) {
	opts := load.Options{GuidesDir: s.Config.GuidesDir, CategoriesDir: s.Config.CategoriesDir}
	coll, diags, err := load.Load(fsys, opts)
	if err != nil {
		return nil, err
	}
	l := &Loaded{Config: s.Config, Coll: coll, Diags: diags, checked: make(chan guides.Diagnostics, 1), ctx: s.ctx}
	l.checked <- rules.Check(s.ctx, fsys, coll)
	return l, nil
}
