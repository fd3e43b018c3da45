package search

import (
	"bytes"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	gmd "github.com/visual-guides/guides/internal/markdown"
)

// BlockKind tells what a Block of a body is.
type BlockKind uint8

// The kinds of Block.
const (
	Prose   BlockKind = iota // a paragraph, list item, table cell or quote
	Heading                  // a heading
	Code                     // a code block
)

// Block is one block of a body's text, markup stripped.
type Block struct {
	Kind BlockKind
	Text string
}

// Text is the text of a markdown body as a reader sees it, block by block,
// in order: what the index reads and excerpts are cut from. Raw HTML is
// left out, as the site leaves it out; links keep their text, images their
// alternative text.
type Text []Block

// markdownParser parses bodies as the site does.
var markdownParser = sync.OnceValue(func() goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(gmd.Extensions()...), goldmark.WithParserOptions(gmd.ParserOptions()...))
})

// ParseText parses src, a markdown body, with the site's configuration and
// returns its text.
func ParseText(src []byte) Text {
	root := markdownParser().Parser().Parse(text.NewReader(src))
	return TextOf(root, src)
}

// TextOf returns the text of a parsed markdown document whose source is
// src: the site calls it on the tree it renders.
func TextOf(root ast.Node, src []byte) Text {
	var out Text
	var b strings.Builder
	var walk func(n ast.Node)
	block := func(kind BlockKind, n ast.Node) {
		b.Reset()
		inline(&b, n, src)
		if s := strings.TrimSpace(b.String()); s != "" {
			out = append(out, Block{Kind: kind, Text: s})
		}
	}
	walk = func(n ast.Node) {
		switch n := n.(type) {
		case *ast.Heading:
			block(Heading, n)
		case *ast.Paragraph, *ast.TextBlock, *east.TableCell:
			block(Prose, n)
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			b.Reset()
			lines := n.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				b.Write(seg.Value(src))
			}
			if s := strings.TrimSpace(b.String()); s != "" {
				out = append(out, Block{Kind: Code, Text: s})
			}
		case *ast.HTMLBlock, *ast.ThematicBreak:
		default:
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				walk(c)
			}
		}
	}
	walk(root)
	return out
}

// inline writes the text of the inline children of n.
func inline(b *strings.Builder, n ast.Node, src []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			v := c.Value(src)
			if !c.IsRaw() {
				v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
			}
			b.Write(v)
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.AutoLink:
			b.Write(c.Label(src))
		case *ast.RawHTML, *east.TaskCheckBox:
		case *ast.Image:
			// An image that opens or closes a block stands apart from the
			// text beside it: its alternative text is a caption, not the
			// start of the sentence.
			before := strings.TrimSpace(b.String()) != ""
			after := hasText(c.NextSibling(), src)
			if before && !after {
				b.WriteString(strings.TrimLeft(separator, spaceAt(b.String(), -1)))
			}
			inline(b, c, src)
			if after && !before {
				b.WriteString(strings.TrimRight(separator, spaceAt(leadingText(c.NextSibling(), src), 0)))
			}
		default:
			inline(b, c, src)
		}
	}
}

// separator stands between texts that a reader sees apart, such as a
// heading and the paragraph after it, when an excerpt runs them together.
const separator = " — "

// spaceAt returns " " when s has a space at i (counted from its end when
// negative), else "".
func spaceAt(s string, i int) string {
	if i < 0 {
		i += len(s)
	}
	if i >= 0 && i < len(s) && s[i] == ' ' {
		return " "
	}
	return ""
}

// leadingText returns the text n starts with, when it is text.
func leadingText(n ast.Node, src []byte) string {
	if t, ok := n.(*ast.Text); ok {
		return string(t.Value(src))
	}
	return ""
}

// hasText reports whether n or a sibling after it holds text other than
// white space.
func hasText(n ast.Node, src []byte) bool {
	for ; n != nil; n = n.NextSibling() {
		if t, ok := n.(*ast.Text); ok && len(bytes.TrimSpace(t.Value(src))) == 0 {
			continue
		}
		return true
	}
	return false
}

// Headings returns the text of the headings.
func (t Text) Headings() []string {
	var out []string
	for _, b := range t {
		if b.Kind == Heading {
			out = append(out, b.Text)
		}
	}
	return out
}

// String returns the text, block after block, one block a line.
func (t Text) String() string {
	var b strings.Builder
	for i, bl := range t {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(bl.Text)
	}
	return b.String()
}
