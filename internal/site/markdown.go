package site

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
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

// renderContext is what the link transformer knows of the body it works on.
type renderContext struct {
	path string
	rec  *refRecorder
}

// markdown renders guide bodies: GitHub-flavoured markdown without raw
// HTML, with heading anchors, safe links and highlighted code.
type markdown struct {
	md  goldmark.Markdown
	key parser.ContextKey // holds the path of the file being rendered
}

func newMarkdown(res resolver, code goldmark.Extender) *markdown {
	m := &markdown{key: parser.NewContextKey()}
	// The extensions and parser options are those the link rule parses
	// with (package markdown), so that it finds the links and heading ids
	// the pages have.
	exts := gmd.Extensions()
	if code != nil {
		exts = append(exts, code)
	}
	popts := append(gmd.ParserOptions(), parser.WithASTTransformers(util.Prioritized(&linkTransformer{res: res, key: m.key}, 100)))
	m.md = goldmark.New(
		goldmark.WithExtensions(exts...),
		goldmark.WithParserOptions(popts...),
		goldmark.WithRendererOptions(
			// Raw HTML is never passed through: goldmark omits it unless
			// told otherwise, and it is not told.
			renderer.WithNodeRenderers(util.Prioritized(headingRenderer{}, 100)),
		),
	)
	return m
}

// render converts the markdown src of the file at path to HTML, adding the
// repository files it links to to rec, and returns its text for the search
// index, taken from the same tree.
func (m *markdown) render(path string, src []byte, rec *refRecorder) ([]byte, search.Text, error) {
	ctx := parser.NewContext()
	ctx.Set(m.key, renderContext{path: path, rec: rec})
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
	res resolver
	key parser.ContextKey
}

func (t *linkTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	rc, _ := pc.Get(t.key).(renderContext)
	var unwrap []ast.Node
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
			n.Destination = []byte(dest)
		case *ast.Image:
			dest, ok := t.destination(rc, string(n.Destination), true)
			if !ok {
				unwrap = append(unwrap, n)
				break
			}
			n.Destination = []byte(dest)
		case *ast.AutoLink:
			if s := guides.Scheme(string(n.URL(reader.Source()))); s != "http" && s != "https" && s != "mailto" && n.AutoLinkType != ast.AutoLinkEmail {
				unwrap = append(unwrap, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range unwrap {
		parent := n.Parent()
		if parent == nil {
			continue
		}
		if al, ok := n.(*ast.AutoLink); ok {
			// An autolink has no children: keep its text as text.
			parent.ReplaceChild(parent, n, ast.NewString(al.Label(reader.Source())))
			continue
		}
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
}

// destination returns the URL a link or image destination becomes, and
// false when it must not be kept.
func (t *linkTransformer) destination(rc renderContext, dest string, image bool) (string, bool) {
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

// headingRenderer renders headings with a link to themselves.
type headingRenderer struct{}

func (headingRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, renderHeading)
}

func renderHeading(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	level := "0123456"[n.Level]
	if entering {
		_, _ = w.WriteString("<h")
		_ = w.WriteByte(level)
		if n.Attributes() != nil {
			html.RenderAttributes(w, node, html.HeadingAttributeFilter)
		}
		_ = w.WriteByte('>')
		return ast.WalkContinue, nil
	}
	if id, ok := n.AttributeString("id"); ok {
		if b, ok := id.([]byte); ok {
			_, _ = w.WriteString(`<a class="anchor" href="#`)
			_, _ = w.Write(util.EscapeHTML(util.URLEscape(b, false)))
			_, _ = w.WriteString(`" aria-label="Link to this section">#</a>`)
		}
	}
	_, _ = w.WriteString("</h")
	_ = w.WriteByte(level)
	_, _ = w.WriteString(">\n")
	return ast.WalkContinue, nil
}
