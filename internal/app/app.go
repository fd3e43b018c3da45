// Package app runs the commands of guides: it finds and opens a
// collection, loads it, judges it with every rule of package rules, and
// decides what each command does with the findings. Commands share one
// policy:
//
//   - every command runs the same file and collection rules, so that data
//     one command refuses, every command refuses, with the same text;
//   - a command that writes output (readme, build, serve, new) writes
//     nothing from a collection with errors;
//   - when a file has an error, its warnings are shown with it: a warning
//     such as an unknown key often says how to fix the error.
//
// Package main parses flags into the options of one command, calls the
// command here, and prints its result; everything else is here. The work
// of a command is bounded by the context it is given: when the context is
// done, the command stops soon, removes its temporary files, leaves its
// outputs as they were, and returns the context's cause.
package app

import (
	"context"
	"io/fs"
	"time"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/config"
	"github.com/visual-guides/guides/internal/load"
	"github.com/visual-guides/guides/internal/rootfs"
	"github.com/visual-guides/guides/internal/rules"
)

// Session is a collection at a folder, with its settings: one command's
// work on it. Open makes one.
//
// Everything a session reads, it reads through package rootfs: no path,
// through ".." or a symbolic link, leads outside the root, and nothing but
// regular files and folders is opened. Everything it writes inside the
// root, it writes through the same root.
type Session struct {
	// Root is the collection's root folder, as the user named it or
	// relative to the current folder.
	Root string
	// Config holds the settings: the settings file under the overrides.
	Config config.Config

	// base is the root as an absolute path; here, the current folder,
	// when paths are shown relative to it (the root was found, not
	// named).
	base, here string
	// fsys reads the files of the root.
	fsys *rootfs.FS
	// now is the clock of the rules; nil means time.Now.
	now func() time.Time
	// clock is the clock that files' stamps are compared with (see
	// package inputs); nil means time.Now.
	clock func() time.Time
	// settings is the settings file, relative to the root, and overrides
	// the settings the command line gave: serve reads the settings again
	// when the file changes.
	settings  string
	overrides Overrides
}

// readSettings reads the settings file again, and puts the overrides over
// it.
func (s *Session) readSettings() (config.Config, error) {
	cfg, err := config.Load(s.fsys, s.settings)
	if err != nil {
		return config.Config{}, err
	}
	if err := s.overrides.apply(&cfg); err != nil {
		return config.Config{}, err
	}
	return cfg, nil
}

// Close releases the root.
func (s *Session) Close() error { return s.fsys.Close() }

// FS returns the file system of the collection's root.
func (s *Session) FS() fs.FS { return s.fsys }

// Loaded is a collection read by the file rules, and being judged by the
// collection rules.
type Loaded struct {
	Config config.Config
	Coll   *guides.Collection
	// Diags holds every finding, sorted, once Wait has returned.
	Diags guides.Diagnostics

	checked chan guides.Diagnostics
	waited  bool
}

// Load reads the collection, running the file rules on every file, and
// starts the collection rules in the background: a command may do work of
// its own meanwhile, then calls Wait. The error is for what stops loading:
// a data folder that cannot be read, or ctx done.
func (s *Session) Load(ctx context.Context) (*Loaded, error) {
	return s.load(ctx, false)
}

// LoadLenient is Load for the commands that add to a collection: a data
// folder that does not exist yet is taken as empty, so that a collection
// can start with its first category.
func (s *Session) LoadLenient(ctx context.Context) (*Loaded, error) {
	return s.load(ctx, true)
}

func (s *Session) load(ctx context.Context, lenient bool) (*Loaded, error) {
	return s.loadChecking(ctx, lenient, s.fsys)
}

// loadChecking is load with the collection rules reading their files
// (images, link targets, layouts) from fsys, a view of the root.
func (s *Session) loadChecking(ctx context.Context, lenient bool, fsys fs.FS) (*Loaded, error) {
	opts := load.Options{GuidesDir: s.Config.GuidesDir, CategoriesDir: s.Config.CategoriesDir, MissingOK: lenient, Now: s.now}
	coll, diags, err := load.LoadRoot(ctx, s.fsys, opts)
	if err != nil {
		return nil, err
	}
	l := &Loaded{Config: s.Config, Coll: coll, Diags: diags, checked: make(chan guides.Diagnostics, 1)}
	go func() { l.checked <- rules.Check(ctx, fsys, coll) }()
	return l, nil
}

// loadFrom loads and judges the collection from fsys, a version of the
// collection's root, at once.
func (s *Session) loadFrom(ctx context.Context, fsys fs.FS) (*Loaded, error) {
	opts := load.Options{GuidesDir: s.Config.GuidesDir, CategoriesDir: s.Config.CategoriesDir, Now: s.now}
	coll, diags, err := load.Load(fsys, opts)
	if err != nil {
		return nil, err
	}
	l := &Loaded{Config: s.Config, Coll: coll, Diags: diags, checked: make(chan guides.Diagnostics, 1)}
	l.checked <- rules.Check(ctx, fsys, coll)
	return l, nil
}

// Wait adds the findings of the collection rules, and sorts all findings.
// When the context of Load is done, the findings are not all there: the
// caller checks the context after Wait.
func (l *Loaded) Wait() *Loaded {
	if !l.waited {
		l.Diags = append(l.Diags, <-l.checked...)
		l.Diags.Sort()
		l.waited = true
	}
	return l
}

// Refusal returns what a command that writes output shows when it refuses
// the collection: every error, and every warning of a file that has an
// error, in order. It is empty when there is no error.
func (l *Loaded) Refusal() guides.Diagnostics {
	return Refusal(l.Wait().Diags)
}

// Refusal returns the errors of ds, sorted, and the warnings of the files
// that have one.
func Refusal(ds guides.Diagnostics) guides.Diagnostics {
	bad := map[string]bool{}
	for _, d := range ds {
		if d.Severity == guides.Error {
			bad[d.Path] = true
		}
	}
	if len(bad) == 0 {
		return nil
	}
	var out guides.Diagnostics
	for _, d := range ds {
		if bad[d.Path] {
			out = append(out, d)
		}
	}
	return out
}

// stopped returns the cause of ctx when it is done, else nil.
func stopped(ctx context.Context) error {
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	return nil
}

// path returns the operating system's path of a slash-separated path
// relative to the root.
func (s *Session) path(rel string) string {
	return joinPath(s.Root, rel)
}
