package frontmatter

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// fastCases are front matters of the shapes the fast path takes, and a few
// it must leave to the YAML library.
var fastCases = []struct {
	src  string
	fast bool
}{
	{"title: \"A Beginner's Guide to CDN\"\ndescription: \"Learn about CDNs: performance.\"\nimage: \"https://x.org/a.png\"\ncreatedAt: \"2024-02-18\"\ndraft: false\ncategories:\n  - caching-performance\ntags:\n  - \"CDN\"\n  - \"Networking\"\n", true},
	{"title: 'AI and Machine Learning'\ndescription: 'Learn the basics.'\nicon: '/icons/brain.png'\nsort: 120\n", true},
	{"title: Plain title, with commas [and brackets]\ncreatedAt: 2024-01-26\ncategories: [a, 'b c', \"d\"]\ntags: []\n", true},
	{"title: \"Kafka: \\\"exactly once\\\" \\\\ a\\/b\"\nx: 'it''s'\n", true},
	{"# comment\n\ntitle: x # trailing\nsort: -5\nratio: 1.5\nn: null\nt: ~\nb: True\nhex: 0x1F\nempty:\nnext: 1\n", true},
	{"title: x\r\ncategories:\r\n- a\r\n- b\r\n", true},
	{"title: C#\nurl: https://x.org/a#b\ncategories:\n  -   spaced\n", true},
	{"tags:\n  - a\n\n  - b\n", true}, // blank line inside a list
	{"tags: # c\n  # d\n  - a\n# e\n  - b # f\n  # g\nx: 1\n", true},
	{"a:\r\n  - x\r\n  # c\r\n  - y\r\nb: 1 # d\r\n# e\r\nc: 2\r\n", true},
	{"a: x   \nb: 1  \r\nc:\n  - y z  \n  - 'q'  \nd: x  # c\n", true},
	{"  # indented comment\na: 1\n", true},
	{"title: 'A Title 12'\ndescription: 'What it is, and why it''s used.'\nimage: \"https://example.org/d/a-title-12.png\"\ncreatedAt: 2024-01-03\ndraft: false\ncategories:\n  - 'category-001-a'\ntags:\n  - 'Cache'\n  - 'Queue'\n", true},
	{"# Guide 68, generated.\r\ntitle: \"Backoff 68\"\r\ndescription: \"The \\\"backoff\\\" pattern, caf\\u00e9 style: a\\/b \\\\ c.\"  # escapes\r\n\r\nimage: https://example.org/68.png # diagram\r\ncreatedAt: 2023-12-14\r\ndraft: false\r\n# Where it is listed.\r\ncategories:\r\n- category-002\r\ntags: ['Stream', 'Tree']\r\n", true},
	{"title: Backoff 158   \r\ndescription: How it works.  \r\n\r\ncreatedAt: '2023-12-13' \r\ncategories: [ category-002 ]  # flow\r\ntags:\r\n  - \"Cursor\"\r\n  - Route # a tag\r\n", true},
	{"a: \"\\0\\a\\b\\t\\n\\v\\f\\r\\e\\ \\\"\\/\\\\\\N\\_\\L\\P\\x41\\x85\\U0001F600\\u00E9\"\n", true},
	{"title: |\n  block\n", false},          // block scalar
	{"title: \"multi\n  line\"\n", false},   // quoted over two lines
	{"title: plain\n  continued\n", false},  // plain over two lines
	{"a: {b: c}\n", false},                  // flow mapping
	{"a: &x 1\nb: *x\n", false},             // anchors
	{"a: b: c\n", false},                    // invalid
	{"a: 1\na: 2\n", false},                 // duplicate key
	{"a:\n  b: 1\n", false},                 // nested mapping
	{"title: \"tab\\there\"\n", true},       // other escapes
	{"title: \"\\q\"\n", false},             // an unknown escape
	{"title: \"\\ud83d\\ude00\"\n", false},  // a surrogate pair
	{"title: \"\\x4\"\n", false},            // too few digits
	{"title:\tx\n", false},                  // tab
	{"- a\n", false},                        // not a mapping
	{"a: [b, [c]]\n", false},                // nested flow list
	{"a: x\r\rb: y\n", false},               // stray carriage return
	{"a: 'unterminated\n", false},           // invalid
	{"categories:\n  - a\n   - b\n", false}, // uneven indentation
	{"categories:\n  -\n", false},           // empty item
	{"a: -\n", false},                       // a lone dash
	{"a: \"\\u00e9\"\n", true},              // unicode escape
	{"? a\n: b\n", false},                   // explicit key
	{"a: x\n...\n", false},                  // document end
	{"a: 'x' y\n", false},                   // text after a quote
	{"a: [b,]\n", false},                    // trailing comma
	{"key with space: x\n", false},          // key form the fast path does not know
}

func TestParseFastAgreesWithLibrary(t *testing.T) {
	for _, tt := range fastCases {
		fast, ok := parseFast([]byte(tt.src), 2)
		if ok != tt.fast {
			t.Errorf("parseFast(%q) ok = %v, want %v", tt.src, ok, tt.fast)
			continue
		}
		if !ok {
			continue
		}
		slow, err := parseYAML([]byte(tt.src), 2)
		if err != nil {
			t.Errorf("parseFast accepted %q, which the library rejects: %v", tt.src, err)
			continue
		}
		if diff := cmp.Diff(slow, fast, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("parseFast(%q) differs from the library (-library +fast):\n%s", tt.src, diff)
		}
	}
}

// FuzzParseFast checks that whatever the fast path accepts, the YAML
// library parses to the same fields, kinds, texts and positions.
func FuzzParseFast(f *testing.F) {
	for _, tt := range fastCases {
		f.Add([]byte(tt.src))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		fast, ok := parseFast(src, 2)
		if !ok {
			return
		}
		slow, err := parseYAML(src, 2)
		if err != nil {
			t.Fatalf("parseFast accepted %q, which the library rejects: %v", src, err)
		}
		if diff := cmp.Diff(slow, fast, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("parseFast(%q) differs from the library (-library +fast):\n%s", src, diff)
		}
	})
}

// TestParseFastTakesRealShapes checks that the fast path, not the library,
// parses the front matter of guides and categories as people write them
// (testdata/shapes): were it to give up on them, loading would silently be
// slow.
func TestParseFastTakesRealShapes(t *testing.T) {
	files, _ := filepath.Glob("testdata/shapes/*.md")
	if len(files) < 5 {
		t.Fatalf("found %d files of the collection", len(files))
	}
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		parts, err := Split(src, true)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, ok := parseFast(parts.Front, parts.FrontLine); !ok {
			t.Errorf("%s: the fast path gave up", name)
		}
	}
}

// BenchmarkParse compares the fast path with the YAML library on the front
// matter of a typical guide.
func BenchmarkParse(b *testing.B) {
	src := []byte(fastCases[0].src)
	b.Run("fast", func(b *testing.B) {
		var p Parser
		front := string(src)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := p.ParseString(front, 2); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("library", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := parseYAML(src, 2); err != nil {
				b.Fatal(err)
			}
		}
	})
}
