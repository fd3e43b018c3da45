package app

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/atomicfile"
	"github.com/visual-guides/guides/internal/search"
)

// The search command keeps the index it builds in the user's cache folder
// (guides/search/ under $XDG_CACHE_HOME or ~/.cache on Linux), one file a
// collection, named by a hash of the collection's folder. Each file holds
// a stamp: a hash of the program's version and of every guide searched,
// its path, size, time of change and what the index reads of its front
// matter. An index whose stamp differs is built again from the files and
// replaced; so is one found damaged, whose head is checked when it is
// opened and each part as a query reads it (see search.ReadIndex).

// maxCachedIndex is the largest stored index read: past it, one is built.
const maxCachedIndex = 1 << 30

// searchIndex returns the index of the guides of c, from the user's cache
// folder when it holds the index of these very files (fresh reports it),
// else built from them and kept there for the next search.
// A stored index from the cache is mapped into memory, not read (see
// mapFile), and release lets it go: the strings a query returns are
// copies, which outlive it.
func (s *Session) searchIndex(ctx context.Context, c *guides.Collection, rebuild bool) (st *search.Stored, release func(), cached bool, err error) {
	stamp, err := s.searchStamp(c)
	if err != nil {
		return nil, nil, false, err
	}
	dir, name := searchCachePath(s.Root)
	if !rebuild {
		if data, release, err := readCached(dir, name); err == nil {
			if st, err := search.ReadIndex(data, stamp); err == nil && st.Len() == len(c.Guides) {
				return st, release, true, nil
			}
			release()
		}
	}
	docs, err := search.ReadDocs(s.fsys, c, c.Guides)
	if err != nil {
		return nil, nil, false, err
	}
	ix, err := search.BuildContext(ctx, docs)
	if err != nil {
		return nil, nil, false, err
	}
	var buf bytes.Buffer
	if err := search.WriteIndex(&buf, ix, stamp); err != nil {
		return nil, nil, false, err
	}
	// A cache that cannot be written costs the next search its time, and
	// nothing else.
	_ = writeCached(ctx, dir, name, func(w io.Writer) error {
		_, err := w.Write(buf.Bytes())
		return err
	})
	st, err = search.ReadIndex(buf.Bytes(), stamp)
	return st, func() {}, false, err
}

// searchCachePath returns the folder of stored indexes and the name of
// the one of the collection at root; "" when the system has no cache
// folder.
func searchCachePath(root string) (dir, name string) {
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", ""
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		abs = root
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(cache, "guides", "search"), hex.EncodeToString(sum[:12]) + ".index"
}

// searchStamp returns what names the index of the guides of c: the
// program's version, and each guide's path, the hash of its content the
// loader took as it read it (its size and time of change where the
// loader could not take one), and the fields of its front matter the
// index reads.
func (s *Session) searchStamp(c *guides.Collection) ([]byte, error) {
	h := sha256.New()
	var b []byte
	str := func(v string) {
		b = binary.AppendUvarint(b, uint64(len(v)))
		b = append(b, v...)
	}
	str(searchVersion())
	for _, g := range c.Guides {
		d := search.DocOf(c, g, nil)
		str(g.Path)
		if g.Body.Sum != 0 {
			b = binary.AppendUvarint(append(b, 'h'), g.Body.Sum)
		} else {
			info, err := s.fsys.Stat(g.Path)
			if err != nil {
				return nil, fmt.Errorf("reading %s: %w", g.Path, err)
			}
			b = binary.AppendVarint(append(b, 's'), info.Size())
			b = binary.AppendVarint(b, info.ModTime().UnixNano())
		}
		b = binary.AppendVarint(b, int64(g.Body.Offset))
		for _, v := range append([]string{d.ID, d.Title, d.Description, d.Date.String(), fmt.Sprint(d.DateOnly)}, append(d.Tags, d.CategoryTitles...)...) {
			str(v)
		}
		b = binary.AppendUvarint(b, uint64(len(d.Tags)))
		h.Write(b)
		b = b[:0]
	}
	return h.Sum(nil), nil
}

// searchVersion names the format of the stored index and the build of
// this program, so that an index stored by another is not trusted.
func searchVersion() string {
	v := fmt.Sprint(search.FormatVersion)
	if info, ok := debug.ReadBuildInfo(); ok {
		v += " " + info.GoVersion + " " + info.Main.Version
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" || s.Key == "vcs.modified" || s.Key == "vcs.time" {
				v += " " + s.Value
			}
		}
	}
	return v + " " + programVersion()
}

// readCached maps the file name of the folder dir into memory, without
// following a link, only if it is a regular file, and without waiting on
// one that is not. release unmaps it.
func readCached(dir, name string) (data []byte, release func(), err error) {
	if dir == "" {
		return nil, nil, errors.New("no cache folder")
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, nil, err
	}
	defer root.Close()
	f, err := root.OpenFile(name, readFlags, 0)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if !info.Mode().IsRegular() || info.Size() == 0 || info.Size() > maxCachedIndex {
		return nil, nil, errors.New("not a stored index")
	}
	return mapFile(f, int(info.Size()))
}

// writeCached replaces the file name of the folder dir, made if need be,
// with what write writes, whole or not at all.
func writeCached(ctx context.Context, dir, name string, write func(io.Writer) error) error {
	if dir == "" {
		return errors.New("no cache folder")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	if info, err := root.Lstat(name); err == nil && !info.Mode().IsRegular() {
		return errors.New("not a stored index")
	}
	return atomicfile.WriteIn(ctx, root, name, atomicfile.Options{Perm: 0o600}, write)
}
