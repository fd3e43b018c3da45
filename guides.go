package guides

import (
	"cmp"
	"slices"
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
}

// CategorySource holds where each front-matter value of a category was
// written. A zero Pos means the key is absent.
type CategorySource struct {
	Title, Description, Image, Icon, Sort Pos
}

// Guide is one file of the guides folder.
type Guide struct {
	ID          string // the file name without ".md"
	Path        string // slash-separated, relative to the collection root
	Title       string
	Description string
	Image       string
	// CreatedAt is the instant the guide was published; a date written
	// without a time is midnight UTC of that day.
	CreatedAt time.Time
	// DateOnly reports that createdAt was written as a date without a time.
	DateOnly   bool
	Draft      bool
	Categories []string // category ids, as written
	Tags       []string

	// Body is where the markdown after the front matter starts.
	Body BodyRef
	// Src holds the positions of the front-matter values, for diagnostics.
	Src GuideSource
}

// GuideSource holds where each front-matter value of a guide was written. A
// zero Pos means the key is absent.
type GuideSource struct {
	Title, Description, Image, CreatedAt, Draft, Categories, Tags Pos
	// CategoryItems and TagItems hold the position of each list item,
	// parallel to Guide.Categories and Guide.Tags.
	CategoryItems, TagItems []Pos
}

// BodyRef locates the markdown body of a file without holding it.
type BodyRef struct {
	Offset int  // byte offset of the body in the file
	Line   int  // line of the file on which the body starts
	Empty  bool // the body holds nothing but white space
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
	guideByID    map[string]*Guide
	byCategory   map[string][]*Guide
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
	slices.SortFunc(guides, func(a, b *Guide) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), compareFileNames(a.ID, b.ID))
	})
	return index(categories, guides)
}

// index builds the lookup tables of a collection whose slices are already
// in production order.
func index(categories []*Category, guides []*Guide) *Collection {
	c := &Collection{
		Categories:   categories,
		Guides:       guides,
		categoryByID: make(map[string]*Category, len(categories)),
		guideByID:    make(map[string]*Guide, len(guides)),
		byCategory:   make(map[string][]*Guide, len(categories)),
	}
	for _, cat := range categories {
		if _, dup := c.categoryByID[cat.ID]; !dup {
			c.categoryByID[cat.ID] = cat
		}
	}
	for _, g := range guides {
		if _, dup := c.guideByID[g.ID]; !dup {
			c.guideByID[g.ID] = g
		}
		for i, id := range g.Categories {
			if slices.Contains(g.Categories[:i], id) {
				continue // listed twice: the guide still appears once
			}
			c.byCategory[id] = append(c.byCategory[id], g)
		}
	}
	return c
}

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
func (c *Collection) Guide(id string) *Guide { return c.guideByID[id] }

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
