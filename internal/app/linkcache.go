package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/visual-guides/guides/internal/atomicfile"
	"github.com/visual-guides/guides/internal/linkcheck"
	"github.com/visual-guides/guides/internal/rootfs"
)

// cacheFile is the file of the link cache, read and written through a
// confined root, as every file of a collection is: the collection's root
// for the linkCache of the settings, or the folder of the file for one
// outside the collection (the user's cache folder, or LinkOptions.
// CachePath). So no symbolic link leads it out of its root, nothing but a
// regular file is opened (a FIFO never blocks), and it is replaced
// atomically, inside its folder.
type cacheFile struct {
	// show is the file's path as notes and the report give it.
	show string
	// dir is the folder opened as the root of an outside file, and fsys
	// that root once open; for a file of the collection, fsys is the
	// session's.
	dir  string
	fsys *rootfs.FS
	// name is the file, slash-separated, relative to fsys.
	name string
	// outside says the file is outside the collection: a symbolic link
	// at its name is not followed at all.
	outside bool
}

// errNoCache is a cache file that is not used: why is in the note.
var errNoCache = errors.New("the results are not kept")

// cacheFileOf returns the cache file of the options or the settings, or
// the user's.
func (s *Session) cacheFileOf(opts LinkOptions) (*cacheFile, error) {
	if opts.CachePath == "" && s.Config.LinkCache != "" {
		name := s.Config.LinkCache
		for _, seg := range strings.Split(name, "/") {
			if seg == ".git" {
				return nil, fmt.Errorf("link cache %s: a file of the .git folder, which guides never writes; %w", name, errNoCache)
			}
		}
		return &cacheFile{show: s.path(name), fsys: s.fsys, name: name}, nil
	}
	p := opts.CachePath
	if p == "" {
		var err error
		if p, err = linkcheck.DefaultCachePath(); err != nil {
			return nil, fmt.Errorf("%w; %w", err, errNoCache)
		}
	}
	return &cacheFile{show: p, dir: filepath.Dir(p), name: filepath.Base(p), outside: true}, nil
}

// close releases the root of an outside file.
func (f *cacheFile) close() {
	if f.outside && f.fsys != nil {
		f.fsys.Close()
	}
}

// fail returns an error about the file, for a note.
func (f *cacheFile) fail(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) && !errors.Is(err, rootfs.ErrOutside) {
		err = pe.Err // the path is the file's, which the note names
	}
	return fmt.Errorf("link cache %s: %w", f.show, err)
}

// open opens the root of an outside file; with create, it makes its
// folder first. A folder that does not exist, without create, leaves fsys
// nil.
func (f *cacheFile) open(create bool) error {
	if f.fsys != nil {
		return nil
	}
	if create {
		if err := os.MkdirAll(f.dir, 0o755); err != nil {
			return f.fail(unwrap(err))
		}
	}
	fsys, err := rootfs.New(f.dir)
	switch {
	case errors.Is(err, fs.ErrNotExist) && !create:
		return nil
	case err != nil:
		return f.fail(unwrap(err))
	}
	f.fsys = fsys
	return nil
}

// read returns the content of the file, or nil when there is none. A file
// larger than a cache can be, or that is not a regular file, is refused.
func (f *cacheFile) read() ([]byte, error) {
	if err := f.open(false); err != nil || f.fsys == nil {
		return nil, err
	}
	if f.outside {
		info, err := f.fsys.Lstat(f.name)
		if err == nil && info.Mode()&fs.ModeSymlink != 0 {
			return nil, f.fail(errors.New("a symbolic link, which guides does not follow for a cache outside the collection"))
		}
	}
	file, err := f.fsys.Open(f.name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, f.fail(err)
	}
	defer file.Close()
	info, err := file.Stat()
	switch {
	case err != nil:
		return nil, f.fail(err)
	case !info.Mode().IsRegular():
		return nil, f.fail(fmt.Errorf("%s, not a regular file", rootfs.Kind(info.Mode())))
	case info.Size() > linkcheck.MaxCacheFile:
		return nil, f.fail(fmt.Errorf("larger than a link cache of guides can be (%d MiB)", linkcheck.MaxCacheFile>>20))
	}
	data, err := io.ReadAll(io.LimitReader(file, linkcheck.MaxCacheFile+1))
	if err != nil {
		return nil, f.fail(err)
	}
	return data, nil
}

// write replaces the file with what write writes, given the file's content
// as it is now. A file that is not a link cache is never replaced, nor is
// anything a symbolic link leads to outside the root.
func (f *cacheFile) write(ctx context.Context, write func(w io.Writer, old []byte) error) error {
	if err := f.open(true); err != nil {
		return err
	}
	target, err := f.target()
	if err != nil {
		return err
	}
	old, err := f.read()
	if err != nil {
		return err
	}
	if err := linkcheck.CheckCacheFile(old); errors.Is(err, linkcheck.ErrNotCache) {
		return f.fail(fmt.Errorf("%w; it is left as it is", err))
	}
	err = atomicfile.WriteIn(ctx, f.fsys.Root(), target, atomicfile.Options{Perm: 0o644}, func(w io.Writer) error {
		return write(w, old)
	})
	if err != nil {
		return f.fail(unwrap(err))
	}
	return nil
}

// target makes the file's folder, and returns the path, without symbolic
// links, of the file to replace.
func (f *cacheFile) target() (string, error) {
	dir, base := path.Split(f.name)
	dir = strings.TrimSuffix(dir, "/")
	if dir != "" {
		if err := f.fsys.Root().MkdirAll(dir, 0o755); err != nil {
			return "", f.fail(unwrap(err))
		}
		resolved, err := f.fsys.Resolve(dir)
		if err != nil {
			return "", f.fail(err)
		}
		dir = resolved + "/"
	}
	target := dir + base
	info, err := f.fsys.Lstat(target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return target, nil
	case err != nil:
		return "", f.fail(unwrap(err))
	case info.Mode()&fs.ModeSymlink != 0 && !f.outside:
		// A link inside the collection: the file it leads to, which may
		// not exist yet. (Writing through the root, the file cannot be
		// outside it, whatever the tree becomes meanwhile.)
		resolved, err := f.fsys.Resolve(target)
		if errors.Is(err, fs.ErrNotExist) && resolved != "" {
			return resolved, nil
		}
		if err != nil {
			return "", f.fail(err)
		}
		if info, err = f.fsys.Stat(resolved); err != nil {
			return "", f.fail(err)
		}
		target = resolved
	}
	if !info.Mode().IsRegular() {
		return "", f.fail(fmt.Errorf("%s, not a regular file", rootfs.Kind(info.Mode())))
	}
	return target, nil
}
