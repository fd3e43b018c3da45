// Package scaffold writes the files of new guides and categories: front
// matter rendered from the model whose files package rules judges, then a
// short body that tells the author what to write.
//
// Keys come in the order the format documents them (guides.GuideKeys and
// guides.CategoryKeys). Text is always written in YAML double quotes, with
// escapes where needed, so that any title reads back exactly as it was
// given, whatever it looks like: a number, a date, "true", or text with
// quotes, colons and "#".
package scaffold

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/visual-guides/guides"
)

// GuideDescription is the description of a new guide until its author
// writes one.
const GuideDescription = "TODO: one sentence on what the reader will learn."

// CategoryDescription is the description of a new category until its
// author writes one.
const CategoryDescription = "TODO: one sentence on what the guides of this category have in common."

// guideBody is the body of a new guide: the parts most guides have, each
// saying what belongs in it.
const guideBody = `TODO: open with the problem this guide solves, in two or three sentences.

## How it works

TODO: explain the idea step by step. Put the diagram's path or URL in the
front matter as image.

## Trade-offs

TODO: what it costs, and when to choose something else.
`

// categoryBody is the body of a new category: its introduction.
const categoryBody = `TODO: introduce the category in a few sentences: what its guides cover, and
for whom.
`

// Guide returns the file of a new guide: the front matter of g, then a body
// for the author to replace. Optional text that is empty (description,
// image) is left out; draft and tags are always written, tags as [] when
// there are none, so that the author sees where they go. createdAt is
// written as a date when g.DateOnly is set, and else as an RFC 3339 time.
// The ID, Path and Body fields of g are not used.
func Guide(g *guides.Guide) []byte {
	var b strings.Builder
	b.WriteString("---\n")
	for _, key := range guides.KeyNames(guides.GuideKeys()) {
		switch key {
		case "title":
			field(&b, key, quote(g.Title))
		case "description":
			optional(&b, key, g.Description)
		case "image":
			optional(&b, key, g.Image)
		case "createdAt":
			field(&b, key, date(g.CreatedAt, g.DateOnly))
		case "draft":
			field(&b, key, strconv.FormatBool(g.Draft))
		case "categories":
			field(&b, key, list(g.Categories))
		case "tags":
			field(&b, key, list(g.Tags))
		}
	}
	b.WriteString("---\n\n")
	b.WriteString(guideBody)
	return []byte(b.String())
}

// Category returns the file of a new category: the front matter of c, then
// an introduction for the author to replace. Optional text that is empty
// (description, image, icon) is left out. The ID, Path, Body and Src fields
// of c are not used.
func Category(c *guides.Category) []byte {
	var b strings.Builder
	b.WriteString("---\n")
	for _, key := range guides.KeyNames(guides.CategoryKeys()) {
		switch key {
		case "title":
			field(&b, key, quote(c.Title))
		case "description":
			optional(&b, key, c.Description)
		case "image":
			optional(&b, key, c.Image)
		case "icon":
			optional(&b, key, c.Icon)
		case "sort":
			field(&b, key, strconv.FormatInt(c.Sort, 10))
		}
	}
	b.WriteString("---\n\n")
	b.WriteString(categoryBody)
	return []byte(b.String())
}

func field(b *strings.Builder, key, value string) {
	b.WriteString(key)
	b.WriteString(": ")
	b.WriteString(value)
	b.WriteByte('\n')
}

// optional writes a text field unless its value is empty.
func optional(b *strings.Builder, key, value string) {
	if value != "" {
		field(b, key, quote(value))
	}
}

// date writes t as a plain YAML value, which the loader reads as a date or
// a time: "2026-03-14", or "2026-03-14T15:09:26Z" in t's own offset.
func date(t time.Time, dateOnly bool) string {
	if dateOnly {
		return t.UTC().Format(time.DateOnly)
	}
	return t.Format(time.RFC3339Nano)
}

// list writes a flow list of double-quoted strings: ["a", "b"], or [].
func list(items []string) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, it := range items {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(quote(it))
	}
	b.WriteByte(']')
	return b.String()
}

// quote writes s as a YAML double-quoted scalar. Printable characters are
// written as they are, except " and \, which are escaped; everything else
// is escaped: tabs and line breaks by name, other characters YAML does not
// allow as they are, or may fold or drop, as \uXXXX. A byte that is not
// UTF-8 cannot be written in YAML and becomes U+FFFD.
func quote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case printable(r):
			b.WriteRune(r)
		case r <= 0xffff:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			fmt.Fprintf(&b, `\U%08X`, r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// printable reports whether r may stand as it is inside a double-quoted
// YAML scalar on one line: YAML's printable characters, less the line
// breaks U+0085, U+2028 and U+2029 and the byte order mark U+FEFF.
func printable(r rune) bool {
	switch {
	case r == utf8.RuneError:
		return true // written as U+FFFD, which is printable
	case 0x20 <= r && r <= 0x7e:
		return true
	case r == 0x85, r == 0x2028, r == 0x2029, r == 0xfeff:
		return false
	case 0xa0 <= r && r <= 0xd7ff, 0xe000 <= r && r <= 0xfffd, 0x10000 <= r && r <= 0x10ffff:
		return true
	}
	return false
}
