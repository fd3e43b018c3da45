package site

import (
	"bytes"
	"net/url"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/visual-guides/guides"
	gmd "github.com/visual-guides/guides/internal/markdown"
	"github.com/visual-guides/guides/internal/search"
)

// resolver turns a relative reference in a markdown file into a URL of the
// site: a link to another guide's file becomes a link to its page, and an
// image of the repository is published with the site.
type resolver interface {
	// resolve returns the URL for dest, written in the file at from (a
	// slash-separated path relative to the collection root), and whether
	// it names something the site has. Repository files the URL needs
	// published are added to rec.
	resolve(from, dest string, rec *refRecorder) (string, bool)
	// imageSize returns the width and height of the image at dest, written
	// in the file at from, when it is a file of the repository whose size
	// can be read; 0, 0 otherwise.
	imageSize(from, dest string) (w, h int)
}

// refRecorder collects the repository files one body links to, each once,
// in the order of their first link.
type refRecorder struct {
	files []string
	seen  map[string]bool
}

func (r *refRecorder) add(p string) {
	if r.seen == nil {
		r.seen = map[string]bool{}
	}
	if !r.seen[p] {
		r.seen[p] = true
		r.files = append(r.files, p)
	}
}

// renderContext is what the transformer knows of the body it works on, and
// what it learns of it.
type renderContext struct {
	path string
	rec  *refRecorder
	// cover is the URL of the page's cover image, or "": a body that
	// starts with the same image shows it once, as the cover.
	cover string
	// coverAlt is the alternative text of the image dropped for being
	// the cover, and dropped says whether one was.
	coverAlt string
	dropped  bool
	// toc holds the body's h2 and h3 headings, in order.
	toc []tocEntry
	// code says whether the body holds a block of code, whose page then
	// loads the stylesheet of highlighted code.
	code bool
	// page, when set, is the absolute URL of the page the body is shown
	// on, and every URL is made absolute against it (for the feed).
	page *url.URL
}

// markdown renders guide bodies: GitHub-flavoured markdown without raw
// HTML, with heading anchors, safe links and highlighted code.
type markdown struct {
	md  goldmark.Markdown
	key parser.ContextKey // holds the path of the file being rendered
}

// pathKey is the context key of the path of the file being rendered. It is
// made once: goldmark counts its keys in a variable of its own, which
// making one per build would change while other builds read it, and which
// every parse's context is as large as.
// It is made on first use (see made).
func pathKey() parser.ContextKey { return made().pathKey }

// newMarkdown returns the renderer of bodies for pages or, with feed set,
// for the feed: there every URL is absolute, and the page's controls (the
// frames, buttons and links around images, heading anchors) are left out.
func newMarkdown(res resolver, code goldmark.Extender, feed bool) *markdown {
	m := &markdown{key: pathKey()}
	// The extensions and parser options are those the link rule parses
	// with (package markdown), so that it finds the links and heading ids
	// the pages have.
	exts := gmd.Extensions()
	if code != nil {
		exts = append(exts, code)
	}
	popts := append(gmd.ParserOptions(), parser.WithASTTransformers(util.Prioritized(&linkTransformer{res: res, key: m.key, feed: feed}, 100)))
	m.md = goldmark.New(
		goldmark.WithExtensions(exts...),
		goldmark.WithParserOptions(popts...),
		goldmark.WithRendererOptions(
			// Raw HTML is never passed through: goldmark omits it unless
			// told otherwise, and it is not told.
			renderer.WithNodeRenderers(
				util.Prioritized(headingRenderer{feed}, 100),
				util.Prioritized(frameRenderer{feed}, 100),
				util.Prioritized(imageRenderer{feed}, 100),
				util.Prioritized(taskRenderer{}, 100),
			),
		),
	)
	return m
}

// render converts the markdown src of the file at path to HTML, adding the
// repository files it links to to rec, and returns its text for the search
// index, taken from the same tree. cover is the URL of the page's cover
// image, or "". What the transformer learns is left in rc.
func (m *markdown) render(rc *renderContext, src []byte) ([]byte, search.Text, error) {
	ctx := parser.NewContext()
	ctx.Set(m.key, rc)
	doc := m.md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
	var buf bytes.Buffer
	if err := m.md.Renderer().Render(&buf, src, doc); err != nil {
		return nil, nil, err
	}
	return buf.Bytes(), search.TextOf(doc, src), nil
}

// linkTransformer makes every link and image of a document safe and
// resolves relative ones. Only http, https and mailto links survive (and
// http and https images); a link with another scheme, such as javascript:,
// is replaced by its text, and such an image by its alternative text.
type linkTransformer struct {
	res  resolver
	key  parser.ContextKey
	feed bool // for the feed, whose readers have styles of their own
}

func (t *linkTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	rc, _ := pc.Get(t.key).(*renderContext)
	if rc == nil {
		rc = &renderContext{}
	}
	var unwrap []ast.Node
	var frames []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			dest, ok := t.destination(rc, string(n.Destination), false)
			if !ok {
				unwrap = append(unwrap, n)
				break
			}
			n.Destination = []byte(rc.absolute(dest))
		case *ast.Image:
			written := string(n.Destination)
			dest, ok := t.destination(rc, written, true)
			if !ok {
				unwrap = append(unwrap, n)
				break
			}
			n.Destination = []byte(rc.absolute(dest))
			if w, h := t.res.imageSize(rc.path, written); w > 0 && h > 0 {
				n.SetAttributeString("width", []byte(strconv.Itoa(w)))
				n.SetAttributeString("height", []byte(strconv.Itoa(h)))
			}
		case *ast.Heading:
			if n.Level == 2 || n.Level == 3 {
				if id, ok := n.AttributeString("id"); ok {
					if b, ok := id.([]byte); ok {
						rc.toc = append(rc.toc, tocEntry{Level: n.Level, ID: string(b), Text: plainText(n, reader.Source())})
					}
				}
			}
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			rc.code = true
			frames = append(frames, n)
		case *east.Table:
			frames = append(frames, n)
		case *ast.AutoLink:
			if s := guides.Scheme(string(n.URL(reader.Source()))); s != "http" && s != "https" && s != "mailto" && n.AutoLinkType != ast.AutoLinkEmail {
				unwrap = append(unwrap, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range unwrap {
		unwrapLink(n, reader.Source())
	}
	for _, n := range frames {
		wrapInFrame(n)
	}
	if rc.cover != "" {
		dropCover(doc, rc, reader.Source())
	}
	if !t.feed {
		markFigures(doc, reader.Source())
	}
}

// markFigures gives the class "figure" to every paragraph that holds
// images alone (each perhaps in a link): a diagram, which the page may
// show wider than its lines of text.
func markFigures(doc *ast.Document, src []byte) {
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if n.Kind() == ast.KindParagraph && imagesAlone(n, src) {
			n.SetAttributeString("class", []byte("figure"))
		}
	}
}

// imagesAlone says whether n holds at least one image, and besides its
// images only links that hold images alone, and space.
func imagesAlone(n ast.Node, src []byte) bool {
	images := 0
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Image:
			images++
		case *ast.Link:
			if !imagesAlone(c, src) {
				return false
			}
			images++
		case *ast.Text:
			if len(bytes.TrimSpace(c.Segment.Value(src))) > 0 {
				return false
			}
		default:
			return false
		}
	}
	return images > 0
}

// unwrapLink replaces a link or image whose destination is dropped with
// what it holds; an autolink, which has no children, with its text.
func unwrapLink(n ast.Node, source []byte) {
	parent := n.Parent()
	if parent == nil {
		return
	}
	if al, ok := n.(*ast.AutoLink); ok {
		parent.ReplaceChild(parent, n, ast.NewString(al.Label(source)))
		return
	}
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c)
		c = next
	}
	parent.RemoveChild(parent, n)
}

// wrapInFrame puts a code block or a table in a frame of its kind.
func wrapInFrame(n ast.Node) {
	parent := n.Parent()
	if parent == nil {
		return
	}
	f := &frame{kind: frameCode}
	if _, ok := n.(*east.Table); ok {
		f.kind = frameTable
	}
	parent.ReplaceChild(parent, n, f)
	f.AppendChild(f, n)
}

// absolute makes u absolute against the page, when there is one.
func (rc *renderContext) absolute(u string) string {
	if rc.page == nil {
		return u
	}
	ref, err := url.Parse(u)
	if err != nil {
		return u
	}
	return rc.page.ResolveReference(ref).String()
}

// dropCover removes every image of the body that is the page's cover,
// which the page shows above the body already, and keeps the first one's
// alternative text for the cover. Bodies often hold the diagram their
// image field names, at their start or after a sentence: shown twice, it
// pushes the text a screen down and says nothing new.
func dropCover(doc *ast.Document, rc *renderContext, src []byte) {
	var found []*ast.Image
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if img, ok := n.(*ast.Image); ok && entering && string(img.Destination) == rc.cover {
			found = append(found, img)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for i, img := range found {
		if i == 0 {
			rc.dropped, rc.coverAlt = true, plainText(img, src)
		}
		removeImage(img, src)
	}
}

// removeImage removes an image from where it stands, with the space after
// it; what held it and is left with nothing but space (a link, emphasis,
// a paragraph, a list item, a list, a quote) goes too.
func removeImage(img *ast.Image, src []byte) {
	parent := img.Parent()
	if parent == nil {
		return
	}
	next := img.NextSibling()
	parent.RemoveChild(parent, img)
	// The space between the image and the text after it goes with it.
	if t, ok := next.(*ast.Text); ok {
		v := t.Segment.Value(src)
		t.Segment = t.Segment.WithStart(t.Segment.Start + len(v) - len(bytes.TrimLeft(v, " \t")))
	}
	for n := parent; emptied(n, src); {
		up := n.Parent()
		up.RemoveChild(up, n)
		n = up
	}
}

// emptied says whether n is a container that holds nothing but space, and
// can go.
func emptied(n ast.Node, src []byte) bool {
	if n == nil || n.Parent() == nil {
		return false
	}
	switch n.Kind() {
	case ast.KindLink, ast.KindEmphasis, ast.KindParagraph, ast.KindTextBlock, ast.KindListItem, ast.KindList, ast.KindBlockquote:
		return onlySpace(n, src)
	}
	return false
}

// onlySpace says whether every child of n is text of spaces alone.
func onlySpace(n ast.Node, src []byte) bool {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); !ok || len(bytes.TrimSpace(t.Segment.Value(src))) > 0 {
			return false
		}
	}
	return true
}

// plainText returns the text of a node's inline content, without markup.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.AutoLink:
			b.Write(c.Label(src))
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

// destination returns the URL a link or image destination becomes, and
// false when it must not be kept.
func (t *linkTransformer) destination(rc *renderContext, dest string, image bool) (string, bool) {
	switch s := guides.Scheme(dest); s {
	case "http", "https":
		return dest, true
	case "mailto":
		return dest, !image
	case "":
	default:
		return "", false
	}
	switch {
	case dest == "":
		return "", !image
	case strings.HasPrefix(dest, "#"), strings.HasPrefix(dest, "//"):
		return dest, true
	}
	if u, ok := t.res.resolve(rc.path, dest, rc.rec); ok {
		return u, true
	}
	return dest, true
}

// splitRef splits a relative reference into its path and what follows it:
// a query or a fragment.
func splitRef(dest string) (p, rest string) {
	if i := strings.IndexAny(dest, "?#"); i >= 0 {
		return dest[:i], dest[i:]
	}
	return dest, ""
}

// headingRenderer renders headings followed by a link to themselves.
// The link is beside the heading, not in it, so that a heading's name is
// its text alone: a screen reader listing headings reads the titles, not
// "Link to this section" after each.
type headingRenderer struct{ feed bool }

func (r headingRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, r.render)
}

func (r headingRenderer) render(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	level := "0123456"[n.Level]
	var id []byte
	if v, ok := n.AttributeString("id"); ok && !r.feed {
		id, _ = v.([]byte)
	}
	if entering {
		if id != nil {
			_, _ = w.WriteString(`<div class="heading">`)
		}
		_, _ = w.WriteString("<h")
		_ = w.WriteByte(level)
		if n.Attributes() != nil {
			html.RenderAttributes(w, node, html.HeadingAttributeFilter)
		}
		_ = w.WriteByte('>')
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("</h")
	_ = w.WriteByte(level)
	_ = w.WriteByte('>')
	if id != nil {
		_, _ = w.WriteString(`<a class="anchor" href="#`)
		_, _ = w.Write(util.EscapeHTML(util.URLEscape(id, false)))
		_, _ = w.WriteString(`" aria-label="Link to the section `)
		_, _ = w.Write(util.EscapeHTML([]byte(plainText(n, source))))
		_, _ = w.WriteString(`">#</a></div>`)
	}
	_ = w.WriteByte('\n')
	return ast.WalkContinue, nil
}

// frame is a block that holds a code block or a table, which may be wider
// than the page: the frame scrolls, and a keyboard can reach it to scroll
// it. A code block's frame has a button that copies the code.
type frame struct {
	ast.BaseBlock
	kind frameKind
}

type frameKind int

const (
	frameCode frameKind = iota
	frameTable
)

func kindFrame() ast.NodeKind { return made().kindFrame }

func (f *frame) Kind() ast.NodeKind { return kindFrame() }

func (f *frame) Dump(source []byte, level int) { ast.DumpHelper(f, source, level, nil, nil) }

// frameRenderer renders frames.
type frameRenderer struct{ feed bool }

func (r frameRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindFrame(), r.render)
}

// A scrolling region that holds nothing focusable is reached by keyboard
// through tabindex="0"; role="group" with a name says what it is without
// adding a landmark for each block.
func (r frameRenderer) render(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	f := node.(*frame)
	switch {
	case r.feed:
	case entering && f.kind == frameCode:
		_, _ = w.WriteString(`<div class="code"><div class="scroll" tabindex="0" role="group" aria-label="Code">`)
	case entering:
		_, _ = w.WriteString(`<div class="scroll table-scroll" tabindex="0" role="group" aria-label="Table">`)
	case f.kind == frameCode:
		_, _ = w.WriteString("</div><button class=\"copy\" type=\"button\" data-copy hidden>Copy</button></div>\n")
	default:
		_, _ = w.WriteString("</div>\n")
	}
	return ast.WalkContinue, nil
}

// imageRenderer renders images loaded lazily, with their size when it is
// known, and, unless they are in a link already, in a link to the image
// itself: the page's script opens it in a zoomable view, and without the
// script the browser shows it full size.
type imageRenderer struct{ feed bool }

func (r imageRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindImage, r.render)
}

func (r imageRenderer) render(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Image)
	linked := r.feed
	alt := []byte(plainText(n, source))
	for p := n.Parent(); p != nil; p = p.Parent() {
		if l, ok := p.(*ast.Link); ok {
			linked = true
			// A link that holds nothing but images without alternative
			// text would have no name: its first image is named by
			// where it leads.
			if len(alt) == 0 && plainText(l, source) == "" && l.FirstChild() == ast.Node(n) {
				alt = []byte("Link to " + string(l.Destination))
			}
			break
		}
		if p.Kind() == ast.KindAutoLink {
			linked = true
			break
		}
	}
	src := util.EscapeHTML(util.URLEscape(n.Destination, true))
	alt = util.EscapeHTML(alt)
	if !linked {
		_, _ = w.WriteString(`<a class="zoom" href="`)
		_, _ = w.Write(src)
		_, _ = w.WriteString(`" data-zoom`)
		if len(alt) == 0 {
			_, _ = w.WriteString(` aria-label="Open the image"`)
		}
		_, _ = w.WriteString(`>`)
	}
	_, _ = w.WriteString(`<img src="`)
	_, _ = w.Write(src)
	_, _ = w.WriteString(`" alt="`)
	_, _ = w.Write(alt)
	_ = w.WriteByte('"')
	if n.Title != nil {
		_, _ = w.WriteString(` title="`)
		_, _ = w.Write(util.EscapeHTML(n.Title))
		_ = w.WriteByte('"')
	}
	for _, name := range []string{"width", "height"} {
		if v, ok := n.AttributeString(name); ok {
			if b, ok := v.([]byte); ok {
				_, _ = w.WriteString(" " + name + `="`)
				_, _ = w.Write(b)
				_ = w.WriteByte('"')
			}
		}
	}
	if !r.feed {
		_, _ = w.WriteString(` loading="lazy" decoding="async"`)
	}
	_ = w.WriteByte('>')
	if !linked {
		_, _ = w.WriteString(`</a>`)
	}
	return ast.WalkSkipChildren, nil
}

// taskRenderer renders the check boxes of task lists with the task as
// their name, which a screen reader reads with the box's state.
type taskRenderer struct{}

func (taskRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(east.KindTaskCheckBox, renderTask)
}

func renderTask(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*east.TaskCheckBox)
	name := "Task"
	if p := n.Parent(); p != nil {
		if t := plainText(p, source); t != "" {
			name = t
		}
	}
	_, _ = w.WriteString(`<input type="checkbox" disabled`)
	if n.IsChecked {
		_, _ = w.WriteString(` checked`)
	}
	_, _ = w.WriteString(` aria-label="`)
	_, _ = w.Write(util.EscapeHTML([]byte(name)))
	_, _ = w.WriteString(`"> `)
	return ast.WalkContinue, nil
}
