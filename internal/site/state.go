package site

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/rootfs"
	"github.com/visual-guides/guides/internal/search"
)

// StateFile is the file, beside the site it describes, in which a build
// with Options.KeepState keeps what each output of the site was made from
// (see Update). Its name is hidden: hosts do not serve it, and serve does
// not watch it.
const StateFile = ".guides-state"

// state is what a build knows of the inputs of the site it made:
//
//   - site: the key of everything every page shows (the program, the
//     settings, the theme, the site's own data such as its guide count);
//   - files: for each category and guide file, the stamp and hash of the
//     file, and the key of everything its own page shows of it (its
//     inputs: the file, and the repository files its body and image
//     name);
//   - lists: the key of each category's and tag's list of guides, in
//     order, with what lists show of each guide;
//   - outputs: the key of each file of the site;
//   - searchFiles: where each file of the search index is, so that an
//     update leaves the files whose content did not change where they
//     are (see search.FileOptions.Last);
//   - searchIDs and searchDocs: the key of the guides the search index
//     numbers, in order, and the key of each guide's document, so that
//     an update analyses again only the guides whose document changed,
//     starting from the index kept in SearchFile (see search.Kept).
//
// A page is made again when its key changes, and its key is computed only
// when one of the inputs it depends on changed (see Update), so that an
// edit of one guide computes the keys of the pages that may show it and
// nothing else.
type state struct {
	version string
	site    key
	search  key
	files   map[string]fileState
	lists   map[string]key
	outputs map[string]key

	searchFiles *search.FileList
	searchIDs   key
	searchDocs  []key
}

// fileState is what a build knew of a guide's or category's file.
type fileState struct {
	stamp fileStamp
	sum   uint64   // of the whole file
	in    key      // of the file and the repository files it shows
	refs  []string // the repository files its body links to
}

// fileStamp is a file's size and modification time: a file whose stamp is
// that of the last build is taken to be the file that build read.
type fileStamp struct {
	size, mtime int64
}

// statStamp returns the stamp of the file at p of fsys.
func statStamp(fsys fs.FS, p string) (fileStamp, error) {
	info, err := fs.Stat(fsys, p)
	if err != nil {
		return fileStamp{}, err
	}
	return fileStamp{info.Size(), info.ModTime().UnixNano()}, nil
}

// repoKey returns the key of the repository file at p as the site shows
// it: where it leads, its size and time; 0 when it cannot be read.
func (s *site) repoKey(p string) key {
	target, err := rootfs.Resolve(s.fsys, p)
	if err != nil {
		return 0
	}
	info, err := fs.Stat(s.fsys, target)
	if err != nil {
		return 0
	}
	return keyOf(p, target, int(info.Size()), int(info.ModTime().UnixNano()))
}

// inputs returns the key of what a category's or guide's own page shows of
// its file at path: the file, whose hash is sum, and the repository files
// its image field (image) and body (refs) name.
func (s *site) inputs(path, image string, sum uint64, refs []string) key {
	h := newHasher()
	h.u64(sum)
	rec := &refRecorder{}
	s.imageURL(path, image, rec)
	for _, p := range append(rec.files, refs...) {
		h.u64(uint64(s.repoKey(p)))
	}
	return h.sum()
}

// listKeys returns the key of every category's list of guides ("c/ID")
// and every tag's ("t/KEY"): the guides in order, with what a list shows
// of each.
func (s *site) listKeys() map[string]key {
	items := make([]key, len(s.coll.Guides))
	for i, g := range s.coll.Guides {
		items[i] = keyOf(s.item(g))
	}
	list := func(gs []*guides.Guide, name string) key {
		h := newHasher()
		h.str(name)
		for _, g := range gs {
			h.str(g.ID)
			h.u64(uint64(items[s.doc(g)]))
		}
		return h.sum()
	}
	out := make(map[string]key, len(s.coll.Categories)+len(s.tags))
	for _, cat := range s.coll.Categories {
		out["c/"+cat.ID] = list(s.coll.GuidesIn(cat.ID), "")
	}
	for _, t := range s.tags {
		out["t/"+t.key] = list(t.guides, t.name)
	}
	return out
}

// siteKey returns the key of what every page of the site shows: the
// program and settings that made it, the theme, and the site's own data.
func (s *site) siteKey(sd *siteData) key {
	o := s.b.opts
	return keyOf(o.Version, o.BaseURL, o.Title, o.Author, o.Language, o.LiveReload, o.CodeCSS,
		fmt.Sprint(o.Drafts, o.NoSearch), s.th.sum, sd)
}

// searchKey returns the key of what the search index is made of: every
// guide in order with its inputs, and the categories it filters by.
func (s *site) searchKey(files map[string]fileState) key {
	h := newHasher()
	h.str(s.b.opts.BaseURL)
	for _, cat := range s.coll.Categories {
		h.str(cat.ID)
		h.u64(uint64(files[cat.Path].in))
	}
	for _, g := range s.coll.Guides {
		h.str(g.ID)
		h.u64(uint64(files[g.Path].in))
	}
	return h.sum()
}

// feedKey returns the key of the feed: the newest guides with their
// inputs, and the categories it labels them with.
func (s *site) feedKey(files map[string]fileState) key {
	h := newHasher()
	for _, g := range s.coll.Guides[s.feedFrom():] {
		h.str(g.ID)
		h.u64(uint64(files[g.Path].in))
		h.u64(uint64(keyOf(s.item(g))))
	}
	for _, cat := range s.coll.Categories {
		h.str(cat.ID)
		h.u64(uint64(files[cat.Path].in))
	}
	return h.sum()
}

// stateRecorder gathers the state of a whole build from its workers.
type stateRecorder struct {
	mu          sync.Mutex
	files       map[string]fileState
	outputs     map[string]key
	searchFiles *search.FileList

	// An update computes these as it goes, from the files as they end:
	// the state takes them rather than computing them again.
	lists  map[string]key
	search *searchKeys
}

// searchKeys are the keys of the search index a state records.
type searchKeys struct {
	search, ids key
	docs        []key
}

func newStateRecorder() *stateRecorder {
	return &stateRecorder{files: map[string]fileState{}, outputs: map[string]key{}}
}

func (r *stateRecorder) file(path string, f fileState) {
	r.mu.Lock()
	r.files[path] = f
	r.mu.Unlock()
}

func (r *stateRecorder) output(name string, k key) {
	r.mu.Lock()
	r.outputs[name] = k
	r.mu.Unlock()
}

// writeState puts the state of the build that s made into out.
func (s *site) writeState(out Sink) error {
	st := &state{
		version: s.b.opts.Version,
		site:    s.siteKey(s.sd),
		files:   s.state.files,
		lists:   s.state.lists,
		outputs: s.state.outputs,

		searchFiles: s.state.searchFiles,
	}
	if st.lists == nil {
		st.lists = s.listKeys()
	}
	if k := s.state.search; k != nil {
		st.search, st.searchIDs, st.searchDocs = k.search, k.ids, k.docs
	} else if !s.b.opts.NoSearch {
		st.search = s.searchKey(st.files)
		st.searchIDs, st.searchDocs = s.searchDocKeys(st.files)
	}
	return out.Put(StateFile, st.encode())
}

// The state file: a header line, then the fields of state in order.
// Numbers are unsigned varints; a string is its length, then its bytes; a
// map is its length, then its entries in the order of their keys.
const stateHeader = "guides site state 5\n"

func (st *state) encode() []byte {
	var b []byte
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	num := func(v uint64) { b = binary.AppendUvarint(b, v) }
	b = append(b, stateHeader...)
	str(st.version)
	num(uint64(st.site))
	num(uint64(st.search))
	num(uint64(len(st.files)))
	for _, p := range sortedKeys(st.files) {
		f := st.files[p]
		str(p)
		num(uint64(f.stamp.size))
		num(uint64(f.stamp.mtime))
		num(f.sum)
		num(uint64(f.in))
		num(uint64(len(f.refs)))
		for _, r := range f.refs {
			str(r)
		}
	}
	for _, m := range []map[string]key{st.lists, st.outputs} {
		num(uint64(len(m)))
		for _, k := range sortedKeys(m) {
			str(k)
			num(uint64(m[k]))
		}
	}
	b = search.AppendFileList(b, st.searchFiles)
	b = binary.AppendUvarint(b, uint64(st.searchIDs))
	b = binary.AppendUvarint(b, uint64(len(st.searchDocs)))
	for _, k := range st.searchDocs {
		b = binary.AppendUvarint(b, uint64(k))
	}
	return b
}

// searchDocKeys returns the key of the guides the search index numbers,
// in order, with what its files show of them (their URLs, the
// categories), and the key of each guide's document: its fields and the
// inputs of its body.
func (s *site) searchDocKeys(files map[string]fileState) (key, []key) {
	ids := make([]string, len(s.coll.Guides))
	docs := make([]key, len(s.coll.Guides))
	for i, g := range s.coll.Guides {
		ids[i] = g.ID
		d := search.DocOf(s.coll, g, nil)
		docs[i] = key(search.DocKey(&d, uint64(files[g.Path].in)))
	}
	return filesKey(ids, s.searchFileOptions()), docs
}

// fileList reads what search.AppendFileList wrote.
func (d *stateDecoder) fileList() *search.FileList {
	list, rest, err := search.ReadFileList(d.b)
	if err != nil {
		d.err, d.b = true, nil
		return nil
	}
	d.b = rest
	return list
}

// errState is the error of a state file that cannot be read: the build
// that finds it makes the whole site.
var errState = errors.New("site: the state file is damaged")

// decodeState reads a state file.
func decodeState(data []byte) (*state, error) {
	rest, ok := bytes.CutPrefix(data, []byte(stateHeader))
	if !ok {
		return nil, errState
	}
	d := stateDecoder{b: rest}
	st := &state{version: d.str(), site: key(d.num()), search: key(d.num())}
	n := d.count()
	st.files = make(map[string]fileState, n)
	for range n {
		p := d.str()
		f := fileState{stamp: fileStamp{int64(d.num()), int64(d.num())}, sum: d.num(), in: key(d.num())}
		for range d.count() {
			f.refs = append(f.refs, d.str())
		}
		st.files[p] = f
	}
	maps := []*map[string]key{&st.lists, &st.outputs}
	for _, m := range maps {
		n := d.count()
		*m = make(map[string]key, n)
		for range n {
			k := d.str()
			(*m)[k] = key(d.num())
		}
	}
	st.searchFiles = d.fileList()
	st.searchIDs = key(d.num())
	if n := d.count(); n > 0 {
		st.searchDocs = make([]key, n)
		for i := range st.searchDocs {
			st.searchDocs[i] = key(d.num())
		}
	}
	if d.err || len(d.b) != 0 {
		return nil, errState
	}
	return st, nil
}

// stateDecoder reads the numbers and strings of a state file; err is set
// at the first that cannot be read.
type stateDecoder struct {
	b   []byte
	err bool
}

func (d *stateDecoder) num() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err, d.b = true, nil
		return 0
	}
	d.b = d.b[n:]
	return v
}

// count reads the length of a list, which cannot be longer than what is
// left of the file.
func (d *stateDecoder) count() int {
	n := d.num()
	if n > uint64(len(d.b)) {
		d.err, d.b = true, nil
		return 0
	}
	return int(n)
}

func (d *stateDecoder) str() string {
	n := d.count()
	if d.err {
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

// sortedNames returns the names of a set in order.
func sortedNames(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// isPageName reports whether name is a page of the site.
func isPageName(name string) bool { return strings.HasSuffix(name, ".html") }
