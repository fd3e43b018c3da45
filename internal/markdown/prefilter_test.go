package markdown

import (
	"strings"
	"testing"
)

func TestMayHaveLocalRefs(t *testing.T) {
	tests := []struct {
		src  string
		want bool
	}{
		{"", false},
		{"plain text, with: colons and [brackets] and (parentheses)", false},
		{"[a](b.md)", true},
		{"![a](https://x.org/i.png)", false},
		{"[a]( <HTTPS://x.org/i.png>) and [b](\n mailto:a@b.co)", false},
		{"[a]: https://x.org/", false},
		{"[a](https://x.org/) then [b](b.md)", true},
		{"[a]: b.md", true},
		{"[a] (b.md)", false},
		{"a] b", false},
		{"ends with ]", false},
		{"<https://x.org> <HTTP://x.org> <mailto:a@b.co> <a@b.co>", false},
		{"<foo:bar>", true},
		{"<Ftp://f.org>", true},
		{"<https+x://y>", true},
		{"<ab:", true},
		{"a < b, c <: d, <1a:b>, <<<", false},
		{"https://x.org www.x.org a@b.co http://x.org", false},
		{"see ftp://f.org", true},
		{"x < y and y > z", false},
	}
	for _, tt := range tests {
		if got := MayHaveLocalRefs([]byte(tt.src)); got != tt.want {
			t.Errorf("MayHaveLocalRefs(%q) = %v, want %v", tt.src, got, tt.want)
		}
	}
}

// TestMayHaveLocalRefsNeverWronglyFalse checks the promise of
// MayHaveLocalRefs on every source of the tests.
func TestMayHaveLocalRefsNeverWronglyFalse(t *testing.T) {
	for name, src := range testDocs(t) {
		if r, ok := localRef(Scan(src)); ok && !MayHaveLocalRefs(src) {
			t.Errorf("%s: MayHaveLocalRefs(%q) = false, but Scan finds %+v", name, src, r)
		}
	}
}

// localRef returns the first Ref of d that MayHaveLocalRefs must not
// overlook.
func localRef(d Doc) (Ref, bool) {
	for _, r := range d.Refs {
		if !webDest(r.Dest) {
			return r, true
		}
	}
	return Ref{}, false
}

func TestMayHaveLocalRefsAllocatesNothing(t *testing.T) {
	src := []byte(strings.Repeat("Some text with <b> and [brackets] and a https://x.org link.\n", 100))
	if n := testing.AllocsPerRun(100, func() { MayHaveLocalRefs(src) }); n != 0 {
		t.Errorf("MayHaveLocalRefs allocates %v times a call", n)
	}
}

func TestWebDest(t *testing.T) {
	for dest, want := range map[string]bool{
		"http://x": true, "HTTPS://x": true, "mailto:a@b": true, "MailTo:a": true, "http:x": true,
		"": false, "x.md": false, "ftp://x": false, "https": false, "#a": false, "//x.org": false, " http://x": false,
	} {
		if got := webDest(dest); got != want {
			t.Errorf("webDest(%q) = %v, want %v", dest, got, want)
		}
	}
}
