package markdown

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// plainGoldmark is goldmark as the site configures it, without
// inertDelimiters: what every document must render to still.
func plainGoldmark() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(Extensions()...),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)
}

// inertCases are documents where runs of "*", "_" and "~" open, close, or
// do neither, beside what could take them otherwise: links, autolinks,
// code, escapes, tabs, line ends, non-ASCII letters and punctuation.
var inertCases = []string{
	"a_b_c_d", "snake_case_name and *emphasis* and _under_", "__init__ and a__b__c",
	"a * b * c", "a ** b", "*a * b*", "_a _ b_", "x_*y*_z", "*_a_*", "**a_b**",
	"~~a~~ ~a~ ~~~a~~~ a~b a ~ b", "a~~~~b", "~~ a ~~",
	"a_www.example.com b_http://example.org c_x@example.com", "a*www.example.com",
	"_(a)_ (_a_) a_(b)_c", "a\\_b\\_c", "`a_b_c` a_`b`_c", "[a_b](c_d) ![e_f](g_h)",
	"<https://a_b.example/_c_> <a_b@example.com>",
	"é_é_é ü*ü*ü 東_京 a_é é_a a_。 。_a", "a_\nb_\n_c", "a _\tb", "\t_a_ b",
	"- a_b\n  * c_d *e*\n> f_g _h_", "# a_b_c\n\nSetext_x\n---", "| a_b | c_d |\n|---|---|\n| _e_ | f_g_h |",
	"a_b  \nc_d\\\ne_f", "***a*** ___b___ _*a*_ *_*a*_*", "a*b*c*d_e_f_g~h~i~j",
	"* * *\n_ _ _\n- - -", "*\n_\n~", "_", "*", "~", "a_", "_a", "a*", "*a",
}

// TestInertDelimitersChangeNothing checks that every case, and the
// documents of the other tests, render as goldmark renders them without
// inertDelimiters.
func TestInertDelimitersChangeNothing(t *testing.T) {
	with, without := siteMarkdown(), plainGoldmark()
	docs := testDocs(t)
	for i, c := range inertCases {
		docs["inert/"+strings.Repeat("x", i)] = []byte(c)
	}
	for name, src := range docs {
		if got, want := render(t, with, src), render(t, without, src); got != want {
			t.Errorf("%s: %q renders\n%s\nwant\n%s", name, src, got, want)
		}
	}
}

// FuzzInertDelimiters checks that any document renders as goldmark
// renders it without inertDelimiters.
func FuzzInertDelimiters(f *testing.F) {
	for _, c := range inertCases {
		f.Add([]byte(c))
	}
	with, without := siteMarkdown(), plainGoldmark()
	f.Fuzz(func(t *testing.T, src []byte) {
		if got, want := render(t, with, src), render(t, without, src); got != want {
			t.Errorf("%q renders\n%s\nwant\n%s", src, got, want)
		}
	})
}

func render(t *testing.T, md goldmark.Markdown, src []byte) string {
	t.Helper()
	var b bytes.Buffer
	if err := md.Renderer().Render(&b, src, md.Parser().Parse(text.NewReader(src))); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// BenchmarkInertDelimiters parses and renders a megabyte of "a_" and of
// "a * ", which goldmark alone makes a node of every run for, and of
// words, for comparison.
func BenchmarkInertDelimiters(b *testing.B) {
	const n = 1 << 20
	for _, bm := range []struct{ name, unit string }{
		{"words", "abcdefgh "}, {"intraword", "a_"}, {"spaced", "a * "},
	} {
		src := []byte(strings.Repeat(bm.unit, n/len(bm.unit)))
		for _, md := range []struct {
			name string
			md   goldmark.Markdown
		}{{"site", siteMarkdown()}, {"goldmark", plainGoldmark()}} {
			b.Run(bm.name+"/"+md.name, func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				b.ReportAllocs()
				p := md.md.Parser()
				for b.Loop() {
					var out bytes.Buffer
					md.md.Renderer().Render(&out, src, p.Parse(text.NewReader(src)))
				}
			})
		}
	}
}
