package site

import (
	"bytes"
	"encoding/xml"
	"io"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// node is an XML element, read generically, so that the test judges the
// feed's bytes rather than the structs that wrote them.
type node struct {
	name     xml.Name
	attrs    map[string]string // by local name; xml:lang as "xml:lang"
	text     string
	children []*node
}

func (n *node) all(local string) []*node {
	var out []*node
	for _, c := range n.children {
		if c.name.Local == local && c.name.Space == atomNS {
			out = append(out, c)
		}
	}
	return out
}

const atomNS = "http://www.w3.org/2005/Atom"

func parseXML(t *testing.T, data []byte) *node {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	var stack []*node
	var root *node
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the feed is not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &node{name: tok.Name, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				if a.Name.Space == "http://www.w3.org/XML/1998/namespace" || a.Name.Space == "xml" {
					n.attrs["xml:"+a.Name.Local] = a.Value
				} else if a.Name.Space == "" {
					n.attrs[a.Name.Local] = a.Value
				}
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.children = append(p.children, n)
			} else {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(tok)
			}
		}
	}
	return root
}

// TestFeedFollowsRFC4287 checks the feed against the rules of RFC 4287
// that it can break: one id, title and updated in the feed and in each
// entry; an author for every entry (§4.1.1); ids that are absolute IRIs;
// dates in RFC 3339; at most one alternate link per type (§4.1.1); and
// content that is whole, escaped HTML whose every URL is absolute, so that
// a feed reader can follow it. The settings author and language land in
// atom:author and xml:lang.
func TestFeedFollowsRFC4287(t *testing.T) {
	fsys, c := fixture(t, "fixture.txtar")
	for _, tt := range []struct {
		name             string
		opts             Options
		author, language string
	}{
		{"defaults", Options{}, "Example Guides", "en"},
		{"settings", Options{Author: "Ada <Lovelace> & Co", Language: "pt-BR"}, "Ada <Lovelace> & Co", "pt-BR"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			feed := parseXML(t, build(t, fsys, c, tt.opts)["feed.xml"])
			if feed.name.Space != atomNS || feed.name.Local != "feed" {
				t.Fatalf("root element %v", feed.name)
			}
			if got := feed.attrs["xml:lang"]; got != tt.language {
				t.Errorf("xml:lang %q, want %q", got, tt.language)
			}
			one(t, "feed", feed, "id", "title", "updated")
			authors := feed.all("author")
			if len(authors) != 1 || len(authors[0].all("name")) != 1 || authors[0].all("name")[0].text != tt.author {
				t.Errorf("the feed's author is not %q", tt.author)
			}
			absolute(t, "the feed's id", feed.all("id")[0].text)
			date(t, "the feed's updated", feed.all("updated")[0].text)
			alternates(t, "the feed", feed)
			self := false
			for _, l := range feed.all("link") {
				self = self || l.attrs["rel"] == "self" && strings.HasSuffix(l.attrs["href"], "/feed.xml")
			}
			if !self {
				t.Error("the feed has no self link")
			}
			entries := feed.all("entry")
			if len(entries) != len(c.Published().Guides) {
				t.Fatalf("%d entries, want %d", len(entries), len(c.Published().Guides))
			}
			ids := map[string]bool{}
			for _, e := range entries {
				one(t, "an entry", e, "id", "title", "updated", "content")
				id := e.all("id")[0].text
				if ids[id] {
					t.Errorf("two entries have the id %s", id)
				}
				ids[id] = true
				absolute(t, "an entry's id", id)
				date(t, "an entry's updated", e.all("updated")[0].text)
				alternates(t, "an entry", e)
				content := e.all("content")[0]
				if content.attrs["type"] != "html" || strings.TrimSpace(content.text) == "" {
					t.Errorf("%s: content of type %q: %q", id, content.attrs["type"], content.text)
				}
				for _, m := range regexp.MustCompile(`(?:href|src)="([^"]*)"`).FindAllStringSubmatch(content.text, -1) {
					absolute(t, id+": a URL of the content", m[1])
				}
				if strings.Contains(content.text, "<button") || strings.Contains(content.text, "data-zoom") {
					t.Errorf("%s: the content holds the page's controls: %s", id, content.text)
				}
			}
			// The guide that links to another's section links to it whole.
			if !strings.Contains(string(build(t, fsys, c, tt.opts)["feed.xml"]), `href=&#34;https://example.org/guides/dns/#records&#34;`) {
				t.Error("a link to another guide's section is not absolute in the feed")
			}
		})
	}
}

// one checks that n has exactly one child of each of the names.
func one(t *testing.T, what string, n *node, names ...string) {
	t.Helper()
	for _, name := range names {
		if got := len(n.all(name)); got != 1 {
			t.Errorf("%s has %d atom:%s elements, want 1", what, got, name)
		}
	}
}

func absolute(t *testing.T, what, s string) {
	t.Helper()
	if u, err := url.Parse(s); err != nil || !u.IsAbs() || u.Host == "" {
		t.Errorf("%s %q is not an absolute URL", what, s)
	}
}

func date(t *testing.T, what, s string) {
	t.Helper()
	if _, err := time.Parse(time.RFC3339, s); err != nil {
		t.Errorf("%s %q is not an RFC 3339 date-time: %v", what, s, err)
	}
}

// alternates checks that n has at most one alternate link of each type.
func alternates(t *testing.T, what string, n *node) {
	t.Helper()
	seen := map[string]bool{}
	for _, l := range n.all("link") {
		absolute(t, what+"'s link", l.attrs["href"])
		if rel := l.attrs["rel"]; rel == "" || rel == "alternate" {
			key := l.attrs["type"] + " " + l.attrs["hreflang"]
			if seen[key] {
				t.Errorf("%s has two alternate links of type %q", what, l.attrs["type"])
			}
			seen[key] = true
		}
	}
}
