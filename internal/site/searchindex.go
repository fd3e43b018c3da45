package site

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/search"
)

// SearchIndex is the search index of a site that changes, as a server
// keeps it: each Update is given the site as it now is (a Model) and
// which guides' files changed since the Update before, reads the text of
// those guides alone, and makes the files of the index, which Files then
// serves. The files live on disk, in a temporary folder of the index's
// own, so that a server's memory does not grow with its index.
//
// What it asks of the index itself is searchBackend: today a backend that
// makes the whole index again from the text it keeps of every guide
// (wholeIndex); an index that changes one document at a time makes an
// Update cost what the edit changed.
type SearchIndex struct {
	dir     string
	backend searchBackend
	mu      sync.Mutex
	files   *SearchFiles // the last files made
	older   *SearchFiles // the files before them, which a request may still read
	// texts keeps the text of each guide's body, by the path of its file,
	// and docs the key of the document each guide was last given as.
	texts *os.File
	mu2   sync.Mutex // of size, text and docs, which Update's workers share
	size  int64
	text  map[string]keptText
	docs  map[string]key
	// order is the guides of the last Update, in order, and cats the
	// key of its categories (see categoriesKey).
	order []placed
	cats  key
}

// keptText is where the text of a body is in SearchIndex.texts, and its
// key.
type keptText struct {
	off, n int64
	key    key
}

// searchBackend is a search index that follows a site's guides: what a
// server needs of one to show an edit in its search results. Documents are
// known by the id of their guide.
type searchBackend interface {
	// Put gives the index the document of the guide id, new or changed
	// since it was last given; it may be called from several goroutines
	// at once, and keeps what it needs of d on disk.
	Put(id string, d search.Doc) error
	// WriteFiles makes the index of the guides ids, in this order (the
	// production order, by which ranks break ties), each with the
	// document it was last given, and writes its files, calling put and
	// remove from several goroutines at once: put is given each file that
	// is not as the last WriteFiles left it, and remove each file of the
	// last WriteFiles the index no longer has. opts shapes the files (the
	// categories the filter offers, the URL of each guide).
	WriteFiles(ctx context.Context, ids []string, opts search.FileOptions, put func(name string, data []byte) error, remove func(name string) error) error
	// Close removes what the index keeps on disk.
	Close() error
}

// NewSearchIndex returns an empty index that keeps its files in a new
// folder under tempDir (empty means the system's temporary folder).
func NewSearchIndex(tempDir string) (*SearchIndex, error) {
	dir, err := os.MkdirTemp(tempDir, ".guides-search-*")
	if err != nil {
		return nil, fmt.Errorf("making the folder of the search index: %w", err)
	}
	w, err := newWholeIndex(dir)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	texts, err := os.CreateTemp(dir, ".texts-*")
	if err != nil {
		w.Close()
		os.RemoveAll(dir)
		return nil, err
	}
	return &SearchIndex{dir: dir, backend: w, texts: texts, text: map[string]keptText{}, docs: map[string]key{}}, nil
}

// Close removes the index and its files.
func (x *SearchIndex) Close() error {
	for _, f := range []*SearchFiles{x.files, x.older} {
		if f != nil {
			f.close()
		}
	}
	err := errors.Join(x.backend.Close(), x.texts.Close())
	return errors.Join(err, os.RemoveAll(x.dir))
}

// Update brings the index to the site of m, and returns the files of the
// index then. changed reports whether the file of a guide at a path may
// have changed since the last Update: its text is read again; the text of
// the others is the one kept. Updates are made one at a time.
func (x *SearchIndex) Update(ctx context.Context, m *Model, changed func(path string) bool) (*SearchFiles, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	s := m.s
	ids := make([]string, len(s.coll.Guides))
	order := make([]placed, len(s.coll.Guides))
	cats := categoriesKey(s.coll)
	var moved atomic.Bool // a guide is not where the last Update had it
	moved.Store(len(s.coll.Guides) != len(x.order))
	err := s.runJobs(len(s.coll.Guides), func(i int) error {
		if ctx.Err() != nil {
			return context.Cause(ctx)
		}
		g := s.coll.Guides[i]
		ids[i] = g.ID
		fresh := changed(g.Path)
		order[i] = placed{g.ID, g.Path}
		here := i < len(x.order) && x.order[i] == order[i]
		if !here {
			moved.Store(true)
		}
		// A guide whose file did not change, in the same place, among
		// categories of the same titles, is the same document.
		if !fresh && here && cats == x.cats {
			return nil
		}
		d, ok, err := x.doc(m, g, fresh)
		if err != nil || !ok {
			return err
		}
		return x.backend.Put(g.ID, d)
	})
	if err != nil {
		// What is known of the guides is in docs: the next Update
		// looks at each again.
		x.order = nil
		return nil, err
	}
	x.order, x.cats = order, cats
	if moved.Load() {
		x.forget(s.coll)
	}
	return x.write(ctx, ids, s.searchFileOptions())
}

// placed is a guide in the order of the last Update: its id and path.
type placed struct{ id, path string }

// categoriesKey returns the key of the ids and titles of c's categories,
// which the documents of the guides show.
func categoriesKey(c *guides.Collection) key {
	h := newHasher()
	h.u64(uint64(len(c.Categories)))
	for _, cat := range c.Categories {
		h.str(cat.ID)
		h.str(cat.Title)
	}
	return h.sum()
}

// forget drops the texts and keys of the guides c no longer has: a guide
// that comes back is read again, and given to the backend again.
func (x *SearchIndex) forget(c *guides.Collection) {
	paths := make(map[string]bool, len(c.Guides))
	ids := make(map[string]bool, len(c.Guides))
	for _, g := range c.Guides {
		paths[g.Path], ids[g.ID] = true, true
	}
	for p := range x.text {
		if !paths[p] {
			delete(x.text, p)
		}
	}
	for id := range x.docs {
		if !ids[id] {
			delete(x.docs, id)
		}
	}
}

// doc returns the document of g, and whether it differs from the one the
// index was last given; its text is read again when fresh is set.
func (x *SearchIndex) doc(m *Model, g *guides.Guide, fresh bool) (search.Doc, bool, error) {
	x.mu2.Lock()
	kept, ok := x.text[g.Path]
	x.mu2.Unlock()
	var text search.Text
	if fresh || !ok {
		var err error
		if text, err = m.searchText(g); err != nil {
			return search.Doc{}, false, err
		}
		data := encodeText(text)
		x.mu2.Lock()
		kept = keptText{off: x.size, n: int64(len(data)), key: key(sum64(data))}
		x.size += int64(len(data))
		x.text[g.Path] = kept
		x.mu2.Unlock()
		if _, err := x.texts.WriteAt(data, kept.off); err != nil {
			return search.Doc{}, false, err
		}
	}
	d := search.DocOf(m.s.coll, g, nil)
	k := key(search.DocKey(&d, uint64(kept.key)))
	x.mu2.Lock()
	same := x.docs[g.ID] == k
	x.docs[g.ID] = k
	x.mu2.Unlock()
	if same {
		return search.Doc{}, false, nil
	}
	if text == nil {
		data := make([]byte, kept.n)
		if _, err := x.texts.ReadAt(data, kept.off); err != nil {
			return search.Doc{}, false, err
		}
		var err error
		if text, err = decodeText(data); err != nil {
			return search.Doc{}, false, err
		}
	}
	d.Body = text
	return d, true, nil
}

// write has the backend write its files into a new pack, a file of the
// index's folder that holds them one after another, and makes the files
// the current ones: those that did not change are read where they were,
// in the packs of earlier writes, until more than maxPacks packs would
// hold the files; then they are copied into the new one. One file is
// made for each write: a file system on which making a file is slow
// makes one, not thousands.
func (x *SearchIndex) write(ctx context.Context, ids []string, opts search.FileOptions) (*SearchFiles, error) {
	f, err := os.CreateTemp(x.dir, ".pack-*")
	if err != nil {
		return nil, err
	}
	// The pack has no name: it lives as long as it is open. A system that
	// cannot remove an open file removes it on close.
	os.Remove(f.Name())
	p := &pack{f: f}
	last := x.files
	next := &SearchFiles{at: map[string]packed{}}
	if last != nil {
		next.at = make(map[string]packed, len(last.at))
	}
	removed := map[string]bool{}
	var mu sync.Mutex // put and remove may be called from several goroutines
	var size int64
	put := func(name string, data []byte) error {
		if !fs.ValidPath(name) || name == "." {
			return fmt.Errorf("site: the search index names a file %q", name)
		}
		mu.Lock()
		at := packed{p: p, off: size, n: int64(len(data))}
		size += at.n
		next.at[name] = at
		mu.Unlock()
		_, err := f.WriteAt(data, at.off)
		return err
	}
	remove := func(name string) error {
		mu.Lock()
		removed[name] = true
		mu.Unlock()
		return nil
	}
	if err := x.backend.WriteFiles(ctx, ids, opts, put, remove); err != nil {
		f.Close()
		return nil, err
	}
	if last != nil {
		copyAll := len(last.packs) >= maxPacks
		for name, at := range last.at {
			if _, ok := next.at[name]; ok || removed[name] {
				continue
			}
			if !copyAll {
				next.at[name] = at
				continue
			}
			data, _, err := last.read(name)
			if err == nil {
				err = put(name, data)
			}
			if err != nil {
				f.Close()
				return nil, err
			}
		}
	}
	next.hold()
	x.files = next
	// A request that read the last files' names may still be reading one:
	// the files before the last let go of their packs instead.
	if x.older != nil {
		x.older.close()
	}
	x.older = last
	return next, nil
}

// maxPacks is the most packs the files of a search index are read from.
const maxPacks = 8

// pack is a file of files of a search index, one after another, which
// the versions of the index that hold some of them share: it is closed
// when the last of them lets go of it.
type pack struct {
	f    *os.File
	refs atomic.Int64
}

// packed is where a file of a search index is: its pack, offset and size.
type packed struct {
	p      *pack
	off, n int64
}

// SearchFiles are the files of a search index, as an Update made them:
// where each is in its pack.
type SearchFiles struct {
	at    map[string]packed // by name
	packs []*pack           // every pack of at, each once
	mu    sync.RWMutex      // gone is set under it, once the packs are let go
	gone  bool
}

// hold takes hold of the packs the files are in.
func (f *SearchFiles) hold() {
	seen := map[*pack]bool{}
	for _, at := range f.at {
		if !seen[at.p] {
			seen[at.p] = true
			f.packs = append(f.packs, at.p)
			at.p.refs.Add(1)
		}
	}
}

// File returns the file of the index at name, a path under the site's
// search/ folder such as "search/index.bin".
func (f *SearchFiles) File(name string) ([]byte, bool, error) {
	rel, ok := strings.CutPrefix(name, searchDir)
	if f == nil || !ok {
		return nil, false, nil
	}
	return f.read(rel)
}

// read returns the file rel from its pack.
func (f *SearchFiles) read(rel string) ([]byte, bool, error) {
	at, ok := f.at[rel]
	if !ok {
		return nil, false, nil
	}
	f.mu.RLock()
	defer f.mu.RUnlock()
	if f.gone {
		return nil, true, errors.New("site: the search index changed; ask again")
	}
	data := make([]byte, at.n)
	_, err := at.p.f.ReadAt(data, at.off)
	return data, true, err
}

// close lets go of the packs, once no read of them is under way: each is
// closed when no files hold it.
func (f *SearchFiles) close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.gone {
		return
	}
	f.gone = true
	for _, p := range f.packs {
		if p.refs.Add(-1) == 0 {
			p.f.Close()
		}
	}
}

// searchText returns the text of the body of g, a guide of the model's
// collection, as a build gives it to the search index.
func (m *Model) searchText(g *guides.Guide) (search.Text, error) {
	s := m.s
	_, src, err := readBody(s.fsys, g.Path, g.Body)
	if err != nil {
		return nil, err
	}
	rc := &renderContext{path: g.Path, rec: &refRecorder{}, cover: s.imageURL(g.Path, g.Image, &refRecorder{})}
	return s.md.text(rc, src), nil
}

// text returns the text of the markdown src of the file at path, as render
// gives it, without rendering it.
func (m *markdown) text(rc *renderContext, src []byte) search.Text {
	ctx := parser.NewContext()
	ctx.Set(m.key, rc)
	doc := m.md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
	return search.TextOf(doc, src)
}

// searchFileOptions are the options of the search index's files.
func (s *site) searchFileOptions() search.FileOptions {
	cats := make([][3]string, len(s.coll.Categories))
	for i, c := range s.coll.Categories {
		cats[i] = [3]string{c.ID, c.Title, s.idPath(c.ID)}
	}
	return search.FileOptions{Categories: cats, URL: func(d *search.Doc) string { return s.idPath(d.ID) }}
}

// wholeIndex is a searchBackend that makes the index again on each
// WriteFiles, with search.Indexer, from the documents it keeps in a file
// of its own, one after another, so that they cost no memory. Each
// Indexer keeps what it made (search.Kept), and the next starts from it
// when the guides are the same, in the same order, with the same
// options: only the documents given since are analysed again.
type wholeIndex struct {
	temp  string
	mu    sync.Mutex
	f     *os.File
	size  int64
	at    map[string][2]int64 // by id: where its document is in f
	fresh map[string]bool     // the ids given since the last WriteFiles
	was   map[string][2]int64 // of those, where the last WriteFiles had its document
	last  *search.FileList    // of the last WriteFiles

	// lastKey is what the last filesKey was computed from, and the key.
	lastKey struct {
		ids   []string
		probe string
		cats  [][3]string
		key   key
	}

	kept     *keptFiles // the index the last WriteFiles kept
	keptKey  key        // of the guides and options it was made for
	analysed int        // the documents the last WriteFiles analysed
}

func newWholeIndex(dir string) (*wholeIndex, error) {
	f, err := os.CreateTemp(dir, ".docs-*")
	if err != nil {
		return nil, err
	}
	return &wholeIndex{f: f, at: map[string][2]int64{}, fresh: map[string]bool{}, was: map[string][2]int64{}, temp: dir}, nil
}

func (w *wholeIndex) Put(id string, d search.Doc) error {
	data := encodeDoc(d)
	w.mu.Lock()
	at := [2]int64{w.size, int64(len(data))}
	w.size += int64(len(data))
	if old, ok := w.at[id]; ok && !w.fresh[id] {
		w.was[id] = old
	}
	w.at[id] = at
	w.fresh[id] = true
	w.mu.Unlock()
	_, err := w.f.WriteAt(data, at[0])
	return err
}

// filesKey returns the key of the guides ids, in order, and of what opts
// shows of them: the URL of each and the categories.
func filesKey(ids []string, opts search.FileOptions) key {
	h := newHasher()
	for _, id := range ids {
		h.str(id)
		h.str(opts.URL(&search.Doc{ID: id}))
	}
	for _, c := range opts.Categories {
		h.str(c[0])
		h.str(c[1])
		h.str(c[2])
	}
	return h.sum()
}

// filesKey returns filesKey(ids, opts), computed again only when the
// guides or the categories changed since the last call, or the URL opts
// gives a guide: it is made of the guide's id and the site's settings,
// alike for every id, so one id's URL stands for all.
func (w *wholeIndex) filesKey(ids []string, opts search.FileOptions) key {
	probe := opts.URL(&search.Doc{ID: "-"})
	if w.lastKey.ids != nil && probe == w.lastKey.probe && slices.Equal(ids, w.lastKey.ids) && slices.Equal(opts.Categories, w.lastKey.cats) {
		return w.lastKey.key
	}
	k := filesKey(ids, opts)
	w.lastKey.ids, w.lastKey.probe, w.lastKey.cats, w.lastKey.key = ids, probe, opts.Categories, k
	return k
}

// base returns the index the last WriteFiles kept when the guides and
// options are those it was made for; nil when not.
func (w *wholeIndex) base(k key) *search.Kept {
	if w.kept == nil || w.kept.index == nil || k != w.keptKey {
		return nil
	}
	return w.kept.index
}

// keptFiles are the two parts of a kept index (search.WriteKeptParts),
// each a file with no name (a system that cannot remove an open file
// removes it on close), and their sizes: of the run, and of the whole.
type keptFiles struct {
	run, tail     *os.File
	runSize, size int64
	index         *search.Kept // the index they hold, as its Indexer told it
}

// newKept makes the files that the next index is kept in.
func (w *wholeIndex) newKept() (*keptFiles, error) {
	k := &keptFiles{}
	for _, f := range []**os.File{&k.run, &k.tail} {
		var err error
		if *f, err = os.CreateTemp(w.temp, ".kept-*"); err != nil {
			k.close()
			return nil, err
		}
		os.Remove((*f).Name())
	}
	return k, nil
}

// sized takes the sizes of the files, once written.
func (k *keptFiles) sized() error {
	run, err1 := k.run.Stat()
	tail, err2 := k.tail.Stat()
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	k.runSize, k.size = run.Size(), run.Size()+tail.Size()
	return nil
}

func (k *keptFiles) close() error {
	var err error
	for _, f := range []*os.File{k.run, k.tail} {
		if f != nil {
			err = errors.Join(err, f.Close())
		}
	}
	return err
}

func (w *wholeIndex) WriteFiles(ctx context.Context, ids []string, opts search.FileOptions, put func(name string, data []byte) error, remove func(name string) error) error {
	opts.Last = w.last
	k := w.filesKey(ids, opts)
	base := w.base(k)
	kept, err := w.newKept()
	if err != nil {
		return err
	}
	ok := false
	defer func() {
		if !ok {
			kept.close()
		}
	}()
	ix, err := search.NewIndexer(len(ids), search.IndexerOptions{Spill: true, TempDir: w.temp, Files: opts, Base: base, Keep: true})
	if err != nil {
		return err
	}
	defer ix.Close()
	if err := w.give(ctx, ix, ids, base != nil); err != nil {
		return err
	}
	list, err := ix.WriteKeptParts(ctx, put, kept.run, kept.tail)
	if err != nil {
		return err
	}
	w.last = list
	if err := kept.sized(); err != nil {
		return err
	}
	// The next index starts from this one; should the Indexer not tell
	// it, it is opened, and failing that the next index is made whole.
	r := search.JoinKept(kept.run, kept.runSize, kept.tail)
	if kept.index, err = ix.Kept(r, kept.size); err != nil {
		kept.index, _ = search.OpenKept(r, kept.size)
	}
	if w.kept != nil {
		w.kept.close()
	}
	w.kept, w.keptKey, ok = kept, k, true
	clear(w.fresh)
	clear(w.was)
	if last := opts.Last; last != nil {
		for name, f := range last.Files {
			if now, ok := list.Files[name]; !ok || now.Dir != f.Dir {
				if err := remove(f.Dir + name); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// give gives ix each guide of ids: the same as the base's, when it has
// one, or its document, with its version in the base.
func (w *wholeIndex) give(ctx context.Context, ix *search.Indexer, ids []string, based bool) error {
	// With a base, the guides are those of the last WriteFiles, whose
	// documents at has, and no others: it need not be made again.
	var keep map[string][2]int64
	if !based {
		keep = make(map[string][2]int64, len(ids))
	}
	w.analysed = 0
	var add []docAt // the documents given whole
	for i, id := range ids {
		if i%256 == 0 && ctx.Err() != nil {
			return context.Cause(ctx)
		}
		if based && !w.fresh[id] {
			if err := ix.Same(i); err != nil {
				return err
			}
			continue
		}
		at, ok := w.at[id]
		if !ok {
			return fmt.Errorf("site: the search index has no document of %s", id)
		}
		if keep != nil {
			keep[id] = at
		}
		if was, ok := w.was[id]; ok && based {
			// The version the base has: the lists of the keys it had
			// not are kept as they are.
			d, err := w.doc(was)
			if err == nil {
				err = ix.Was(i, d)
			}
			if err != nil {
				return err
			}
		}
		add = append(add, docAt{i, at})
	}
	// From a goroutine for each core: a guide added, removed or renamed
	// has every guide analysed again, which at 10,000 guides is most of
	// the index's time.
	err := ix.AddEach(ctx, len(add), func(k int) (int, search.Doc, error) {
		d, err := w.doc(add[k].at)
		return add[k].n, d, err
	})
	if err != nil {
		return err
	}
	w.analysed = len(add)
	if keep != nil {
		w.at = keep
	}
	return nil
}

// docAt is a document to give an Indexer: its number, and where it is in
// the file of documents.
type docAt struct {
	n  int
	at [2]int64
}

// doc reads the document at of f.
func (w *wholeIndex) doc(at [2]int64) (search.Doc, error) {
	data := make([]byte, at[1])
	if _, err := w.f.ReadAt(data, at[0]); err != nil {
		return search.Doc{}, err
	}
	return decodeDoc(data)
}

func (w *wholeIndex) Close() error {
	name := w.f.Name()
	err := errors.Join(w.f.Close(), os.Remove(name))
	if w.kept != nil {
		err = errors.Join(err, w.kept.close())
	}
	return err
}

// encodeDoc writes a document as wholeIndex keeps it: its fields in order,
// strings and lists after their lengths.
func encodeDoc(d search.Doc) []byte {
	var b []byte
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	list := func(l []string) {
		b = binary.AppendUvarint(b, uint64(len(l)))
		for _, s := range l {
			str(s)
		}
	}
	str(d.ID)
	str(d.Title)
	str(d.Description)
	list(d.Tags)
	list(d.Categories)
	list(d.CategoryTitles)
	b = binary.AppendVarint(b, d.Date.Unix())
	b = binary.AppendUvarint(b, uint64(d.Date.Nanosecond()))
	if d.DateOnly {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	return append(b, encodeText(d.Body)...)
}

// encodeText writes the blocks of a text: their number, then each block's
// kind and text.
func encodeText(t search.Text) []byte {
	b := binary.AppendUvarint(nil, uint64(len(t)))
	for _, bl := range t {
		b = append(b, byte(bl.Kind))
		b = binary.AppendUvarint(b, uint64(len(bl.Text)))
		b = append(b, bl.Text...)
	}
	return b
}

// decodeText reads what encodeText wrote.
func decodeText(data []byte) (search.Text, error) {
	d := stateDecoder{b: data}
	t, err := d.text()
	if err != nil || len(d.b) != 0 {
		return nil, errState
	}
	return t, nil
}

// text reads the blocks of a text.
func (d *stateDecoder) text() (search.Text, error) {
	n := d.count()
	t := make(search.Text, 0, n)
	for range n {
		if len(d.b) == 0 {
			return nil, errState
		}
		kind := search.BlockKind(d.b[0])
		d.b = d.b[1:]
		t = append(t, search.Block{Kind: kind, Text: d.str()})
	}
	if d.err {
		return nil, errState
	}
	return t, nil
}

// decodeDoc reads what encodeDoc wrote.
func decodeDoc(data []byte) (search.Doc, error) {
	d := stateDecoder{b: data}
	list := func() []string {
		n := d.count()
		if n == 0 {
			return nil
		}
		l := make([]string, n)
		for i := range l {
			l[i] = d.str()
		}
		return l
	}
	doc := search.Doc{ID: d.str(), Title: d.str(), Description: d.str(), Tags: list(), Categories: list(), CategoryTitles: list()}
	sec, n := binary.Varint(d.b)
	if n <= 0 {
		return search.Doc{}, errState
	}
	d.b = d.b[n:]
	nsec := d.num()
	doc.Date = time.Unix(sec, int64(nsec)).UTC()
	if len(d.b) == 0 {
		return search.Doc{}, errState
	}
	doc.DateOnly, d.b = d.b[0] == 1, d.b[1:]
	body, err := d.text()
	if err != nil || len(d.b) != 0 {
		return search.Doc{}, errState
	}
	doc.Body = body
	return doc, nil
}
