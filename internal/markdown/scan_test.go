package markdown

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// ref is the expected form of a Ref in tests: at is the text the source
// must hold at the reported position ("" meaning Dest).
type ref struct {
	Kind      RefKind
	Dest      string
	Line, Col int
	At        string
}

var refTests = []struct {
	name string
	src  string
	want []ref
}{
	{"inline link", "See [a](b.md) now.", []ref{{Link, "b.md", 1, 9, ""}}},
	{"double-quoted title", `[a](b.md "t")`, []ref{{Link, "b.md", 1, 5, ""}}},
	{"single-quoted title", `[a](b.md 't')`, []ref{{Link, "b.md", 1, 5, ""}}},
	{"parenthesized title", `[a](b.md (t))`, []ref{{Link, "b.md", 1, 5, ""}}},
	{"spaces around", "[a](   b.md   )", []ref{{Link, "b.md", 1, 8, ""}}},
	{"angle brackets", "[a](<b c.md>)", []ref{{Link, "b c.md", 1, 6, ""}}},
	{"angle brackets and title", `x [a]( <b c.md> "t")`, []ref{{Link, "b c.md", 1, 9, ""}}},
	{"escaped parenthesis", `[a](b\)c.md)`, []ref{{Link, `b\)c.md`, 1, 5, ""}}},
	{"balanced parentheses", `[a](b(c).md)`, []ref{{Link, "b(c).md", 1, 5, ""}}},
	{"character reference", `[a](b&amp;c.md)`, []ref{{Link, "b&amp;c.md", 1, 5, ""}}},
	{"escaped bracket in text", `[a\]](b.md)`, []ref{{Link, "b.md", 1, 7, ""}}},
	{"brackets in text", `[a [b] c](d.md)`, []ref{{Link, "d.md", 1, 11, ""}}},
	{"empty destination", "[a]()", []ref{{Link, "", 1, 5, ")"}}},
	{"empty angle destination", "[a](<>)", []ref{{Link, "", 1, 6, ">"}}},
	{"fragment", "[a](#part)", []ref{{Link, "#part", 1, 5, ""}}},
	{"two identical links", "[a](b.md) and [a](b.md)", []ref{{Link, "b.md", 1, 5, ""}, {Link, "b.md", 1, 19, ""}}},
	{"destination on the next line", "[a](\n  b.md)", []ref{{Link, "b.md", 2, 3, ""}}},
	{"text over two lines", "x [a\nb](c.md)", []ref{{Link, "c.md", 2, 4, ""}}},
	{
		"multi-line paragraph",
		"one\ntwo [a](a.md)\nthree ![b](b.png) [c](c.md)\n",
		[]ref{{Link, "a.md", 2, 9, ""}, {Image, "b.png", 3, 12, ""}, {Link, "c.md", 3, 23, ""}},
	},
	{"image", "![alt](i.png)", []ref{{Image, "i.png", 1, 8, ""}}},
	{"image with angle brackets and title", `![alt](<i j.png> "t")`, []ref{{Image, "i j.png", 1, 9, ""}}},
	{
		"image inside a link",
		"[![i](i.png)](l.md)",
		[]ref{{Image, "i.png", 1, 7, ""}, {Link, "l.md", 1, 15, ""}},
	},
	{"link inside a link", "[a [b](c.md)](d.md)", []ref{{Link, "c.md", 1, 8, ""}}},
	{"emphasis around", "*[a](b.md)* and [*c*](d.md)", []ref{{Link, "b.md", 1, 6, ""}, {Link, "d.md", 1, 23, ""}}},
	{"strikethrough", "~~[a](b.md)~~", []ref{{Link, "b.md", 1, 7, ""}}},
	{
		"reference links",
		"[a][r], [r], [r][] and ![i][r]\n\n[r]: r.md\n",
		[]ref{
			{Link, "r.md", 1, 1, "[a]"},
			{Link, "r.md", 1, 9, "[r]"},
			{Link, "r.md", 1, 14, "[r][]"},
			{Image, "r.md", 1, 25, "[i]"},
			{Definition, "r.md", 3, 6, ""},
		},
	},
	{
		"definition before use, case-folded label",
		"[Foo Bar]: <f b.md> 'T'\n\nsee [x][foo  bar]\n",
		[]ref{{Definition, "f b.md", 1, 13, ""}, {Link, "f b.md", 3, 5, "[x]"}},
	},
	{"definition over lines", "[r]:\n   r.md\n  \"title\"\n", []ref{{Definition, "r.md", 2, 4, ""}}},
	{"definition with label over lines", "[long\nlabel]: x.md", []ref{{Definition, "x.md", 2, 9, ""}}},
	{"definition with escaped bracket", `[a\]b]: x.md`, []ref{{Definition, "x.md", 1, 9, ""}}},
	{"indented definition", "   [r]: r.md", []ref{{Definition, "r.md", 1, 9, ""}}},
	{
		"definitions after each other",
		"[a]: a.md\n[b]: b.md \"B\"\ntext\n",
		[]ref{{Definition, "a.md", 1, 6, ""}, {Definition, "b.md", 2, 6, ""}},
	},
	// goldmark v1.8.7 keeps the line of the destination in the paragraph
	// too when a title on a later line has text after it.
	{"definition with a broken title", "[a]:\nb.md\n't' x", []ref{{Definition, "b.md", 2, 1, ""}}},
	{"definition with a broken title in a quote", "> [a]:\n>  <b.md>\n> 't' x", []ref{{Definition, "b.md", 2, 5, ""}}},
	{"definition with a broken title and a label over lines", "[\na]:b.md\n\"\"0", []ref{{Definition, "b.md", 2, 4, ""}}},
	{"definition with a broken title before a heading", "[a]:\nb.md\n't' x\n===", []ref{{Definition, "b.md", 2, 1, ""}}},
	{"definition with a broken title before a definition", "[a]:\nb.md\n't'[c]: d", []ref{{Definition, "b.md", 2, 1, ""}, {Definition, "d", 3, 9, ""}}},
	{"definition in a quote", "> [q]: q.md\n>\n> [q]", []ref{{Definition, "q.md", 1, 8, ""}, {Link, "q.md", 3, 3, "[q]"}}},
	{"undefined reference", "[a][nope] and [nope]", nil},
	{"angle autolink", "<https://x.com/a>", []ref{{AutoLink, "https://x.com/a", 1, 2, ""}}},
	{"angle autolink, other scheme", "go <foo:bar> <ftp://f.org>", []ref{{AutoLink, "foo:bar", 1, 5, ""}, {AutoLink, "ftp://f.org", 1, 15, ""}}},
	{"angle email autolink", "<a@b.co>", []ref{{AutoLink, "mailto:a@b.co", 1, 2, "a@b.co"}}},
	{"angle mailto autolink", "<mailto:a@b.co>", []ref{{AutoLink, "mailto:a@b.co", 1, 2, ""}}},
	{"bare URL at line start", "https://x.org/p", []ref{{AutoLink, "https://x.org/p", 1, 1, ""}}},
	{"bare URL after space", "see https://x.org/p.", []ref{{AutoLink, "https://x.org/p", 1, 5, ""}}},
	{"bare URL in parentheses", "(https://x.org/p)", []ref{{AutoLink, "https://x.org/p", 1, 2, ""}}},
	{"bare URL in emphasis", "*https://x.org/p* _http://y.org_", []ref{{AutoLink, "https://x.org/p", 1, 2, ""}, {AutoLink, "http://y.org", 1, 20, ""}}},
	{"bare www", "at www.y.com now", []ref{{AutoLink, "http://www.y.com", 1, 4, "www.y.com"}}},
	{"bare ftp", "get ftp://f.org/x", []ref{{AutoLink, "ftp://f.org/x", 1, 5, ""}}},
	{"bare email", "mail a@b.com.", []ref{{AutoLink, "mailto:a@b.com", 1, 6, "a@b.com"}}},
	{"bare email at line start", "a@b.com", []ref{{AutoLink, "mailto:a@b.com", 1, 1, "a@b.com"}}},
	{"no bare URL in link text", "[https://x.org](y.md)", []ref{{Link, "y.md", 1, 17, ""}}},
	{
		"table",
		"| a | b |\n|---|---|\n| [t](t.md) | ![i](i.png) |\n| x\\|y | <https://z.org> |\n",
		[]ref{{Link, "t.md", 3, 7, ""}, {Image, "i.png", 3, 20, ""}, {AutoLink, "https://z.org", 4, 11, ""}},
	},
	{
		"lists",
		"- [a](a.md)\n  - [b](b.md)\n\n1. x\n   [c](c.md)\n- [ ] [d](d.md)\n",
		[]ref{{Link, "a.md", 1, 7, ""}, {Link, "b.md", 2, 9, ""}, {Link, "c.md", 5, 8, ""}, {Link, "d.md", 6, 11, ""}},
	},
	{
		"block quotes",
		"> [q](q.md)\n> > [r](\n> > r.md)\n",
		[]ref{{Link, "q.md", 1, 7, ""}, {Link, "r.md", 3, 5, ""}},
	},
	{
		"lazy continuation",
		"> a\n[b](b.md)\n",
		[]ref{{Link, "b.md", 2, 5, ""}},
	},
	{
		"headings",
		"# [h](h.md) #\n\n[s](s.md)\n===\n",
		[]ref{{Link, "h.md", 1, 7, ""}, {Link, "s.md", 3, 5, ""}},
	},
	{
		"code",
		"`[a](b.md)` and `` <https://x.org> ``\n\n```\n[c](d.md)\n```\n\n    [e](f.md)\n\n~~~md\n[g]: h.md\n~~~\n",
		nil,
	},
	{"raw HTML", `<a href="x.md">x</a> <img src="y.png">`, nil},
	{"HTML block", "<div>\n[a](b.md)\n</div>\n", nil},
	{"comment", "<!-- [a](b.md) -->\n", nil},
	{
		"CRLF",
		"a\r\n[b](b.md)\r\n\r\n# T\r\n\r\n[r]:\r\n  r.md\r\n\r\n> [c](\r\n> c.md)\r\n",
		[]ref{{Link, "b.md", 2, 5, ""}, {Definition, "r.md", 7, 3, ""}, {Link, "c.md", 10, 3, ""}},
	},
	{"tab", "x\t[a](\tb.md)", []ref{{Link, "b.md", 1, 8, ""}}},
	{"tab-indented list", "-\t[a](b.md)\n\t[c](d.md)", []ref{{Link, "b.md", 1, 7, ""}, {Link, "d.md", 2, 6, ""}}},
	{"multi-byte text", "é «[a](b.md)»", []ref{{Link, "b.md", 1, 10, ""}}},
	{"no line end at the end", "[a](b.md)", []ref{{Link, "b.md", 1, 5, ""}}},
	{"not a link", "[a] (b.md) and [a]\n(b.md) and a](b.md)", nil},
}

func TestScanRefs(t *testing.T) {
	for _, tt := range refTests {
		t.Run(tt.name, func(t *testing.T) {
			src := []byte(tt.src)
			d := Scan(src)
			checkPositions(t, src, d)
			var got []ref
			for _, r := range d.Refs {
				got = append(got, ref{r.Kind, r.Dest, r.Line, r.Col, ""})
			}
			var want []ref
			for _, r := range tt.want {
				want = append(want, ref{r.Kind, r.Dest, r.Line, r.Col, ""})
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("Scan(%q) refs (-want +got):\n%s", tt.src, diff)
			}
			for i, r := range d.Refs {
				at := tt.want[i].At
				if at == "" {
					at = r.Dest
				}
				if !bytes.HasPrefix(src[r.Offset:], []byte(at)) {
					t.Errorf("ref %d (%v %q) at %d:%d: source there is %q, want it to start with %q",
						i, r.Kind, r.Dest, r.Line, r.Col, excerpt(src, r.Offset), at)
				}
			}
		})
	}
}

var headingTests = []struct {
	name string
	src  string
	want []Heading
}{
	{
		"duplicates",
		"# A\n\n## A\n\nA\n-\n",
		[]Heading{{1, "a", "A", 1}, {2, "a-1", "A", 3}, {2, "a-2", "A", 5}},
	},
	{
		"a duplicate of a numbered id",
		"# a-1\n# a\n# a\n",
		[]Heading{{1, "a-1", "a-1", 1}, {1, "a", "a", 2}, {1, "a-2", "a", 3}},
	},
	{"punctuation", "# Hello, World! (v2.0)\n", []Heading{{1, "hello-world-v20", "Hello, World! (v2.0)", 1}}},
	{"underscores and hyphens", "# a_b-c  d\n", []Heading{{1, "a-b-c--d", "a_b-c  d", 1}}},
	{"non-ASCII letters are dropped", "## Café Ωmega\n", []Heading{{2, "caf-mega", "Café Ωmega", 1}}},
	{
		"nothing left",
		"## 日本語\n#\n### !!!\n",
		[]Heading{{2, "heading", "日本語", 1}, {1, "heading-1", "", 2}, {3, "heading-2", "!!!", 3}},
	},
	{
		"markup",
		"# `code` *em* [link](x.md) <https://y.org> ![alt](i.png)\n",
		[]Heading{{1, "code-em-linkxmd-httpsyorg-altipng", "code em link https://y.org alt", 1}},
	},
	{"escapes and references", "# a\\*b &amp; &#67;\n", []Heading{{1, "ab-amp-67", "a*b & C", 1}}},
	{"closing sequence", "## Foo ##  \n", []Heading{{2, "foo", "Foo", 1}}},
	{"setext over lines", "Title\nmore\n=====\n", []Heading{{1, "more", "Title more", 1}}},
	{"setext level 2", "\nSub\n---\n", []Heading{{2, "sub", "Sub", 2}}},
	{"in containers", "> # Q\n\n- ## L\n", []Heading{{1, "q", "Q", 1}, {2, "l", "L", 3}}},
	{"indented", "   # I\n", []Heading{{1, "i", "I", 1}}},
	{"CRLF", "# A\r\n\r\nB\r\n===\r\n", []Heading{{1, "a", "A", 1}, {1, "b", "B", 3}}},
	{"not headings", "#5 bolt\n\n    # code\n\n```\n# fenced\n```\n\\# escaped\n", nil},
	{"raw HTML", "# a <b>c</b>\n", []Heading{{1, "a-bcb", "a c", 1}}},
}

func TestScanHeadings(t *testing.T) {
	for _, tt := range headingTests {
		t.Run(tt.name, func(t *testing.T) {
			d := Scan([]byte(tt.src))
			if diff := cmp.Diff(tt.want, d.Headings); diff != "" {
				t.Fatalf("Scan(%q) headings (-want +got):\n%s", tt.src, diff)
			}
		})
	}
}

// checkPositions checks that every Ref of d names a byte of src, by an
// offset and by a line and column that agree.
func checkPositions(t testing.TB, src []byte, d Doc) {
	t.Helper()
	lineStarts := []int{0}
	for i, c := range src {
		if c == '\n' {
			lineStarts = append(lineStarts, i+1)
		}
	}
	prev := -1
	for i, r := range d.Refs {
		if r.Offset < 0 || r.Offset >= len(src) {
			t.Fatalf("ref %d (%v %q): offset %d outside the source (%d bytes)", i, r.Kind, r.Dest, r.Offset, len(src))
		}
		if r.Offset < prev {
			t.Errorf("ref %d (%v %q): offset %d before the previous ref's %d", i, r.Kind, r.Dest, r.Offset, prev)
		}
		prev = r.Offset
		if r.Line < 1 || r.Line > len(lineStarts) || lineStarts[r.Line-1]+r.Col-1 != r.Offset ||
			r.Col < 1 || r.Line < len(lineStarts) && r.Offset >= lineStarts[r.Line] {
			t.Errorf("ref %d (%v %q): %d:%d does not name offset %d", i, r.Kind, r.Dest, r.Line, r.Col, r.Offset)
		}
	}
	for i, h := range d.Headings {
		if h.Line < 1 || h.Line > len(lineStarts) {
			t.Errorf("heading %d (%q): line %d outside the source", i, h.Text, h.Line)
		}
	}
}

// excerpt returns up to 16 bytes of src from off.
func excerpt(src []byte, off int) string {
	return string(src[off:min(len(src), off+16)])
}

func TestRefKindString(t *testing.T) {
	for k, want := range map[RefKind]string{Link: "link", Image: "image", AutoLink: "autolink", Definition: "definition", 0: "RefKind(0)", 9: "RefKind(9)"} {
		if got := k.String(); got != want {
			t.Errorf("RefKind(%d).String() = %q, want %q", uint8(k), got, want)
		}
	}
}

func TestScanEmpty(t *testing.T) {
	for _, src := range []string{"", "\n", " ", "\r\n", "\x00"} {
		if d := Scan([]byte(src)); len(d.Refs) != 0 || len(d.Headings) != 0 {
			t.Errorf("Scan(%q) = %+v, want nothing", src, d)
		}
	}
}

// TestScanConcurrent runs Scan from many goroutines at once (meant to be
// run with -race) and checks they all get the same answer.
func TestScanConcurrent(t *testing.T) {
	var srcs []string
	for _, tt := range refTests {
		srcs = append(srcs, tt.src)
	}
	for _, tt := range headingTests {
		srcs = append(srcs, tt.src)
	}
	src := []byte(strings.Join(srcs, "\n\n"))
	want := fmt.Sprint(Scan(src))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 20 {
				if got := fmt.Sprint(Scan(src)); got != want {
					t.Errorf("concurrent Scan differs:\n%s\nwant\n%s", got, want)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestScanReference(t *testing.T) {
	doc := Scan([]byte("[a](x.md) [b][r] ![c][r] ![d](y.png) <https://e.example>\n\n[r]: r.md\n"))
	var got []string
	for _, r := range doc.Refs {
		got = append(got, fmt.Sprintf("%v %s %v", r.Kind, r.Dest, r.Reference))
	}
	want := []string{"link x.md false", "link r.md true", "image r.md true", "image y.png false", "autolink https://e.example false", "definition r.md false"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

func TestHref(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		{`[a](https://x.example/a\_b&amp;c)`, "https://x.example/a_b&c"},
		{`![a](<https://x.example/a b.png>)`, "https://x.example/a%20b.png"},
		{"[a](https://x.example/caf\u00e9)", "https://x.example/caf%C3%A9"},
		{`<https://x.example/a\_b>`, `https://x.example/a%5C_b`},
		{"[r]\n\n[r]: https://x.example/%41&#66;", "https://x.example/%41B"},
	}
	for _, tt := range tests {
		doc := Scan([]byte(tt.src))
		if len(doc.Refs) == 0 {
			t.Errorf("%q: no reference", tt.src)
			continue
		}
		if got := doc.Refs[0].Href(); got != tt.want {
			t.Errorf("%q: Href() = %q, want %q", tt.src, got, tt.want)
		}
	}
}
