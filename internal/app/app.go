// Package app runs the commands of guides: it loads a collection, judges it
// with every rule of package rules, and decides what each command does with
// the findings. Commands share one policy:
//
//   - every command runs the same file and collection rules, so that data
//     one command refuses, every command refuses, with the same text;
//   - a command that writes output (readme, build, serve, new) writes
//     nothing from a collection with errors;
//   - when a file has an error, its warnings are shown with it: a warning
//     such as an unknown key often says how to fix the error.
//
// Package main parses flags and prints; everything else is here.
package app

import (
	"context"
	"io/fs"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/config"
	"github.com/visual-guides/guides/internal/load"
	"github.com/visual-guides/guides/internal/rootfs"
	"github.com/visual-guides/guides/internal/rules"
)

// Session is a collection at a folder, with its settings: one command's
// work on it.
//
// Everything a session reads, it reads through package rootfs: no path,
// through ".." or a symbolic link, leads outside the root, and nothing but
// regular files and folders is opened. Everything it writes inside the
// root, it writes through the same root.
type Session struct {
	// Root is the collection's root folder.
	Root string
	// Config holds the settings: guides.yaml under the flags.
	Config config.Config
	// ctx bounds the session's work: when it is done, every method stops
	// soon, removes its temporary files, leaves its outputs as they were,
	// and returns the context's error.
	ctx context.Context
	// fsys reads the files of the root.
	fsys *rootfs.FS
}

// New returns a session for the collection at root, whose work ctx bounds.
func New(ctx context.Context, root string, cfg config.Config) (*Session, error) {
	fsys, err := rootfs.New(root)
	if err != nil {
		return nil, err
	}
	return &Session{Root: root, Config: cfg, ctx: ctx, fsys: fsys}, nil
}

// FS returns the file system of the collection's root.
func (s *Session) FS() fs.FS { return s.fsys }

// Context returns the context that bounds the session's work.
func (s *Session) Context() context.Context { return s.ctx }

// Loaded is a collection read by the file rules, and being judged by the
// collection rules.
type Loaded struct {
	Config config.Config
	Coll   *guides.Collection
	// Diags holds every finding, sorted, once Wait has returned.
	Diags guides.Diagnostics

	checked chan guides.Diagnostics
	waited  bool
	ctx     context.Context
}

// Load reads the collection, running the file rules on every file, and
// starts the collection rules in the background: a command may do work of
// its own meanwhile, then calls Wait. The error is for what stops loading:
// a data folder that cannot be read.
func (s *Session) Load() (*Loaded, error) {
	return s.load(false)
}

// LoadLenient is Load for the commands that add to a collection: a data
// folder that does not exist yet is taken as empty, so that a collection
// can start with its first category.
func (s *Session) LoadLenient() (*Loaded, error) {
	return s.load(true)
}

func (s *Session) load(lenient bool) (*Loaded, error) {
	opts := load.Options{GuidesDir: s.Config.GuidesDir, CategoriesDir: s.Config.CategoriesDir, MissingOK: lenient}
	coll, diags, err := load.LoadRoot(s.ctx, s.fsys, opts)
	if err != nil {
		return nil, err
	}
	l := &Loaded{Config: s.Config, Coll: coll, Diags: diags, checked: make(chan guides.Diagnostics, 1), ctx: s.ctx}
	fsys, ctx := s.fsys, s.ctx
	go func() { l.checked <- rules.Check(ctx, fsys, coll) }()
	return l, nil
}

// Err returns the error of the session's context: the findings of a
// session whose work was stopped are not all there.
func (l *Loaded) Err() error { return context.Cause(l.ctx) }

// Wait adds the findings of the collection rules, and sorts all findings.
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

// path returns the operating system's path of a slash-separated path
// relative to the root.
func (s *Session) path(rel string) string {
	return joinPath(s.Root, rel)
}
