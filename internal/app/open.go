package app

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/config"
	"github.com/visual-guides/guides/internal/findroot"
	"github.com/visual-guides/guides/internal/rootfs"
)

// SettingsFile is the settings file a collection may hold at its root.
const SettingsFile = config.FileName

// DefaultBaseURL is the base URL of a collection whose settings name none.
const DefaultBaseURL = config.DefaultBaseURL

// OpenOptions say which collection a command works on, and with which
// settings.
type OpenOptions struct {
	// Dir is the collection's root as the user named it (-C), or "" to
	// find it from the current folder upward: the first folder that holds
	// the settings file, or both data folders, is the root.
	Dir string
	// SettingsFile is the settings file, relative to the root; "" means
	// guides.yaml, which may be missing. A file named here must exist.
	SettingsFile string
	// Overrides are settings given on the command line: they win over
	// the settings file.
	Overrides Overrides
	// Starting accepts, under Dir, a folder that is not a collection yet,
	// for the commands that add to one.
	Starting bool
	// Getwd returns the current folder; nil means os.Getwd.
	Getwd func() (string, error)
	// Now is the clock of the rules, for the date a fix line suggests;
	// nil means time.Now.
	Now func() time.Time
}

// Overrides are settings given on the command line. A nil field is a
// setting not given.
type Overrides struct {
	BaseURL, GuidesDir, CategoriesDir, Readme, LinkMode, Output *string
}

// UsageError is a command line that cannot be run as written: a bad value
// of an option. Flag names the option (such as "--base-url"), or is empty
// when the whole command line is at fault.
type UsageError struct {
	Flag string
	Err  error
}

func (e *UsageError) Error() string {
	if e.Flag == "" {
		return e.Err.Error()
	}
	return e.Flag + ": " + e.Err.Error()
}

func (e *UsageError) Unwrap() error { return e.Err }

// usage returns a UsageError of the option flag.
func usage(flag string, err error) error { return &UsageError{Flag: flag, Err: err} }

// Open finds the collection opts names, reads its settings under the
// overrides, and opens its root: every file the session reads or writes
// inside the collection, it reads or writes through that root. The session
// must be closed.
func Open(opts OpenOptions) (*Session, error) {
	if opts.Getwd == nil {
		opts.Getwd = os.Getwd
	}
	name := config.FileName
	if opts.SettingsFile != "" {
		n, err := config.CleanDir(opts.SettingsFile)
		if err != nil {
			return nil, usage("--config", err)
		}
		name = n
	}
	o := opts.Overrides
	cfg := config.Default()
	if err := o.applyDirs(&cfg); err != nil {
		return nil, err
	}
	def := config.Default()
	markers := findroot.Markers{Config: name, Data: []findroot.DataDirs{{Guides: def.GuidesDir, Categories: def.CategoriesDir}}}
	if cfg.GuidesDir != def.GuidesDir || cfg.CategoriesDir != def.CategoriesDir {
		markers.Data = append(markers.Data, findroot.DataDirs{Guides: cfg.GuidesDir, Categories: cfg.CategoriesDir})
	}
	s, err := locate(opts, markers)
	if err != nil {
		return nil, err
	}
	if opts.SettingsFile != "" {
		if _, err := os.Stat(filepath.Join(s.Root, name)); err != nil {
			return nil, fmt.Errorf("--config: %w", err)
		}
	}
	// The settings are read as every file of the collection is: never
	// through a link that leads out of the root, never from a FIFO.
	fsys, err := rootfs.New(s.Root)
	if err != nil {
		return nil, fmt.Errorf("collection root: %w", err)
	}
	s.fsys, s.settings, s.overrides, s.now = fsys, name, o, opts.Now
	if s.Config, err = s.readSettings(); err != nil {
		fsys.Close()
		return nil, err
	}
	markers.Data = append(markers.Data, findroot.DataDirs{Guides: s.Config.GuidesDir, Categories: s.Config.CategoriesDir})
	if !opts.Starting && opts.Dir != "" && !markers.Holds(s.Root) {
		fsys.Close()
		return nil, fmt.Errorf("-C %s: the folder is not a collection: it holds no %s; start one with %s",
			opts.Dir, strings.Replace(markers.String(), ", or ", ", nor ", 1), guides.Quote("guides init "+opts.Dir))
	}
	return s, nil
}

// applyDirs sets the data folders the overrides name.
func (o Overrides) applyDirs(cfg *config.Config) error {
	return errors.Join(
		override("--guides-dir", o.GuidesDir, func(s string) (err error) { cfg.GuidesDir, err = config.CleanDir(s); return }),
		override("--categories-dir", o.CategoriesDir, func(s string) (err error) { cfg.CategoriesDir, err = config.CleanDir(s); return }),
	)
}

// apply sets every setting the overrides name.
func (o Overrides) apply(cfg *config.Config) error {
	return errors.Join(
		override("--base-url", o.BaseURL, func(s string) (err error) { cfg.BaseURL, err = config.CleanBaseURL(s); return }),
		o.applyDirs(cfg),
		override("--readme", o.Readme, func(s string) (err error) { cfg.Readme, err = config.CleanDir(s); return }),
		override("--link-mode", o.LinkMode, func(s string) (err error) { cfg.LinkMode, err = config.ParseLinkMode(s); return }),
		override("--output", o.Output, func(s string) (err error) { cfg.Output, err = config.CleanOutput(s); return }),
	)
}

// override sets a setting from a flag's value, when the flag was given.
func override(flag string, value *string, set func(string) error) error {
	if value == nil {
		return nil
	}
	if err := set(*value); err != nil {
		return usage(flag, err)
	}
	return nil
}

// locate finds the collection's root: Dir when it is given, else the first
// folder from the current one upward that the markers say is a root.
func locate(opts OpenOptions, m findroot.Markers) (*Session, error) {
	if opts.Dir != "" {
		info, err := os.Stat(opts.Dir)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("-C %s: there is no such folder", opts.Dir)
		case err != nil:
			return nil, fmt.Errorf("-C %s: %w", opts.Dir, unwrap(err))
		case !info.IsDir():
			return nil, fmt.Errorf("-C %s: it is a file, not a folder", opts.Dir)
		}
		base, err := filepath.Abs(opts.Dir)
		if err != nil {
			return nil, err
		}
		return &Session{Root: opts.Dir, base: base}, nil
	}
	here, err := opts.Getwd()
	if err != nil {
		return nil, fmt.Errorf("finding the current folder: %w", err)
	}
	base, err := findroot.Find(here, m)
	if err != nil {
		return nil, fmt.Errorf("%w; name the collection's folder with -C DIR, or start one with %s", err, guides.Quote("guides init"))
	}
	root, err := filepath.Rel(here, base)
	if err != nil {
		root = base
	}
	return &Session{Root: root, base: base, here: here}, nil
}

// Show returns the path to show in a message for a slash-separated path
// relative to the root: relative to the current folder, or absolute when
// that is shorter; when the root was named (-C), relative to the root as
// it is.
func (s *Session) Show(rel string) string {
	if s.here == "" || s.base == "" {
		return rel
	}
	abs := filepath.Join(s.base, filepath.FromSlash(rel))
	r, err := filepath.Rel(s.here, abs)
	if err != nil || len(abs) < len(r) {
		return abs
	}
	return r
}
