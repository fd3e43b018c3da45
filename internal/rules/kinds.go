package rules

import (
	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/frontmatter"
)

// A setter decodes the value of one key of the front matter into T, the
// model of a file.
type setter[T any] func(d *decoder, fl *frontmatter.Field, x *T)

// A kind is how the front matter of one kind of file is decoded: the keys
// of the format in their order, the setter of each, and how the strings of
// a decoded file are kept.
type kind[T any] struct {
	keys []guides.Key
	set  []setter[T] // set[i] decodes keys[i]
	keep func(d *decoder, x *T)
}

// newKind returns the kind whose keys are keys, each decoded by the setter
// of its name. A key without a setter, or a setter without a key, is a
// mistake of the program.
func newKind[T any](keys []guides.Key, set map[string]setter[T], keep func(*decoder, *T)) *kind[T] {
	if len(set) != len(keys) {
		panic("rules: the setters do not match the keys of the format")
	}
	k := &kind[T]{keys: keys, set: make([]setter[T], len(keys)), keep: keep}
	for i, key := range keys {
		if k.set[i] = set[key.Name]; k.set[i] == nil {
			panic("rules: no setter for the key " + key.Name)
		}
	}
	return k
}

// decode fills x from the fields of a file's front matter: each known key
// by its setter, in the order written; a warning for each unknown key; an
// error for each required key that is missing. Then the strings of x,
// which point into the file and the decoder's memory, are kept.
func (k *kind[T]) decode(d *decoder, fields []frontmatter.Field, x *T) {
	var seenArr [8]bool
	seen := seenArr[:len(k.keys)]
	for i := range fields {
		fl := &fields[i]
		j := keyIndex(k.keys, fl.Key)
		if j < 0 {
			d.unknownKey(fl, k.keys)
			continue
		}
		k.set[j](d, fl, x)
		seen[j] = true
	}
	d.required(k.keys, seen)
	k.keep(d, x)
}

// keyIndex returns the index of the key named name in keys, or -1.
func keyIndex(keys []guides.Key, name string) int {
	for i := range keys {
		if keys[i].Name == name {
			return i
		}
	}
	return -1
}

// A place returns where a text value of T goes: its string, and its
// position, or nil when the model keeps none.
type place[T any] func(x *T) (*string, *guides.Pos)

// titleSetter decodes a title into its place.
func titleSetter[T any](at place[T]) setter[T] {
	return func(d *decoder, fl *frontmatter.Field, x *T) {
		s, p := at(x)
		*s = d.title(&fl.Value)
		if p != nil {
			*p = pos(&fl.Value)
		}
	}
}

// textSetter decodes text that may hold the control characters in allow
// into its place.
func textSetter[T any](allow string, at place[T]) setter[T] {
	return func(d *decoder, fl *frontmatter.Field, x *T) {
		s, p := at(x)
		*s = d.text(fl.Key, &fl.Value, allow)
		if p != nil {
			*p = pos(&fl.Value)
		}
	}
}

// multiline is what a description may hold besides text: tabs and line
// breaks.
const multiline = "\t\n\r"

// descriptionSetter decodes a description into its place, and keeps its
// position in the decoder for the placeholder rule.
func descriptionSetter[T any](at func(x *T) *string) setter[T] {
	return func(d *decoder, fl *frontmatter.Field, x *T) {
		*at(x) = d.text(fl.Key, &fl.Value, multiline)
		d.description = pos(&fl.Value)
	}
}

var categoryKind = newKind(guides.CategoryKeys(), map[string]setter[guides.Category]{
	"title":       titleSetter(func(c *guides.Category) (*string, *guides.Pos) { return &c.Title, &c.Src.Title }),
	"description": descriptionSetter(func(c *guides.Category) *string { return &c.Description }),
	"image":       textSetter("", func(c *guides.Category) (*string, *guides.Pos) { return &c.Image, &c.Src.Image }),
	"icon":        textSetter("", func(c *guides.Category) (*string, *guides.Pos) { return &c.Icon, &c.Src.Icon }),
	"sort": func(d *decoder, fl *frontmatter.Field, c *guides.Category) {
		var ok bool
		if c.Sort, ok = d.integer(fl.Key, &fl.Value); ok {
			c.Src.Sort = pos(&fl.Value)
		}
	},
}, keepCategory)

var guideKind = newKind(guides.GuideKeys(), map[string]setter[guides.Guide]{
	"title":       titleSetter(func(g *guides.Guide) (*string, *guides.Pos) { return &g.Title, &g.Src.Title }),
	"description": descriptionSetter(func(g *guides.Guide) *string { return &g.Description }),
	"image":       textSetter("", func(g *guides.Guide) (*string, *guides.Pos) { return &g.Image, &g.Src.Image }),
	"createdAt": func(d *decoder, fl *frontmatter.Field, g *guides.Guide) {
		g.CreatedAt, g.DateOnly = d.date(fl.Key, &fl.Value, true)
	},
	"updatedAt": func(d *decoder, fl *frontmatter.Field, g *guides.Guide) {
		g.UpdatedAt, g.UpdatedDateOnly = d.date(fl.Key, &fl.Value, false)
	},
	"draft": func(d *decoder, fl *frontmatter.Field, g *guides.Guide) {
		g.Draft = d.boolean(fl.Key, &fl.Value)
	},
	"categories": setCategories,
	"tags":       setTags,
}, keepGuide)

// setCategories decodes the category ids of a guide, which must be at
// least one and should each be listed once.
func setCategories(d *decoder, fl *frontmatter.Field, g *guides.Guide) {
	v := &fl.Value
	g.Categories, g.Src.Categories = d.list(fl, false)
	if v.Kind == frontmatter.List && len(v.Items) == 0 {
		d.add(pos(v), guides.Error, guides.RuleRequired, "categories is empty: list at least one category id")
	}
	d.duplicateCategories(v)
}

// setTags decodes the tags of a guide, at most guides.MaxTags.
func setTags(d *decoder, fl *frontmatter.Field, g *guides.Guide) {
	v := &fl.Value
	g.Tags, _ = d.list(fl, true)
	if v.Kind == frontmatter.List && len(v.Items) > guides.MaxTags {
		d.add(pos(&v.Items[guides.MaxTags]), guides.Error, guides.RuleLimit, "a guide has at most %d tags, each a page of the site; this is tag %d", guides.MaxTags, guides.MaxTags+1)
	}
}

// keepCategory copies the texts of c into memory of their own.
func keepCategory(d *decoder, c *guides.Category) {
	a := d.arena()
	a.size(c.Title, c.Description, c.Image, c.Icon)
	a.keep(&c.Title, &c.Description, &c.Image, &c.Icon)
}

// keepGuide copies the texts and lists of g into memory of their own.
func keepGuide(d *decoder, g *guides.Guide) {
	a := d.arena()
	a.size(g.Title, g.Description, g.Image)
	d.keepLists(g, &a)
}
