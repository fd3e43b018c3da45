// Package scaffold writes the files of new guides and categories: front
// matter rendered from the model whose files package rules judges, then a
// short body that tells the author what to write.
//
// Keys come in the order the format documents them (guides.GuideKeys and
// guides.CategoryKeys). Text is always written quoted, with escapes where
// needed (see frontmatter.QuoteYAML), so that any title reads back exactly
// as it was given, whatever it looks like: a number, a date, "true", or
// text with quotes, colons and "#".
package scaffold

import (
	"strconv"
	"strings"
	"time"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/frontmatter"
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

// PlaceholderMark starts every placeholder of a new file: its description
// and each paragraph of its body that says what to write there.
const PlaceholderMark = "TODO: "

// Placeholders returns the first line of each paragraph of placeholder
// text in the bodies of new guides and categories. A published file that
// still holds one is not finished: the placeholder rule warns about it.
func Placeholders() []string {
	var out []string
	for _, body := range []string{guideBody, categoryBody} {
		for line := range strings.Lines(body) {
			if strings.HasPrefix(line, PlaceholderMark) {
				out = append(out, strings.TrimSuffix(line, "\n"))
			}
		}
	}
	return out
}

// categoryBody is the body of a new category: its introduction.
const categoryBody = `TODO: introduce the category in a few sentences: what its guides cover, and
for whom.
`

// Guide returns the file of a new guide: the front matter of g, then a body
// for the author to replace. Optional text that is empty (description,
// image) is left out, and so is updatedAt when zero; draft and tags are always written, tags as [] when
// there are none, so that the author sees where they go. createdAt is
// written as a date when g.DateOnly is set, and else as an RFC 3339 time.
// The ID, Path and Body fields of g are not used.
func Guide(g *guides.Guide) []byte {
	var b strings.Builder
	b.WriteString("---\n")
	for _, key := range guides.KeyNames(guides.GuideKeys()) {
		switch key {
		case "title":
			field(&b, key, frontmatter.QuoteYAML(g.Title))
		case "description":
			optional(&b, key, g.Description)
		case "image":
			optional(&b, key, g.Image)
		case "createdAt":
			field(&b, key, date(g.CreatedAt, g.DateOnly))
		case "updatedAt":
			if !g.UpdatedAt.IsZero() {
				field(&b, key, date(g.UpdatedAt, g.UpdatedDateOnly))
			}
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
			field(&b, key, frontmatter.QuoteYAML(c.Title))
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
		field(b, key, frontmatter.QuoteYAML(value))
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
		b.WriteString(frontmatter.QuoteYAML(it))
	}
	b.WriteByte(']')
	return b.String()
}
