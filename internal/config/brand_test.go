package config

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// TestBrand reads the settings of the site's look and links, and refuses
// bad ones at their place.
func TestBrand(t *testing.T) {
	every := "logo: images/logo.svg\nfavicon: https://cdn.example.org/icon.png\naccentColor: \"#6d28d9\"\naccentColorDark: '#C4B5FD'\n" +
		"nav:\n  - {title: Newsletter, url: https://blog.example.org}\n  - title: About\n    url: /about/\n" +
		"footer: \"© 2026 Example · [Privacy](https://example.org/privacy)\"\neditURL: https://github.com/o/r/edit/main/\nlastUpdated: true\n"
	want := Default()
	want.Logo, want.Favicon, want.AccentColor, want.AccentColorDark = "images/logo.svg", "https://cdn.example.org/icon.png", "#6d28d9", "#c4b5fd"
	want.Nav = []NavLink{{"Newsletter", "https://blog.example.org"}, {"About", "/about/"}}
	want.Footer, want.EditURL, want.LastUpdated = "© 2026 Example · [Privacy](https://example.org/privacy)", "https://github.com/o/r/edit/main/", true
	fsys := fstest.MapFS{FileName: {Data: []byte(every)}, "images/logo.svg": {Data: []byte("<svg/>")}}
	got, err := Load(fsys, FileName)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Load() mismatch (-want +got):\n%s", diff)
	}
	for _, tt := range []struct{ file, err string }{
		{"logo: images/none.png\n", `guides.yaml:1:7: logo "images/none.png" is not a file of the repository`},
		{"favicon: http://x.org/i.png\n", `guides.yaml:1:10: favicon "http://x.org/i.png" is not an https URL or a file of the repository`},
		{"logo: ../out.png\n", `guides.yaml:1:7: logo "../out.png" is not a relative path inside the collection`},
		{"accentColor: purple\n", `guides.yaml:1:14: accentColor "purple" is not a colour such as "#6d28d9"`},
		{"accentColor: \"#a78bfa\"\n", `guides.yaml:1:14: accentColor "#a78bfa" has a contrast of 2.32:1 with its own soft background #edebfa (of tags and badges) of the light theme, under the 4.5:1 that WCAG AA asks of text: the nearest colour of its hue that passes is "#6d3ef7"`},
		{"accentColorDark: \"#6d28d9\"\n", `guides.yaml:1:18: accentColorDark "#6d28d9" has a contrast of 2.11:1 with its own soft background #252344 (of tags and badges) of the dark theme, under the 4.5:1 that WCAG AA asks of text: the nearest colour of its hue that passes is "#ab83e9"`},
		{"nav: https://x.org\n", `guides.yaml:1:6: nav must be a list of links, each {title: …, url: …}, not a string`},
		{"nav:\n  - {title: X}\n", `guides.yaml:2:6: nav: a link needs a title and a url`},
		{"nav:\n  - {title: X, url: 'javascript:alert(1)'}\n", `guides.yaml:2:21: nav: url "javascript:alert(1)" is not an absolute http(s) or mailto URL, or a path such as /about/`},
		{"nav:\n  - {title: X, link: /a/}\n", `guides.yaml:2:16: nav: a link has a title and a url, not "link"`},
		{"footer: [a]\n", `guides.yaml:1:9: footer must be text, not a list`},
		{"editURL: https://github.com/o/r/edit/main\n", `guides.yaml:1:10: editURL "https://github.com/o/r/edit/main" does not end with /: the path of a guide's file follows it`},
		{"editURL: github.com/o/r/\n", `guides.yaml:1:10: editURL "github.com/o/r/" is not an absolute http(s) URL such as https://github.com/OWNER/REPO/edit/main/`},
		{"lastUpdated: yes\n", `guides.yaml:1:14: lastUpdated must be true or false, not a string`},
	} {
		_, err := Load(fstest.MapFS{FileName: {Data: []byte(tt.file)}}, FileName)
		var ce *Error
		if !errors.As(err, &ce) || err.Error() != tt.err {
			t.Errorf("%q: error = %v, want %s", tt.file, err, tt.err)
		}
	}
}

// TestNearestAccent checks that the colour offered passes, keeps its hue,
// and is the nearest: one step nearer to the colour asked fails.
func TestNearestAccent(t *testing.T) {
	for _, tt := range []struct {
		color string
		bgs   []string
	}{
		{"#a78bfa", LightBackgrounds}, {"#ffd400", LightBackgrounds}, {"#7dd3fc", LightBackgrounds},
		{"#6d28d9", DarkBackgrounds}, {"#1d4ed8", DarkBackgrounds}, {"#555555", DarkBackgrounds},
	} {
		c, _ := ParseColor(tt.color)
		n := NearestAccent(c, tt.bgs)
		if r, _ := lowestContrast(n, tt.bgs); r < MinContrast {
			t.Errorf("%s: the nearest colour %s has a contrast of %.2f", tt.color, n.Hex(), r)
		}
		h0, _, l0 := c.HSL()
		h1, _, l1 := n.HSL()
		if d := h0 - h1; (d > 3 || d < -3) && l1 > 0.02 && l1 < 0.98 {
			t.Errorf("%s: the nearest colour %s has another hue (%.0f, not %.0f)", tt.color, n.Hex(), h1, h0)
		}
		_, s1, _ := n.HSL()
		nearer := FromHSL(h1, s1, l1+(l0-l1)*0.02)
		if r, _ := lowestContrast(nearer, tt.bgs); r >= MinContrast && strings.Compare(nearer.Hex(), n.Hex()) != 0 {
			t.Errorf("%s: %s passes too, and is nearer than %s", tt.color, nearer.Hex(), n.Hex())
		}
	}
	// The theme's own accents pass.
	for _, tt := range []struct {
		color string
		bgs   []string
	}{{"#0860c9", LightBackgrounds}, {"#6cb0ff", DarkBackgrounds}} {
		if _, err := CheckAccent(tt.color, tt.bgs, "the"); err != nil {
			t.Errorf("the theme's own accent %s: %v", tt.color, err)
		}
	}
}
