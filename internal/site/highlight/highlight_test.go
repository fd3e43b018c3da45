package highlight_test

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"github.com/visual-guides/guides/internal/site/highlight"
)

// newMarkdown returns goldmark with GitHub-flavoured markdown and the
// highlighter, as the site configures it.
func newMarkdown(opts highlight.Options) goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(extension.GFM, highlight.New(opts)))
}

// renderMarkdown renders src with newMarkdown's configuration.
func renderMarkdown(tb testing.TB, src string) string {
	tb.Helper()
	return convert(tb, newMarkdown(highlight.Options{}), src)
}

func convert(tb testing.TB, md goldmark.Markdown, src string) string {
	tb.Helper()
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		tb.Fatalf("Convert: %v", err)
	}
	return buf.String()
}

// TestOverridesDefaultRenderer proves that the highlighter, not goldmark's
// own HTML renderer, renders code blocks, whatever the order of the
// extensions; goldmark alone is the control.
func TestOverridesDefaultRenderer(t *testing.T) {
	const src = "```go\nfunc f() {}\n```\n"
	tests := []struct {
		name string
		md   goldmark.Markdown
		want string
	}{
		{"GFM first", goldmark.New(goldmark.WithExtensions(extension.GFM, highlight.New(highlight.Options{}))),
			"<pre class=\"chroma\"><code class=\"language-go\" data-lang=\"go\"><span class=\"k\">func</span> <span class=\"nf\">f</span><span class=\"p\">()</span> <span class=\"p\">{}</span>\n</code></pre>\n"},
		{"highlight first", goldmark.New(goldmark.WithExtensions(highlight.New(highlight.Options{}), extension.GFM)),
			"<pre class=\"chroma\"><code class=\"language-go\" data-lang=\"go\"><span class=\"k\">func</span> <span class=\"nf\">f</span><span class=\"p\">()</span> <span class=\"p\">{}</span>\n</code></pre>\n"},
		{"goldmark alone", goldmark.New(goldmark.WithExtensions(extension.GFM)),
			"<pre><code class=\"language-go\">func f() {}\n</code></pre>\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := convert(t, tt.md, src); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestLanguages renders a snippet under each name and alias, in any case,
// and checks that the language's lexer classed it.
func TestLanguages(t *testing.T) {
	tests := []struct {
		names []string
		code  string
		want  string // a fragment of the highlighted code
		plain bool   // whether the code has no tokens
	}{
		{[]string{"go", "golang", "Go", "GOLANG"}, "func main() {}", `<span class="k">func</span>`, false},
		{[]string{"python", "py", "python3", "Python"}, "def f(): pass", `<span class="k">def</span> <span class="nf">f</span>`, false},
		{[]string{"javascript", "js", "typescript", "ts", "mjs", "cjs", "TypeScript"}, "const x = `a${b}`;", `<span class="si">${</span>`, false},
		{[]string{"jsx", "tsx", "JSX"}, "const a = <A b=\"c\" />;", `<span class="p">&lt;</span><span class="nt">A</span> <span class="na">b</span>`, false},
		{[]string{"java", "Java"}, "public static void main() {}", `<span class="kt">void</span>`, false},
		{[]string{"sql", "postgresql", "postgres", "psql", "mysql", "sqlite", "SQL"}, "select 1 from t;", `<span class="k">select</span> <span class="mi">1</span>`, false},
		{[]string{"yaml", "yml", "YAML"}, "key: 12", `<span class="nt">key</span><span class="p">:</span> <span class="m">12</span>`, false},
		{[]string{"json", "jsonc", "JSON"}, `{"a": true}`, `<span class="nt">&#34;a&#34;</span>`, false},
		{[]string{"bash", "sh", "shell", "zsh", "Bash"}, `echo "$HOME"`, `<span class="nb">echo</span> <span class="s">&#34;</span><span class="nv">$HOME</span>`, false},
		{[]string{"console", "shell-session", "Console"}, "$ ls -l\ntotal 0", `<span class="gp">$ </span><span class="nf">ls</span> -l` + "\n" + `<span class="go">total 0</span>`, false},
		{[]string{"http", "HTTP"}, "GET / HTTP/1.1\nHost: a", `<span class="k">GET</span> <span class="nn">/</span> <span class="kr">HTTP/1.1</span>`, false},
		{[]string{"dockerfile", "docker", "containerfile", "Dockerfile"}, "FROM alpine AS base", `<span class="k">FROM</span> alpine <span class="k">AS</span> <span class="nl">base</span>`, false},
		{[]string{"diff", "patch", "udiff", "DIFF"}, "-a\n+b", `<span class="gd">-a</span>` + "\n" + `<span class="gi">+b</span>`, false},
		{[]string{"text", "plaintext", "none", "Text"}, "a < b", `a &lt; b`, true},
		{[]string{"brainfuck", "c++", "unknown-lang"}, "if (a < b) {}", `if (a &lt; b) {}`, true},
	}
	for _, tt := range tests {
		for _, name := range tt.names {
			t.Run(name, func(t *testing.T) {
				got := renderMarkdown(t, fence(name, tt.code))
				lang := strings.ToLower(name)
				open := fmt.Sprintf(`<pre class="chroma"><code class="language-%s" data-lang="%s">`, lang, lang)
				if !strings.HasPrefix(got, open) {
					t.Errorf("got %q, want it to start with %q", got, open)
				}
				if !strings.Contains(got, tt.want) {
					t.Errorf("got %q, want it to contain %q", got, tt.want)
				}
				if tt.plain && strings.Contains(got, "<span") {
					t.Errorf("got %q, want no tokens for plain text", got)
				}
			})
		}
	}
}

// TestLexerCases checks details of the lexers that the golden files do
// not show: for each snippet, fragments that must and must not appear.
func TestLexerCases(t *testing.T) {
	tests := []struct {
		lang, code string
		want, not  []string
	}{
		{"go", "x.len + len(y)", []string{`x<span class="p">.</span>len <span class="o">+</span> <span class="nb">len</span>`}, nil},
		{"go", "len := 3", []string{`len <span class="o">:=</span>`}, []string{`"nb"`}},
		{"go", "func Map[T any]() {}", []string{`<span class="nf">Map</span><span class="p">[</span>T <span class="kt">any</span>`}, nil},
		{"python", "self.print(x)\nprint", []string{`<span class="p">.</span><span class="nf">print</span>`, `<span class="nb">print</span>`}, nil},
		{"python", `rb'\d' u"\n"`, []string{`<span class="sa">rb</span><span class="s">&#39;\d&#39;</span>`, `<span class="sa">u</span><span class="s">&#34;</span><span class="se">\n</span>`}, nil},
		{"javascript", "a = b / c / d", []string{`b <span class="o">/</span> c`}, []string{`"sr"`}},
		{"javascript", "s.replace(/'/g, '')", []string{`<span class="sr">/&#39;/g</span>`}, nil},
		{"javascript", "map.delete(k); delete o.k", []string{`<span class="nf">delete</span>`, `<span class="k">delete</span> o`}, nil},
		{"typescript", "let n: number = a < b ? 1 : 2", []string{`<span class="kt">number</span>`, `a <span class="o">&lt;</span> b`}, []string{`"nt"`}},
		{"java", "List<String> xs = new ArrayList<>();", []string{`<span class="nc">List</span><span class="o">&lt;</span><span class="nc">String</span>`, `<span class="k">new</span> <span class="nc">ArrayList</span>`}, nil},
		{"sql", "AS $$ SELECT 1; $$ LANGUAGE sql", []string{`<span class="dl">$$</span> <span class="k">SELECT</span> <span class="mi">1</span>`}, nil},
		{"sql", "select x::text, $body$ x $body$", []string{`<span class="o">::</span><span class="kt">text</span>`, `<span class="dl">$body$</span>`}, nil},
		{"yaml", "title: Cache: Eviction # note", []string{`<span class="s">Cache: Eviction</span> <span class="c1"># note</span>`}, nil},
		{"yaml", "v: 1.2.3\nw: 12\nu: http://a/#b", []string{`<span class="s">1.2.3</span>`, `<span class="m">12</span>`, `<span class="s">http://a/#b</span>`}, nil},
		{"yaml", "- run: |\n    make\n  next: 1", []string{`<span class="s">    make</span>`, `<span class="nt">next</span>`}, nil},
		{"bash", "a=(x y)", []string{`<span class="p">(</span>x y<span class="p">)</span>`}, []string{`"nf"`}},
		{"bash", "FOO=1 make all", []string{`<span class="nf">make</span> all`}, nil},
		{"bash", "go test ./...", []string{`<span class="nf">go</span> test ./...`}, []string{`"nb"`}},
		{"bash", "echo a#b # c", []string{`a#b <span class="c1"># c</span>`}, nil},
		{"bash", "cat <<'EOF'\n$HOME\nEOF\necho", []string{"<span class=\"sh\">$HOME\n</span><span class=\"dl\">EOF</span>", `<span class="nb">echo</span>`}, nil},
		{"console", "$x\n$ y", []string{`<span class="go">$x</span>`, `<span class="gp">$ </span><span class="nf">y</span>`}, nil},
		{"dockerfile", "CMD [\"a\"]\nRUN echo hi", []string{`<span class="p">[</span><span class="s">&#34;a&#34;</span>`, `<span class="nb">echo</span> hi`}, nil},
		{"http", "HTTP/2 404 Not Found\nA: b\n\nC: d", []string{`<span class="kr">HTTP/2</span> <span class="m">404</span> Not Found`, `<span class="na">A</span>`}, []string{`<span class="na">C</span>`}},
		{"diff", "--- a\n-- b\n+++ c", []string{`<span class="gd">--- a</span>`, `<span class="gi">+++ c</span>`}, []string{`"gh"`}},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.code, func(t *testing.T) {
			got := renderMarkdown(t, fence(tt.lang, tt.code))
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("got %q, want it to contain %q", got, w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("got %q, want no %q", got, n)
				}
			}
		})
	}
}

// TestInfoString checks which part of an info string names the language
// and what survives into the attributes.
func TestInfoString(t *testing.T) {
	tests := []struct {
		info string
		want string // the attributes of <code>
	}{
		{"go", ` class="language-go" data-lang="go"`},
		{"Go {linenos=table}", ` class="language-go" data-lang="go"`},
		{"  go  title=main.go", ` class="language-go" data-lang="go"`},
		{"c++", ` class="language-c++" data-lang="c++"`},
		{"C#", ` class="language-c#" data-lang="c#"`},
		{"objective-c", ` class="language-objective-c" data-lang="objective-c"`},
		{"py3.12_x", ` class="language-py3.12_x" data-lang="py3.12_x"`},
		{`go"onmouseover="alert(1)`, ` class="language-goonmouseoveralert1" data-lang="goonmouseoveralert1"`},
		{`"><img src=x onerror=alert(1)>`, ` class="language-img" data-lang="img"`},
		{"élan", ` class="language-lan" data-lang="lan"`},
		{strings.Repeat("abcdefgh", 8), ` class="language-` + strings.Repeat("abcdefgh", 4) + `" data-lang="` + strings.Repeat("abcdefgh", 4) + `"`},
		{"{.go}", ` class="language-.go" data-lang=".go"`},
		{"{}", ``},
		{"()", ``},
	}
	for _, tt := range tests {
		t.Run(tt.info, func(t *testing.T) {
			got := renderMarkdown(t, fence(tt.info, "x\n"))
			want := "<pre class=\"chroma\"><code" + tt.want + ">x\n</code></pre>\n"
			if got != want {
				t.Errorf("got  %q\nwant %q", got, want)
			}
		})
	}
}

// TestUnlabelledBlocks checks indented blocks and fences without a
// language: escaped text in the same wrapper, with no attributes.
func TestUnlabelledBlocks(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"indented", "para\n\n    a < b && c\n    \"d\"\n", "<p>para</p>\n<pre class=\"chroma\"><code>a &lt; b &amp;&amp; c\n&#34;d&#34;\n</code></pre>\n"},
		{"indented with a tab", "\tx := 1\n", "<pre class=\"chroma\"><code>x := 1\n</code></pre>\n"},
		{"fence without info", "```\n<b>\n```\n", "<pre class=\"chroma\"><code>&lt;b&gt;\n</code></pre>\n"},
		{"tilde fence", "~~~\nx\n~~~\n", "<pre class=\"chroma\"><code>x\n</code></pre>\n"},
		{"empty fence", "```go\n```\n", "<pre class=\"chroma\"><code class=\"language-go\" data-lang=\"go\"></code></pre>\n"},
		{"in a list", "- item\n\n  ```go\n  x := 1\n  ```\n", "<ul>\n<li>\n<p>item</p>\n<pre class=\"chroma\"><code class=\"language-go\" data-lang=\"go\">x <span class=\"o\">:=</span> <span class=\"mi\">1</span>\n</code></pre>\n</li>\n</ul>\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := renderMarkdown(t, tt.src); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestTabWidth(t *testing.T) {
	tests := []struct {
		width      int
		code, want string
	}{
		{0, "\tx\n", "\tx\n"},
		{4, "\tx\n", "    x\n"},
		{4, "ab\tc\n\t\td\n", "ab  c\n        d\n"},
		{8, "é\tx\n", "é       x\n"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d/%q", tt.width, tt.code), func(t *testing.T) {
			got := convert(t, newMarkdown(highlight.Options{TabWidth: tt.width}), fence("text", tt.code))
			want := "<pre class=\"chroma\"><code class=\"language-text\" data-lang=\"text\">" + tt.want + "</code></pre>\n"
			if got != want {
				t.Errorf("got  %q\nwant %q", got, want)
			}
		})
	}
}

// hostile is code that would end the block and run a script if it were
// not escaped.
const hostile = "</code></pre><script>alert(1)</script><SCRIPT src=//x></SCRIPT>\n\"'&<!-- -->\n"

var scriptTag = regexp.MustCompile(`(?i)<script`)

// TestEscaping renders hostile code under every language and as the info
// string, and checks that no tag escapes and the block keeps one <pre>.
func TestEscaping(t *testing.T) {
	infos := []string{"", "text", "unknown", "go", "python", "js", "java", "sql", "yaml",
		"json", "bash", "console", "http", "dockerfile", "diff",
		"</code></pre><script>alert(1)</script>", `"><script>`, "go<script>"}
	for _, info := range infos {
		t.Run(info, func(t *testing.T) {
			for _, code := range []string{hostile, "$ " + hostile, "x = '" + hostile, `"` + hostile, "/*" + hostile, "key: " + hostile} {
				got := renderMarkdown(t, fence(info, code))
				if scriptTag.MatchString(got) {
					t.Errorf("a script tag survived in %q", got)
				}
				if n := strings.Count(got, "<pre"); n != 1 {
					t.Errorf("got %d <pre> in %q, want 1", n, got)
				}
				if n := strings.Count(got, "</pre>"); n != 1 {
					t.Errorf("got %d </pre> in %q, want 1", n, got)
				}
				text, err := codeText(got)
				if err != nil {
					t.Fatal(err)
				}
				if text != code {
					t.Errorf("the block holds %q, want %q", text, code)
				}
			}
		})
	}
}

// TestConcurrentUse renders with one goldmark instance from several
// goroutines, as a site build may; run with -race.
func TestConcurrentUse(t *testing.T) {
	md := newMarkdown(highlight.Options{})
	want := convert(t, newMarkdown(highlight.Options{}), fence("go", benchGo))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			var buf bytes.Buffer
			if err := md.Convert([]byte(fence("go", benchGo)), &buf); err != nil {
				t.Error(err)
				return
			}
			if buf.String() != want {
				t.Error("concurrent rendering differs from a fresh one")
			}
		})
	}
	wg.Wait()
}

// benchGo is 50 lines of Go.
const benchGo = `package cache

import (
	"container/list"
	"sync"
	"time"
)

// LRU is a cache of at most Cap entries that evicts the least recently
// used entry first. The zero value is not usable; call New.
type LRU struct {
	mu    sync.Mutex
	cap   int
	ll    *list.List
	items map[string]*list.Element
}

type entry struct {
	key     string
	value   []byte
	expires time.Time
}

// New returns a cache holding at most capacity entries.
func New(capacity int) *LRU {
	if capacity <= 0 {
		panic("cache: capacity must be positive")
	}
	return &LRU{cap: capacity, ll: list.New(), items: make(map[string]*list.Element, capacity)}
}

// Get returns the value for key and whether it was present and fresh.
func (c *LRU) Get(key string, now time.Time) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok {
		return nil, false
	}
	e := el.Value.(*entry)
	if now.After(e.expires) {
		c.ll.Remove(el)
		delete(c.items, key)
		return nil, false
	}
	c.ll.MoveToFront(el)
	return e.value, true // a hit costs 0x10 ns
}

var ttl = 1.5e9 * time.Nanosecond
`

func BenchmarkHighlightGo(b *testing.B) {
	md := newMarkdown(highlight.Options{})
	src := []byte(fence("go", benchGo))
	var buf bytes.Buffer
	b.SetBytes(int64(len(benchGo)))
	for b.Loop() {
		buf.Reset()
		if err := md.Convert(src, &buf); err != nil {
			b.Fatal(err)
		}
	}
}

var (
	blockOpen  = regexp.MustCompile(`^<pre class="chroma"><code(?: class="language-([a-z0-9+#._-]+)" data-lang="([a-z0-9+#._-]+)")?>`)
	spanOpen   = regexp.MustCompile(`^<span class="[a-z0-9]+">`)
	blockClose = "</code></pre>\n"
)

// codeText checks that block is one rendered code block, with only
// escaped text and unnested <span class="…"> elements inside <code>, and
// returns its text unescaped.
func codeText(block string) (string, error) {
	m := blockOpen.FindStringSubmatch(block)
	if m == nil || m[1] != m[2] {
		return "", fmt.Errorf("block does not open as one: %q", block)
	}
	rest, ok := strings.CutSuffix(block[len(m[0]):], blockClose)
	if !ok {
		return "", fmt.Errorf("block does not close as one: %q", block)
	}
	var text strings.Builder
	inSpan := false
	for rest != "" {
		i := strings.IndexByte(rest, '<')
		if i < 0 {
			i = len(rest)
		}
		text.WriteString(rest[:i])
		rest = rest[i:]
		switch {
		case rest == "":
		case strings.HasPrefix(rest, "</span>"):
			if !inSpan {
				return "", errors.New("</span> without <span>")
			}
			inSpan = false
			rest = rest[len("</span>"):]
		case spanOpen.MatchString(rest):
			if inSpan {
				return "", errors.New("nested <span>")
			}
			inSpan = true
			rest = rest[len(spanOpen.FindString(rest)):]
		default:
			return "", fmt.Errorf("unexpected markup at %q", rest[:min(len(rest), 20)])
		}
	}
	if inSpan {
		return "", errors.New("<span> not closed")
	}
	if strings.ContainsAny(text.String(), `<>"'`) {
		return "", fmt.Errorf("unescaped character in %q", text.String())
	}
	return html.UnescapeString(text.String()), nil
}
