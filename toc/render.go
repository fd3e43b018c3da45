// Package toc renders a collection as the markdown list of README's table
// of contents, and splices that list into README between its markers. Both
// are pure functions of bytes, compatible byte for byte with the script
// the tool replaces on valid data.
package toc

import (
	"path"
	"strings"

	"github.com/visual-guides/guides"
)

// Linker gives the link destination of a category or a guide.
type Linker interface {
	Category(c *guides.Category) string
	Guide(g *guides.Guide) string
}

// SiteLinks links every category and guide to its page on the site:
// Base + "/" + id.
type SiteLinks struct {
	Base string // such as "https://bytebytego.com/guides", without a trailing slash
}

// Category returns the URL of the category's page.
func (l SiteLinks) Category(c *guides.Category) string { return l.Base + "/" + EscapeDestination(c.ID) }

// Guide returns the URL of the guide's page.
func (l SiteLinks) Guide(g *guides.Guide) string { return l.Base + "/" + EscapeDestination(g.ID) }

// FileLinks links every category and guide to its markdown file, relative
// to the folder of the README, for repositories without a site.
type FileLinks struct {
	ReadmeDir string // slash-separated, relative to the collection root; "." for the root
}

// Category returns the relative path of the category's file.
func (l FileLinks) Category(c *guides.Category) string { return l.rel(c.Path) }

// Guide returns the relative path of the guide's file.
func (l FileLinks) Guide(g *guides.Guide) string { return l.rel(g.Path) }

func (l FileLinks) rel(target string) string {
	from := splitPath(l.ReadmeDir)
	to := splitPath(target)
	i := 0
	for i < len(from) && i < len(to)-1 && from[i] == to[i] {
		i++
	}
	var b strings.Builder
	for range from[i:] {
		b.WriteString("../")
	}
	for j, seg := range to[i:] {
		if j > 0 {
			b.WriteByte('/')
		}
		b.WriteString(EscapeDestination(seg))
	}
	return b.String()
}

func splitPath(p string) []string {
	p = path.Clean(p)
	if p == "." || p == "/" {
		return nil
	}
	return strings.Split(strings.Trim(p, "/"), "/")
}

// Render returns the table of contents of c: for each category in order
// the line "* [TITLE](LINK)", then for each published guide that lists the
// category the line "  * [TITLE](LINK)". Draft guides are left out. Every
// line ends with "\n".
func Render(c *guides.Collection, links Linker) []byte {
	c = c.Published()
	var b strings.Builder
	for _, cat := range c.Categories {
		line(&b, "* [", cat.Title, links.Category(cat))
		for _, g := range c.GuidesIn(cat.ID) {
			line(&b, "  * [", g.Title, links.Guide(g))
		}
	}
	return []byte(b.String())
}

func line(b *strings.Builder, prefix, title, dest string) {
	b.WriteString(prefix)
	b.WriteString(EscapeTitle(title))
	b.WriteString("](")
	b.WriteString(dest)
	b.WriteString(")\n")
}

// EscapeTitle makes a title safe as the text of a markdown link: "\", "["
// and "]" are escaped with a backslash, and line breaks become spaces, so a
// title can neither end the link early nor start a line of its own.
// Everything else is kept as written.
func EscapeTitle(s string) string {
	if !strings.ContainsAny(s, "\\[]\r\n") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', '[', ']':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\r', '\n':
			b.WriteByte(' ')
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// EscapeDestination percent-encodes the bytes that would end or break a
// markdown link destination: space, "(", ")", "<", ">" and control
// characters. Other characters, such as "'" and "+", are kept as the old
// script wrote them.
func EscapeDestination(s string) string {
	const hex = "0123456789ABCDEF"
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if escapeByte(c) {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func needsEscape(s string) bool {
	for i := 0; i < len(s); i++ {
		if escapeByte(s[i]) {
			return true
		}
	}
	return false
}

func escapeByte(c byte) bool {
	return c <= ' ' || c == 0x7f || c == '(' || c == ')' || c == '<' || c == '>'
}
