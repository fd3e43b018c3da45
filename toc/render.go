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

// Linker writes the link destination of a category or a guide.
type Linker interface {
	AppendCategory(dst []byte, c *guides.Category) []byte
	AppendGuide(dst []byte, g *guides.Guide) []byte
}

// SiteLinks links every category and guide to its page on the site:
// Base + "/" + id.
type SiteLinks struct {
	Base string // such as "https://bytebytego.com/guides", without a trailing slash
}

// AppendCategory appends the URL of the category's page.
func (l SiteLinks) AppendCategory(dst []byte, c *guides.Category) []byte { return l.link(dst, c.ID) }

// AppendGuide appends the URL of the guide's page.
func (l SiteLinks) AppendGuide(dst []byte, g *guides.Guide) []byte { return l.link(dst, g.ID) }

func (l SiteLinks) link(dst []byte, id string) []byte {
	dst = append(dst, l.Base...)
	dst = append(dst, '/')
	return appendEscapedDestination(dst, id)
}

// FileLinks links every category and guide to its markdown file, relative
// to the folder of the README, for repositories without a site.
type FileLinks struct {
	ReadmeDir string // slash-separated, relative to the collection root; "." for the root
}

// AppendCategory appends the relative path of the category's file.
func (l FileLinks) AppendCategory(dst []byte, c *guides.Category) []byte { return l.rel(dst, c.Path) }

// AppendGuide appends the relative path of the guide's file.
func (l FileLinks) AppendGuide(dst []byte, g *guides.Guide) []byte { return l.rel(dst, g.Path) }

func (l FileLinks) rel(dst []byte, target string) []byte {
	from := splitPath(l.ReadmeDir)
	to := splitPath(target)
	i := 0
	for i < len(from) && i < len(to)-1 && from[i] == to[i] {
		i++
	}
	for range from[i:] {
		dst = append(dst, "../"...)
	}
	for j, seg := range to[i:] {
		if j > 0 {
			dst = append(dst, '/')
		}
		dst = appendEscapedDestination(dst, seg)
	}
	return dst
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
	return AppendList(nil, c, links)
}

// AppendList appends the table of contents of c, as Render returns it, to
// dst.
func AppendList(dst []byte, c *guides.Collection, links Linker) []byte {
	return renderList(c, links, dst, func(b []byte) []byte { return b })
}

// chunkSize is how much of a list is rendered before it is handed on.
const chunkSize = 64 << 10

// renderList renders the table of contents of c by appending to buf,
// calling flush whenever buf holds a chunk's worth and once at the end.
// flush returns the buffer to append to next: the same one emptied, or the
// one it was given to keep growing.
func renderList(c *guides.Collection, links Linker, buf []byte, flush func([]byte) []byte) []byte {
	c = c.Published()
	for _, cat := range c.Categories {
		buf = append(buf, "* ["...)
		buf = appendEscapedTitle(buf, cat.Title)
		buf = append(buf, "]("...)
		buf = links.AppendCategory(buf, cat)
		buf = append(buf, ")\n"...)
		for _, g := range c.GuidesIn(cat.ID) {
			buf = append(buf, "  * ["...)
			buf = appendEscapedTitle(buf, g.Title)
			buf = append(buf, "]("...)
			buf = links.AppendGuide(buf, g)
			buf = append(buf, ")\n"...)
			if len(buf) >= chunkSize {
				buf = flush(buf)
			}
		}
	}
	return flush(buf)
}

// EscapeTitle makes a title safe as the text of a markdown link: "\\", "["
// and "]" are escaped with a backslash, and line breaks become spaces, so a
// title can neither end the link early nor start a line of its own.
// Everything else is kept as written.
func EscapeTitle(s string) string { return string(appendEscapedTitle(nil, s)) }

func appendEscapedTitle(dst []byte, s string) []byte {
	if !strings.ContainsAny(s, "\\[]\r\n") {
		return append(dst, s...)
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', '[', ']':
			dst = append(dst, '\\', c)
		case '\r', '\n':
			dst = append(dst, ' ')
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// EscapeDestination percent-encodes the bytes that would end or break a
// markdown link destination: space, "(", ")", "<", ">" and control
// characters. Other characters, such as "'" and "+", are kept as the old
// script wrote them.
func EscapeDestination(s string) string { return string(appendEscapedDestination(nil, s)) }

func appendEscapedDestination(dst []byte, s string) []byte {
	const hex = "0123456789ABCDEF"
	for {
		i := 0
		for i < len(s) && !breaksDestination(s[i]) {
			i++
		}
		dst = append(dst, s[:i]...)
		if i == len(s) {
			return dst
		}
		c := s[i]
		dst = append(dst, '%', hex[c>>4], hex[c&15])
		s = s[i+1:]
	}
}

func breaksDestination(c byte) bool {
	return c <= ' ' || c == 0x7f || c == '(' || c == ')' || c == '<' || c == '>'
}
