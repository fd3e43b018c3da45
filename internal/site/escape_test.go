package site

import (
	"encoding/json"
	"encoding/xml"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/visual-guides/guides"
)

var (
	tagRE  = regexp.MustCompile(`(?s)<([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>`)
	attrRE = regexp.MustCompile(`(?s)([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?`)
)

// TestHostileContentStaysInert builds a collection whose every field holds
// markup and script, and checks every page, tag by tag and attribute by
// attribute: no script but the site's own, no event handler, and no URL
// with a scheme other than http, https or mailto.
func TestHostileContentStaysInert(t *testing.T) {
	fsys, c := fixture(t, "hostile.txtar")
	files := build(t, fsys, c, Options{})
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		page := string(data)
		for _, m := range tagRE.FindAllStringSubmatch(page, -1) {
			tag, attrs := strings.ToLower(m[1]), m[2]
			ours := strings.Contains(attrs, `src="/guides/assets/site.js`) || strings.Contains(attrs, `src="/guides/assets/search.js`) || attrs == ` type="application/ld+json"`
			if tag == "script" && !ours && !strings.HasPrefix(page[strings.Index(page, m[0])+len(m[0]):], `try{var t=localStorage`) {
				t.Errorf("%s: a script that is not the site's: %s", name, m[0])
			}
			for _, a := range attrRE.FindAllStringSubmatch(attrs, -1) {
				key := strings.ToLower(a[1])
				val := html.UnescapeString(a[2] + a[3] + a[4])
				if strings.HasPrefix(key, "on") {
					t.Errorf("%s: event handler %s in %s", name, key, m[0])
				}
				if key == "href" || key == "src" {
					if s := guides.Scheme(val); s != "" && s != "http" && s != "https" && s != "mailto" {
						t.Errorf("%s: %s with scheme %q in %s", name, key, s, m[0])
					}
				}
			}
		}
		if strings.Contains(strings.ToLower(page), "<svg") || strings.Contains(page, "<img src=x") {
			t.Errorf("%s: markup from the content was passed through", name)
		}
	}

	// The hostile title arrives intact, as text, everywhere.
	title := `<script>alert('title')</script> & "quotes" 'too'`
	var index []indexEntry
	if err := json.Unmarshal(files["index.json"], &index); err != nil || len(index) != 1 || index[0].Title != title {
		t.Errorf("index.json: %v, %+v", err, index)
	}
	if strings.ContainsAny(string(files["index.json"]), "<>") {
		t.Error("index.json holds < or > unescaped")
	}
	var feed atomFeed
	if err := xml.Unmarshal(files["feed.xml"], &feed); err != nil || len(feed.Entries) != 1 || feed.Entries[0].Title != title {
		t.Errorf("feed.xml: %v, %+v", err, feed.Entries)
	}
	if !strings.Contains(string(files["x/index.html"]), "<h1>&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &amp; &#34;quotes&#34; &#39;too&#39;</h1>") {
		t.Error("the guide's title is not shown escaped in its heading")
	}
	// The guide's structured data holds the title as text, in JSON that
	// no markup breaks out of.
	page := string(files["x/index.html"])
	const ld = `<script type="application/ld+json">`
	if i := strings.Index(page, ld); i < 0 {
		t.Error("the guide has no structured data")
	} else {
		data := page[i+len(ld) : i+len(ld)+strings.Index(page[i+len(ld):], "</script>")]
		var a struct{ Headline string }
		if err := json.Unmarshal([]byte(data), &a); err != nil || a.Headline != title || strings.ContainsAny(data, "<>") {
			t.Errorf("the structured data %s: %v, headline %q", data, err, a.Headline)
		}
	}
	// The link that is allowed survives, escaped.
	if !strings.Contains(string(files["x/index.html"]), `href="https://example.org/?q=%3Cx%3E&amp;y=%22z%22"`) {
		t.Error("the https link was lost or not escaped")
	}
}
