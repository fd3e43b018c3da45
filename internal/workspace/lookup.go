package workspace

import (
	"cmp"
	"io/fs"
	"slices"
	"strings"
	"sync"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/markdown"
)

// Tag is a tag of the collection, however it is spelt (see
// guides.TagKey).
type Tag struct {
	// Name is the tag as first written, in production order.
	Name string
	Key  string
	// Guides is the number of guides that have it, drafts too.
	Guides int
}

// page is a guide or category: what a link may point to.
type page struct {
	guide *guides.Guide
	cat   *guides.Category
}

func (p page) title() string {
	if p.cat != nil {
		return p.cat.Title
	}
	return p.guide.Title
}

func (p page) description() string {
	if p.cat != nil {
		return p.cat.Description
	}
	return p.guide.Description
}

func (p page) body() guides.BodyRef {
	if p.cat != nil {
		return p.cat.Body
	}
	return p.guide.Body
}

// Heading is a heading of a page.
type Heading struct {
	ID, Text string
	Level    int
	Line     int // of the file
}

// headingCache holds the headings of the pages read so far.
type headingCache struct {
	mu sync.Mutex
	m  map[string][]Heading
}

func newSnapshot(coll *guides.Collection, docs map[string]*Doc, ov overlay, opts Options) *Snapshot {
	s := &Snapshot{Coll: coll, Docs: docs, fsys: ov, opts: opts}
	s.tags = sync.OnceValue(func() []Tag { return tags(coll) })
	s.pages = sync.OnceValue(func() map[string]page {
		m := make(map[string]page, len(coll.Categories)+len(coll.Guides))
		for _, c := range coll.Categories {
			m[c.Path] = page{cat: c}
		}
		for _, g := range coll.Guides {
			m[g.Path] = page{guide: g}
		}
		return m
	})
	return s
}

// tags returns the tags of the guides of c, in the order of their keys.
func tags(c *guides.Collection) []Tag {
	byKey := map[string]*Tag{}
	var out []*Tag
	for _, g := range c.Guides {
		seen := map[string]bool{}
		for _, name := range g.Tags {
			key := guides.TagKey(name)
			if key == "" || seen[key] {
				continue
			}
			seen[key] = true
			t, ok := byKey[key]
			if !ok {
				t = &Tag{Name: strings.TrimSpace(name), Key: key}
				byKey[key] = t
				out = append(out, t)
			}
			t.Guides++
		}
	}
	slices.SortFunc(out, func(a, b *Tag) int { return cmp.Compare(a.Key, b.Key) })
	list := make([]Tag, len(out))
	for i, t := range out {
		list[i] = *t
	}
	return list
}

// Tags returns the tags of the collection, in the order of their keys.
func (s *Snapshot) Tags() []Tag { return s.tags() }

// page returns the guide or category at path p.
func (s *Snapshot) page(p string) (page, bool) {
	pg, ok := s.pages()[p]
	return pg, ok
}

// text returns the text of the file at p: the buffer's, or the file's,
// read through the root.
func (s *Snapshot) text(p string) ([]byte, bool) {
	if d, ok := s.Docs[p]; ok {
		return d.Text, true
	}
	data, err := fs.ReadFile(s.fsys, p)
	if err != nil || len(data) > guides.MaxFileSize {
		return nil, false
	}
	return data, true
}

// Headings returns the headings of the page at p, with their ids as the
// site gives them, reading the page once.
func (s *Snapshot) Headings(p string) []Heading {
	s.headings.mu.Lock()
	defer s.headings.mu.Unlock()
	if hs, ok := s.headings.m[p]; ok {
		return hs
	}
	var hs []Heading
	pg, ok := s.page(p)
	if src, read := s.text(p); ok && read {
		hs = headings(src, pg.body())
	}
	if s.headings.m == nil {
		s.headings.m = map[string][]Heading{}
	}
	s.headings.m[p] = hs
	return hs
}

// headings returns the headings of the body of src.
func headings(src []byte, body guides.BodyRef) []Heading {
	if int(body.Offset) > len(src) || markdown.Check(src[body.Offset:]) != nil {
		return nil // a body the rules do not read
	}
	doc := markdown.Scan(src[body.Offset:])
	hs := make([]Heading, len(doc.Headings))
	for i, h := range doc.Headings {
		hs[i] = Heading{ID: h.ID, Text: h.Text, Level: h.Level, Line: int(body.Line) + h.Line - 1}
	}
	return hs
}
