package workspace

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/markdown"
	"github.com/visual-guides/guides/internal/rules"
)

// Hover is what a name at a place of a buffer is, in markdown, and the
// bytes of the name.
type Hover struct {
	Markdown   string
	Start, End int
}

// Location is a place of a file of the collection.
type Location struct {
	Path string
	// Line is 1-based; 0 is the start of the file.
	Line int
}

// target is what the name at a place of a buffer names.
type target struct {
	start, end int
	markdown   string
	loc        Location
	ok         bool
}

// Hover returns what the name at byte off of text, the buffer of the file
// at p, is: a key, a category id, a tag, or the destination of a link.
func (s *Snapshot) Hover(p string, text []byte, off int) (Hover, bool) {
	t := s.target(p, text, off)
	if !t.ok || t.markdown == "" {
		return Hover{}, false
	}
	return Hover{Markdown: t.markdown, Start: t.start, End: t.end}, true
}

// Definition returns where the name at byte off of text, the buffer of the
// file at p, is defined: the file of a category id, or the file and the
// heading a link leads to.
func (s *Snapshot) Definition(p string, text []byte, off int) (Location, bool) {
	t := s.target(p, text, off)
	if !t.ok || t.loc.Path == "" {
		return Location{}, false
	}
	return t.loc, true
}

// target finds what the name at off names.
func (s *Snapshot) target(p string, text []byte, off int) target {
	kind, _ := s.opts.kind(p)
	if kind == NotData {
		return target{}
	}
	pl := locate(text, off)
	switch pl.region {
	case inBody:
		return s.linkTarget(p, text, off, pl.body)
	case inFront:
		if pl.atKey {
			return keyTarget(kind, pl)
		}
		return s.valueTarget(p, kind, text, pl)
	}
	return target{}
}

// keyTarget says what a key of the format means.
func keyTarget(kind Kind, pl place) target {
	keys := guides.GuideKeys()
	if kind == Category {
		keys = guides.CategoryKeys()
	}
	for _, k := range keys {
		if k.Name == pl.key {
			md := fmt.Sprintf("**%s**: %s\n\n%s.", k.Name, k.Type, k.Summary)
			if k.Required {
				md += " Required"
				if k.Why != "" {
					md += ": " + k.Why
				}
				md += "."
			}
			return target{start: pl.start, end: pl.end, markdown: md, ok: true}
		}
	}
	return target{}
}

// valueTarget says what the value item at pl names.
func (s *Snapshot) valueTarget(p string, kind Kind, text []byte, pl place) target {
	v := string(text[pl.start:pl.end])
	if pl.quote == '\'' {
		v = strings.ReplaceAll(v, "''", "'")
	}
	t := target{start: pl.start, end: pl.end}
	switch {
	case kind == Guide && pl.key == "categories":
		c := s.Coll.Category(v)
		if c == nil {
			return target{}
		}
		t.markdown = pageMarkdown(c.Title, c.Description, "", c.Path) + " · " + guidesCount(len(s.Coll.GuidesIn(c.ID)))
		t.loc, t.ok = Location{Path: c.Path}, true
	case kind == Guide && pl.key == "tags":
		key := guides.TagKey(v)
		for _, tag := range s.Tags() {
			if tag.Key == key {
				t.markdown = fmt.Sprintf("Tag **%s**: %s", escapeMarkdown(tag.Name), guidesCount(tag.Guides))
				t.ok = true
			}
		}
	case pl.key == "image" || pl.key == "icon":
		if dest, isPage, ok := s.resolve(p, v); ok && !isPage {
			t.markdown, t.loc, t.ok = "`"+dest+"`", Location{Path: dest}, true
		}
	}
	return t
}

// linkTarget says what the destination of a link at off names.
func (s *Snapshot) linkTarget(p string, text []byte, off, body int) target {
	src := text[body:]
	if markdown.Check(src) != nil || !markdown.MayHaveLocalRefs(src) {
		return target{}
	}
	for _, r := range markdown.Scan(src).Refs {
		start := body + r.Offset
		if r.Reference || r.Kind == markdown.AutoLink || off < start || off > start+len(r.Dest) || !rules.IsRelative(r.Dest) {
			continue
		}
		t := target{start: start, end: start + len(r.Dest)}
		page, frag, _ := strings.Cut(r.Dest, "#")
		page, _, _ = strings.Cut(page, "?")
		dest, isPage, ok := p, true, true
		if page != "" {
			dest, isPage, ok = s.resolve(p, page)
		}
		if !ok {
			return target{}
		}
		t.loc, t.ok = Location{Path: dest}, true
		if !isPage {
			t.markdown = "`" + dest + "`"
			return t
		}
		var hs []Heading
		if dest == p {
			hs = headings(text, bodyRef(text, body))
		} else {
			hs = s.Headings(dest)
		}
		heading := ""
		for _, h := range hs {
			if frag != "" && rules.HasFragment(map[string]bool{h.ID: true}, frag) {
				heading, t.loc.Line = h.Text, h.Line
				break
			}
		}
		if pg, ok := s.page(dest); ok {
			t.markdown = pageMarkdown(pg.title(), pg.description(), heading, dest)
		}
		return t
	}
	return target{}
}

// resolve returns the file a relative path written in the file at from
// names, as the site resolves it, and whether it is a guide or category.
func (s *Snapshot) resolve(from, ref string) (dest string, isPage, ok bool) {
	for _, c := range guides.RepoPaths(from, ref) {
		if _, ok := s.page(c); ok {
			return c, true, true
		}
		if info, err := fs.Stat(s.fsys, c); err == nil && info.Mode().IsRegular() {
			return c, false, true
		}
	}
	return "", false, false
}

// pageMarkdown describes a page: its title, its description, the heading
// a link names, and its file.
func pageMarkdown(title, description, heading, file string) string {
	md := "**" + escapeMarkdown(title) + "**"
	if heading != "" {
		md += " › " + escapeMarkdown(heading)
	}
	if description != "" {
		md += "\n\n" + escapeMarkdown(description)
	}
	return md + "\n\n`" + file + "`"
}

// escapeMarkdown escapes the characters of text that markdown would take
// as markup.
func escapeMarkdown(text string) string {
	var b strings.Builder
	for _, r := range text {
		if strings.ContainsRune("\\`*_{}[]()#+-.!<>|~", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
