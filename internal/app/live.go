package app

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/site"
)

// liveSite is the site serve shows, and how an edit moves it.
//
// It holds a version of the collection's data files (good) and the pages
// built from it (pages), which the server serves. An edit moves it in one
// of two ways:
//
//   - an edit of bodies alone (see bodiesOnly) renders again the pages
//     that show those bodies, and the search index;
//   - any other edit judges the collection as it now is on disk and, when
//     it has no errors, builds the whole site from it. When some files
//     have errors, the site is built with the last good version of each
//     of those files (and without the files that never had one); when
//     even that fails, the last good site stays up whole.
//
// A page is never built from data with errors: the findings are printed
// and shown over every open page until they are fixed. Its methods are
// called from one goroutine at a time: the watcher's.
type liveSite struct {
	s       *Session
	builder *site.Builder
	server  *site.Server
	// overlay is the root with its data files read from memory: the
	// version being judged or built.
	overlay *overlayFS
	// snap holds the data files as they are on disk.
	snap *snapshot
	// good is the version of each data file the site shows, shown the
	// collection it was built from, and pages the site.
	good  dataFiles
	shown *Loaded
	pages site.Files
	log   liveLog
}

// liveLog is where a live site says what it does.
type liveLog struct {
	// out receives what the server does; problems, the findings and
	// failed rebuilds.
	out, problems io.Writer
	// finding formats a finding for problems.
	finding func(guides.Diagnostic) string
	now     func() time.Time
}

// printf writes a line to out, after the time of day.
func (l liveLog) printf(format string, args ...any) {
	fmt.Fprintf(l.out, "%s "+format+"\n", append([]any{l.stamp()}, args...)...)
}

func (l liveLog) stamp() string { return l.now().Format("15:04:05") }

// findings writes each finding on a line of problems.
func (l liveLog) findings(ds guides.Diagnostics) {
	for _, d := range ds {
		fmt.Fprintf(l.problems, "%s\n", l.finding(d))
	}
}

// newLiveSite makes the live site of the session, without building it.
func newLiveSite(s *Session, opts ServeOptions) (*liveSite, error) {
	dirs := []string{s.Config.GuidesDir, s.Config.CategoriesDir}
	overlay := &overlayFS{root: s.fsys, dirs: dirs}
	siteOpts := s.siteOptions(opts.Drafts, site.LiveScriptPath)
	siteOpts.KeepFiles = true
	siteOpts.Brand = s.siteBrand(opts.updated)
	b, err := site.NewBuilder(overlay, siteOpts)
	if err != nil {
		return nil, err
	}
	log := liveLog{out: opts.Log, problems: opts.Problems, finding: opts.Finding, now: opts.Now}
	if log.finding == nil {
		log.finding = guides.Diagnostic.String
	}
	if log.now == nil {
		log.now = time.Now
	}
	return &liveSite{
		s: s, builder: b, server: site.NewServer(s.basePath()),
		overlay: overlay, snap: newSnapshot(s.fsys, dirs...), log: log,
	}, nil
}

// changed moves the site after an edit of the files at paths (relative to
// the root; none means anything may have changed), and logs what it did.
func (ls *liveSite) changed(ctx context.Context, paths []string) {
	if ls.bodyEdit(ctx, paths) {
		return
	}
	what := changedText(paths)
	if err := ls.builder.Refresh(); err != nil {
		ls.log.printf("%s: %s", what, guides.Printable(err.Error()))
		return
	}
	msg, err := ls.rebuild(ctx, paths)
	switch {
	case err != nil:
		ls.log.printf("%s: %s", what, guides.Printable(err.Error()))
	case msg != "":
		ls.log.printf("%s: %s", what, guides.Printable(msg))
	}
}

// rebuild judges the collection as it is on disk and publishes what it can
// of it (see liveSite); it returns what to log.
func (ls *liveSite) rebuild(ctx context.Context, changed []string) (string, error) {
	start := time.Now()
	now, err := ls.snap.refresh(changed)
	if err != nil {
		return "", err
	}
	l, err := ls.s.loadFrom(ctx, ls.overlay.fixed(now))
	if err != nil {
		return "", err
	}
	refusal := l.Refusal()
	ls.server.SetProblems(problems(refusal))
	if len(refusal) == 0 {
		if !ls.publish(ctx, l, now) {
			return "", nil
		}
		return "rebuilt in " + since(start), nil
	}
	ls.log.findings(refusal)
	var bad []string
	for _, d := range refusal {
		if d.Severity == guides.Error && !slices.Contains(bad, d.Path) {
			bad = append(bad, d.Path)
		}
	}
	errs, _ := refusal.Count()
	summary := countOf(errs, "error") + " in " + strings.Join(bad, ", ")
	if shown, ok := ls.publishLastGood(ctx, now, bad); ok {
		return fmt.Sprintf("%s: %s; rebuilt in %s", summary, shown, since(start)), nil
	}
	return summary + ": the last good site is shown", nil
}

// publishLastGood publishes the version now with the last good version of
// each file of bad in its place, or without it when it never had one. It
// returns what the site shows of the files of bad, and false when that
// version cannot be published either.
func (ls *liveSite) publishLastGood(ctx context.Context, now dataFiles, bad []string) (string, bool) {
	keep := now.with(ls.good, bad)
	l, err := ls.s.loadFrom(ctx, ls.overlay.fixed(keep))
	if err != nil || len(l.Refusal()) > 0 {
		return "", false
	}
	good := ls.good
	if !ls.publish(ctx, l, keep) {
		return "", false
	}
	kept := 0
	for _, p := range bad {
		if _, ok := good[p]; ok {
			kept++
		}
	}
	switch {
	case kept == 0:
		return "left out until fixed", true
	case kept < len(bad):
		return "the last good version of each is shown, where there is one", true
	}
	return "the last good version of each is shown", true
}

// publish builds the site from files, judged without errors, and serves
// it. It returns false when the build fails (the failure is printed) or
// is stopped.
func (ls *liveSite) publish(ctx context.Context, l *Loaded, files dataFiles) bool {
	ls.overlay.set(files)
	out := site.Files{}
	if err := ls.builder.BuildContext(ctx, l.Coll, out); err != nil {
		ls.overlay.set(ls.good)
		if ctx.Err() == nil {
			fmt.Fprintf(ls.log.problems, "%s guides: %s\n", ls.log.stamp(), guides.Printable(err.Error()))
		}
		return false
	}
	ls.builder.Forget(l.Coll, out)
	ls.server.Update(out)
	ls.good, ls.shown, ls.pages = files, l, out
	return true
}

// bodyEdit shows an edit of bodies alone at once: the pages that show them
// are rendered again and served, and the search index follows. It returns
// false when the edit may have changed more (see bodiesOnly); then the
// collection is judged and built again.
func (ls *liveSite) bodyEdit(ctx context.Context, changed []string) bool {
	if ls.shown == nil || !ls.s.bodiesOnly(ls.shown.Coll, changed) {
		return false
	}
	start := time.Now()
	now, err := ls.snap.refreshFiles(changed)
	if err != nil {
		return false
	}
	ls.overlay.set(now)
	next, ok, err := ls.builder.BodyEdit(ls.pages, changed)
	if err != nil || !ok {
		ls.overlay.set(ls.good)
		return false
	}
	ls.good, ls.pages = now, next
	ls.server.Update(next)
	what := changedText(changed)
	ls.log.printf("%s: rebuilt %s in %s", what, countOf(len(changed), "page"), since(start))
	start = time.Now()
	next, err = ls.builder.Reindex(ls.pages)
	if err != nil {
		ls.log.printf("%s: %s", what, guides.Printable(err.Error()))
		return true
	}
	ls.pages = next
	ls.server.Store(next)
	ls.log.printf("%s: search index rebuilt in %s", what, since(start))
	return true
}

// since is the time since start, as a log line shows it.
func since(start time.Time) string { return time.Since(start).Round(time.Millisecond).String() }

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
