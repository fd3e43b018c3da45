package markdown

import (
	"bytes"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Where goldmark leaves positions out, and how Scan finds them:
//
//   - A link or image node records where it starts (its "[" or "!"), but
//     not where its destination is. Scan parses with goldmark's own link
//     parser wrapped in linkRecorder, which notes where the "]" that closes
//     a link's text is, and from there walks over "(" and spaces with
//     goldmark's block reader, as goldmark's link parser does. For a link
//     by reference, the "[" is what Scan reports.
//   - A reference definition node keeps the lines it was read from; Scan
//     reads them again, again with goldmark's block reader, up to the
//     destination.
//   - An autolink keeps the text of its URL as a segment of the source, but
//     that segment is not exported; its start is found from where the node
//     starts (see autoLinkOffset).
//
// goldmark's parser keeps all the state of a parse in the parser.Context
// it makes for each parse (its parsers and transformers are stateless, and
// it sets itself up once, under a sync.Once, on its first parse), so one
// parser serves concurrent calls of Scan: it is built once and only read
// afterwards.

// scanParser returns the parser Scan uses.
var scanParser = sync.OnceValue(func() parser.Parser { return newScanMarkdown().Parser() })

// newScanMarkdown builds goldmark with the shared configuration, in which
// goldmark's link parser is wrapped in a linkRecorder. Its parser starts
// from the same block parsers, inline parsers and paragraph transformers as
// goldmark.DefaultParser, so it builds the same tree as the site's parser
// (the tests check that both render the same HTML). Scan uses only the
// parser; the tests use the renderer too.
func newScanMarkdown() goldmark.Markdown {
	inlines := parser.DefaultInlineParsers()
	linkType := reflect.TypeOf(parser.NewLinkParser())
	wrapped := false
	for i, v := range inlines {
		if ip, ok := v.Value.(parser.InlineParser); ok && reflect.TypeOf(ip) == linkType {
			inlines[i].Value = linkRecorder{ip}
			wrapped = true
		}
	}
	if !wrapped {
		panic("markdown: goldmark's default inline parsers have no link parser")
	}
	p := parser.NewParser(
		parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithInlineParsers(inlines...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
	)
	return goldmark.New(
		goldmark.WithParser(p),
		goldmark.WithExtensions(Extensions()...),
		goldmark.WithParserOptions(ParserOptions()...),
	)
}

// linkRecorder is an inline parser that delegates to goldmark's link
// parser and records where the destination of each inline link or image it
// makes starts. It records it as the position of the node: in the trees of
// the scan parser, and only there, the Pos of a link or image without a
// Reference is the source offset of its destination, not of its "[" or
// "!". Nothing in parsing reads the position of a link once made, and the
// HTML renderer never reads it.
type linkRecorder struct {
	parser.InlineParser
}

// Parse implements parser.InlineParser.
func (r linkRecorder) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if line, _ := block.PeekLine(); len(line) == 0 || line[0] != ']' {
		return r.InlineParser.Parse(parent, block, pc)
	}
	closeLine, closeSeg := block.Position()
	n := r.InlineParser.Parse(parent, block, pc)
	switch n := n.(type) {
	case *ast.Link:
		if n.Reference != nil {
			return n
		}
	case *ast.Image:
		if n.Reference != nil {
			return n
		}
	default:
		return n
	}
	// The link parser took "](", spaces (line ends among them), and,
	// for a destination in angle brackets, "<". Take them again.
	endLine, endSeg := block.Position()
	block.SetPosition(closeLine, closeSeg)
	block.Advance(2)
	block.SkipSpaces()
	if block.Peek() == '<' {
		block.Advance(1)
	}
	_, seg := block.Position()
	block.SetPosition(endLine, endSeg)
	n.SetPos(seg.Start)
	return n
}

// CloseBlock implements parser.CloseBlocker: goldmark's link parser clears
// the brackets left open when a block ends.
func (r linkRecorder) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	if cb, ok := r.InlineParser.(parser.CloseBlocker); ok {
		cb.CloseBlock(parent, block, pc)
	}
}

// Scan parses src, a markdown body (without front matter), as the site
// does, and returns its references and headings. Code spans, code blocks
// and raw HTML hold none. Scan is safe for concurrent use.
func Scan(src []byte) Doc {
	root := scanParser().Parse(text.NewReader(src))

	var d Doc
	var headingOffsets []int
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			id, _ := n.AttributeString("id")
			idb, _ := id.([]byte)
			d.Headings = append(d.Headings, Heading{
				Level: n.Level,
				ID:    string(idb),
				Text:  plainText(src, n),
			})
			headingOffsets = append(headingOffsets, headingOffset(n))
		case *ast.Link:
			off := n.Pos() // see linkRecorder
			d.Refs = append(d.Refs, Ref{Kind: Link, Dest: string(n.Destination), Reference: n.Reference != nil, Offset: off})
		case *ast.Image:
			off := n.Pos() // see linkRecorder
			if n.Reference != nil {
				off++ // the "[" after "!"
			}
			d.Refs = append(d.Refs, Ref{Kind: Image, Dest: string(n.Destination), Reference: n.Reference != nil, Offset: off})
		case *ast.AutoLink:
			d.Refs = append(d.Refs, Ref{Kind: AutoLink, Dest: autoLinkDest(src, n), Offset: autoLinkOffset(src, n)})
		case *ast.LinkReferenceDefinition:
			d.Refs = append(d.Refs, Ref{Kind: Definition, Dest: string(n.Destination), Offset: definitionOffset(src, n)})
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})

	// A link may hold an image, whose destination comes first.
	slices.SortStableFunc(d.Refs, func(a, b Ref) int { return a.Offset - b.Offset })
	var lc lineCounter
	for i := range d.Refs {
		r := &d.Refs[i]
		r.Offset = min(max(r.Offset, 0), len(src))
		r.Line, r.Col = lc.position(src, r.Offset)
	}
	lc = lineCounter{}
	for i, off := range headingOffsets {
		d.Headings[i].Line, _ = lc.position(src, min(max(off, 0), len(src)))
	}
	return d
}

// headingOffset returns the source offset where heading h starts.
func headingOffset(h *ast.Heading) int {
	if p := h.Pos(); p >= 0 {
		return p
	}
	if h.Lines().Len() > 0 {
		return h.Lines().At(0).Start
	}
	return 0
}

// autoLinkDest returns the href goldmark's HTML renderer gives n.
func autoLinkDest(src []byte, n *ast.AutoLink) string {
	u := n.URL(src)
	if n.AutoLinkType == ast.AutoLinkEmail && !hasPrefixFold(u, "mailto:") {
		return "mailto:" + string(u)
	}
	return string(u)
}

// autoLinkOffset returns the source offset of the text of autolink n.
//
// goldmark sets the position of an autolink to where the inline parser
// that made it started: the "<" of "<https://…>"; for a bare URL or email
// address either its first byte (at the start of a line) or the space,
// "*", "_", "~" or "(" before it, which GFM's linkify parser takes along.
// The text of a bare URL or email address never starts with such a byte,
// and that of a URL in angle brackets never with "<".
func autoLinkOffset(src []byte, n *ast.AutoLink) int {
	label := n.Label(src)
	p := n.Pos()
	if p < 0 || p >= len(src) {
		if i := bytes.Index(src, label); i >= 0 {
			return i
		}
		return 0
	}
	if bytes.HasPrefix(src[p:], label) && len(label) > 0 {
		return p
	}
	return p + 1
}

// definitionOffset returns the source offset of the destination of
// reference definition n: it reads the definition's lines as goldmark's
// reference parser does, over the bracketed label, ":" and spaces.
func definitionOffset(src []byte, n *ast.LinkReferenceDefinition) int {
	lines := n.Lines()
	if lines.Len() == 0 {
		return max(n.Pos(), 0)
	}
	if off, ok := definitionDest(src, lines); ok {
		return off
	}
	// goldmark v1.8.7 leaves the line of the destination out of the
	// definition, and in the paragraph that follows, when a title on a
	// later line has text after it ("[a]:\nb.md\n't' x"). Read that
	// line too.
	last := lines.At(lines.Len() - 1)
	if next := n.NextSibling(); next != nil && (next.Kind() == ast.KindParagraph || next.Kind() == ast.KindHeading) &&
		next.Lines().Len() > 0 && next.Lines().At(0).Start >= last.Stop {
		more := text.NewSegments()
		more.AppendAll(lines.Sliced(0, lines.Len()))
		more.Append(next.Lines().At(0))
		if off, ok := definitionDest(src, more); ok {
			return off
		}
	}
	if off, ok := nextLineDest(src, last.Stop, n.Destination); ok {
		return off
	}
	return lines.At(0).Start
}

// definitionDest returns the offset of the destination of the reference
// definition that lines hold, and false if they end before it.
func definitionDest(src []byte, lines *text.Segments) (int, bool) {
	r := text.NewBlockReader(src, lines)
	r.SkipSpaces()
	line, _ := r.PeekLine()
	i := bytes.IndexByte(line, '[')
	if i < 0 {
		return 0, false
	}
	r.Advance(i + 1)
	if _, ok := r.FindClosure('[', ']', text.FindClosureOptions{Newline: true, Advance: true}); !ok || r.Peek() != ':' {
		return 0, false
	}
	r.Advance(1)
	r.SkipSpaces()
	if line, _ := r.PeekLine(); line == nil {
		return 0, false
	}
	if r.Peek() == '<' {
		r.Advance(1)
	}
	_, seg := r.Position()
	return seg.Start, true
}

// nextLineDest returns the offset of dest (written as is or in angle
// brackets) at the start of the source line that follows offset from,
// after any spaces, tabs and block quote markers. It is the last resort
// of definitionOffset, for a destination left out of a definition's lines
// that no paragraph holds either.
func nextLineDest(src []byte, from int, dest []byte) (int, bool) {
	p := from
	if p > 0 && p <= len(src) && src[p-1] != '\n' {
		i := bytes.IndexByte(src[p:], '\n')
		if i < 0 {
			return 0, false
		}
		p += i + 1
	}
	for ; p < len(src); p++ {
		switch {
		case src[p] == '<' && bytes.HasPrefix(src[p+1:], dest) && p+1 < len(src):
			return p + 1, true
		case len(dest) > 0 && bytes.HasPrefix(src[p:], dest):
			return p, true
		case src[p] != ' ' && src[p] != '\t' && src[p] != '>':
			return 0, false
		}
	}
	return 0, false
}

// plainText returns the text of heading h as a reader sees it.
func plainText(src []byte, h *ast.Heading) string {
	var b []byte
	_ = ast.Walk(h, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			v := n.Value(src)
			if !n.IsRaw() {
				v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
			}
			b = append(b, v...)
			if n.SoftLineBreak() || n.HardLineBreak() {
				b = append(b, ' ')
			}
		case *ast.String:
			b = append(b, n.Value...)
		case *ast.AutoLink:
			b = append(b, n.Label(src)...)
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(string(b))
}

// lineCounter turns source offsets into lines and columns. Asked for
// offsets in increasing order it reads the source once in all.
type lineCounter struct {
	off       int // the offset last asked for
	line      int // its line, less one
	lineStart int // the offset of the start of that line
}

// position returns the 1-based line and byte column of offset off of src.
func (c *lineCounter) position(src []byte, off int) (line, col int) {
	if off < c.off {
		*c = lineCounter{}
	}
	seg := src[c.off:off]
	if n := bytes.Count(seg, []byte{'\n'}); n > 0 {
		c.line += n
		c.lineStart = c.off + bytes.LastIndexByte(seg, '\n') + 1
	}
	c.off = off
	return c.line + 1, off - c.lineStart + 1
}

// hasPrefixFold reports whether b begins with prefix, which is lower-case
// ASCII, in any letter case.
func hasPrefixFold[T string | []byte](b T, prefix string) bool {
	if len(b) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}
