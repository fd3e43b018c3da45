package frontmatter

import "testing"

var quoteTests = []struct {
	in, want string
}{
	{"plain", `"plain"`},
	{"", `""`},
	{"it's", `"it's"`},
	{`a "b" \c`, `"a \"b\" \\c"`},
	{`it's "b"`, `"it's \"b\""`},
	{"tab\tline\nreturn\r", `"tab\tline\nreturn\r"`},
	{"tab\t\"q\"", `"tab\t\"q\""`},
	{"nul\x00bell\x07del\x7f", `"nul\u0000bell\u0007del\u007F"`},
	{"nel\u0085ls\u2028ps\u2029bom\ufeff", `"nel\u0085ls\u2028ps\u2029bom\uFEFF"`},
	{"é 東京 🦀", `"é 東京 🦀"`},
	{"bad \xff byte", "\"bad \ufffd byte\""},
	{"a: b # c", `"a: b # c"`},
}

func TestQuoteYAML(t *testing.T) {
	for _, tt := range quoteTests {
		if got := QuoteYAML(tt.in); got != tt.want {
			t.Errorf("QuoteYAML(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// FuzzQuoteYAML checks that a quoted value reads back as the text it was
// made from, with every byte that is not UTF-8 read as U+FFFD.
func FuzzQuoteYAML(f *testing.F) {
	for _, tt := range quoteTests {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fields, err := Parse([]byte("v: "+QuoteYAML(s)+"\n"), 2)
		if err != nil {
			t.Fatalf("QuoteYAML(%q) = %s, which does not parse: %v", s, QuoteYAML(s), err)
		}
		want := string([]rune(s)) // each byte that is not UTF-8 becomes U+FFFD
		if len(fields) != 1 || fields[0].Value.Text != want {
			t.Fatalf("QuoteYAML(%q) = %s reads back as %+v, want %q", s, QuoteYAML(s), fields, want)
		}
	})
}
