package toc

import (
	"testing"
	"time"

	"github.com/visual-guides/guides"
)

func TestEscapeTitle(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Plain title", "Plain title"},
		{"A Beginner's Guide: CDN & DNS", "A Beginner's Guide: CDN & DNS"},
		{"Arrays [a]", `Arrays \[a\]`},
		{`back\slash`, `back\\slash`},
		{"](javascript:alert(1))", `\](javascript:alert(1))`},
		{"two\nlines\r\n", "two lines  "},
		{"*emphasis* `code` <b>", "*emphasis* `code` <b>"},
		{"$& $1 $$", "$& $1 $$"},
	}
	for _, tt := range tests {
		if got := EscapeTitle(tt.in); got != tt.want {
			t.Errorf("EscapeTitle(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestEscapeDestination(t *testing.T) {
	tests := []struct{ in, want string }{
		{"cache-aside", "cache-aside"},
		{"a-beginner's-guide", "a-beginner's-guide"},
		{"c++-tips", "c++-tips"},
		{"100%-uptime", "100%-uptime"},
		{"what is (a) <cdn>", "what%20is%20%28a%29%20%3Ccdn%3E"},
		{"tab\there\nnl\x7f", "tab%09here%0Anl%7F"},
		{"café", "café"},
	}
	for _, tt := range tests {
		if got := EscapeDestination(tt.in); got != tt.want {
			t.Errorf("EscapeDestination(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLinks(t *testing.T) {
	g := &guides.Guide{ID: "dns (intro)", Path: "data/guides/dns (intro).md"}
	c := &guides.Category{ID: "net", Path: "data/categories/net.md"}
	tests := []struct {
		name          string
		links         Linker
		guide, catURL string
	}{
		{"site", SiteLinks{Base: "https://example.org/guides"}, "https://example.org/guides/dns%20%28intro%29", "https://example.org/guides/net"},
		{"files from the root", FileLinks{ReadmeDir: "."}, "data/guides/dns%20%28intro%29.md", "data/categories/net.md"},
		{"files from a sibling folder", FileLinks{ReadmeDir: "docs"}, "../data/guides/dns%20%28intro%29.md", "../data/categories/net.md"},
		{"files from inside data", FileLinks{ReadmeDir: "data"}, "guides/dns%20%28intro%29.md", "categories/net.md"},
		{"files from the guides folder", FileLinks{ReadmeDir: "data/guides"}, "dns%20%28intro%29.md", "../categories/net.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(tt.links.AppendGuide(nil, g)); got != tt.guide {
				t.Errorf("Guide() = %q, want %q", got, tt.guide)
			}
			if got := string(tt.links.AppendCategory(nil, c)); got != tt.catURL {
				t.Errorf("Category() = %q, want %q", got, tt.catURL)
			}
		})
	}
}

func TestRender(t *testing.T) {
	day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	c := guides.NewCollection(
		[]*guides.Category{{ID: "b", Title: "B", Sort: 2}, {ID: "a", Title: "A [x]", Sort: 1}, {ID: "empty", Title: "Empty", Sort: 3}},
		[]*guides.Guide{
			{ID: "g2", Title: "Second", CreatedAt: day.Add(time.Hour), Categories: []string{"a", "b"}},
			{ID: "g1", Title: "First", CreatedAt: day, Categories: []string{"a"}},
			{ID: "d", Title: "Draft", CreatedAt: day, Categories: []string{"a"}, Draft: true},
		})
	got := string(Render(c, SiteLinks{Base: "https://x.org/g"}))
	want := "* [A \\[x\\]](https://x.org/g/a)\n" +
		"  * [First](https://x.org/g/g1)\n" +
		"  * [Second](https://x.org/g/g2)\n" +
		"* [B](https://x.org/g/b)\n" +
		"  * [Second](https://x.org/g/g2)\n" +
		"* [Empty](https://x.org/g/empty)\n"
	if got != want {
		t.Errorf("Render() =\n%s\nwant\n%s", got, want)
	}
	if got := Render(guides.NewCollection(nil, nil), SiteLinks{}); len(got) != 0 {
		t.Errorf("Render(empty) = %q", got)
	}
}
