package svg

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
)

// TestCleanDropsActiveContent feeds SVG files an attacker would publish
// under files/ and expects nothing that runs or loads to survive.
func TestCleanDropsActiveContent(t *testing.T) {
	tests := []struct {
		name, src string
		// bad are strings the output must not contain (lower case).
		bad []string
	}{
		{"script", `<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script><rect width="1" height="1"/></svg>`, []string{"script", "alert"}},
		{"cdata script", `<svg xmlns="http://www.w3.org/2000/svg"><script><![CDATA[alert(1)]]></script></svg>`, []string{"script", "alert"}},
		{"event handlers", `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect onclick="alert(2)" OnMouseOver="alert(3)"/></svg>`, []string{"alert", "onload", "onclick", "onmouseover"}},
		{"foreignObject", `<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="javascript:alert(1)"/></foreignObject></svg>`, []string{"foreignobject", "iframe", "alert"}},
		{"xhtml script", `<svg xmlns="http://www.w3.org/2000/svg"><g><script xmlns="http://www.w3.org/1999/xhtml">alert(1)</script></g></svg>`, []string{"script", "alert"}},
		{"prefixed script", `<svg xmlns="http://www.w3.org/2000/svg" xmlns:s="http://www.w3.org/2000/svg"><s:script>alert(1)</s:script></svg>`, []string{"script", "alert"}},
		{"javascript link", `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><a href="javascript:alert(1)"><text>x</text></a><a xlink:href=" JaVaScRiPt:alert(2)"><text>y</text></a></svg>`, []string{"javascript", "alert"}},
		{"entity-encoded javascript", `<svg xmlns="http://www.w3.org/2000/svg"><a href="&#106;avascript:alert(1)"><text>x</text></a></svg>`, []string{"javascript", "alert"}},
		{"animate href", `<svg xmlns="http://www.w3.org/2000/svg"><a><animate attributeName="href" values="javascript:alert(1)"/><set attributeName="href" to="javascript:alert(2)"/><text>x</text></a></svg>`, []string{"animate", "set", "javascript", "alert"}},
		{"animateTransform href", `<svg xmlns="http://www.w3.org/2000/svg"><a><animateTransform attributeName="href" values="javascript:alert(1)"/><text>x</text></a></svg>`, []string{"attributename", "javascript"}},
		{"external use", `<svg xmlns="http://www.w3.org/2000/svg"><use href="https://evil.example/x.svg#a"/><use href="other.svg#b"/></svg>`, []string{"evil", "other.svg"}},
		{"external image", `<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/track.png"/><feImage href="/etc/passwd"/></svg>`, []string{"evil", "passwd"}},
		{"css import", `<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://evil.example/x.css); rect{fill:red}</style></svg>`, []string{"import", "evil"}},
		{"css url", `<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://evil.example/a)" fill="url(//evil.example/b)"/></svg>`, []string{"evil"}},
		{"css escape", `<svg xmlns="http://www.w3.org/2000/svg"><style>rect{background:\75 rl(https://evil.example/c)}</style></svg>`, []string{"evil", `\75`}},
		{"stylesheet instruction", `<?xml-stylesheet href="https://evil.example/x.css"?><svg xmlns="http://www.w3.org/2000/svg"/>`, []string{"evil", "stylesheet"}},
		{"doctype", `<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>hi</text></svg>`, []string{"passwd", "doctype", "entity"}},
		{"xml base", `<svg xmlns="http://www.w3.org/2000/svg" xml:base="https://evil.example/"><use href="#a"/></svg>`, []string{"evil", "base"}},
		{"embedded iframe", `<svg xmlns="http://www.w3.org/2000/svg"><iframe src="https://evil.example"/><embed src="x"/><object data="y"/><handler>alert(1)</handler></svg>`, []string{"iframe", "embed", "object", "handler", "alert"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := Clean([]byte(tt.src))
			if err != nil {
				// Refusing is as safe as cleaning.
				return
			}
			lower := strings.ToLower(string(out))
			for _, b := range tt.bad {
				if strings.Contains(lower, b) {
					t.Errorf("output holds %q:\n%s", b, out)
				}
			}
			if _, err := Clean(out); err != nil {
				t.Errorf("the output is not clean SVG itself: %v\n%s", err, out)
			}
		})
	}
}

// TestCleanKeepsDrawings checks that an ordinary diagram keeps everything
// that draws it.
func TestCleanKeepsDrawings(t *testing.T) {
	src := `<?xml version="1.0" encoding="UTF-8"?>
<!-- made by hand -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 50" width="100" height="50">
  <title>Cache &amp; store</title>
  <defs>
    <linearGradient id="g"><stop offset="0" stop-color="#fff"/><stop offset="1" stop-color="#000"/></linearGradient>
    <marker id="arrow" markerWidth="10" markerHeight="10" refX="5" refY="5" orient="auto"><path d="M0,0 L10,5 L0,10 z"/></marker>
  </defs>
  <style>.box { fill: url(#g); stroke: #333 } text { font-family: sans-serif }</style>
  <rect class="box" x="1" y="1" width="40" height="20" rx="3"/>
  <line x1="41" y1="10" x2="60" y2="10" stroke="black" marker-end="url(#arrow)"/>
  <use xlink:href="#arrow" x="70"/>
  <a href="https://example.org/more"><text x="62" y="30" text-anchor="middle">a &lt; b</text></a>
  <image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>
</svg>
`
	out, err := Clean([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 50" width="100" height="50">`,
		`<title>Cache &amp; store</title>`,
		`<stop offset="0" stop-color="#fff"/>`,
		`<path d="M0,0 L10,5 L0,10 z"/>`,
		`<style>.box { fill: url(#g); stroke: #333 } text { font-family: sans-serif }</style>`,
		`<rect class="box" x="1" y="1" width="40" height="20" rx="3"/>`,
		`marker-end="url(#arrow)"`,
		`<use xlink:href="#arrow" x="70"/>`,
		`<a href="https://example.org/more"><text x="62" y="30" text-anchor="middle">a &lt; b</text></a>`,
		`<image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>`,
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
}

func TestCleanRefuses(t *testing.T) {
	for name, src := range map[string]string{
		"html":       `<html><body><script>alert(1)</script></body></html>`,
		"not closed": `<svg xmlns="http://www.w3.org/2000/svg"><g>`,
		"not xml":    `GIF89a`,
		"entity":     `<svg xmlns="http://www.w3.org/2000/svg">&x;</svg>`,
		"deep":       strings.Repeat("<g>", 1000),
	} {
		if out, err := Clean([]byte(src)); err == nil {
			t.Errorf("%s: Clean = %s, want an error", name, out)
		}
	}
	// Without a namespace, an svg root is taken for SVG, and given one.
	out, err := Clean([]byte(`<svg/>`))
	if err != nil || !strings.Contains(string(out), `xmlns="http://www.w3.org/2000/svg"`) {
		t.Errorf("Clean(<svg/>) = %s, %v", out, err)
	}
}

func FuzzClean(f *testing.F) {
	f.Add([]byte(`<svg xmlns="http://www.w3.org/2000/svg"><rect onclick="x" style="fill:url(#a)"/><script>1</script></svg>`))
	f.Add([]byte(`<svg><a href="javascript:1"><text>x</text></a></svg>`))
	f.Fuzz(func(t *testing.T, src []byte) {
		out, err := Clean(src)
		if err != nil {
			return
		}
		again, err := Clean(out)
		if err != nil {
			t.Fatalf("cleaned output does not clean: %v\n%s", err, out)
		}
		if string(again) != string(out) {
			t.Fatalf("cleaning is not idempotent:\n%s\n%s", out, again)
		}
		checkInert(t, out)
	})
}

// checkInert parses cleaned output and fails on any element or attribute
// that could run or load something.
func checkInert(t *testing.T, out []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(out))
	for {
		tok, err := d.RawToken()
		if err != nil {
			return
		}
		e, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if !isElement(e.Name.Local) || e.Name.Space != "" {
			t.Fatalf("element %v kept:\n%s", e.Name, out)
		}
		for _, a := range e.Attr {
			name := strings.ToLower(a.Name.Local)
			v := strings.ToLower(strings.TrimSpace(a.Value))
			if strings.HasPrefix(name, "on") && !isAttribute(a.Name.Local) || strings.Contains(v, "javascript:") {
				t.Fatalf("attribute %v=%q kept:\n%s", a.Name, a.Value, out)
			}
			if name == "href" && !strings.HasPrefix(v, "#") && !strings.HasPrefix(v, "http") && !strings.HasPrefix(v, "mailto:") && !strings.HasPrefix(v, "data:image/") {
				t.Fatalf("link %q kept:\n%s", a.Value, out)
			}
		}
	}
}
