package highlight

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// backgrounds are those each theme's colours must be readable on: the
// code block background the palette is made for, and the page's.
func backgrounds(theme string) []string {
	if theme == "dark" {
		return []string{DarkBackground, "#0f1117"}
	}
	return []string{LightBackground, "#ffffff"}
}

// TestContrast checks that every colour of the palette has a contrast
// ratio of at least 4.5:1 (WCAG AA for normal text) against the
// backgrounds of its theme.
func TestContrast(t *testing.T) {
	for _, r := range palette() {
		for _, c := range []struct{ theme, colour string }{{"light", r.light}, {"dark", r.dark}} {
			if c.colour == "" {
				if r.light != "" || r.dark != "" {
					t.Errorf("%s has a %s colour only", r.name, map[bool]string{true: "dark", false: "light"}[r.light == ""])
				}
				continue
			}
			for _, bg := range backgrounds(c.theme) {
				ratio, err := contrastRatio(c.colour, bg)
				if err != nil {
					t.Fatalf("%s: %v", r.name, err)
				}
				if ratio < 4.5 {
					t.Errorf("%s in the %s theme: %s on %s has contrast %.2f, want at least 4.5", r.name, c.theme, c.colour, bg, ratio)
				}
			}
		}
	}
}

// TestContrastRatio checks the ratio against values WCAG's formula gives.
func TestContrastRatio(t *testing.T) {
	tests := []struct {
		fg, bg string
		want   float64
	}{
		{"#000000", "#ffffff", 21},
		{"#ffffff", "#000000", 21},
		{"#777777", "#777777", 1},
		{"#777777", "#ffffff", 4.48},
		{"#0000ff", "#ffffff", 8.59},
		{"#ff0000", "#ffffff", 4.00},
	}
	for _, tt := range tests {
		got, err := contrastRatio(tt.fg, tt.bg)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(got-tt.want) > 0.01 {
			t.Errorf("contrastRatio(%s, %s) = %.3f, want %.2f", tt.fg, tt.bg, got, tt.want)
		}
	}
	for _, bad := range []string{"#fff", "ffffff", "#gggggg", ""} {
		if _, err := contrastRatio(bad, "#ffffff"); err == nil {
			t.Errorf("contrastRatio(%q) succeeded, want an error", bad)
		}
	}
}

// contrastRatio returns the WCAG 2 contrast ratio of two #rrggbb colours.
func contrastRatio(a, b string) (float64, error) {
	la, err := luminance(a)
	if err != nil {
		return 0, err
	}
	lb, err := luminance(b)
	if err != nil {
		return 0, err
	}
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05), nil
}

// luminance returns the relative luminance of a #rrggbb colour.
func luminance(colour string) (float64, error) {
	if len(colour) != 7 || colour[0] != '#' {
		return 0, fmt.Errorf("colour %q is not #rrggbb", colour)
	}
	var lin [3]float64
	for i := range lin {
		v, err := strconv.ParseUint(colour[1+2*i:3+2*i], 16, 8)
		if err != nil {
			return 0, fmt.Errorf("colour %q is not #rrggbb: %w", colour, err)
		}
		c := float64(v) / 255
		if c <= 0.04045 {
			lin[i] = c / 12.92
		} else {
			lin[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*lin[0] + 0.7152*lin[1] + 0.0722*lin[2], nil
}

// TestCSSThemes checks that each role's colours are set where the themes
// need them: light at first, dark under the media query unless the page
// forces light, and dark where the page forces dark.
func TestCSSThemes(t *testing.T) {
	css := CSS()
	media := `@media (prefers-color-scheme:dark){`
	i := strings.Index(css, media)
	if i < 0 {
		t.Fatalf("no %q in:\n%s", media, css)
	}
	end := strings.Index(css[i:], "\n}\n")
	if end < 0 {
		t.Fatalf("the media query is not closed in:\n%s", css)
	}
	light, inMedia, forced := css[:i], css[i:i+end], css[i+end:]
	for _, r := range palette() {
		for _, class := range strings.Fields(r.classes) {
			checks := []struct {
				part, where, selector, colour string
			}{
				{light, "light rules", ".chroma ." + class, r.light},
				{inMedia, "the media query", `:root:not([data-theme="light"]) .chroma .` + class, r.dark},
				{forced, "the forced dark rules", `:root[data-theme="dark"] .chroma .` + class, r.dark},
			}
			for _, c := range checks {
				if c.colour == "" {
					continue
				}
				rule := regexp.MustCompile(`(?m)^(?:[^{}\n]*,)?` + regexp.QuoteMeta(c.selector) + `(?:,[^{}\n]*)?\{([^}]*)\}$`)
				m := rule.FindStringSubmatch(c.part)
				if m == nil {
					t.Errorf("%s: no rule for %s in %s", r.name, c.selector, c.where)
					continue
				}
				if !strings.Contains(m[1], "color:"+c.colour) {
					t.Errorf("%s: %s has {%s} in %s, want color:%s", r.name, c.selector, m[1], c.where, c.colour)
				}
			}
		}
	}
	if strings.Contains(css, "background") {
		t.Errorf("the stylesheet sets a background:\n%s", css)
	}
	if strings.Count(css, "{") != strings.Count(css, "}") {
		t.Errorf("unbalanced braces in:\n%s", css)
	}
}

// TestCSSCoversOutput checks that every class the golden outputs use has a
// rule in the stylesheet.
func TestCSSCoversOutput(t *testing.T) {
	css := CSS()
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no archives: %v", err)
	}
	class := regexp.MustCompile(`<span class="([a-z0-9]+)">`)
	seen := map[string]bool{}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range class.FindAllStringSubmatch(string(data), -1) {
			seen[m[1]] = true
		}
	}
	if len(seen) < 20 {
		t.Fatalf("only %d classes in the golden outputs", len(seen))
	}
	for c := range seen {
		if !strings.Contains(css, ".chroma ."+c+",") && !strings.Contains(css, ".chroma ."+c+"{") {
			t.Errorf("class %s has no rule", c)
		}
	}
}
