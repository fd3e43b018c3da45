package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/config"
	"github.com/visual-guides/guides/internal/site"
)

// liveSite is the site serve shows, and how an edit moves it.
//
// It holds a version of the collection's data files, judged, and the model
// of the site made from it (package site), which the server serves: each
// page is made from the model when it is asked for, so that what an edit
// costs depends on what it changed, not on how many pages show it, and
// memory does not grow with the site. The texts of the version's files are
// kept on disk (pack), and so are the files of the search index.
//
// An edit, of any kind and however it was saved (in place, or by writing
// another file and renaming it over the first), moves the site so:
//
//   - the data files the watcher named are read again, and their entries
//     judged again with the file rules, alone: the entries of the other
//     files are kept as they were judged (entries); the settings and the
//     layouts are read again when they changed; a change the watcher
//     cannot name reads the data folders again;
//   - the collection rules judge the whole collection, as it now is;
//   - when it has no errors, a model of it is made and served, and the
//     open pages reload. When some files have errors, the site is made of
//     the last good version of each of those files (and without the files
//     that never had one); when even that fails, the last good site stays
//     up whole;
//   - the search index follows, in the background (liveSearch).
//
// A page is never made from data with errors: the findings are printed
// and shown over every open page until they are fixed. Its methods are
// called from one goroutine at a time, the watcher's, but for the search
// index's, which says when it is done.
type liveSite struct {
	s       *Session
	cfg     config.Config // the settings as last read
	opts    ServeOptions
	builder *site.Builder
	server  *site.Server
	// base reads the root, with the data folders of a version of the
	// collection held in pack; snap holds the files as they are on disk,
	// and now their entries, judged.
	base *overlayFS
	pack *pack
	snap *snapshot
	now  entries
	// good is the version the site shows, and last the version last
	// judged.
	good, last *judged
	// search makes the search index, once searching is set.
	search    *liveSearch
	searching bool
	// view is what the server serves: the model of good, and the files of
	// the search index, which the search index's goroutine replaces.
	viewMu sync.Mutex
	view   liveView
	log    liveLog
}

// liveView is a site as a server serves it: its pages from a model, and
// the files of its search index from the last index made.
type liveView struct {
	model  *site.Model
	search *site.SearchFiles
}

// File implements site.Site.
func (v liveView) File(name string) ([]byte, bool, error) {
	if strings.HasPrefix(name, guides.SiteSearch+"/") && name != guides.SiteSearch+"/index.html" {
		return v.search.File(name)
	}
	return v.model.File(name)
}

// liveLog is where a live site says what it does.
type liveLog struct {
	// out receives what the server does; problems, the findings and
	// failed rebuilds.
	out, problems io.Writer
	// finding formats a finding for problems.
	finding func(guides.Diagnostic) string
	now     func() time.Time
	mu      sync.Mutex
}

// printf writes a line to out, after the time of day.
func (l *liveLog) printf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.out, "%s "+format+"\n", append([]any{l.stamp()}, args...)...)
}

func (l *liveLog) stamp() string { return l.now().Format("15:04:05") }

// findings writes each finding on a line of problems.
func (l *liveLog) findings(ds guides.Diagnostics) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, d := range ds {
		fmt.Fprintf(l.problems, "%s\n", l.finding(d))
	}
}

// problem writes a line to problems, after the time of day.
func (l *liveLog) problem(msg string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.problems, "%s guides: %s\n", l.stamp(), guides.Printable(msg))
}

// newLiveSite makes the live site of the session, without building it.
// It must be closed.
func newLiveSite(s *Session, opts ServeOptions) (*liveSite, error) {
	p, err := newPack()
	if err != nil {
		return nil, err
	}
	ls := &liveSite{s: s, cfg: s.Config, opts: opts, pack: p, server: site.NewServer(s.basePath())}
	ls.log = liveLog{out: opts.Log, problems: opts.Problems, finding: opts.Finding, now: opts.Now}
	if ls.log.finding == nil {
		ls.log.finding = guides.Diagnostic.String
	}
	if ls.log.now == nil {
		ls.log.now = time.Now
	}
	if err := ls.configure(true); err != nil {
		p.Close()
		return nil, err
	}
	ls.search, err = newLiveSearch(ls)
	if err != nil {
		p.Close()
		return nil, err
	}
	return ls, nil
}

// Close removes what the live site keeps on disk.
func (ls *liveSite) Close() error {
	return errors.Join(ls.search.close(), ls.pack.Close())
}

// configure makes the builder of the settings ls.cfg and, when its data
// folders are new, the snapshot of them.
func (ls *liveSite) configure(newDirs bool) error {
	opts := siteOptions(ls.cfg, ls.opts.Drafts, site.LiveScriptPath)
	opts.KeepFiles = true
	opts.Brand = siteBrand(ls.cfg, ls.opts.updated)
	b, err := site.NewBuilder(ls.s.fsys, opts)
	if err != nil {
		return err
	}
	ls.builder = b
	if newDirs {
		dirs := ls.dirs()
		ls.base = &overlayFS{root: ls.s.fsys, dirs: dirs[:], pack: ls.pack}
		ls.snap = newSnapshot(ls.s.fsys, ls.pack, dirs[:]...)
		ls.now = entries{}
	}
	return nil
}

// dirs returns the data folders of the settings.
func (ls *liveSite) dirs() [2]string { return [2]string{ls.cfg.GuidesDir, ls.cfg.CategoriesDir} }

// changed moves the site after an edit of the files at paths (relative to
// the root; none means anything may have changed), and logs what it did.
func (ls *liveSite) changed(ctx context.Context, paths []string) {
	what := changedText(paths)
	msg, err := ls.update(ctx, paths)
	switch {
	case err != nil:
		ls.log.printf("%s: %s", what, guides.Printable(err.Error()))
	case msg != "":
		ls.log.printf("%s: %s", what, guides.Printable(msg))
	}
}

// update reads and judges what an edit of the files at paths changed, and
// publishes what it can of the collection as it now is (see liveSite); it
// returns what to log.
func (ls *liveSite) update(ctx context.Context, paths []string) (string, error) {
	start := time.Now()
	e := sortEdit(ls.dirs(), ls.s.settings, paths)
	if e.settings {
		all, err := ls.readSettings()
		if err != nil {
			return "", err
		}
		e.all = e.all || all
	}
	if e.layouts {
		if err := ls.builder.Refresh(); err != nil {
			return "", err
		}
	}
	files, ents, err := ls.read(e)
	if err != nil {
		return "", err
	}
	ls.now = ents
	j := ls.s.judge(ctx, ls.base, files, ents)
	ls.last = j
	if ctx.Err() != nil {
		return "", context.Cause(ctx)
	}
	refusal := Refusal(j.diags)
	ls.server.SetProblems(problems(refusal))
	if len(refusal) == 0 {
		ls.show(ctx, j)
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
	if shown, ok := ls.showLastGood(ctx, j, bad); ok {
		return fmt.Sprintf("%s: %s; rebuilt in %s", summary, shown, since(start)), nil
	}
	return summary + ": the last good site is shown", nil
}

// read reads again what the edit e changed, and returns the version of
// the collection on disk and its entries, judged.
func (ls *liveSite) read(e edit) (dataFiles, entries, error) {
	if e.all || ls.now.byPath == nil {
		files, err := ls.snap.refresh(e.files)
		if err != nil {
			return nil, entries{}, err
		}
		ents, err := ls.s.judgeEntries(ls.base.fixed(files), ls.dirs(), nil)
		return files, ents, err
	}
	files := ls.snap.files
	if len(e.files) > 0 {
		var err error
		if files, err = ls.snap.refreshFiles(e.files); err != nil {
			return nil, entries{}, err
		}
	}
	if len(e.entries) == 0 {
		return files, ls.now, nil
	}
	changed, err := ls.s.judgeEntries(ls.base.fixed(files), ls.dirs(), e.entries)
	if err != nil {
		return nil, entries{}, err
	}
	return files, ls.now.with(changed.byPath, e.entries), nil
}

// readSettings reads the settings again, and reports whether the data
// folders changed, which are then read again whole.
func (ls *liveSite) readSettings() (all bool, err error) {
	cfg, err := ls.s.readSettings()
	if err != nil {
		return false, err
	}
	if old, now := basePath(ls.cfg.BaseURL), basePath(cfg.BaseURL); old != now {
		return false, fmt.Errorf("the site moves from %s to %s: serve it there with a new guides serve", old, now)
	}
	all = cfg.GuidesDir != ls.cfg.GuidesDir || cfg.CategoriesDir != ls.cfg.CategoriesDir
	old := ls.cfg
	ls.cfg = cfg
	if err := ls.configure(all); err != nil {
		ls.cfg = old
		return false, err
	}
	return all, nil
}

// showLastGood publishes the version j with the last good version of each
// file of bad in its place, or without it when it never had one. It
// returns what the site shows of the files of bad, and false when that
// version cannot be published either.
func (ls *liveSite) showLastGood(ctx context.Context, j *judged, bad []string) (string, bool) {
	if ls.good == nil {
		return "", false
	}
	files := j.files.with(ls.good.files, bad)
	good := map[string]entry{}
	for _, p := range bad {
		if e, ok := ls.good.entries.byPath[p]; ok {
			good[p] = e
		}
	}
	kept := len(good)
	ents := j.entries.with(good, bad)
	k := ls.s.judge(ctx, ls.base, files, ents)
	if ctx.Err() != nil || len(Refusal(k.diags)) > 0 {
		return "", false
	}
	ls.show(ctx, k)
	switch {
	case kept == 0:
		return "left out until fixed", true
	case kept < len(bad):
		return "the last good version of each is shown, where there is one", true
	}
	return "the last good version of each is shown", true
}

// show serves the site of j, judged without errors, and asks the search
// index to follow until ctx is done.
func (ls *liveSite) show(ctx context.Context, j *judged) {
	m := ls.builder.Model(j.coll, j.fsys)
	ls.builder.Forget(m.Publishes)
	ls.viewMu.Lock()
	ls.view.model = m
	ls.server.Update(ls.view)
	ls.viewMu.Unlock()
	ls.good = j
	if ls.searching {
		ls.search.request(ctx, m, j.files)
	}
}

// startSearch has the search index follow the site from now on, until ctx
// is done.
func (ls *liveSite) startSearch(ctx context.Context) {
	ls.searching = true
	if ls.good != nil {
		ls.search.request(ctx, ls.view.model, ls.good.files)
	}
}

// searched serves the files of a search index made for the live site.
func (ls *liveSite) searched(files *site.SearchFiles) {
	ls.viewMu.Lock()
	defer ls.viewMu.Unlock()
	ls.view.search = files
	ls.server.Store(ls.view)
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
