// Package outdir replaces an output folder safely: the new content is
// written to a fresh folder beside it and swapped in, and a folder this
// package did not make is never removed.
package outdir

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Marker is the file every folder made by Replace holds; its presence is
// what allows Replace to remove the folder the next time.
const Marker = ".guides-site"

const markerText = "This folder is made by `guides build` and replaced whole by the next build.\nDo not keep anything else in it.\n"

// Folder is a folder being written. It implements site.Sink, and Put may
// be called from several goroutines at once.
type Folder struct {
	ctx context.Context
	dir string
	// fail, when set, records the first error of a write, which stops
	// the others.
	fail func(error)
	// show is the output folder, for messages: a failed write names it
	// rather than the staging folder.
	show string
}

// Put writes a file at name, a slash-separated path inside the folder. It
// fails with the context's error once the context of Replace is done.
func (f *Folder) Put(name string, data []byte) error {
	file, err := f.create(name)
	if err != nil {
		return err
	}
	_, err = file.Write(data)
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	return f.failed(err)
}

// failed returns err, which a write into the folder ended with, as an
// error naming the output folder, and stops the folder's writes. A file
// system that is full or read-only fails every write alike: the first
// says why, and the others are not tried.
func (f *Folder) failed(err error) error {
	if err == nil {
		return nil
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	err = fmt.Errorf("output folder %s: %w", f.show, err)
	if f.fail != nil {
		f.fail(err)
	}
	return err
}

// Create creates the file at name, as Put does, and returns it to be
// written and closed, for a file too large to hold whole.
func (f *Folder) Create(name string) (io.WriteCloser, error) {
	file, err := f.create(name)
	if err != nil {
		return nil, err
	}
	return &folderFile{File: file, f: f}, nil
}

// folderFile is a file of a Folder being written: its errors name the
// output folder and stop the folder's writes.
type folderFile struct {
	*os.File
	f *Folder
}

func (w *folderFile) Write(p []byte) (int, error) {
	n, err := w.File.Write(p)
	return n, w.f.failed(err)
}

func (w *folderFile) Close() error { return w.f.failed(w.File.Close()) }

// create creates the file at name. Its folder is made only when creating
// the file fails for want of it: a folder that exists is never asked
// after, and the Folder remembers none, though a site has one per page.
func (f *Folder) create(name string) (*os.File, error) {
	if f.ctx != nil && f.ctx.Err() != nil {
		return nil, context.Cause(f.ctx)
	}
	if !fs.ValidPath(name) || name == "." || strings.Contains(name, `\`) {
		return nil, fmt.Errorf("writing %q: not a path inside the output folder", name)
	}
	p := filepath.Join(f.dir, filepath.FromSlash(name))
	const flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	file, err := os.OpenFile(p, flags, 0o644)
	if !errors.Is(err, fs.ErrNotExist) {
		return file, f.failed(err)
	}
	dir := filepath.Dir(p)
	err = os.Mkdir(dir, 0o755)
	if errors.Is(err, fs.ErrNotExist) {
		err = os.MkdirAll(dir, 0o755)
	}
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, f.failed(err)
	}
	file, err = os.OpenFile(p, flags, 0o644)
	return file, f.failed(err)
}

// ErrNotOurs is returned for an output folder that holds files but no
// Marker: something else made it, and it is left alone.
var ErrNotOurs = errors.New("it is not empty and was not made by guides build")

// Replace makes dir hold exactly what write puts, or leaves everything as
// it was. It writes into a new folder beside dir, then swaps it in: an
// existing dir is removed only when it is empty or holds the Marker. When
// write fails, or ctx is done before the swap, the new folder is removed
// and dir is untouched. The first write into the folder that fails stops
// the others, and is the error; the folder's Context is then done.
//
// The new folder holds the Marker from the start, locked while Replace
// runs: the folders a build that was killed left beside dir
// (.NAME.new-*, .NAME.old-*) are removed by the next, and those of a build
// still running are not.
func Replace(ctx context.Context, dir string, write func(*Folder) error) (err error) {
	dir = filepath.Clean(dir)
	parent, base := filepath.Split(dir)
	if parent == "" {
		parent = "."
	}
	if base == "" || base == "." || base == ".." {
		return fmt.Errorf("output folder %s: choose a folder of its own", dir)
	}
	// Check first, so that nothing is written for a folder that cannot be
	// replaced.
	if err := replaceable(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return folderError(dir, err)
	}
	removeStale(parent, base)
	tmp, err := os.MkdirTemp(parent, "."+base+".new-")
	if err != nil {
		return folderError(dir, err)
	}
	unlock := func() {}
	defer func() {
		unlock()
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return folderError(dir, err)
	}
	if unlock, err = claim(tmp); err != nil {
		return folderError(dir, err)
	}
	wctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	if err := write(&Folder{ctx: wctx, dir: tmp, show: dir, fail: stop}); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return context.Cause(ctx)
	}
	if err := replaceable(dir); err != nil { // it may have changed meanwhile
		return err
	}
	return swap(dir, tmp, base)
}

// swap puts the folder tmp in the place of dir, and removes the old dir.
func swap(dir, tmp, base string) error {
	if _, err := os.Lstat(dir); err != nil {
		return folderError(dir, os.Rename(tmp, dir))
	}
	old := filepath.Join(filepath.Dir(tmp), "."+base+".old-"+strings.TrimPrefix(filepath.Base(tmp), "."+base+".new-"))
	// The old site, renamed aside, is locked as the new one was: it is
	// this build's to remove.
	unlock, err := claim(dir)
	if err != nil {
		return folderError(dir, err)
	}
	defer unlock()
	if err := os.Rename(dir, old); err != nil {
		return folderError(dir, err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.Rename(old, dir) // put the old site back
		return folderError(dir, err)
	}
	return os.RemoveAll(old)
}

// folderError names the output folder in the error of a step of Replace.
func folderError(dir string, err error) error {
	if err == nil {
		return nil
	}
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		err = pe.Err
	case errors.As(err, &le):
		err = le.Err
	}
	return fmt.Errorf("output folder %s: %w", dir, err)
}

// Context returns the context of the folder's writes: done when the
// context of Replace is, or when a write has failed, with that failure as
// its cause. What writes into the folder stops on it.
func (f *Folder) Context() context.Context {
	if f.ctx == nil {
		return context.Background()
	}
	return f.ctx
}

// removeStale removes the folders beside the output folder base, in
// parent, that a build left when it was killed: those named as Replace
// names them that are empty, or hold a Marker no running build holds.
// Nothing else is removed, and a folder that cannot be looked at is left.
func removeStale(parent, base string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || !strings.HasPrefix(name, "."+base+".new-") && !strings.HasPrefix(name, "."+base+".old-") {
			continue
		}
		p := filepath.Join(parent, name)
		if stale(p) {
			os.RemoveAll(p)
		}
	}
}

// replaceable reports whether dir may be replaced: it does not exist, is an
// empty folder, or holds the Marker.
func replaceable(dir string) error {
	info, err := os.Lstat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case !info.IsDir():
		return fmt.Errorf("output folder %s: it is not a folder", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(dir, Marker)); err == nil {
		return nil
	}
	return fmt.Errorf("output folder %s: %w; remove it yourself or choose another with -o", dir, ErrNotOurs)
}

// emptyAndOld reports whether dir is an empty folder made over a minute
// ago.
func emptyAndOld(dir string) bool {
	info, err := os.Lstat(dir)
	if err != nil || !info.IsDir() || time.Since(info.ModTime()) < time.Minute {
		return false
	}
	entries, err := os.ReadDir(dir)
	return err == nil && len(entries) == 0
}
