package frontmatter

import (
	"errors"
	"strings"
	"testing"

	"github.com/visual-guides/guides/internal/textctl"
)

// TestFixes checks the message of each mistake people make, and that the
// line it says to write mends the front matter: written in place of the
// line the error names, it parses.
func TestFixes(t *testing.T) {
	tests := []struct {
		name, src string
		pos       string // of the error, in a file whose front matter starts on line 2
		msg       string
	}{
		{"colon in a value", "title: Caching: Top 5 Strategies\nsort: 1\n",
			"2:8", `invalid YAML: a value with ": " in it needs quotes: write: title: 'Caching: Top 5 Strategies'`},
		{"colon at the end of a value", "title: Note:\n",
			"2:8", `invalid YAML: a value with ": " in it needs quotes: write: title: 'Note:'`},
		{"colon and an apostrophe", "title: Ops: what's new\n",
			"2:8", `invalid YAML: a value with ": " in it needs quotes: write: title: "Ops: what's new"`},
		{"colon, with a comment", "title: Caching: Top 5 # the best\n",
			"2:8", `invalid YAML: a value with ": " in it needs quotes: write: title: 'Caching: Top 5' # the best`},
		{"tab before a list item", "categories:\n\t- caching\n",
			"3:1", `invalid YAML: a tab indents this line, and YAML indents with spaces only; indent with 2 spaces: write:   - caching`},
		{"tab after a spaced item", "tags:\n    - a\n\t- b\n",
			"4:1", `invalid YAML: a tab indents this line, and YAML indents with spaces only; indent with 4 spaces: write:     - b`},
		{"tab before a key", "title: T\n\tsort: 1\n",
			"3:1", `invalid YAML: a tab indents this line, and YAML indents with spaces only; a key starts at the margin: write: sort: 1`},
		{"tab in a block of text", "description: >\n\tSome text.\n",
			"3:1", `invalid YAML: a tab indents this line, and YAML indents with spaces only; indent with 2 spaces: write:   Some text.`},
		{"unclosed double quote", "title: \"Caching\nsort: 1\n",
			"2:8", `invalid YAML: the quote that opens this value is never closed: write: title: "Caching"`},
		{"unclosed single quote", "title: 'Caching\nsort: 1\n",
			"2:8", `invalid YAML: the quote that opens this value is never closed: write: title: 'Caching'`},
		{"unclosed quote, found later", "title: \"Caching\nsort: 1\ndescription: \"Keys\"\n",
			"2:8", `invalid YAML: the quote that opens this value is never closed: write: title: "Caching"`},
		{"quote inside single quotes", "title: 'It's here'\n",
			"2:8", `invalid YAML: the value holds the quote mark that encloses it: write: title: "It's here"`},
		{"quote inside double quotes", "title: \"Say \"hi\"\"\n",
			"2:8", `invalid YAML: the value holds the quote mark that encloses it: write: title: 'Say "hi"'`},
		{"both quotes and a colon", "title: It's \"fast\": caching\n",
			"2:8", `invalid YAML: a value with ": " in it needs quotes: write: title: 'It''s "fast": caching'`},
		{"both quotes, more apostrophes", "title: It's Bob's and Al's \"cache\": notes\n",
			"2:8", `invalid YAML: a value with ": " in it needs quotes: write: title: "It's Bob's and Al's \"cache\": notes"`},
		{"a quoted word first, then a colon", "title: \"Fast\" caching: why\n",
			"2:8", `invalid YAML: a value with ": " in it needs quotes, around the whole of it: write: title: '"Fast" caching: why'`},
		{"a quoted word first, with an apostrophe", "title: 'Tis' the season: caching\n",
			"2:8", `invalid YAML: a value with ": " in it needs quotes, around the whole of it: write: title: "'Tis' the season: caching"`},
		{"unclosed list", "title: T\ntags: [a, b\n",
			"3:7", `invalid YAML: the list that "[" opens is never closed: write: tags: [a, b]`},
		{"dash without a space", "title: T\ncategories:\n-caching\n-databases\n",
			"4:1", `invalid YAML: a list item needs a space after its "-": write: - caching`},
		{"indented dash without a space", "categories:\n  - a\n  -b\ntitle: T\n",
			"4:3", `invalid YAML: a list item needs a space after its "-": write:   - b`},
		{"key without a space", "title: T\nsort:1\n",
			"3:5", `invalid YAML: a key needs a space after its colon: write: sort: 1`},
		{"first key without a space", "title:Caching\nsort: 1\n",
			"2:6", `invalid YAML: a key needs a space after its colon: write: title: Caching`},
		{"only key without a space", "title:Caching\n",
			"2:6", `invalid YAML: a key needs a space after its colon: write: title: Caching`},
		{"list without a space", "title: T\ntags:[a, b]\n",
			"3:5", `invalid YAML: a key needs a space after its colon: write: tags: [a, b]`},
		{"typographic quotes", "title: “Caching: Top 5”\n",
			"2:8", `invalid YAML: typographic quotes do not quote a value in YAML; use straight ones: write: title: "Caching: Top 5"`},
		{"typographic single quotes", "title: ‘Caching: Top 5’\n",
			"2:8", `invalid YAML: typographic quotes do not quote a value in YAML; use straight ones: write: title: "Caching: Top 5"`},
		{"CRLF", "title: Caching: Top 5\r\nsort: 1\r\n",
			"2:8", `invalid YAML: a value with ": " in it needs quotes: write: title: 'Caching: Top 5'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.src), 2)
			var fe *Error
			if !errors.As(err, &fe) {
				t.Fatalf("Parse error = %v, want *Error", err)
			}
			if fe.Pos.String() != tt.pos || fe.Msg != tt.msg {
				t.Fatalf("error\n  %s: %s\nwant\n  %s: %s", fe.Pos, fe.Msg, tt.pos, tt.msg)
			}
			_, corrected, ok := strings.Cut(fe.Msg, ": write: ")
			if !ok {
				t.Fatal("no corrected line")
			}
			// The fix for editors writes what the message says.
			if fe.Fix == nil || fe.Fix.Line != fe.Pos.Line || fe.Fix.Text != corrected || fe.Fix.Title == "" {
				t.Errorf("Fix = %+v, want line %d written %q, with a title", fe.Fix, fe.Pos.Line, corrected)
			}
			lines := strings.SplitAfter(tt.src, "\n")
			i := fe.Pos.Line - 2
			end := "\n"
			if strings.HasSuffix(lines[i], "\r\n") {
				end = "\r\n"
			}
			lines[i] = corrected + end
			mended := strings.Join(lines, "")
			if _, err := Parse([]byte(mended), 2); err != nil && errors.As(err, &fe) && fe.Pos.Line <= i+2 {
				t.Errorf("the corrected line does not mend it:\n%s\n%v", mended, err)
			}
		})
	}
}

// TestNoFix checks that valid YAML and errors of other kinds get no made-up
// advice, and that the library's messages reach no terminal raw.
func TestNoFix(t *testing.T) {
	tests := []struct{ src, msg string }{
		{"description: \"a long\n  text\"\nsort: 1\n}\n", "invalid YAML: non-map value is specified"},
		{"a: [b, c\n  d\n", `invalid YAML: sequence end token "]" not found`},
		{"a:\n  - b\n\t\n", `invalid YAML: found character "\t" that cannot start any token`},
		{"a: 1\na: 2\n", `invalid YAML: key "a" is written twice; the first is on line 2`},
		{"- a\n", "front matter must be a mapping of keys to values, not a list"},
		{"plain text\n", "front matter must be a mapping of keys to values, not a string"},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.src), 2)
		var fe *Error
		if !errors.As(err, &fe) || fe.Msg != tt.msg {
			t.Errorf("Parse(%q) error = %v, want %s", tt.src, err, tt.msg)
		} else if fe.Fix != nil {
			t.Errorf("Parse(%q) error has a fix: %+v", tt.src, fe.Fix)
		}
	}
	for _, src := range []string{"title: x\x01\n", "a: \x1b[2J: b\n", "\x7f: 1\nb: [\n"} {
		_, err := Parse([]byte(src), 2)
		if err == nil {
			continue
		}
		if strings.IndexFunc(err.Error(), textctl.IsControl) >= 0 {
			t.Errorf("Parse(%q) error has a control character: %q", src, err)
		}
	}
}

func TestTypographic(t *testing.T) {
	for in, want := range map[string]string{"“Caching”": "Caching", "„Hallo“": "Hallo", "«Salut»": "Salut", "‘a’": "a"} {
		if got, ok := Typographic(in); !ok || got != want {
			t.Errorf("Typographic(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"Caching", "“Caching", "Caching”", "“", "\"Caching\"", ""} {
		if got, ok := Typographic(in); ok {
			t.Errorf("Typographic(%q) = %q, true", in, got)
		}
	}
}

// TestQuoteHint checks the quoting of the lines people are told to write:
// the marks that need no escape, or the fewest, and text that reads back
// as it was.
func TestQuoteHint(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Caching: the basics", `"Caching: the basics"`},
		{"Ops: what's new", `"Ops: what's new"`},
		{`Say "hi": now`, `'Say "hi": now'`},
		{`C:\Users: paths`, `'C:\Users: paths'`},
		{`It's "fast": caching`, `'It''s "fast": caching'`},
		{`"A" and "B": it's both`, `'"A" and "B": it''s both'`},
		{`It's Bob's "cache"`, `'It''s Bob''s "cache"'`},
		{`It's Bob's and Al's "cache"`, `"It's Bob's and Al's \"cache\""`},
		{"tab\there", `"tab\there"`},
	}
	for _, tt := range tests {
		got := QuoteHint(tt.in)
		if got != tt.want {
			t.Errorf("QuoteHint(%q) = %s, want %s", tt.in, got, tt.want)
		}
		fields, err := Parse([]byte("title: "+got+"\n"), 1)
		if err != nil || len(fields) != 1 || fields[0].Value.Text != tt.in {
			t.Errorf("title: %s reads back as %+v, %v; want %q", got, fields, err, tt.in)
		}
	}
}
