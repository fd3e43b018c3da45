// Package markdown owns the goldmark configuration that every reader of a
// guide body shares, and scans a body for what the checks need to know of
// it: where its links, images and reference definitions point, and which
// headings (with which ids) it has.
//
// Whatever renders bodies (the site) builds goldmark from Extensions and
// ParserOptions, adding its own renderer options and transformers; Scan
// parses with the same configuration, so the ids it reports are those the
// site renders and the links it reports are those the site's transformers
// see.
package markdown

import (
	"strconv"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/util"
)

// Extensions returns the goldmark extensions that every renderer and
// scanner of guide bodies uses: GitHub-flavoured markdown (tables,
// strikethrough, task lists and bare URLs made into links). The slice is
// new on every call, so a caller may append its own extensions to it.
func Extensions() []goldmark.Extender {
	return []goldmark.Extender{extension.GFM}
}

// ParserOptions returns the goldmark parser options that every renderer and
// scanner of guide bodies uses: goldmark's automatic heading ids, and runs
// of "*", "_" and "~" that match nothing taken as text at once (see
// inertDelimiters), which changes no document. The id of
// a heading comes from the source text of its last line, markup included:
// ASCII letters (lower-cased) and digits are kept, spaces, "-" and "_"
// become "-", anything else is dropped, and "heading" stands for nothing
// left. An id already given in the document gets the next free suffix of
// -1, -2, …. The slice is new on every call, so a caller may append its
// own options to it.
func ParserOptions() []parser.Option {
	return []parser.Option{
		parser.WithAutoHeadingID(),
		parser.WithInlineParsers(util.Prioritized(inertDelimiters{}, inertPriority)),
	}
}

// RefKind tells what construct of the markdown a Ref comes from.
type RefKind uint8

// The kinds of Ref.
const (
	// Link is a link, inline ("[text](dest)") or by reference
	// ("[text][label]", "[text][]", "[label]").
	Link RefKind = iota + 1
	// Image is an image, inline ("![alt](dest)") or by reference.
	Image
	// AutoLink is a URL or email address made into a link: written in
	// angle brackets ("<https://example.com>") or, as GitHub-flavoured
	// markdown allows, bare ("https://example.com", "www.example.com",
	// "someone@example.com").
	AutoLink
	// Definition is a link reference definition ("[label]: dest").
	Definition
)

// String returns the name of k, such as "link".
func (k RefKind) String() string {
	switch k {
	case Link:
		return "link"
	case Image:
		return "image"
	case AutoLink:
		return "autolink"
	case Definition:
		return "definition"
	}
	return "RefKind(" + strconv.Itoa(int(k)) + ")"
}

// Ref is one destination a markdown body refers to.
type Ref struct {
	Kind RefKind
	// Dest is the destination as goldmark gives it to the renderer. For a
	// link or image by reference it is the destination of the definition
	// the reference resolves to. Backslash escapes and character
	// references are left as written ("a\_b.md" stays so); only the HTML
	// renderer resolves them, and the site's link resolution sees the text
	// as written too. An email autolink gets the "mailto:" its href has;
	// a bare "www." autolink gets "http://".
	Dest string
	// Reference reports a link or image by reference: its destination is
	// written in the definition, which is a Ref too.
	Reference bool
	// Offset is the byte offset in the source of the place Line and Col
	// name: the first byte of the destination as written (inside "(…)"
	// after any spaces, inside "<…>", after "]: "), or, for a link or
	// image by reference, the "[" that opens its text (after an image's
	// "!"). An empty destination ("[a]()", "[a](<>)") has the offset of
	// the byte that follows where it would be.
	Offset int
	// Line is the 1-based line of Offset. Lines end at "\n" (so a CRLF
	// line end is one line end and a lone "\r" is none, as in goldmark).
	Line int
	// Col is the 1-based byte column of Offset in its line: a tab is one
	// column, and so is each byte of a multi-byte character.
	Col int
}

// Href returns the destination as the site's HTML holds it, and so as a
// browser requests it: with backslash escapes and character references
// resolved (an autolink has none: its text is its URL), and with the
// characters a URL may not hold percent-encoded, as goldmark's HTML
// renderer writes them.
func (r Ref) Href() string {
	return string(util.URLEscape([]byte(r.Dest), r.Kind != AutoLink))
}

// Heading is one heading of a markdown body.
type Heading struct {
	// Level is 1 to 6.
	Level int
	// ID is the id attribute the site gives the heading.
	ID string
	// Text is the heading's text as a reader sees it: without markup,
	// with backslash escapes and character references resolved, and with
	// the label of a link or the alternative text of an image in place.
	Text string
	// Line is the 1-based line where the heading starts.
	Line int
}

// Doc is what Scan finds in a markdown body.
type Doc struct {
	// Refs holds the body's references ordered by Offset.
	Refs []Ref
	// Headings holds the body's headings in source order.
	Headings []Heading
}
