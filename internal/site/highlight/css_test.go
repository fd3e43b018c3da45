package highlight

import (
	"errors"
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
	rules, err := parseCSS(CSS())
	if err != nil {
		t.Fatal(err)
	}
	const media = "@media (prefers-color-scheme:dark)"
	for _, r := range palette() {
		for _, class := range strings.Fields(r.classes) {
			checks := []struct {
				context, selector, colour string
			}{
				{"", ".chroma ." + class, r.light},
				{media, `:root:not([data-theme="light"]) .chroma .` + class, r.dark},
				{"", `:root[data-theme="dark"] .chroma .` + class, r.dark},
			}
			for _, c := range checks {
				if c.colour == "" {
					continue
				}
				decls, ok := rules[c.context][c.selector]
				if !ok {
					t.Errorf("%s: no rule for %s in %q", r.name, c.selector, c.context)
					continue
				}
				if !strings.Contains(decls, "color:"+c.colour) {
					t.Errorf("%s: %s has {%s}, want color:%s", r.name, c.selector, decls, c.colour)
				}
			}
		}
		if r.decl != "" {
			for _, class := range strings.Fields(r.classes) {
				if decls := rules[""][".chroma ."+class]; !strings.Contains(decls, r.decl) {
					t.Errorf("%s: .chroma .%s has {%s}, want %s", r.name, class, decls, r.decl)
				}
			}
		}
	}
	for context, selectors := range rules {
		for sel, decls := range selectors {
			if strings.Contains(decls, "background") {
				t.Errorf("%q %s sets a background: {%s}", context, sel, decls)
			}
		}
	}
}

// TestParseCSS checks the parser the theme test relies on.
func TestParseCSS(t *testing.T) {
	got, err := parseCSS("/* c */\n.a .b,.a :is(.c,.d){color:red}\n@media (x){\np :is(.e){color:blue}\n}\n")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]string{
		"":           {".a .b": "color:red", ".a .c": "color:red", ".a .d": "color:red"},
		"@media (x)": {"p .e": "color:blue"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v", got, want)
	}
	for _, bad := range []string{".a{color:red", ".a :is(.b{x}", "@media (x){\n"} {
		if _, err := parseCSS(bad); err == nil {
			t.Errorf("parseCSS(%q) succeeded, want an error", bad)
		}
	}
}

// parseCSS reads a stylesheet written as CSS writes it, one rule or
// at-rule opening per line, into the declarations of each selector by
// at-rule (or "" outside any). Selector lists and :is() lists are
// expanded into single selectors.
func parseCSS(css string) (map[string]map[string]string, error) {
	rules := map[string]map[string]string{}
	context := ""
	for _, line := range strings.Split(strings.TrimSuffix(css, "\n"), "\n") {
		switch {
		case strings.HasPrefix(line, "/*"):
			continue
		case strings.HasPrefix(line, "@"):
			if !strings.HasSuffix(line, "{") || context != "" {
				return nil, fmt.Errorf("bad at-rule %q", line)
			}
			context = strings.TrimSuffix(line, "{")
			continue
		case line == "}":
			if context == "" {
				return nil, errors.New("} outside an at-rule")
			}
			context = ""
			continue
		}
		open := strings.IndexByte(line, '{')
		if open < 0 || !strings.HasSuffix(line, "}") {
			return nil, fmt.Errorf("bad rule %q", line)
		}
		decls := line[open+1 : len(line)-1]
		for _, sel := range splitSelectors(line[:open]) {
			prefix, list, ok := strings.Cut(sel, ":is(")
			if !ok {
				addRule(rules, context, sel, decls)
				continue
			}
			list, ok = strings.CutSuffix(list, ")")
			if !ok {
				return nil, fmt.Errorf("bad :is() in %q", sel)
			}
			for _, s := range strings.Split(list, ",") {
				addRule(rules, context, prefix+s, decls)
			}
		}
	}
	if context != "" {
		return nil, fmt.Errorf("%s is not closed", context)
	}
	return rules, nil
}

// splitSelectors splits a selector list at the commas outside parentheses.
func splitSelectors(list string) []string {
	var out []string
	depth, start := 0, 0
	for i, c := range list {
		switch c {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, list[start:i])
				start = i + 1
			}
		}
	}
	return append(out, list[start:])
}

func addRule(rules map[string]map[string]string, context, selector, decls string) {
	if rules[context] == nil {
		rules[context] = map[string]string{}
	}
	rules[context][selector] += decls
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
	rules, err := parseCSS(css)
	if err != nil {
		t.Fatal(err)
	}
	for c := range seen {
		if _, ok := rules[""][".chroma ."+c]; !ok {
			t.Errorf("class %s has no rule", c)
		}
	}
}
