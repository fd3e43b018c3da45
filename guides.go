package guides

import (
	"cmp"
	"slices"
	"sync"
	"time"
)

// Category is one file of the categories folder.
type Category struct {
	ID          string // the file name without ".md"
	Path        string // slash-separated, relative to the collection root
	Title       string
	Description string
	Image       string
	Icon        string
	Sort        int64

	// Body is where the markdown after the front matter starts.
	Body BodyRef
	// Src holds the positions of the front-matter values, for diagnostics.
	Src CategorySource
	// Refs are the relative links and images of the body.
	Refs []Ref
}

// CategorySource holds where the front-matter values that collection-wide
// rules report on were written. A zero Pos means the key is absent, or,
// for Sort, that its value is not an integer.
type CategorySource struct {
	Title, Image, Icon, Sort Pos
}

// Guide is one file of the guides folder. Its fields are laid out so that a
// collection of a million guides stays small.
type Guide struct {
	ID          string // the file name without ".md"
	Path        string // slash-separated, relative to the collection root
	Title       string
	Description string
	Image       string
	// CreatedAt is the instant the guide was published; a date written
	// without a time is midnight UTC of that day.
	CreatedAt time.Time
	// UpdatedAt is when the guide last changed, as its updatedAt key
	// says; zero without one. The site prefers the last commit of its
	// file, where there is history.
	UpdatedAt time.Time
	// Body is where the markdown after the front matter starts.
	Body BodyRef
	// DateOnly reports that createdAt was written as a date without a
	// time, and UpdatedDateOnly the same of updatedAt.
	DateOnly, UpdatedDateOnly bool
	Draft                     bool
	Categories                []string // category ids, as written
	Tags                      []string
	// Src holds the positions of the front-matter values that
	// collection-wide rules report on.
	Src GuideSource
	// Refs are the relative links and images of the body.
	Refs []Ref
}

// GuideSource holds where a guide's front-matter values were written. A
// zero Pos means the key is absent.
type GuideSource struct {
	Title, Image Pos
	// Categories holds the position of each item of Guide.Categories.
	Categories []Pos
}

// Ref is a link or image in the body of a guide or category whose
// destination is relative: a file of the repository, another guide's file,
// or a fragment of a page. Absolute URLs are not kept.
type Ref struct {
	Dest  string // as written, unescaped
	Pos   Pos    // of the destination, in the file
	Image bool
}

// BodyRef locates the markdown body of a file without holding it.
type BodyRef struct {
	Offset int32 // byte offset of the body in the file
	Line   int32 // line of the file on which the body starts
	Empty  bool  // the body holds nothing but white space
	// Sum is the XXH64 of the whole file as it was read, which tells a
	// later build whether the file changed without reading it again; 0
	// when the file could not be split.
	Sum uint64
}

// Collection is a loaded guide collection: its categories and guides in
// production order, with indexes by id and by category. It is built once by
// NewCollection and not changed afterwards, so outputs may share it.
type Collection struct {
	// Categories in production order: by Sort, then by file name.
	Categories []*Category
	// Guides in production order: by CreatedAt, then by file name. Drafts
	// are included; see Published.
	Guides []*Guide

	categoryByID map[string]*Category
	byCategory   map[string][]*Guide
	unknown      []UnknownCategory
	// guideByID is built on first use: the README job never needs it.
	guideByID func() map[string]*Guide
}

// NewCollection orders the categories and guides as production does and
// indexes them. It is the only place where production order is decided:
//
//   - categories by sort ascending, equal values in file-name byte order;
//   - guides by createdAt ascending as instants, equal instants in
//     file-name byte order.
//
// The slices passed in are sorted in place and kept.
func NewCollection(categories []*Category, guides []*Guide) *Collection {
	slices.SortFunc(categories, func(a, b *Category) int {
		return cmp.Or(cmp.Compare(a.Sort, b.Sort), compareFileNames(a.ID, b.ID))
	})
	sortGuides(guides)
	return index(categories, guides)
}

// sortGuides sorts guides by createdAt, then by file name. Guides usually
// come from a folder listing, already in file-name order, which is checked
// rather than assumed; then plain keys are sorted instead of pointers,
// which on 100,000 guides is several times faster.
func sortGuides(guides []*Guide) {
	byFileName := func(a, b *Guide) int { return compareFileNames(a.ID, b.ID) }
	if !slices.IsSortedFunc(guides, byFileName) {
		slices.SortFunc(guides, byFileName)
	}
	type key struct {
		sec  int64
		nsec int32
		i    int32 // the position in file-name order breaks ties
	}
	keys := make([]key, len(guides))
	for i, g := range guides {
		keys[i] = key{g.CreatedAt.Unix(), int32(g.CreatedAt.Nanosecond()), int32(i)}
	}
	slices.SortFunc(keys, func(a, b key) int {
		return cmp.Or(cmp.Compare(a.sec, b.sec), cmp.Compare(a.nsec, b.nsec), cmp.Compare(a.i, b.i))
	})
	sorted := make([]*Guide, len(guides))
	for i, k := range keys {
		sorted[i] = guides[k.i]
	}
	copy(guides, sorted)
}

// index builds the lookup tables of a collection whose slices are already
// in production order.
func index(categories []*Category, guides []*Guide) *Collection {
	c := &Collection{
		Categories:   categories,
		Guides:       guides,
		categoryByID: make(map[string]*Category, len(categories)),
		byCategory:   make(map[string][]*Guide, len(categories)),
		guideByID: sync.OnceValue(func() map[string]*Guide {
			m := make(map[string]*Guide, len(guides))
			for _, g := range guides {
				if _, dup := m[g.ID]; !dup {
					m[g.ID] = g
				}
			}
			return m
		}),
	}
	// Each id a guide lists is looked up once; refs keeps, for every
	// listed id in guide order, the index of its category, or -1.
	indexOf := make(map[string]int32, len(categories))
	for i, cat := range categories {
		if _, dup := c.categoryByID[cat.ID]; !dup {
			c.categoryByID[cat.ID] = cat
			indexOf[cat.ID] = int32(i)
		}
	}
	counts := make([]int, len(categories))
	refs := make([]int32, 0, len(guides)+len(guides)/32)
	for _, g := range guides {
		for i, id := range g.Categories {
			k, ok := indexOf[id]
			switch {
			case !ok:
				c.unknown = append(c.unknown, UnknownCategory{Guide: g, ID: id, Index: i})
				k = -1
			case slices.Contains(g.Categories[:i], id):
				k = -1 // listed twice: the guide still appears once
			default:
				counts[k]++
			}
			refs = append(refs, k)
		}
	}
	// Each category's list is made at its final size: growing them by
	// appending would copy them again and again.
	lists := make([][]*Guide, len(categories))
	for k := range lists {
		lists[k] = make([]*Guide, 0, counts[k])
	}
	r := 0
	for _, g := range guides {
		for range g.Categories {
			if k := refs[r]; k >= 0 {
				lists[k] = append(lists[k], g)
			}
			r++
		}
	}
	for id, k := range indexOf {
		c.byCategory[id] = lists[k]
	}
	return c
}

// UnknownCategory is a category id listed by a guide that no category has.
type UnknownCategory struct {
	Guide *Guide
	ID    string
	Index int // of the id in Guide.Categories
}

// UnknownCategories returns the ids guides list that name no category, in
// guide order.
func (c *Collection) UnknownCategories() []UnknownCategory { return c.unknown }

// Published returns the collection without its draft guides, in the same
// order. It returns c itself when there are no drafts.
func (c *Collection) Published() *Collection {
	n := 0
	for _, g := range c.Guides {
		if !g.Draft {
			n++
		}
	}
	if n == len(c.Guides) {
		return c
	}
	guides := make([]*Guide, 0, n)
	for _, g := range c.Guides {
		if !g.Draft {
			guides = append(guides, g)
		}
	}
	return index(c.Categories, guides)
}

// Category returns the category with the given id, or nil.
func (c *Collection) Category(id string) *Category { return c.categoryByID[id] }

// Guide returns the guide with the given id, or nil.
func (c *Collection) Guide(id string) *Guide { return c.guideByID()[id] }

// GuidesIn returns the guides that list the category id, in production
// order. A guide that lists the category twice appears once. The returned
// slice must not be modified.
func (c *Collection) GuidesIn(id string) []*Guide { return c.byCategory[id] }

// compareFileNames compares the file names a+".md" and b+".md" in byte order
// without building them: the old script ordered ties by file name, and
// "a-b.md" sorts before "a.md" although "a" sorts before "a-b".
func compareFileNames(a, b string) int {
	n := min(len(a), len(b))
	if c := cmp.Compare(a[:n], b[:n]); c != 0 || len(a) == len(b) {
		return c
	}
	// One id is a prefix of the other: the shorter continues with ".md".
	if len(a) < len(b) {
		return cmp.Compare(".md", b[n:]+".md")
	}
	return cmp.Compare(a[n:]+".md", ".md")
}
