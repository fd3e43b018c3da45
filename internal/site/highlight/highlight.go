// Package highlight renders the code blocks of guides as highlighted HTML
// at build time, so that pages need no script to colour their code.
//
// New returns a goldmark extender that replaces goldmark's rendering of
// fenced and indented code blocks; CSS returns the matching stylesheet for
// light and dark pages.
//
// The package defines its own lexers with chroma's core API rather than
// importing chroma's lexers and styles packages: those parse hundreds of
// embedded definitions when the program starts, a cost every command of the
// guides binary would pay, while these lexers cost nothing until a block of
// their language is first rendered. A test keeps it that way.
package highlight

import (
	"bytes"
	"fmt"
	"html"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Options configure the renderer; the zero value is usable.
type Options struct {
	// TabWidth, when positive, expands tabs in code to spaces at tab stops
	// every TabWidth columns. Zero keeps tabs as they are and leaves their
	// width to the page's tab-size.
	TabWidth int
}

// priority places the renderer ahead of goldmark's HTML renderer, which is
// registered at 1000: goldmark registers node renderers from the highest
// number to the lowest, so for a node kind the lowest number wins.
const priority = 200

// maxLangLen bounds the language name copied into attributes.
const maxLangLen = 32

// New returns a goldmark extender that renders fenced and indented code
// blocks as highlighted HTML.
//
// A fenced block whose info string names a known language becomes
// <pre class="chroma"><code class="language-L" data-lang="L"> with each
// token in a <span> of chroma's short class names; other blocks are
// escaped text in the same wrapper. L is the first word of the info
// string, lower-cased, with only the characters [a-z0-9+#._-] kept.
//
// The languages, by name or alias in any case, are go (golang); python
// (py, python3); javascript (js, mjs, cjs, typescript, ts); jsx (tsx),
// which is JavaScript or TypeScript with JSX elements; java; sql
// (postgresql, postgres, psql, mysql, sqlite); yaml (yml); json (jsonc);
// bash (sh, shell, zsh); console (shell-session), where a line starting
// with "$ " or "# " is a prompt and a command and other lines are output;
// http; dockerfile (docker, containerfile); and diff (patch, udiff).
// Blocks in text, plaintext, none or another language are escaped text.
//
// Lexers are built on first use, and renderers using the extender may
// run concurrently.
func New(opts Options) goldmark.Extender {
	return &extender{r: &codeRenderer{opts: opts, state: sync.OnceValue(newState)}}
}

type extender struct{ r *codeRenderer }

// Extend registers the code block renderer with m.
func (e *extender) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(e.r, priority)))
}

// codeRenderer is the goldmark node renderer for code blocks.
type codeRenderer struct {
	opts  Options
	state func() *state
}

// state is what rendering needs and is built once, on first use.
type state struct {
	langs     *registry
	formatter *chromahtml.Formatter
	style     *chroma.Style // required by the formatter, unused with classes
}

func newState() *state {
	return &state{
		langs: newRegistry(),
		formatter: chromahtml.New(
			chromahtml.WithClasses(true),
			chromahtml.PreventSurroundingPre(true),
		),
		style: chroma.MustNewStyle("guides", chroma.StyleEntries{}),
	}
}

// RegisterFuncs registers the renderer for fenced and indented code blocks.
func (r *codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, r.renderBlock)
	reg.Register(ast.KindCodeBlock, r.renderBlock)
}

func (r *codeRenderer) renderBlock(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	var lang string
	if fenced, ok := n.(*ast.FencedCodeBlock); ok && fenced.Info != nil {
		lang = languageName(fenced.Info.Segment.Value(source))
	}
	var code bytes.Buffer
	lines := n.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		code.Write(seg.Value(source))
	}
	src := code.String()
	if r.opts.TabWidth > 0 {
		src = expandTabs(src, r.opts.TabWidth)
	}
	if err := r.write(w, lang, src, budgetOf(n)); err != nil {
		return ast.WalkStop, fmt.Errorf("highlight %s block at byte %d: %w", displayLang(lang), blockStart(n), err)
	}
	return ast.WalkSkipChildren, nil
}

// write writes one block of code in language lang (a sanitised name, or
// empty for none).
func (r *codeRenderer) write(w util.BufWriter, lang, src string, budget *int) error {
	_, _ = w.WriteString(`<pre class="chroma"><code`)
	if lang != "" {
		// lang holds only [a-z0-9+#._-], so it needs no escaping.
		_, _ = w.WriteString(` class="language-` + lang + `" data-lang="` + lang + `"`)
	}
	_ = w.WriteByte('>')
	if err := r.writeCode(w, lang, src, budget); err != nil {
		return err
	}
	_, _ = w.WriteString("</code></pre>\n")
	return nil
}

func (r *codeRenderer) writeCode(w util.BufWriter, lang, src string, budget *int) error {
	if lang == "" || *budget <= 0 {
		_, _ = w.WriteString(html.EscapeString(src))
		return nil
	}
	st := r.state()
	lexer := st.langs.lookup(lang)
	if lexer == nil {
		_, _ = w.WriteString(html.EscapeString(src))
		return nil
	}
	if plain, ok := st.langs.noHeredoc[lexer]; ok && heredocCost(src) > 4*int64(len(src))+1<<16 {
		lexer = plain
	}
	it, err := lexer.Tokenise(nil, src)
	if err != nil {
		return err
	}
	// The lexer's tokens are counted against the document's budget;
	// where it runs out, the rest of the code is written as text.
	done := 0 // bytes of src the tokens cover
	limited := func() chroma.Token {
		if *budget <= 0 {
			return chroma.EOF
		}
		t := it()
		if t != chroma.EOF {
			*budget--
			done += len(t.Value)
		}
		return t
	}
	if err := st.formatter.Format(w, st.style, coalesce(limited)); err != nil {
		return err
	}
	if done < len(src) {
		_, _ = w.WriteString(html.EscapeString(src[done:]))
	}
	return nil
}

// coalesce joins runs of tokens of one type, as chroma.Coalesce does, so
// that a run of them is one span.
func coalesce(it chroma.Iterator) chroma.Iterator {
	var prev chroma.Token
	return func() chroma.Token {
		for t := it(); t != chroma.EOF; t = it() {
			switch {
			case t.Value == "":
			case prev == chroma.EOF:
				prev = t
			case prev.Type == t.Type && len(prev.Value) < 8192:
				prev.Value += t.Value
			default:
				out := prev
				prev = t
				return out
			}
		}
		out := prev
		prev = chroma.EOF
		return out
	}
}

// tokenBudget is how many tokens the code blocks of one document may
// have highlighted. Lexing takes a few microseconds a token, and more on
// hostile code: the budget keeps the time a document's code takes below
// a fraction of a second, while highlighting a hundred kilobytes of
// ordinary code.
const tokenBudget = 25_000

// budgetKey keys the highlighting budget in a document's metadata.
const budgetKey = "guides/highlight-budget"

// budgetOf returns the highlighting budget of the document of n, which
// its code blocks, rendered one after the other, share.
func budgetOf(n ast.Node) *int {
	doc := n.OwnerDocument()
	if doc == nil {
		b := tokenBudget
		return &b
	}
	if b, ok := doc.Meta()[budgetKey].(*int); ok {
		return b
	}
	b := tokenBudget
	doc.AddMeta(budgetKey, &b)
	return &b
}

// languageName returns the language an info string names: its first word,
// lower-cased, keeping only the characters [a-z0-9+#._-], and at most
// maxLangLen of them. The result is safe in an HTML attribute.
func languageName(info []byte) string {
	fields := bytes.Fields(info)
	if len(fields) == 0 {
		return ""
	}
	var b strings.Builder
	for _, c := range bytes.ToLower(fields[0]) {
		if b.Len() == maxLangLen {
			break
		}
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case c == '+', c == '#', c == '.', c == '_', c == '-':
		default:
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func displayLang(lang string) string {
	if lang == "" {
		return "plain"
	}
	return lang
}

// blockStart returns the byte offset of a block's first line, or -1.
func blockStart(n ast.Node) int {
	if lines := n.Lines(); lines.Len() > 0 {
		return lines.At(0).Start
	}
	return -1
}

// expandTabs replaces each tab of src with the spaces that reach the next
// multiple of width columns, counting columns in runes from each line's
// start.
func expandTabs(src string, width int) string {
	if !strings.Contains(src, "\t") {
		return src
	}
	var b strings.Builder
	b.Grow(len(src) + len(src)/4)
	col := 0
	for _, c := range src {
		switch c {
		case '\t':
			n := width - col%width
			b.WriteString(strings.Repeat(" ", n))
			col += n
		case '\n':
			b.WriteRune(c)
			col = 0
		default:
			b.WriteRune(c)
			col++
		}
	}
	return b.String()
}
