package search

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/visual-guides/guides"
)

func TestTokens(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string // term/word@pos, space-separated
	}{
		{"TCP and UDP", "tcp@0 and@1 udp@2"},
		{"Caching caches cached", "cach/caching@0 cach/caches@1 cach/cached@2"},
		{"Node.js, e.g. 3.14", "node@0 js@1 e@2 g@3 3@5 14@6"},
		{"don't O’Reilly's", "dont@0 oreilli/oreillys@1"},
		{"Crème Brûlée ＴＣＰ ﬁle", "creme@0 brule/brulee@1 tcp@2 file@3"},
		{"ΟΔΟΣ", "οδοσ@0"},
		{"東京タワー", "東京@0 京タ@1 タワ@2 ワー@3"},
		{"日 本", "日@0 本@1"},
		{"한국어", "한국@0 국어@1"},
		{"One. Two", "one@0 two@2"},
		{"one.two", "one@0 two@1"},
		{"line\nbreak", "line@0 break@2"},
		{"C++ and C#", "c@0 and@1 c@2"},
		{"soft\u00adhyphen", "softhyphen@0"},
		{"👍 -- ...", ""},
		{strings.Repeat("x", 41) + " short", "short@0"},
	} {
		var got []string
		for _, tok := range NewAnalyzer().Tokens(c.in) {
			s := tok.Term
			if tok.Word != tok.Term {
				s += "/" + tok.Word
			}
			got = append(got, fmt.Sprintf("%s@%d", s, tok.Pos))
		}
		if g := strings.Join(got, " "); g != c.want {
			t.Errorf("Tokens(%q) = %s, want %s", c.in, g, c.want)
		}
	}
}

// TestStems checks the stemmer on words whose stems the Snowball English
// algorithm defines, so that a change of library shows.
func TestStems(t *testing.T) {
	for in, want := range map[string]string{
		"caching": "cach", "cache": "cach", "connections": "connect", "connected": "connect", "replication": "replic",
		"replicas": "replica", "generously": "generous", "hopping": "hop", "hoping": "hope", "skies": "sky",
		"dying": "die", "news": "news", "tcp": "tcp", "1990s": "1990s", "running": "run", "happily": "happili",
	} {
		toks := NewAnalyzer().Tokens(in)
		if len(toks) != 1 || toks[0].Term != want {
			t.Errorf("the term of %q is %v, want %q", in, toks, want)
		}
	}
}

func FuzzTokens(f *testing.F) {
	for _, s := range []string{"TCP and UDP", "東京タワー", "don't", "a.b", "Crème ＴＣＰ", "x\n\ny", "\u00ad'", "ΟΔΟΣ 한국"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		toks := NewAnalyzer().Tokens(s)
		pos, end := -1, 0
		for _, tok := range toks {
			if tok.Term == "" || tok.Word == "" {
				t.Fatalf("an empty token in %q: %+v", s, tok)
			}
			if tok.Start < 0 || tok.End > len(s) || tok.Start >= tok.End {
				t.Fatalf("token %+v out of %q", tok, s)
			}
			if tok.Pos <= pos {
				t.Fatalf("positions do not increase in %q: %+v", s, toks)
			}
			if tok.Start < end && !isDense([]rune(s[tok.Start:])[0]) {
				t.Fatalf("tokens overlap in %q: %+v", s, toks)
			}
			if strings.ContainsAny(tok.Term, " '") {
				t.Fatalf("term %q of %q holds a space or an apostrophe", tok.Term, s)
			}
			pos, end = tok.Pos, tok.End
			// The index finds a token by itself: splitting its text again
			// gives it back.
			again := NewAnalyzer().Tokens(s[tok.Start:tok.End])
			if !isDense([]rune(s[tok.Start:])[0]) && (len(again) != 1 || again[0].Term != tok.Term) {
				t.Fatalf("the text %q of a token of %q splits into %+v, not %q", s[tok.Start:tok.End], s, again, tok.Term)
			}
		}
	})
}

func TestText(t *testing.T) {
	src := "# Title *one*\n\nA [link](x.md) and ![an image](i.png) and `code span` and <b>raw</b>.\n\n" +
		"<div>block html</div>\n\n```go\nfunc main() {}\n```\n\n| a | b |\n| - | - |\n| cell | two |\n\n- item &amp; more\n- [ ] task\n"
	got := ParseText([]byte(src))
	want := Text{
		{Heading, "Title one"},
		{Prose, "A link and an image and code span and raw."},
		{Code, "func main() {}"},
		{Prose, "a"}, {Prose, "b"}, {Prose, "cell"}, {Prose, "two"},
		{Prose, "item & more"}, {Prose, "task"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("ParseText:\ngot  %v\nwant %v", got, want)
	}
}

// TestASCIIWords checks the ASCII fast path against the UAX #29 segmenter
// on random ASCII strings.
func TestASCIIWords(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	const pool = "aZ09 '.:_-,;!?\n\t\"()/"
	for range 20000 {
		b := make([]byte, 1+r.IntN(20))
		for i := range b {
			b[i] = pool[r.IntN(len(pool))]
		}
		s := string(b)
		a := NewAnalyzer()
		var fast, slow []Token
		a.asciiWords(s, 0, len(s), func(tok Token) { fast = append(fast, tok) })
		a.segmentWords(s, 0, len(s), func(tok Token) { slow = append(slow, tok) })
		if fmt.Sprint(fast) != fmt.Sprint(slow) {
			t.Fatalf("%q: the fast path gives %v, the segmenter %v", s, fast, slow)
		}
	}
}

// TestAnalyzerCacheBounded gives an Analyzer more distinct words than it
// remembers: the cache stays within its bound, and the words analysed
// after it started afresh are analysed as a fresh Analyzer does.
func TestAnalyzerCacheBounded(t *testing.T) {
	a := NewAnalyzer()
	for i := range maxCached + 100 {
		a.Tokens(fmt.Sprintf("caching%d", i))
		if len(a.cache) > maxCached {
			t.Fatalf("the cache holds %d words after %d, more than %d", len(a.cache), i+1, maxCached)
		}
	}
	for _, text := range []string{"Caching queues", "caching99 queued", "running runners"} {
		if got, want := a.Tokens(text), NewAnalyzer().Tokens(text); !slices.Equal(got, want) {
			t.Errorf("%q: %v, want %v", text, got, want)
		}
	}
}

// TestExcerptSeparates checks that a heading, an item or an image's
// alternative text does not run into the text after it in an excerpt,
// while sentences follow one another as written.
func TestExcerptSeparates(t *testing.T) {
	for _, c := range []struct{ body, want string }{
		{"## Advantages of Kafka\n\nKafka can handle many producers.", "Advantages of Kafka — Kafka can handle many producers."},
		{"![diagram CAP](cap.png)\n\nCAP theorem says two of three.", "diagram CAP — CAP theorem says two of three."},
		{"![diagram CAP](cap.png) CAP theorem says two of three.", "diagram CAP — CAP theorem says two of three."},
		{"The theorem, drawn: ![diagram CAP](cap.png)", "The theorem, drawn: — diagram CAP"},
		{"See the ![ring](r.png) below.", "See the ring below."},
		{"One sentence.\n\nAnother one.", "One sentence. Another one."},
		{"- Redis\n- Memcached", "Redis — Memcached"},
		{"Code:\n\n```\na := 1\nb := 2\n```", "Code: a := 1 b := 2"},
	} {
		d := Doc{Body: ParseText([]byte(c.body))}
		if got := d.excerptText(); got != c.want {
			t.Errorf("%q: the text of excerpts is %q, want %q", c.body, got, c.want)
		}
	}
}

// TestReadBodyNotUTF8 checks that a body with a byte that is not UTF-8
// text is read, the byte replaced, rather than refused as changed.
func TestReadBodyNotUTF8(t *testing.T) {
	fsys := fstest.MapFS{"g.md": {Data: []byte("---\ntitle: x\n---\nCaf\xe9 kafka\n")}}
	body, err := ReadBody(fsys, "g.md", guides.BodyRef{Offset: 17})
	if err != nil {
		t.Fatal(err)
	}
	if got := string(body); got != "Caf\uFFFD kafka\n" {
		t.Errorf("the body reads %q", got)
	}
	if _, err := ReadBody(fsys, "g.md", guides.BodyRef{Offset: 99}); err == nil {
		t.Error("a body past the end of its file is read")
	}
}
