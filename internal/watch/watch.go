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

// Quiet is how long the tree must stay unchanged before a burst of changes
// is reported: an editor saving a file makes several events.
const Quiet = 100 * time.Millisecond

// Watch calls changed after files under root change, once per burst, until
// ctx is done. skip names the folders not to watch, by their path relative
// to root; new folders are watched as they appear.
func Watch(ctx context.Context, root string, skip func(rel string) bool, changed func()) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer w.Close()
	add := func(dir string) error {
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
			if rel, _ := filepath.Rel(root, p); rel != "." && skip(filepath.ToSlash(rel)) {
				return filepath.SkipDir
			}
			return w.Add(p)
		})
	}
	if err := add(root); err != nil {
		return err
	}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			return err
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			if ev.Op == fsnotify.Chmod {
				continue
			}
			rel, _ := filepath.Rel(root, ev.Name)
			if skip(filepath.ToSlash(rel)) || skip(filepath.ToSlash(filepath.Dir(rel))) {
				continue
			}
			if ev.Op.Has(fsnotify.Create) {
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
					if err := add(ev.Name); err != nil {
						return err
					}
				}
			}
			timer.Reset(Quiet)
		case <-timer.C:
			changed()
		}
	}
}
