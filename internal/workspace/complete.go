package workspace

import (
	"bytes"
	"fmt"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/frontmatter"
	"github.com/visual-guides/guides/internal/suggest"
)

// ItemKind says what a completion is.
type ItemKind uint8

// The kinds of completions.
const (
	KeyItem      ItemKind = iota + 1 // a key of the front matter
	CategoryItem                     // a category id
	TagItem                          // a tag
	DateItem                         // a date or a time
	ValueItem                        // another value, such as true
	PageItem                         // a link to a guide or category
	HeadingItem                      // a fragment: a heading's id
)

// Item is a completion: NewText in place of the bytes Start to End of the
// buffer.
type Item struct {
	Label, Detail string
	// Doc says more, in markdown.
	Doc  string
	Kind ItemKind
	// Filter is the text the editor matches what was typed against, when
	// it is not Label.
	Filter     string
	Start, End int
	NewText    string
}

// Completion is what may be written at a place.
type Completion struct {
	Items []Item
	// Incomplete reports that more items match than were given: the
	// editor asks again as more is typed.
	Incomplete bool
}

// maxItems bounds the items of a completion.
const maxItems = 100

// Complete returns what may be written at byte off of text, the buffer of
// the file at p.
func (s *Snapshot) Complete(p string, text []byte, off int) Completion {
	kind, _ := s.opts.kind(p)
	if kind == NotData {
		return Completion{}
	}
	pl := locate(text, off)
	switch {
	case pl.region == inBody:
		return s.completeLink(p, text, off, pl.body)
	case pl.region != inFront:
		return Completion{}
	case pl.atKey:
		return completeKeys(kind, text, pl)
	case kind == Guide && pl.key == "categories":
		var c []choice
		for _, cat := range s.Coll.Categories {
			c = append(c, choice{cat.ID, cat.Title, cat.Description, "", false})
		}
		return values(c, CategoryItem, pl)
	case kind == Guide && pl.key == "tags":
		return values(s.tagChoices(p), TagItem, pl)
	case kind == Guide && pl.key == "createdAt":
		now := time.Now
		if s.opts.Now != nil {
			now = s.opts.Now
		}
		t := now().UTC()
		return values([]choice{{t.Format(time.DateOnly), "today", "", "", false}, {t.Format(time.RFC3339), "now, in UTC", "", "", false}}, DateItem, pl)
	case kind == Guide && pl.key == "draft":
		return values([]choice{{"false", "published", "", "", true}, {"true", "a draft: left out of README and the site", "", "", true}}, ValueItem, pl)
	}
	return Completion{}
}

// choice is a value that may be written, before it is matched.
type choice struct {
	value, detail, doc string
	// key is another spelling that what was typed may match.
	key string
	// literal is a value written as it is, such as true: not text.
	literal bool
}

// tagChoices returns the tags of the collection, the most used first, but
// for what the buffer at p has: a tag being typed is not one to offer.
func (s *Snapshot) tagChoices(p string) []choice {
	own := map[string]int{}
	if d, ok := s.Docs[p]; ok && d.Guide != nil {
		for _, t := range d.Guide.Tags {
			own[guides.TagKey(t)] = 1
		}
	}
	tags := slices.Clone(s.Tags())
	slices.SortStableFunc(tags, func(a, b Tag) int { return (b.Guides - own[b.Key]) - (a.Guides - own[a.Key]) })
	var c []choice
	for _, t := range tags {
		if n := t.Guides - own[t.Key]; n > 0 {
			c = append(c, choice{t.Name, guidesCount(n), "", t.Key, false})
		}
	}
	return c
}

func guidesCount(n int) string {
	if n == 1 {
		return "1 guide"
	}
	return fmt.Sprintf("%d guides", n)
}

// completeKeys returns the keys of the format not written yet.
func completeKeys(kind Kind, text []byte, pl place) Completion {
	keys := guides.GuideKeys()
	if kind == Category {
		keys = guides.CategoryKeys()
	}
	written := writtenKeys(text)
	colon := pl.end < len(text) && text[pl.end] == ':'
	var out Completion
	for _, k := range keys {
		if written[k.Name] && k.Name != pl.key || !hasPrefixFold(k.Name, pl.prefix) {
			continue
		}
		detail := k.Type.String()
		doc := k.Summary + "."
		if k.Required {
			detail += ", required"
			if k.Why != "" {
				doc += " Required: " + k.Why + "."
			}
		}
		newText := k.Name + ": "
		if colon {
			newText = k.Name
		}
		out.Items = append(out.Items, Item{Label: k.Name, Detail: detail, Doc: doc, Kind: KeyItem, Start: pl.start, End: pl.end, NewText: newText})
	}
	return out
}

// writtenKeys returns the keys written at the margin of the front matter.
func writtenKeys(text []byte) map[string]bool {
	start, end, _, ok := frontBounds(text)
	keys := map[string]bool{}
	for p := start; ok && p < end; {
		line, next := lineAt(text, p)
		if k := keyEnd(line); k > 0 && line[0] != ' ' && line[0] != '\t' {
			keys[string(line[:k])] = true
		}
		p = next
	}
	return keys
}

// values returns the choices that match what is typed of the item at pl,
// written as the place wants them: inside its quotes, or as YAML.
func values(choices []choice, kind ItemKind, pl place) Completion {
	var out Completion
	typedKey := guides.TagKey(pl.prefix)
	for _, c := range choices {
		if !hasPrefixFold(c.value, pl.prefix) && (c.key == "" || !strings.HasPrefix(c.key, typedKey)) {
			continue
		}
		if len(out.Items) == maxItems {
			out.Incomplete = true
			break
		}
		newText := c.value
		if !c.literal {
			newText = scalar(c.value, pl)
		}
		it := Item{Label: c.value, Detail: c.detail, Doc: c.doc, Kind: kind, Start: pl.start, End: pl.end, NewText: newText}
		if !hasPrefixFold(c.value, pl.prefix) {
			it.Filter = pl.prefix // matched by its key: kept whatever the editor matches
		}
		out.Items = append(out.Items, it)
	}
	if len(out.Items) == 0 && pl.prefix != "" {
		out.Items = nearMisses(choices, kind, pl)
	}
	return out
}

// nearMisses returns the choices closest to what is typed, when none
// starts with it: "cachng" or "caching-p" is most likely a category id
// mistyped, or half remembered. Their filter is what is typed, so that
// the editor keeps them.
func nearMisses(choices []choice, kind ItemKind, pl place) []Item {
	byValue := map[string]choice{}
	values := make([]string, 0, len(choices))
	for _, c := range choices {
		byValue[c.value] = c
		values = append(values, c.value)
	}
	var items []Item
	for _, v := range suggest.Closest(pl.prefix, values, 3) {
		c := byValue[v]
		newText := c.value
		if !c.literal {
			newText = scalar(c.value, pl)
		}
		items = append(items, Item{Label: c.value, Detail: c.detail, Doc: c.doc, Kind: kind, Filter: pl.prefix, Start: pl.start, End: pl.end, NewText: newText})
	}
	return items
}

// scalar writes v as the item at pl: escaped for the quotes it is in, or
// plain where YAML reads it as the text it is, or else in double quotes.
func scalar(v string, pl place) string {
	switch pl.quote {
	case '"':
		q := frontmatter.QuoteYAML(v)
		return q[1 : len(q)-1]
	case '\'':
		return strings.ReplaceAll(v, "'", "''")
	}
	if plain(v, pl.flow) {
		return v
	}
	return frontmatter.QuoteYAML(v)
}

// plain reports whether YAML reads v, written without quotes, as the text
// v, in a flow list or not: the front-matter parser of check says.
func plain(v string, flow bool) bool {
	if v == "" || strings.ContainsAny(v, "\n\r") {
		return false
	}
	doc := "k: " + v + "\n"
	if flow {
		doc = "k: [" + v + "]\n"
	}
	fields, err := frontmatter.Parse([]byte(doc), 1)
	if err != nil || len(fields) != 1 {
		return false
	}
	n := &fields[0].Value
	if flow {
		if n.Kind != frontmatter.List || len(n.Items) != 1 {
			return false
		}
		n = &n.Items[0]
	}
	return n.Kind == frontmatter.String && n.Text == v
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// completeLink returns the pages, or the headings of a page, that the
// destination of a link being written at off may name.
func (s *Snapshot) completeLink(p string, text []byte, off, body int) Completion {
	start, ok := destStart(text, off)
	if !ok {
		return Completion{}
	}
	dest := string(text[start:off])
	end := off
	for end < len(text) && !strings.ContainsRune(" \t\r\n)>", rune(text[end])) {
		end++
	}
	if hash := strings.IndexByte(dest, '#'); hash >= 0 {
		return s.completeFragment(p, text, body, dest[:hash], dest[hash+1:], start+hash+1, end)
	}
	var out Completion
	add := func(target, id, title, desc string) {
		if target == p {
			return
		}
		rel := relPath(path.Dir(p), target)
		if !hasPrefixFold(rel, dest) && !hasPrefixFold(id, dest) {
			return
		}
		if len(out.Items) == maxItems {
			out.Incomplete = true
			return
		}
		it := Item{Label: rel, Detail: title, Doc: desc, Kind: PageItem, Start: start, End: end, NewText: rel}
		if !hasPrefixFold(rel, dest) {
			it.Filter = dest + rel // matched by its id
		}
		out.Items = append(out.Items, it)
	}
	for _, c := range s.Coll.Categories {
		add(c.Path, c.ID, c.Title, c.Description)
	}
	for _, g := range s.Coll.Guides {
		add(g.Path, g.ID, g.Title, g.Description)
	}
	return out
}

// completeFragment returns the headings of the page that the path of a
// link, page, names (this page when it is empty), whose ids start with
// frag, the bytes from start to end of text.
func (s *Snapshot) completeFragment(p string, text []byte, body int, page, frag string, start, end int) Completion {
	var hs []Heading
	if page == "" {
		hs = headings(text, bodyRef(text, body))
	} else if target, isPage, ok := s.resolve(p, page); ok && isPage {
		hs = s.Headings(target)
	}
	var out Completion
	for _, h := range hs {
		if !strings.HasPrefix(h.ID, frag) || len(out.Items) == maxItems {
			out.Incomplete = out.Incomplete || len(out.Items) == maxItems
			continue
		}
		out.Items = append(out.Items, Item{Label: h.ID, Detail: h.Text, Kind: HeadingItem, Start: start, End: end, NewText: h.ID})
	}
	return out
}

// destStart returns where the destination of a link being written at off
// starts: after the "](" of an inline link, or after the ": " of a
// reference definition, on the line of off, with nothing between it and
// off that ends a destination.
func destStart(text []byte, off int) (int, bool) {
	ls, _ := lineBounds(text, off)
	before := text[ls:off]
	start := -1
	if i := bytes.LastIndex(before, []byte("](")); i >= 0 {
		start = ls + i + 2
	} else if t := bytes.TrimLeft(before, " "); len(before)-len(t) <= 3 && bytes.HasPrefix(t, []byte("[")) {
		if i := bytes.Index(t, []byte("]:")); i > 0 {
			start = off - len(t) + i + 2
			for start < off && text[start] == ' ' {
				start++
			}
		}
	}
	if start < 0 {
		return 0, false
	}
	if start < off && text[start] == '<' {
		start++
	}
	if bytes.ContainsAny(text[start:off], " \t)>") {
		return 0, false
	}
	return start, true
}

// bodyRef returns where the body that starts at byte body of text is.
func bodyRef(text []byte, body int) guides.BodyRef {
	return guides.BodyRef{Offset: int32(body), Line: int32(bytes.Count(text[:body], []byte("\n")) + 1)}
}

// relPath returns the path of to, relative to the folder dir.
func relPath(dir, to string) string {
	from := strings.Split(dir, "/")
	parts := strings.Split(to, "/")
	i := 0
	for i < len(from) && i < len(parts)-1 && from[i] == parts[i] {
		i++
	}
	up := strings.Repeat("../", len(from)-i)
	if dir == "." {
		up = ""
		i = 0
	}
	return up + strings.Join(parts[i:], "/")
}
