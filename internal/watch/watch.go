// Package watch reports changes to the files of a folder tree, once per
// burst of changes.
package watch

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
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
	root string // as given
	real string // without symbolic links
	opts Options
	w    *fsnotify.Watcher
	// watched holds the folders watched, by their path without links, so
	// that a folder two links lead to, or a loop of links, is watched
	// once.
	watched map[string]bool
}

// New watches the folder root and every folder under it but the skipped
// ones. A symbolic link to a folder inside the tree (a data folder kept
// elsewhere in the repository, say) is watched at its target; one that
// leads out of the tree is not followed. When New returns, every change
// to the tree is seen.
func New(root string, opts Options) (*Watcher, error) {
	if opts.Skip == nil {
		opts.Skip = func(string) bool { return false }
	}
	if opts.Quiet <= 0 {
		opts.Quiet = DefaultQuiet
	}
	real, err := filepath.EvalSymlinks(root)
	if err != nil {
		return nil, err
	}
	if real, err = filepath.Abs(real); err != nil {
		return nil, err
	}
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &Watcher{root: root, real: real, opts: opts, w: fw, watched: map[string]bool{}}
	if err := w.add(root); err != nil {
		fw.Close()
		return nil, err
	}
	return w, nil
}

// rel returns the slash-separated path of p relative to the root, whether
// p names it through the root as given or without links, and whether p is
// inside the tree at all.
func (w *Watcher) rel(p string) (string, bool) {
	for _, base := range []string{w.root, w.real} {
		if r, err := filepath.Rel(base, p); err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) {
			return filepath.ToSlash(r), true
		}
	}
	return "", false
}

// add watches dir and the folders under it, and the folders inside the
// tree that symbolic links under it lead to.
func (w *Watcher) add(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // gone already
			}
			return err
		}
		if d.Type()&fs.ModeSymlink != 0 {
			return w.addLink(p)
		}
		if !d.IsDir() {
			return nil
		}
		rel, _ := w.rel(p)
		if rel != "." && w.opts.Skip(rel) {
			return filepath.SkipDir
		}
		real, err := filepath.EvalSymlinks(p)
		if err != nil {
			return nil // gone already, or a link on the way leads out
		}
		if real, err = filepath.Abs(real); err != nil || w.watched[real] {
			return filepath.SkipDir
		}
		w.watched[real] = true
		if err := w.w.Add(p); err != nil {
			return err
		}
		if w.opts.Watching != nil {
			w.opts.Watching(p)
		}
		return nil
	})
}

// addLink watches the folder the symbolic link p leads to, when it is a
// folder inside the tree.
func (w *Watcher) addLink(p string) error {
	target, err := filepath.EvalSymlinks(p)
	if err != nil {
		return nil // dangling, or a loop
	}
	if target, err = filepath.Abs(target); err != nil {
		return nil
	}
	info, err := os.Stat(target)
	if err != nil || !info.IsDir() || w.watched[target] {
		return nil
	}
	rel, inside := w.rel(target)
	if !inside || rel != "." && w.opts.Skip(rel) {
		return nil
	}
	return w.add(target)
}

// Run calls changed after files under the root change, once per burst,
// with the paths that changed (slash-separated, relative to the root, in
// order), until ctx is done, and then stops watching. New folders are
// watched as they appear. When the system drops events because too many
// came at once, the tree is watched anew and a change is reported with no
// paths, meaning anything may have changed: nothing is missed.
func (w *Watcher) Run(ctx context.Context, changed func(paths []string)) error {
	defer w.w.Close()
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	paths := map[string]bool{}
	overflowed := false
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
			// yet: walk the tree again.
			clear(w.watched)
			if err := w.add(w.root); err != nil {
				return err
			}
			overflowed = true
			timer.Reset(w.opts.Quiet)
		case ev, ok := <-w.w.Events:
			if !ok {
				return nil
			}
			if ev.Op == fsnotify.Chmod {
				continue
			}
			rel, _ := w.rel(ev.Name)
			if w.opts.Skip(rel) || w.opts.Skip(path.Dir(rel)) {
				continue
			}
			paths[filepath.ToSlash(rel)] = true
			if ev.Op.Has(fsnotify.Create) {
				if info, err := os.Lstat(ev.Name); err == nil && (info.IsDir() || info.Mode()&fs.ModeSymlink != 0) {
					if err := w.add(ev.Name); err != nil {
						return err
					}
				}
			}
			timer.Reset(w.opts.Quiet)
		case <-timer.C:
			var list []string
			if !overflowed {
				list = make([]string, 0, len(paths))
				for p := range paths {
					list = append(list, p)
				}
				slices.Sort(list)
			}
			clear(paths)
			overflowed = false
			changed(list)
		}
	}
}

// Close stops watching, for a Watcher that is not run.
func (w *Watcher) Close() error { return w.w.Close() }
