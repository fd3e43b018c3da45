// Package watch reports changes to the files of a folder tree, once per
// burst of changes.
package watch

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
)

// DefaultQuiet is how long the tree must stay unchanged before a burst of
// changes is reported: an editor saving a file makes several events.
const DefaultQuiet = 100 * time.Millisecond

// Options configure a Watcher.
type Options struct {
	// Skip names the folders not to watch, by their slash-separated path
	// relative to the root.
	Skip func(rel string) bool
	// Quiet is how long the tree must stay unchanged before a burst is
	// reported; 0 means DefaultQuiet.
	Quiet time.Duration
	// Watching, when set, is called with each folder once it is watched,
	// from the goroutine of New or Run: tests wait on it rather than sleep.
	Watching func(dir string)
}

// Watcher watches a folder tree.
type Watcher struct {
	root string
	opts Options
	w    *fsnotify.Watcher
}

// New watches the folder root and every folder under it but the skipped
// ones. When it returns, every change to the tree is seen.
func New(root string, opts Options) (*Watcher, error) {
	if opts.Skip == nil {
		opts.Skip = func(string) bool { return false }
	}
	if opts.Quiet <= 0 {
		opts.Quiet = DefaultQuiet
	}
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &Watcher{root: root, opts: opts, w: fw}
	if err := w.add(root); err != nil {
		fw.Close()
		return nil, err
	}
	return w, nil
}

// add watches dir and the folders under it.
func (w *Watcher) add(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // gone already
			}
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if rel, _ := filepath.Rel(w.root, p); rel != "." && w.opts.Skip(filepath.ToSlash(rel)) {
			return filepath.SkipDir
		}
		if err := w.w.Add(p); err != nil {
			return err
		}
		if w.opts.Watching != nil {
			w.opts.Watching(p)
		}
		return nil
	})
}

// Run calls changed after files under the root change, once per burst,
// until ctx is done, and then stops watching. New folders are watched as
// they appear. When the system drops events because too many came at once,
// the tree is watched anew and a change is reported: nothing is missed.
func (w *Watcher) Run(ctx context.Context, changed func()) error {
	defer w.w.Close()
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err, ok := <-w.w.Errors:
			if !ok {
				return nil
			}
			if !errors.Is(err, fsnotify.ErrEventOverflow) {
				return err
			}
			// Folders made while events were dropped are not watched
			// yet; watching a folder twice is harmless.
			if err := w.add(w.root); err != nil {
				return err
			}
			timer.Reset(w.opts.Quiet)
		case ev, ok := <-w.w.Events:
			if !ok {
				return nil
			}
			if ev.Op == fsnotify.Chmod {
				continue
			}
			rel, _ := filepath.Rel(w.root, ev.Name)
			if w.opts.Skip(filepath.ToSlash(rel)) || w.opts.Skip(filepath.ToSlash(filepath.Dir(rel))) {
				continue
			}
			if ev.Op.Has(fsnotify.Create) {
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
					if err := w.add(ev.Name); err != nil {
						return err
					}
				}
			}
			timer.Reset(w.opts.Quiet)
		case <-timer.C:
			changed()
		}
	}
}

// Close stops watching, for a Watcher that is not run.
func (w *Watcher) Close() error { return w.w.Close() }
