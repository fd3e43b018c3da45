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
	return err
}

// Create creates the file at name, as Put does, and returns it to be
// written and closed, for a file too large to hold whole.
func (f *Folder) Create(name string) (io.WriteCloser, error) {
	return f.create(name)
}

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
		return file, err
	}
	dir := filepath.Dir(p)
	err = os.Mkdir(dir, 0o755)
	if errors.Is(err, fs.ErrNotExist) {
		err = os.MkdirAll(dir, 0o755)
	}
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, err
	}
	return os.OpenFile(p, flags, 0o644)
}

// ErrNotOurs is returned for an output folder that holds files but no
// Marker: something else made it, and it is left alone.
var ErrNotOurs = errors.New("it is not empty and was not made by guides build")

// Replace makes dir hold exactly what write puts, or leaves everything as
// it was. It writes into a new folder beside dir, then swaps it in: an
// existing dir is removed only when it is empty or holds the Marker. When
// write fails, or ctx is done before the swap, the new folder is removed
// and dir is untouched.
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
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".new-")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := write(&Folder{ctx: ctx, dir: tmp}); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return context.Cause(ctx)
	}
	if err := os.WriteFile(filepath.Join(tmp, Marker), []byte(markerText), 0o644); err != nil {
		return err
	}
	if err := replaceable(dir); err != nil { // it may have changed meanwhile
		return err
	}
	old := ""
	if _, err := os.Lstat(dir); err == nil {
		old = filepath.Join(filepath.Dir(tmp), "."+base+".old-"+strings.TrimPrefix(filepath.Base(tmp), "."+base+".new-"))
		if err := os.Rename(dir, old); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			os.Rename(old, dir) // put the old site back
		}
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
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
