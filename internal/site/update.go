package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"sync/atomic"

	"github.com/cespare/xxhash/v2"
	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/search"
)

// UpdateSink is the folder of an earlier build, which Update changes: it
// is given the files to write (Put, from several goroutines at once) and
// the names of the files to remove.
type UpdateSink interface {
	Sink
	Remove(name string) error
}

// Earlier is what Update reads of the earlier build besides its folder:
// its state file, and the search index it kept (SearchFile), of
// SearchSize bytes, or nil. The kept index is used only if the state
// names it.
type Earlier struct {
	State      []byte
	Search     io.ReaderAt
	SearchSize int64
}

// UpdateResult says what an Update did.
type UpdateResult struct {
	// Written and Removed count the files written and removed; Kept, the
	// files of the earlier build that are still the site's.
	Written, Removed, Kept int
	// Analysed counts the guides whose text the search index analysed
	// again.
	Analysed int
}

// ErrStale is the error of Update when the state of the earlier build
// cannot be used: it is damaged, or was made by another version of the
// program (or by one that does not know its Options.Version). The whole
// site must be built instead.
var ErrStale = errors.New("site: the state of the last build cannot be used")

// ErrEveryPage is the error of Update when what every page shows changed
// (the site's settings, its theme, or what its every page counts, such as
// the number of guides): every page would be made and moved into place
// one by one, which costs more than a whole build.
var ErrEveryPage = errors.New("site: every page changed")

// Update builds the site of c into the folder of an earlier build, whose
// state file (StateFile) holds prev: only the files whose inputs changed
// are made and written, and the files the site no longer has are removed.
// The result is the folder a whole build makes, byte for byte, with the
// state of this build in its state file.
//
// What each file depends on is worked out from the state:
//
//   - every page shows the site's own data (its title, its URLs, the
//     number of its guides): when it changed, Update returns
//     ErrEveryPage, and the site is built whole;
//   - a guide's page shows its file and the repository files the file
//     names, its categories (their files and their lists of guides) and
//     its tags (their lists): it is made again when one of those changed;
//   - a category's pages show its file and its list, a tag's page its
//     list;
//   - the other pages, the feed, the sitemap, the JSON index and the
//     theme's files are made whenever their inputs are cheap to compare,
//     and written when they changed;
//   - the search index is made again when a guide's file, the guides'
//     order or the categories changed.
//
// A page whose inputs changed has its key computed (see pageKey), from
// its data without its body, which costs a few microseconds; it is made
// and written only when its key changed.
func (b *Builder) Update(ctx context.Context, c *guides.Collection, prev Earlier, out UpdateSink) (UpdateResult, error) {
	st, err := decodeState(prev.State)
	if err != nil || st.version != b.opts.Version || b.opts.Version == "" {
		return UpdateResult{}, ErrStale
	}
	s := b.newSite(b.published(c), b.fsys, b.currentTheme())
	s.ctx = ctx
	s.sd = s.siteData()
	s.md = newMarkdown(s, b.opts.Code, false)
	s.state = newStateRecorder()
	u := &updater{s: s, old: st, out: out, earlier: prev}
	if err := u.run(); err != nil {
		return UpdateResult{}, err
	}
	return u.result, nil
}

// updater is the work of one Update.
type updater struct {
	s       *site
	old     *state
	earlier Earlier
	out     UpdateSink
	result  UpdateResult
	// files holds what this build knows of each category's and guide's
	// file before its body is rendered; changed the paths of those whose
	// inputs differ from the last build's.
	files   map[string]fileState
	changed map[string]bool
	lists   map[string]key
}

func (u *updater) run() error {
	s := u.s
	// What every page shows changed: no file needs to be looked at.
	if s.siteKey(s.sd) != u.old.site {
		return ErrEveryPage
	}
	if err := u.readFiles(); err != nil {
		return err
	}
	u.lists = s.listKeys()
	s.state.lists = u.lists
	if err := u.pages(); err != nil {
		return err
	}
	// The bodies rendered have recorded their files; the others are as
	// the last build knew them.
	for p, f := range u.files {
		if _, ok := s.state.files[p]; !ok {
			s.state.files[p] = f
		}
	}
	if err := u.siteFiles(); err != nil {
		return err
	}
	if err := u.search(); err != nil {
		return err
	}
	for name := range u.old.outputs {
		if _, ok := s.state.outputs[name]; ok {
			continue
		}
		if err := u.out.Remove(name); err != nil {
			return err
		}
		u.result.Removed++
	}
	u.countKept()
	return s.writeState(u.out)
}

// readFiles finds out which category and guide files changed: a file whose
// stamp is the last build's is taken as it was; another is read, and
// compared by its hash.
func (u *updater) readFiles() error {
	s := u.s
	u.files = make(map[string]fileState, len(s.coll.Categories)+len(s.coll.Guides))
	u.changed = map[string]bool{}
	read := func(path, image string, sum uint64) error {
		old, known := u.old.files[path]
		f := fileState{stamp: old.stamp, sum: sum, refs: old.refs}
		if sum != 0 {
			// The file was read as the collection was loaded: its sum
			// tells whether it changed, without looking at it again.
			if !known || sum != old.sum {
				f.stamp, f.refs = fileStamp{}, nil
			}
		} else if err := u.stamp(path, old, known, &f); err != nil {
			return err
		}
		f.in = s.inputs(path, image, f.sum, f.refs)
		u.files[path] = f
		if !known || f.in != old.in {
			u.changed[path] = true
		}
		return nil
	}
	for _, cat := range s.coll.Categories {
		if err := read(cat.Path, cat.Image, cat.Body.Sum); err != nil {
			return err
		}
	}
	for _, g := range s.coll.Guides {
		if err := read(g.Path, g.Image, g.Body.Sum); err != nil {
			return err
		}
	}
	return nil
}

// stamp finds out whether the file at path changed since the last build
// knew it (old, when known) by its stamp, and reads it when the stamp
// changed: it sets f's stamp and sum.
func (u *updater) stamp(path string, old fileState, known bool, f *fileState) error {
	st, err := statStamp(u.s.fsys, path)
	if err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	f.stamp, f.sum = st, old.sum
	if known && st == old.stamp {
		return nil
	}
	data, err := fs.ReadFile(u.s.fsys, path)
	if err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	if f.sum = sum64(data); f.sum != old.sum {
		f.refs = nil // known once the body is rendered
	}
	return nil
}

// pages makes the pages whose inputs changed and whose keys then differ,
// and keeps the keys of the others.
func (u *updater) pages() error {
	s := u.s
	var specs []pageSpec
	candidate := func(spec pageSpec, changed bool) {
		if _, ok := u.old.outputs[spec.name]; changed || !ok {
			specs = append(specs, spec)
			return
		}
		u.keep(spec.name)
	}
	for _, spec := range s.singleSpecs(s.sd) {
		candidate(spec, true)
	}
	for _, cat := range s.coll.Categories {
		changed := u.changed[cat.Path] || u.listChanged("c/"+cat.ID)
		for _, spec := range s.categorySpecs(s.sd, cat) {
			candidate(spec, changed)
		}
	}
	for _, t := range s.tags {
		candidate(s.tagSpec(s.sd, t), u.listChanged("t/"+t.key))
	}
	for i, g := range s.coll.Guides {
		candidate(s.guideSpec(s.sd, i), u.guideChanged(i, g))
	}
	return s.runJobs(len(specs), func(k int) error { return u.page(specs[k]) })
}

// guideChanged reports whether an input of the page of the guide g, at
// index i, changed: its file, its categories, their lists or its tags'.
func (u *updater) guideChanged(i int, g *guides.Guide) bool {
	s := u.s
	if u.changed[g.Path] {
		return true
	}
	for _, id := range g.Categories {
		if cat := s.coll.Category(id); cat != nil && (u.changed[cat.Path] || u.listChanged("c/"+id)) {
			return true
		}
	}
	for _, t := range s.lists[i].tags {
		if u.listChanged("t/" + t.t.key) {
			return true
		}
	}
	return false
}

func (u *updater) listChanged(name string) bool { return u.lists[name] != u.old.lists[name] }

// keep keeps a file of the last build as it is.
func (u *updater) keep(name string) {
	u.s.state.output(name, u.old.outputs[name])
}

// page computes the key of a page whose inputs changed, and makes it when
// the key differs from the last build's.
func (u *updater) page(spec pageSpec) error {
	s := u.s
	var in key
	if spec.owner != nil {
		in = u.files[spec.owner.path].in
	}
	k := s.pageKey(spec.kind, spec.data(renderedBody{}), in)
	if old, ok := u.old.outputs[spec.name]; ok && old == k {
		u.keep(spec.name)
		return nil
	}
	u.s.mu.Lock()
	u.result.Written++
	u.s.mu.Unlock()
	return s.renderSpec(u.out, s.md, spec)
}

// siteFiles makes the feed, the sitemap, the JSON index, the published
// repository files, the theme's assets and the _headers file, and writes
// those that changed.
func (u *updater) siteFiles() error {
	s := u.s
	if k := s.feedKey(s.state.files); k != u.old.outputs[guides.SiteFeed] {
		data, err := s.feed()
		if err != nil {
			return fmt.Errorf("site: %s: %w", guides.SiteFeed, err)
		}
		if err := u.put(guides.SiteFeed, data, k); err != nil {
			return err
		}
	} else {
		u.keep(guides.SiteFeed)
	}
	for _, f := range s.listFiles() {
		shown, write := f.make()
		k := keyOf(shown)
		if old, ok := u.old.outputs[f.name]; ok && old == k {
			u.keep(f.name)
			continue
		}
		var buf bytes.Buffer
		if err := write(&buf); err != nil {
			return fmt.Errorf("site: %s: %w", f.name, err)
		}
		if err := u.put(f.name, buf.Bytes(), k); err != nil {
			return err
		}
	}
	if err := u.published(); err != nil {
		return err
	}
	for name, data := range s.th.assets {
		if err := u.put(assetsDir+name, data, key(sum64(data))); err != nil {
			return err
		}
	}
	headers := Headers(s.b.root)
	return u.put(guides.SiteHeaders, headers, key(sum64(headers)))
}

// published writes the repository files the site publishes whose stamps
// changed.
func (u *updater) published() error {
	s := u.s
	set := map[string]bool{}
	for _, f := range s.state.files {
		for _, r := range f.refs {
			set[r] = true
		}
	}
	s.addPublished(set)
	for _, name := range sortedNames(set) {
		k := s.repoKey(name)
		if old, ok := u.old.outputs[filesDir+name]; ok && old == k {
			u.keep(filesDir + name)
			continue
		}
		data, ok, err := s.b.publish(name)
		if err != nil {
			return fmt.Errorf("publishing %s: %w", name, err)
		}
		if ok {
			if err := u.put(filesDir+name, data, k); err != nil {
				return err
			}
		}
	}
	return nil
}

// put writes the file at name, whose key is k, unless the last build
// wrote it with the same key.
func (u *updater) put(name string, data []byte, k key) error {
	if old, ok := u.old.outputs[name]; ok && old == k {
		u.keep(name)
		return nil
	}
	u.s.state.output(name, k)
	u.result.Written++
	return u.out.Put(name, data)
}

// search makes the search index again when what it is made of changed,
// and keeps the files of the last one when not. It starts from the index
// the last build kept, when it can, and analyses again only the guides
// whose document changed.
func (u *updater) search() error {
	s := u.s
	if s.b.opts.NoSearch {
		return nil
	}
	sk := s.searchKey(s.state.files)
	if sk == u.old.search {
		for name := range u.old.outputs {
			if strings.HasPrefix(name, searchDir) && !isPageName(name) || name == SearchFile {
				u.keep(name)
			}
		}
		s.state.searchFiles = u.old.searchFiles
		// The index kept is the last one: so are its keys.
		s.state.search = &searchKeys{search: sk, ids: u.old.searchIDs, docs: u.old.searchDocs}
		return nil
	}
	ids, docs := s.searchDocKeys(s.state.files)
	s.state.search = &searchKeys{search: sk, ids: ids, docs: docs}
	base := u.searchBase(ids)
	ix, err := s.newIndexer(u.old.searchFiles, base)
	if err != nil {
		return err
	}
	defer ix.Close()
	m := &Model{s: s}
	var analysed atomic.Int64
	err = s.runJobs(len(s.coll.Guides), func(i int) error {
		if base != nil && docs[i] == u.old.searchDocs[i] {
			return ix.Same(i)
		}
		g := s.coll.Guides[i]
		text, err := m.searchText(g)
		if err != nil {
			return err
		}
		analysed.Add(1)
		return ix.Add(i, search.DocOf(s.coll, g, text))
	})
	if err != nil {
		return err
	}
	u.result.Analysed = int(analysed.Load())
	s.index = ix
	if err := s.writeSearch(updateSearchSink{u}, u.out); err != nil {
		return err
	}
	u.result.Written++ // the kept index
	// The files the index left where the last build put them.
	for name, f := range s.state.searchFiles.Files {
		full := searchDir + f.Dir + name
		if _, written := s.state.outputs[full]; !written {
			u.keep(full)
		}
	}
	return nil
}

// searchBase opens the index the last build kept, when it is the one its
// state names and numbers the same guides in the same order, with the
// same options (their key is ids); nil when not.
func (u *updater) searchBase(ids key) *search.Kept {
	e := u.earlier
	want, ok := u.old.outputs[SearchFile]
	if e.Search == nil || !ok || ids != u.old.searchIDs || len(u.old.searchDocs) != len(u.s.coll.Guides) {
		return nil
	}
	h := xxhash.New()
	if _, err := io.Copy(h, io.NewSectionReader(e.Search, 0, e.SearchSize)); err != nil || key(h.Sum64()) != want {
		return nil
	}
	base, err := search.OpenKept(e.Search, e.SearchSize)
	if err != nil {
		return nil
	}
	return base
}

// updateSearchSink writes the files of the search index through an
// updater, from several goroutines at once.
type updateSearchSink struct{ u *updater }

func (w updateSearchSink) Put(name string, data []byte) error {
	w.u.s.mu.Lock()
	defer w.u.s.mu.Unlock()
	return w.u.put(name, data, key(sum64(data)))
}

// countKept counts the files kept as they were.
func (u *updater) countKept() {
	u.result.Kept = len(u.s.state.outputs) - u.result.Written
}
