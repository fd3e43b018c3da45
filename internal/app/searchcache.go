package app

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/cespare/xxhash/v2"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/atomicfile"
	"github.com/visual-guides/guides/internal/rootfs"
	"github.com/visual-guides/guides/internal/search"
)

// The search command keeps the index of a collection in the user's cache
// folder (guides/search/ under $XDG_CACHE_HOME or ~/.cache on Linux), in a
// folder of its own named by a hash of the collection's folder:
//
//	state           what the index was made from: the program's version, a
//	                key for each guide (its path, the hash of its file and
//	                what the index reads of its front matter), the names of
//	                the two files below, and the list of the index's files
//	manifest-G.bin  the manifest of the static index, as the site's script
//	                reads it (see search.OpenStatic)
//	V/              its other files, in folders named from their content
//	kept-G          the kept index it was made with (see search.OpenKept)
//	inputs          what the last search of a collection without errors
//	                read of its files, with the sum of their stamps: when
//	                it still holds, a search loads nothing (searchknown.go)
//
// When every guide has its key of the state, the index is read as it is:
// a query reads the manifest, the shards of its words and the buckets of
// the guides it shows. When some changed, the same guides in the same
// order, only those are read and analysed again: the index is updated
// from the kept one, as a build into an earlier site updates its own, and
// its files that did not change stay where they are. Otherwise it is made
// again. The new files are written beside the old ones and the state is
// replaced last, so that a search stopped on the way leaves the index as
// it was. The kept index the old state named is removed then; the other
// files it alone named, a minute later, by a later search, as another
// search may still be reading them.

// searchCacheHeader starts the state file.
const searchCacheHeader = "guides search cache 2\n"

// keyLen is the length of a guide's key: a 64-bit hash.
const keyLen = 8

// staleAfter is how long a file no state names is left alone: another
// search of the same collection may be writing it, or reading it.
const staleAfter = time.Minute

// maxCacheFile is the largest file of the cache read.
const maxCacheFile = 1 << 30

// searchState is the state file of a collection's folder in the cache.
type searchState struct {
	version, manifest, kept string
	keys                    []byte // keyLen bytes a guide
	files                   []byte // the index's files (search.AppendFileList), read when updating
}

func (st *searchState) encode() []byte {
	b := appendStrings([]byte(searchCacheHeader), []string{st.version, st.manifest, st.kept})
	b = binary.AppendUvarint(b, uint64(len(st.keys)/keyLen))
	b = append(b, st.keys...)
	return append(b, st.files...)
}

var errSearchState = errors.New("the search cache's state is damaged")

func decodeSearchState(data []byte) (*searchState, error) {
	b, ok := bytes.CutPrefix(data, []byte(searchCacheHeader))
	if !ok {
		return nil, errSearchState
	}
	var names []string
	if names, b = readStrings(b); len(names) != 3 {
		return nil, errSearchState
	}
	st := &searchState{version: names[0], manifest: names[1], kept: names[2]}
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k)/keyLen {
		return nil, errSearchState
	}
	b = b[k:]
	st.keys, st.files = b[:n*keyLen], b[n*keyLen:]
	if !validCacheName(st.manifest) || !validCacheName(st.kept) {
		return nil, errSearchState
	}
	return st, nil
}

// validCacheName reports whether name is a file's name in the folder,
// not a path out of it.
func validCacheName(name string) bool {
	return name != "" && !strings.ContainsAny(name, `/\`) && name != "." && name != ".."
}

// cachedIndex is the index of a collection, read from the cache (or made
// in memory, when the system has no cache folder): close lets its files
// go.
type cachedIndex struct {
	*search.Static
	close func()
	// note says why the cache was not written, when it was not.
	note error
	// manifest is the name of the manifest in the cache; "" for an index
	// made in memory.
	manifest string
}

// searchIndex returns the index of the guides of c, read from the user's
// cache folder when it holds the index of these very guides (cached
// reports it), else made or updated there from the files. With rebuild,
// what the cache holds is not used.
func (s *Session) searchIndex(ctx context.Context, c *guides.Collection, rebuild bool) (ix cachedIndex, cached bool, err error) {
	keys, err := s.guideKeys(c)
	if err != nil {
		return ix, false, err
	}
	root := openSearchCache(s.Root)
	if root == nil {
		// No cache folder: the index is made in memory.
		st, err := s.memoryIndex(ctx, c)
		return cachedIndex{Static: st, close: func() {}}, false, err
	}
	ix.close = func() { root.Close() }
	defer func() {
		if err != nil {
			root.Close()
		}
	}()
	var last *searchState
	if data, err := readCacheFile(root, "state"); err == nil {
		last, _ = decodeSearchState(data)
	}
	if last != nil && last.version != searchVersion() {
		last = nil
	}
	if last != nil && !rebuild && bytes.Equal(last.keys, keys) {
		if ix.Static, err = openCachedStatic(root, last.manifest); err == nil && ix.Docs() == len(c.Guides) {
			ix.manifest = last.manifest
			return ix, true, nil
		}
	}
	if rebuild {
		last = nil
	}
	manifest, err := s.updateSearchCache(ctx, root, c, keys, last)
	if err != nil {
		if ctx.Err() != nil {
			return ix, false, err
		}
		// A cache that cannot be written (a full disk, a file in the
		// way) costs this search the index made in memory, and nothing
		// else.
		root.Close()
		st, memErr := s.memoryIndex(ctx, c)
		return cachedIndex{Static: st, close: func() {}, note: err}, false, memErr
	}
	ix.Static, err = openCachedStatic(root, manifest)
	ix.manifest = manifest
	return ix, false, err
}

// guideKeys returns the key of each guide of c, keyLen bytes each: what
// names the guide's part of the index (search.DocKey), its body known by
// the hash of its file the loader took, or else by its size and time of
// change.
func (s *Session) guideKeys(c *guides.Collection) ([]byte, error) {
	out := make([]byte, 0, keyLen*len(c.Guides))
	for _, g := range c.Guides {
		body := g.Body.Sum
		if body == 0 {
			var b []byte
			switch info, err := s.fsys.Stat(g.Path); {
			case err == nil:
				b = binary.AppendVarint(b, info.Size())
				b = binary.AppendVarint(b, info.ModTime().UnixNano())
			case unreadable(err):
				b = append(b, "unreadable "...) // searched without a body
			default:
				return nil, fmt.Errorf("reading %s: %w", g.Path, err)
			}
			body = xxhash.Sum64(append(b, g.Path...))
		}
		d := search.DocOf(c, g, nil)
		out = binary.LittleEndian.AppendUint64(out, search.DocKey(&d, body))
	}
	return out, nil
}

// searchFileOptions are the options of the cached index's files: what
// the terminal shows of a guide comes from the collection, so a
// document's URL is its id.
func searchFileOptions(c *guides.Collection, last *search.FileList) search.FileOptions {
	cats := make([][3]string, len(c.Categories))
	for i, cat := range c.Categories {
		cats[i] = [3]string{cat.ID, cat.Title, ""}
	}
	return search.FileOptions{URL: func(d *search.Doc) string { return d.ID }, Categories: cats, Last: last}
}

// updateSearchCache writes the index of the guides of c, whose keys are
// keys, into root: from the kept index of last where last is of as many
// guides, else whole. It returns the name of the new manifest.
func (s *Session) updateSearchCache(ctx context.Context, root *os.Root, c *guides.Collection, keys []byte, last *searchState) (string, error) {
	x, same, closeBase, err := s.searchIndexer(root, c, keys, last)
	if err != nil {
		return "", err
	}
	defer closeBase()
	defer x.Close()
	if err := s.addChanged(ctx, x, c, same); err != nil {
		return "", err
	}
	var g [8]byte
	rand.Read(g[:])
	gen := hex.EncodeToString(g[:])
	w := &stagedFiles{root: root, stage: ".stage-" + gen}
	defer w.abandon()
	st := &searchState{version: searchVersion(), manifest: "manifest-" + gen + ".bin", kept: "kept-" + gen, keys: keys}
	var list *search.FileList
	err = atomicfile.WriteIn(ctx, root, st.kept, atomicfile.Options{Perm: 0o600}, func(kept io.Writer) error {
		var err error
		list, err = x.WriteKept(ctx, w.put, kept)
		return err
	})
	if err == nil {
		err = w.finish()
	}
	if err == nil {
		err = writeCacheFile(ctx, root, st.manifest, w.manifest)
	}
	if err == nil {
		st.files = search.AppendFileList(nil, list)
		err = writeCacheFile(ctx, root, "state", st.encode())
	}
	if err != nil {
		dir, name := searchCachePath(s.Root)
		return "", fmt.Errorf("writing the search index in %s: %w", filepath.Join(dir, name), err)
	}
	// The kept index the state named is read by a search that updates the
	// index, from a file it holds open: it goes at once.
	if last != nil && last.kept != st.kept {
		root.Remove(last.kept)
	}
	// A folder of the list is named with a slash after it.
	keep := map[string]bool{"state": true, "inputs": true, st.manifest: true, st.kept: true, strings.TrimSuffix(list.Base, "/"): true}
	for _, f := range list.Files {
		keep[strings.TrimSuffix(f.Dir, "/")] = true
	}
	cleanSearchCache(root, keep)
	return st.manifest, nil
}

// searchIndexer returns an Indexer of the guides of c, started from the
// kept index of last when last is of as many guides, and which of the
// guides are the same as there.
func (s *Session) searchIndexer(root *os.Root, c *guides.Collection, keys []byte, last *searchState) (x *search.Indexer, same []bool, closeBase func(), err error) {
	n := len(c.Guides)
	if last != nil && len(last.keys) == len(keys) {
		files, _, err := search.ReadFileList(last.files)
		var f *os.File
		var info fs.FileInfo
		if err == nil {
			f, info, err = openCacheFile(root, last.kept)
		}
		if err == nil {
			kept, err := search.OpenKept(f, info.Size())
			if err == nil {
				x, err = search.NewIndexer(n, search.IndexerOptions{Spill: true, Files: searchFileOptions(c, files), Base: kept, Keep: true})
			}
			if err == nil {
				same := make([]bool, n)
				for i := range same {
					same[i] = bytes.Equal(keys[i*keyLen:(i+1)*keyLen], last.keys[i*keyLen:(i+1)*keyLen])
				}
				return x, same, func() { f.Close() }, nil
			}
			f.Close()
		}
	}
	x, err = search.NewIndexer(n, search.IndexerOptions{Spill: true, Files: searchFileOptions(c, nil), Keep: true})
	return x, make([]bool, n), func() {}, err
}

// addChanged gives x the guides of c not the same as in its base, read
// again, and tells it the others are.
func (s *Session) addChanged(ctx context.Context, x *search.Indexer, c *guides.Collection, same []bool) error {
	var changed []*guides.Guide
	var at []int
	for i, g := range c.Guides {
		if same[i] {
			if err := x.Same(i); err != nil {
				return err
			}
			continue
		}
		changed, at = append(changed, g), append(at, i)
	}
	// A batch at a time: the Indexer keeps what it needs of a document
	// compactly, so the texts read need not all be held at once.
	for len(changed) > 0 {
		n := min(len(changed), addBatch)
		docs, err := search.ReadDocs(s.fsys, c, changed[:n])
		if err != nil {
			docs, err = s.readDocsAsLoaded(c, changed[:n])
		}
		if err != nil {
			return err
		}
		err = x.AddEach(ctx, n, func(k int) (int, search.Doc, error) { return at[k], docs[k], nil })
		if err != nil {
			return err
		}
		changed, at = changed[n:], at[n:]
	}
	return nil
}

// addBatch is how many guides are read before they are given to the
// Indexer.
const addBatch = 512

// readDocsAsLoaded reads the documents of gs one by one, for a
// collection where search.ReadDocs failed: a guide whose file the load
// could not read either (a FIFO, a link out of the root, a file gone),
// which is a finding of the load, is searched by its front matter alone.
// Any other failure is an error.
func (s *Session) readDocsAsLoaded(c *guides.Collection, gs []*guides.Guide) ([]search.Doc, error) {
	docs := make([]search.Doc, len(gs))
	for i, g := range gs {
		body, err := search.ReadBody(s.fsys, g.Path, g.Body)
		if err != nil && !unreadable(err) {
			return nil, err
		}
		docs[i] = search.DocOf(c, g, search.ParseText(body))
	}
	return docs, nil
}

// unreadable reports whether err is why the load does not read a file, and
// says so in a finding: a file that is not regular, a link that leads out
// of the root or nowhere, a file gone or forbidden.
func unreadable(err error) bool {
	var le *rootfs.LinkError
	var ne *rootfs.NotRegularError
	return errors.As(err, &le) || errors.As(err, &ne) || errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission)
}

// memoryIndex makes the index of the guides of c in memory.
func (s *Session) memoryIndex(ctx context.Context, c *guides.Collection) (*search.Static, error) {
	x, err := search.NewIndexer(len(c.Guides), search.IndexerOptions{Spill: true, Files: searchFileOptions(c, nil)})
	if err != nil {
		return nil, err
	}
	defer x.Close()
	if err := s.addChanged(ctx, x, c, make([]bool, len(c.Guides))); err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	var mu sync.Mutex
	if _, err := x.WriteFiles(ctx, func(name string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		files[name] = bytes.Clone(data)
		return nil
	}); err != nil {
		return nil, err
	}
	return search.OpenStatic(func(name string) ([]byte, error) {
		if data, ok := files[name]; ok {
			return data, nil
		}
		return nil, fs.ErrNotExist
	})
}

// stagedFiles writes the files of a static index into a folder of their
// own, renamed to the folder they are given for once all are written.
// Files are given from several goroutines at once.
type stagedFiles struct {
	root     *os.Root
	stage    string
	mu       sync.Mutex
	folder   string          // the one folder the files are given for
	made     map[string]bool // the folders made in stage
	manifest []byte
}

func (w *stagedFiles) put(name string, data []byte) error {
	w.mu.Lock()
	if name == search.ManifestName {
		w.manifest = bytes.Clone(data)
		w.mu.Unlock()
		return nil
	}
	dir, rest, ok := strings.Cut(name, "/")
	var err error
	switch {
	case !ok || !validCacheName(dir):
		err = fmt.Errorf("a file of the index named %q", name)
	case w.folder == "":
		w.folder = dir
	case dir != w.folder:
		err = fmt.Errorf("files of the index for two folders, %s and %s", w.folder, dir)
	}
	p := w.stage + "/" + rest
	if sub := path.Dir(p); err == nil && !w.made[sub] {
		if err = w.root.MkdirAll(sub, 0o700); err == nil {
			if w.made == nil {
				w.made = map[string]bool{}
			}
			w.made[sub] = true
		}
	}
	w.mu.Unlock()
	if err != nil {
		return err
	}
	return w.root.WriteFile(p, data, 0o600)
}

// finish moves the files written into their folder. A folder of that name
// already holds the same files: its name is a hash of them.
func (w *stagedFiles) finish() error {
	if w.manifest == nil {
		return errors.New("the index has no manifest")
	}
	if w.folder == "" {
		return nil
	}
	if _, err := w.root.Lstat(w.folder); err == nil {
		return nil
	}
	if err := w.root.Rename(w.stage, w.folder); err != nil {
		return err
	}
	w.stage = ""
	return nil
}

// abandon removes what is left of the staging folder.
func (w *stagedFiles) abandon() {
	if w.stage != "" {
		w.root.RemoveAll(w.stage)
	}
}

// cleanSearchCache removes from root what keep does not name, unless it
// changed lately.
func cleanSearchCache(root *os.Root, keep map[string]bool) {
	dir, err := root.Open(".")
	if err != nil {
		return
	}
	entries, err := dir.ReadDir(-1)
	dir.Close()
	if err != nil {
		return
	}
	for _, e := range entries {
		info, err := e.Info()
		if keep[e.Name()] || err != nil || time.Since(info.ModTime()) < staleAfter {
			continue
		}
		root.RemoveAll(e.Name())
	}
}

// openSearchCache opens the folder of the collection at root in the cache,
// made if need be; nil when the system has no cache folder, or something
// else than a folder is in its place.
func openSearchCache(root string) *os.Root {
	dir, name := searchCachePath(root)
	if dir == "" {
		return nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil
	}
	parent, err := os.OpenRoot(dir)
	if err != nil {
		return nil
	}
	defer parent.Close()
	// The single file that earlier versions kept.
	if info, err := parent.Lstat(name + ".index"); err == nil && info.Mode().IsRegular() {
		parent.Remove(name + ".index")
	}
	if err := parent.Mkdir(name, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return nil
	}
	if info, err := parent.Lstat(name); err != nil || !info.IsDir() {
		return nil
	}
	r, err := parent.OpenRoot(name)
	if err != nil {
		return nil
	}
	return r
}

// searchCachePath returns the cache's folder of indexes and the name of
// the folder of the collection at root in it; "" when the system has no
// cache folder.
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
	return filepath.Join(cache, "guides", "search"), hex.EncodeToString(sum[:12])
}

// openCachedStatic opens the static index of root whose manifest is the
// file manifest.
func openCachedStatic(root *os.Root, manifest string) (*search.Static, error) {
	return search.OpenStatic(func(name string) ([]byte, error) {
		if name == search.ManifestName {
			name = manifest
		}
		return readCacheFile(root, name)
	})
}

// openCacheFile opens a file of root to read, without following a link,
// only if it is a regular file, and without waiting on one that is not.
func openCacheFile(root *os.Root, name string) (*os.File, fs.FileInfo, error) {
	f, err := root.OpenFile(name, readFlags, 0)
	if err != nil {
		return nil, nil, err
	}
	info, err := f.Stat()
	if err == nil && (!info.Mode().IsRegular() || info.Size() > maxCacheFile) {
		err = fmt.Errorf("%s: not a file of the search cache", name)
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, info, nil
}

// readCacheFile reads a file of root as openCacheFile opens it.
func readCacheFile(root *os.Root, name string) ([]byte, error) {
	f, info, err := openCacheFile(root, name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data := make([]byte, info.Size())
	if _, err := io.ReadFull(f, data); err != nil {
		return nil, err
	}
	return data, nil
}

// writeCacheFile replaces the file name of root with data, whole or not at
// all.
func writeCacheFile(ctx context.Context, root *os.Root, name string, data []byte) error {
	return atomicfile.WriteIn(ctx, root, name, atomicfile.Options{Perm: 0o600}, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// searchVersion names the format of the cached index and the build of
// this program, so that an index another made is not trusted.
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
