package site

import (
	"bytes"
	"io/fs"
	"strconv"
	"strings"
	"sync"

	"github.com/visual-guides/guides"
)

// A Model is one version of a collection as its site shows it: the URL of
// everything, the tags, and the lists of guides, from which File makes any
// file of the site when it is asked for, byte for byte as Build makes it.
// Making a Model renders nothing, so that it costs the same whatever was
// edited, and it holds no page: a server that serves one holds no more of
// the site than the pages being asked for. A Model does not change, and
// may be used from several goroutines at once.
//
// The files of the search index (under search/, but for its page) are not
// a Model's: see SearchIndex.
type Model struct {
	s *site
	// published holds the repository files the site publishes, and tags
	// the tags by the segment of their URL; both are made on first use.
	published func() map[string]bool
	tags      func() map[string]*tag
}

// Model returns the site of c, whose files are read from fsys: the
// collection's root, or a version of it in which c was judged. Its pages
// are rendered with the Builder's theme as it is now.
func (b *Builder) Model(c *guides.Collection, fsys fs.FS) *Model {
	s := b.newSite(b.published(c), fsys, b.currentTheme())
	s.onDemand = true
	s.sd = s.siteData()
	s.md = newMarkdown(s, b.opts.Code, false)
	m := &Model{s: s}
	m.published = sync.OnceValue(s.publishedByRefs)
	m.tags = sync.OnceValue(func() map[string]*tag {
		out := make(map[string]*tag, len(s.tags))
		for _, t := range s.tags {
			out[t.segment] = t
		}
		return out
	})
	return m
}

// Collection returns the collection the site shows: without its drafts,
// unless the Builder shows them.
func (m *Model) Collection() *guides.Collection { return m.s.coll }

// Publishes reports whether the site publishes the repository file at
// name (a path relative to the collection's root) under files/.
func (m *Model) Publishes(name string) bool { return m.published()[name] }

// File returns the file of the site at name, a slash-separated path
// relative to the site's root folder, such as "caching/index.html"; ok is
// false when the site has no file there. The error is for what stops a
// file from being made: an unreadable file, or a broken template.
func (m *Model) File(name string) (data []byte, ok bool, err error) {
	s := m.s
	if spec, ok := m.page(name); ok {
		html, _, err := s.renderPage(s.md, spec)
		return html, true, err
	}
	switch name {
	case guides.SiteFeed:
		data, err := s.feed()
		return data, true, err
	case guides.SiteSitemap, guides.SiteJSON:
		write := s.sitemap
		if name == guides.SiteJSON {
			write = s.jsonIndex
		}
		var buf bytes.Buffer
		err := write(&buf)
		return buf.Bytes(), true, err
	case guides.SiteHeaders:
		return Headers(s.b.root), true, nil
	}
	if rest, ok := strings.CutPrefix(name, assetsDir); ok {
		data, ok := s.th.assets[rest]
		return data, ok, nil
	}
	if rest, ok := strings.CutPrefix(name, filesDir); ok {
		if !m.published()[rest] {
			return nil, false, nil
		}
		return s.b.publish(rest)
	}
	return nil, false, nil
}

// page returns the page at name, if the site has one there.
func (m *Model) page(name string) (pageSpec, bool) {
	s := m.s
	for _, spec := range s.singleSpecs(s.sd) {
		if spec.name == name {
			return spec, true
		}
	}
	if rest, ok := strings.CutPrefix(name, guides.SiteTags+"/"); ok {
		seg, ok := strings.CutSuffix(rest, "/index.html")
		if t := m.tags()[seg]; ok && t != nil {
			return s.tagSpec(s.sd, t), true
		}
		return pageSpec{}, false
	}
	id, rest, _ := strings.Cut(name, "/")
	if cat := s.coll.Category(id); cat != nil {
		k := 1
		if rest != "index.html" {
			n, ok1 := strings.CutPrefix(rest, "page/")
			n, ok2 := strings.CutSuffix(n, "/index.html")
			if !ok1 || !ok2 {
				return pageSpec{}, false
			}
			var err error
			if k, err = strconv.Atoi(n); err != nil || k < 2 || s.categoryFile(id, k) != name {
				return pageSpec{}, false
			}
		}
		specs := s.categorySpecs(s.sd, cat)
		if k > len(specs) {
			return pageSpec{}, false
		}
		return specs[k-1], true
	}
	if i, ok := s.docByID[id]; ok && rest == "index.html" {
		return s.guideSpec(s.sd, int(i)), true
	}
	return pageSpec{}, false
}

// publishedByRefs returns the repository files the site publishes: those
// the bodies link to, as the rules found their links, and the images of
// categories and guides.
func (s *site) publishedByRefs() map[string]bool {
	rec := &refRecorder{}
	add := func(path, image string, refs []guides.Ref) {
		s.imageURL(path, image, rec)
		for _, r := range refs {
			s.resolve(path, r.Dest, rec)
		}
	}
	for _, cat := range s.coll.Categories {
		add(cat.Path, cat.Image, cat.Refs)
	}
	for _, g := range s.coll.Guides {
		add(g.Path, g.Image, g.Refs)
	}
	out := make(map[string]bool, len(rec.files))
	for _, f := range rec.files {
		out[f] = true
	}
	return out
}
