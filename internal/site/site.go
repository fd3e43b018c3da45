// Package site builds a guide collection as a static website whose URLs are
// the README's links: the index of every category at the base URL, each
// category and guide at BASE/ID/, each tag at BASE/tags/TAG/, with an Atom
// feed, a sitemap, a JSON index for search and tools, and a 404 page.
//
// Templates and assets are embedded (package theme); a collection may
// replace any named block of the templates by defining it in a file of its
// layouts/ folder, and any asset by a file of layouts/assets/. Markdown is
// rendered with goldmark, without raw HTML and with unsafe links dropped;
// every value that reaches a page goes through html/template.
package site

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/yuin/goldmark"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/rootfs"
	"github.com/visual-guides/guides/internal/search"
	"github.com/visual-guides/guides/internal/svg"
)

// Options configure a site.
type Options struct {
	// BaseURL is the absolute URL of the site's index, without a trailing
	// slash, such as https://example.org/guides; its path is where the
	// site lives on its host.
	BaseURL string
	// Title is the name of the site.
	Title string
	// Drafts includes draft guides.
	Drafts bool
	// LiveReload, when set, is the URL path of the live script of a Server
	// (LiveScriptPath): every page then reloads itself when the site changes.
	LiveReload string
	// Code renders fenced code blocks; nil renders them as plain text.
	// CodeCSS is its stylesheet, published as assets/code.css.
	Code    goldmark.Extender
	CodeCSS string
	// NoSearch leaves the search index out, for measuring what it costs.
	NoSearch bool
	// TempDir is where the search index keeps what it spills while it is
	// built; empty means the system's temporary folder.
	TempDir string
	// KeepFiles keeps the repository files the site publishes between
	// builds, reading one again only when its size or modification time
	// changes: for a server, which holds them anyway. A build then shares
	// their bytes with the last one instead of holding a second copy.
	KeepFiles bool
	// Version names the program that builds the site: Update makes the
	// whole site again when the state of the last build names another.
	Version string
	// KeepState has Build and Update put, beside the site, the state
	// file (StateFile): what each output was made from, so that the next
	// Update into the same folder makes again only what changed.
	KeepState bool
	// Language is the language of the guides, a BCP 47 tag such as "en"
	// (the default), for <html lang> and the feed's xml:lang.
	Language string
	// Author is the author of the guides, named in the feed; the default
	// is Title.
	Author string
	// Brand is the site's look and links, from the collection's settings.
	Brand Brand
	// SkipBrokenLayouts leaves out a template file of layouts/ that does
	// not parse, and the theme's blocks stand in for it, where it is an
	// error otherwise: a server sets it, which shows the rules' findings
	// of the file over the site it still serves.
	SkipBrokenLayouts bool
}

// Sink receives the files of a site. Build calls Put from several
// goroutines at once, except on Files.
type Sink interface {
	// Put stores the file at name, a slash-separated path relative to the
	// site's root folder, such as "caching/index.html".
	Put(name string, data []byte) error
}

// A WriterSink is a Sink that can also take a file as it is written, so
// that a large file is never held whole.
type WriterSink interface {
	Sink
	// Create returns a writer of the file at name; the file is whole once
	// Close returns nil. It may be called from several goroutines at
	// once.
	Create(name string) (io.WriteCloser, error)
}

// writeFile gives out the file at name that write writes: as it is
// written when out is a WriterSink, else whole once written.
func writeFile(out Sink, name string, write func(io.Writer) error) error {
	ws, ok := out.(WriterSink)
	if !ok {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			return err
		}
		return out.Put(name, b.Bytes())
	}
	f, err := ws.Create(name)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 64<<10)
	err = write(w)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Files is a site held in memory, by path. It is a Sink; Build puts into
// it from one goroutine at a time.
type Files map[string][]byte

// Put stores a file.
func (f Files) Put(name string, data []byte) error {
	f[name] = data
	return nil
}

// Builder builds the sites of a collection: whole (Build), file by file as
// they are asked for (Model), or again into the folder of an earlier
// build, making only what changed (Update). It may be used from several
// goroutines at once.
type Builder struct {
	fsys   fs.FS // the collection's root
	opts   Options
	origin string // scheme and host of the base URL
	root   string // escaped path of the base URL, with a trailing slash
	mu     sync.Mutex
	theme  *theme                   // guarded by mu: Refresh replaces it
	files  map[string]publishedFile // with KeepFiles, by repository path
	images map[string]*imageDims    // by repository path
}

// publishedFile is a repository file as the site publishes it.
type publishedFile struct {
	target  string // the path it leads to, without links
	size    int64
	modTime time.Time
	data    []byte // cleaned, for an SVG image
}

// currentTheme returns the theme pages are rendered with now.
func (b *Builder) currentTheme() *theme {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.theme
}

type renderedBody struct {
	html []byte
	refs []string    // repository files the HTML links to, to publish
	text search.Text // what the search index reads
	toc  []tocEntry  // the h2 and h3 headings
	// coverShown says that the body held its page's cover, which was
	// dropped from it; coverAlt is that image's alternative text.
	coverShown bool
	coverAlt   string
	code       bool // the body holds a block of code
	// sum is a hash of the whole file the body was read from, and stamp
	// the file's stamp (see Options.KeepState); in is the key of the
	// body's inputs (see site.inputs).
	sum   uint64
	stamp fileStamp
	in    key
}

// NewBuilder returns a Builder for the collection at fsys. It reads the
// templates and assets, from the collection's layouts/ folder first.
func NewBuilder(fsys fs.FS, opts Options) (*Builder, error) {
	base, err := url.Parse(opts.BaseURL)
	if err != nil || base.Host == "" {
		return nil, fmt.Errorf("site: base URL %q is not absolute", opts.BaseURL)
	}
	th, err := loadTheme(fsys, opts.CodeCSS, opts.SkipBrokenLayouts)
	if err != nil {
		return nil, err
	}
	return &Builder{
		fsys:   fsys,
		opts:   opts,
		origin: base.Scheme + "://" + base.Host,
		root:   strings.TrimSuffix(base.EscapedPath(), "/") + "/",
		theme:  th,
		files:  map[string]publishedFile{},
		images: map[string]*imageDims{},
	}, nil
}

// Refresh reads the theme again: a server calls it when the collection's
// layouts/ folder may have changed.
func (b *Builder) Refresh() error {
	th, err := loadTheme(b.fsys, b.opts.CodeCSS, b.opts.SkipBrokenLayouts)
	if err != nil {
		return err
	}
	b.mu.Lock()
	b.theme = th
	b.mu.Unlock()
	return nil
}

// Build renders every page of the site for c and puts them into out. The
// collection must have passed every rule (package rules): Build judges
// nothing. The error is for what stops the build: an unreadable file, a
// file changed since it was checked, or a broken template.
func (b *Builder) Build(c *guides.Collection, out Sink) error {
	return b.BuildContext(context.Background(), c, out)
}

// BuildContext is Build, stopping soon with the context's error when ctx
// is done.
func (b *Builder) BuildContext(ctx context.Context, c *guides.Collection, out Sink) error {
	s := b.newSite(b.published(c), b.fsys, b.currentTheme())
	s.ctx = ctx
	if f, ok := out.(Files); ok {
		out = &lockedFiles{files: f}
	}
	if b.opts.KeepState {
		s.state = newStateRecorder()
	}
	if !b.opts.NoSearch {
		ix, err := s.newIndexer(nil, nil)
		if err != nil {
			return err
		}
		defer ix.Close()
		s.index = ix
	}
	if err := s.renderPages(b, out); err != nil {
		return err
	}
	if s.index != nil {
		if err := s.writeSearch(out, out); err != nil {
			return err
		}
	}
	for _, name := range s.publishedFiles() {
		if err := ctx.Err(); err != nil {
			return context.Cause(ctx)
		}
		data, ok, err := b.publish(name)
		if err != nil {
			return fmt.Errorf("publishing %s: %w", name, err)
		}
		if !ok {
			continue
		}
		if s.state != nil {
			s.state.output(filesDir+name, s.repoKey(name))
		}
		if err := out.Put(filesDir+name, data); err != nil {
			return err
		}
	}
	for name, data := range s.th.assets {
		if err := s.putFile(out, assetsDir+name, data); err != nil {
			return err
		}
	}
	if err := s.putFile(out, guides.SiteHeaders, Headers(b.root)); err != nil {
		return err
	}
	if s.state != nil {
		// The feed's key is that of its inputs (see Update).
		s.state.output(guides.SiteFeed, s.feedKey(s.state.files))
		return s.writeState(out)
	}
	return nil
}

// published returns the collection a site of the Builder shows: c, or its
// published part without Options.Drafts.
func (b *Builder) published(c *guides.Collection) *guides.Collection {
	if b.opts.Drafts {
		return c
	}
	return c.Published()
}

// publish returns the bytes the site publishes for the repository file at
// name: an SVG image cleaned of what could run or load (package svg), any
// other file as it is. ok is false for an SVG image that is not one, which
// the link and image rules warn about: it is left out.
func (b *Builder) publish(name string) (data []byte, ok bool, err error) {
	target, err := rootfs.Resolve(b.fsys, name)
	if err != nil {
		return nil, false, err
	}
	info, err := fs.Stat(b.fsys, target)
	if err != nil {
		return nil, false, err
	}
	if !info.Mode().IsRegular() {
		return nil, false, &rootfs.NotRegularError{Path: name, Mode: info.Mode()}
	}
	if info.Size() > guides.MaxMediaSize {
		return nil, false, fmt.Errorf("larger than %d MiB", guides.MaxMediaSize>>20)
	}
	if b.opts.KeepFiles {
		b.mu.Lock()
		f, ok := b.files[name]
		b.mu.Unlock()
		if ok && f.target == target && f.size == info.Size() && f.modTime.Equal(info.ModTime()) {
			return f.data, f.data != nil, nil
		}
	}
	data, err = fs.ReadFile(b.fsys, target)
	if err != nil {
		return nil, false, err
	}
	if len(data) > guides.MaxMediaSize {
		return nil, false, fmt.Errorf("larger than %d MiB", guides.MaxMediaSize>>20)
	}
	if svg.IsFile(name) {
		if data, err = svg.Clean(data); err != nil {
			data = nil
		}
	}
	if b.opts.KeepFiles {
		b.mu.Lock()
		b.files[name] = publishedFile{target: target, size: info.Size(), modTime: info.ModTime(), data: data}
		b.mu.Unlock()
	}
	return data, data != nil, nil
}

// filesDir and assetsDir are where repository files linked from bodies and
// the theme's assets go in the site.
const (
	filesDir  = guides.SiteFiles + "/"
	assetsDir = guides.SiteAssets + "/"
)

// body renders the markdown body of the category or guide o, keeps what
// the site needs of it (the repository files it links to and, for a guide,
// its text for the search index) and returns it.
func (s *site) body(md *markdown, o *bodyOwner) (renderedBody, error) {
	r, err := s.renderBody(md, o.path, o.ref, o.cover)
	if err != nil {
		return renderedBody{}, err
	}
	if s.onDemand {
		return r, nil
	}
	if len(r.refs) > 0 {
		s.mu.Lock()
		s.refs = append(s.refs, r.refs...)
		s.mu.Unlock()
	}
	if s.state != nil {
		r.in = s.inputs(o.path, o.image, r.sum, r.refs)
		s.state.file(o.path, fileState{stamp: r.stamp, sum: r.sum, in: r.in, refs: r.refs})
	}
	if o.doc >= 0 && s.index != nil {
		if err := s.index.Add(o.doc, search.DocOf(s.coll, s.coll.Guides[o.doc], r.text)); err != nil {
			return renderedBody{}, err
		}
	}
	return r, nil
}

// renderBody renders the body of the file at path. With a state to keep,
// the file's stamp is taken before it is read: a file that changes
// meanwhile has another stamp by the next build.
func (s *site) renderBody(md *markdown, path string, ref guides.BodyRef, cover string) (renderedBody, error) {
	var st fileStamp
	if s.state != nil {
		var err error
		if st, err = statStamp(s.fsys, path); err != nil {
			return renderedBody{}, fmt.Errorf("reading %s: %w", path, err)
		}
	}
	file, src, err := readBody(s.fsys, path, ref)
	if err != nil {
		return renderedBody{}, err
	}
	if !utf8.Valid(src) {
		return renderedBody{}, fmt.Errorf("%s changed since it was checked: its body is not UTF-8 text", path)
	}
	r := renderedBody{sum: sum64(file), stamp: st}
	rc := &renderContext{path: path, rec: &refRecorder{}, cover: cover}
	html, text, err := md.render(rc, src)
	if err != nil {
		return renderedBody{}, fmt.Errorf("rendering %s: %w", path, err)
	}
	r.html, r.refs, r.text = html, rc.rec.files, text
	r.toc, r.coverShown, r.coverAlt, r.code = rc.toc, rc.dropped, rc.coverAlt, rc.code
	return r, nil
}

// lockedFiles lets several goroutines put into Files.
type lockedFiles struct {
	mu    sync.Mutex
	files Files
}

func (l *lockedFiles) Put(name string, data []byte) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.files.Put(name, data)
}

// Forget drops the repository files the Builder keeps (Options.KeepFiles)
// that keep says the site no longer publishes, so that a long-running
// server does not grow as files come and go.
func (b *Builder) Forget(keep func(name string) bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for name := range b.files {
		if !keep(name) {
			delete(b.files, name)
		}
	}
}

// readBody reads the file at path of a loaded guide or category, and
// returns it whole and its markdown body: the bytes after its front
// matter.
func readBody(fsys fs.FS, path string, ref guides.BodyRef) (file, body []byte, err error) {
	src, err := fs.ReadFile(fsys, path)
	if err != nil {
		return nil, nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if int(ref.Offset) > len(src) {
		return nil, nil, fmt.Errorf("%s changed since it was checked: it is shorter than its front matter", path)
	}
	return src, src[ref.Offset:], nil
}

// searchDir is where the search page and the search index go.
const searchDir = guides.SiteSearch + "/"

// newIndexer returns an Indexer for the site's guides, which spills what
// it holds past a budget, so that a site's memory does not grow with its
// index.
// last lists the files of the index it replaces, which stay where they
// are when unchanged (nil for none); base is the index an earlier build
// kept (nil for none). A build that keeps its state keeps its index.
func (s *site) newIndexer(last *search.FileList, base *search.Kept) (*search.Indexer, error) {
	opts := s.searchFileOptions()
	opts.Last = last
	return search.NewIndexer(len(s.coll.Guides), search.IndexerOptions{Spill: true, TempDir: s.b.opts.TempDir, Files: opts, Base: base, Keep: s.state != nil})
}

// SearchFile is the file, beside the site and its state, in which a build
// with Options.KeepState keeps its search index as search.Kept: the next
// build analyses again only the guides whose document changed.
const SearchFile = ".guides-search"

// writeSearch puts the files of the search index of the site's guides,
// every one of which has been given to s.index, into out, under search/,
// and lets go of s.index: the bodies a server renders again later are not
// given to it.
//
// A build that keeps its state puts the kept index into kept, as
// SearchFile: the same Sink as out but for an update, whose files of the
// index go through a sink that compares them with the last build's.
func (s *site) writeSearch(out, kept Sink) error {
	defer func() { s.index = nil }()
	write := func(w io.Writer) error {
		list, err := s.index.WriteKept(s.ctx, func(name string, data []byte) error {
			if s.ctx.Err() != nil {
				return context.Cause(s.ctx)
			}
			return s.putFile(out, searchDir+name, data)
		}, w)
		if s.state != nil {
			s.state.searchFiles = list
		}
		return err
	}
	if s.state == nil {
		return write(nil)
	}
	return s.writeFile(kept, SearchFile, write)
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
