package frontmatter

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/visual-guides/guides/internal/textctl"
)

// flat describes a field as kind, text, quoting and positions, compactly.
type flat struct {
	Key    string
	KeyPos string
	Kind   Kind
	Text   string
	Quoted bool
	Pos    string
	Items  []string // "text@pos" of each item of a list
}

func flatten(fields []Field) []flat {
	var out []flat
	for _, f := range fields {
		fl := flat{Key: f.Key, KeyPos: f.KeyPos.String(), Kind: f.Value.Kind, Text: f.Value.Text, Quoted: f.Value.Quoted, Pos: f.Value.Pos.String()}
		for _, it := range f.Value.Items {
			fl.Items = append(fl.Items, it.Text+"@"+it.Pos.String())
		}
		out = append(out, fl)
	}
	return out
}

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []flat
	}{
		{"empty", "", nil},
		{"comment only", "# nothing here\n", nil},
		{"scalars", "title: \"A Beginner's Guide\"\nsort: 10\ndraft: false\nratio: 1.5\nnone: null\nempty:\n", []flat{
			{Key: "title", KeyPos: "2:1", Kind: String, Text: "A Beginner's Guide", Quoted: true, Pos: "2:8"},
			{Key: "sort", KeyPos: "3:1", Kind: Int, Text: "10", Pos: "3:7"},
			{Key: "draft", KeyPos: "4:1", Kind: Bool, Text: "false", Pos: "4:8"},
			{Key: "ratio", KeyPos: "5:1", Kind: Float, Text: "1.5", Pos: "5:8"},
			{Key: "none", KeyPos: "6:1", Kind: Null, Pos: "6:7"},
			{Key: "empty", KeyPos: "7:1", Kind: Null, Pos: "7:1"},
		}},
		{"dates stay text", "a: 2024-01-26\nb: '2024-01-26'\nc: 2024-01-26T10:00:00Z\n", []flat{
			{Key: "a", KeyPos: "2:1", Kind: String, Text: "2024-01-26", Pos: "2:4"},
			{Key: "b", KeyPos: "3:1", Kind: String, Text: "2024-01-26", Quoted: true, Pos: "3:4"},
			{Key: "c", KeyPos: "4:1", Kind: String, Text: "2024-01-26T10:00:00Z", Pos: "4:4"},
		}},
		{"block list", "categories:\n  - caching\n  - 'databases'\n", []flat{
			{Key: "categories", KeyPos: "2:1", Kind: List, Pos: "3:3", Items: []string{"caching@3:5", "databases@4:5"}},
		}},
		{"flow list", "tags: [a, \"b c\"]\n", []flat{
			{Key: "tags", KeyPos: "2:1", Kind: List, Pos: "2:7", Items: []string{"a@2:8", "b c@2:11"}},
		}},
		{"crlf", "title: x\r\ntags:\r\n  - y\r\n", []flat{
			{Key: "title", KeyPos: "2:1", Kind: String, Text: "x", Pos: "2:8"},
			{Key: "tags", KeyPos: "3:1", Kind: List, Pos: "4:3", Items: []string{"y@4:5"}},
		}},
		{"escapes and single quotes", "a: 'it''s'\nb: \"caf\\u00e9\\t!\"\n", []flat{
			{Key: "a", KeyPos: "2:1", Kind: String, Text: "it's", Quoted: true, Pos: "2:4"},
			{Key: "b", KeyPos: "3:1", Kind: String, Text: "café\t!", Quoted: true, Pos: "3:4"},
		}},
		{"block scalars", "a: |\n  one\n  two\nb: >-\n  three\n  four\n", []flat{
			{Key: "a", KeyPos: "2:1", Kind: String, Text: "one\ntwo\n", Quoted: true, Pos: "2:4"},
			{Key: "b", KeyPos: "5:1", Kind: String, Text: "three four", Quoted: true, Pos: "5:4"},
		}},
		{"anchors and aliases", "a: &x hello\nb: *x\nc: !!str 123\n", []flat{
			{Key: "a", KeyPos: "2:1", Kind: String, Text: "hello", Pos: "2:7"},
			{Key: "b", KeyPos: "3:1", Kind: String, Text: "hello", Pos: "2:7"},
			{Key: "c", KeyPos: "4:1", Kind: String, Text: "123", Quoted: true, Pos: "4:9"},
		}},
		{"comments", "# lead\ntitle: x # trailing\n", []flat{
			{Key: "title", KeyPos: "3:1", Kind: String, Text: "x", Pos: "3:8"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fields, err := Parse([]byte(tt.src), 2)
			if err != nil {
				t.Fatalf("Parse() error = %v", err)
			}
			if diff := cmp.Diff(tt.want, flatten(fields)); diff != "" {
				t.Errorf("Parse() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		pos  string
		msg  string
	}{
		{"unclosed quote", "title: 'x\n", "2:8", "never closed"},
		{"duplicate key", "a: 1\na: 2\n", "3:1", `key "a" is written twice; the first is on line 2`},
		{"duplicate key in a nested mapping", "a: {b: 1, b: 2}\n", "2:11", `key "b" is written twice`},
		{"bad nesting", "a: b: c\n", "2:4", "needs quotes"},
		{"flow mapping", "a: {b: c\n", "2:4", "invalid YAML"},
		{"tab indentation", "a:\n\t- x\n", "3:1", "invalid YAML"},
		{"not a mapping", "- a\n- b\n", "2:1", "must be a mapping of keys to values, not a list"},
		{"scalar document", "just text\n", "2:1", "must be a mapping of keys to values, not a string"},
		{"unknown alias", "a: *nope\n", "2:4", "invalid YAML"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.src), 2)
			var fe *Error
			if !errors.As(err, &fe) {
				t.Fatalf("Parse() error = %v, want *Error", err)
			}
			if fe.Pos.String() != tt.pos || !strings.Contains(fe.Msg, tt.msg) {
				t.Errorf("Parse() error = %v, want %s: ...%s...", fe, tt.pos, tt.msg)
			}
		})
	}
}

func TestInt64(t *testing.T) {
	tests := []struct {
		text string
		want int64
		ok   bool
	}{
		{"10", 10, true}, {"-3", -3, true}, {"+7", 7, true}, {"0x1F", 31, true}, {"0o17", 15, true},
		{"0b101", 5, true}, {"1_000", 1000, true}, {"010", 10, true},
		{"9223372036854775807", 1<<63 - 1, true}, {"-9223372036854775808", -1 << 63, true},
		{"9223372036854775808", 0, false}, {"abc", 0, false},
	}
	for _, tt := range tests {
		n := Node{Kind: Int, Text: tt.text}
		got, err := n.Int64()
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("Int64(%q) = %d, %v; want %d, ok %v", tt.text, got, err, tt.want, tt.ok)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("title: x\ncategories: [a, b]\n"), 2)
	f.Add([]byte("a: &x [1, 2]\nb: *x\n"), 2)
	f.Add([]byte("a: |\n  text\n"), 5)
	f.Add([]byte("- a\n"), 2)
	f.Add([]byte("a: {b: [c, {d: e}]}\n"), 2)
	f.Add([]byte("title: Caching: Top 5\n"), 2)
	f.Add([]byte("tags:\n\t- a\n"), 2)
	f.Add([]byte("title: \"x\nsort: 1\n"), 2)
	f.Add([]byte("c:\n-a\n-b\n"), 2)
	f.Add([]byte("title:x\n"), 2)
	f.Add([]byte("title: “x: y”\n"), 2)
	f.Fuzz(func(t *testing.T, src []byte, line int) {
		line = 2 + line&0xff
		fields, err := Parse(src, line)
		if err != nil {
			var fe *Error
			if !errors.As(err, &fe) {
				t.Fatalf("error %T %v is not *Error", err, err)
			}
			if fe.Pos.Line < line && fe.Pos.Line != 0 {
				t.Fatalf("error at line %d before the first line %d", fe.Pos.Line, line)
			}
			if strings.IndexFunc(fe.Msg, textctl.IsControl) >= 0 || !utf8.ValidString(fe.Msg) {
				t.Fatalf("error message with a control character or bad UTF-8: %q", fe.Msg)
			}
			return
		}
		var walk func(n *Node)
		walk = func(n *Node) {
			if n.Pos.Line != 0 && n.Pos.Line < line {
				t.Fatalf("value at line %d before the first line %d", n.Pos.Line, line)
			}
			for i := range n.Items {
				walk(&n.Items[i])
			}
			for i := range n.Fields {
				walk(&n.Fields[i].Value)
			}
		}
		for i := range fields {
			walk(&fields[i].Value)
		}
	})
}
