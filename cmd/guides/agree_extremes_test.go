package main

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/frontmatter"
	"github.com/visual-guides/guides/internal/testenv"
)

// TestCommandsAgreeOnExtremes runs every command on generated collections
// whose tags, titles, descriptions, headings and file names are texts at
// the edges: lengths around every limit of a path segment and of a file
// name, a character of every Unicode category, and every character that is
// special in a URL, a shell or a file system. Every command must agree
// with check (see agree); then the files check finds errors in are
// removed, and on what is left, which check passes, build must build, with
// every folder of a tag's page at most guides.MaxSegment bytes in a URL.
func TestCommandsAgreeOnExtremes(t *testing.T) {
	testenv.Slow(t)
	texts := extremeTexts()
	groups := map[string]func(i int, s string) (name, data string){
		"tags": func(i int, s string) (string, string) {
			return fmt.Sprintf("data/guides/g%d.md", i), guideFile(fmt.Sprintf("Guide %d", i), "A guide.", []string{s, "t " + s}, "Body.\n")
		},
		"titles": func(i int, s string) (string, string) {
			return fmt.Sprintf("data/guides/g%d.md", i), guideFile(fmt.Sprintf("Guide %d %s", i, s), s, nil, "Body.\n")
		},
		"headings": func(i int, s string) (string, string) {
			body := "# " + s + "\n\nText [" + s + "](#" + url.PathEscape(s) + ") and <" + s + ">.\n\n## " + s + "\n"
			return fmt.Sprintf("data/guides/g%d.md", i), guideFile(fmt.Sprintf("Guide %d", i), "A guide.", nil, body)
		},
		"ids": func(i int, s string) (string, string) {
			return "data/guides/" + fileName(s, i) + ".md", guideFile(fmt.Sprintf("Guide %d", i), "A guide.", []string{"t"}, "Body.\n")
		},
		"category ids": func(i int, s string) (string, string) {
			return "data/categories/" + fileName(s, i) + ".md", fmt.Sprintf("---\ntitle: Category %d\nsort: %d\n---\nIntro.\n", i, i+2)
		},
	}
	for name, file := range groups {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "data/categories/c.md"), []byte("---\ntitle: C\nsort: 1\n---\nIntro.\n"))
			writeFile(t, filepath.Join(dir, "data/guides/base.md"), []byte(guideFile("Base", "A guide.", nil, "Body.\n")))
			writeFile(t, filepath.Join(dir, "README.md"), []byte("# Guides\n<!-- TOC -->\n<!-- /TOC -->\n"))
			for i, s := range texts {
				p, data := file(i, s)
				writeFile(t, filepath.Join(dir, filepath.FromSlash(p)), []byte(data))
			}
			agree(t, dir)
			for pass := 0; removeFaulty(t, dir) && pass < 3; pass++ {
				agree(t, dir)
			}
			out := filepath.Join(t.TempDir(), "public")
			if code, _, stderr := runIn(t, dir, "build", "-o", out); code != 0 {
				t.Fatalf("build exits %d:\n%s", code, stderr)
			}
			checkSegments(t, out, name == "tags")
		})
	}
}

// guideFile returns the text of a guide of category c.
func guideFile(title, description string, tags []string, body string) string {
	var b strings.Builder
	b.WriteString("---\ntitle: " + frontmatter.QuoteYAML(title) + "\n")
	b.WriteString("description: " + frontmatter.QuoteYAML(description) + "\n")
	b.WriteString("createdAt: 2024-01-01\ncategories: [c]\n")
	if len(tags) > 0 {
		b.WriteString("tags:\n")
		for _, tag := range tags {
			b.WriteString("  - " + frontmatter.QuoteYAML(tag) + "\n")
		}
	}
	b.WriteString("draft: false\n---\n" + body)
	return b.String()
}

// fileName returns s as the name of a file, without its ".md": what no
// file system takes ("/" and NUL) is written as "-", and the name is cut,
// between characters, to 252 bytes; an empty one is "x" and the number i.
func fileName(s string, i int) string {
	s = strings.Map(func(r rune) rune {
		if r == '/' || r == 0 {
			return '-'
		}
		return r
	}, s)
	for len(s) > 252 {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	if s == "" || s == "." || s == ".." {
		return fmt.Sprintf("x%d%s", i, s)
	}
	return s
}

// extremeTexts returns texts at the edges of what the site turns into
// paths and pages.
func extremeTexts() []string {
	var out []string
	// Lengths around the limit of a path segment in a URL, and of a file
	// name, in characters of 1, 2, 3 and 4 bytes, which a URL writes as 1,
	// 6, 9 and 12.
	for _, c := range []string{"a", "é", "東", "🦀"} {
		perURL := len(url.PathEscape(c))
		for _, n := range []int{guides.MaxSegment/perURL - 1, guides.MaxSegment / perURL, guides.MaxSegment/perURL + 1, 255 / len(c), 255/len(c) + 1, 1000 / len(c)} {
			out = append(out, strings.Repeat(c, n))
		}
	}
	// A character of every Unicode category, alone and in a word.
	cats := make([]string, 0, len(unicode.Categories))
	for name := range unicode.Categories {
		if len(name) == 2 {
			cats = append(cats, name)
		}
	}
	slices.Sort(cats)
	for _, name := range cats {
		r, ok := categorySample(unicode.Categories[name])
		if !ok {
			continue
		}
		out = append(out, string(r), "a"+string(r)+"b")
	}
	// Every ASCII character that is special in a URL, a shell or a file
	// system, alone, doubled, and in a word; and names some systems keep.
	for _, c := range "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ \t" {
		out = append(out, string(c), strings.Repeat(string(c), 2), "a"+string(c)+"b", string(c)+"a")
	}
	out = append(out, ".", "..", "...", "a.", ".a", "-rf", "~", "$(id)", "`id`", "%00", "%2F", "%2e%2e",
		"CON", "nul", "aux.txt", "COM1", "a:b", " a", "a ", "\xff", "a\u200Bb", "\u202Eb.exe", "e\u0301", "ﬁ")
	return out
}

// categorySample returns a character of the table that is not ASCII, or the first
// one.
func categorySample(t *unicode.RangeTable) (rune, bool) {
	first, found := rune(0), false
	for _, r16 := range t.R16 {
		for r := rune(r16.Lo); r <= rune(r16.Hi); r += rune(r16.Stride) {
			if !found {
				first, found = r, true
			}
			if r >= 0x80 && utf8.ValidRune(r) {
				return r, true
			}
		}
	}
	for _, r32 := range t.R32 {
		if utf8.ValidRune(rune(r32.Lo)) {
			return rune(r32.Lo), true
		}
	}
	return first, found
}

// removeFaulty removes the files check finds errors in, and reports
// whether it removed any.
func removeFaulty(t *testing.T, dir string) bool {
	t.Helper()
	_, out, _ := runIn(t, dir, "check", "--format", "json")
	var findings []struct{ Path, Severity string }
	if err := json.Unmarshal([]byte(out), &findings); err != nil {
		t.Fatalf("check --format json: %v\n%s", err, out)
	}
	removed := false
	for _, f := range findings {
		if f.Severity != "error" {
			continue
		}
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(f.Path))); err == nil {
			removed = true
		}
	}
	return removed
}

// checkSegments checks that every folder of a tag's page in the site at
// out is at most guides.MaxSegment bytes in a URL, and every name at most
// 255 bytes; with tagged, that the site has the pages of many tags.
func checkSegments(t *testing.T, out string, tagged bool) {
	t.Helper()
	tags := filepath.Join(out, guides.SiteTags)
	entries, err := os.ReadDir(tags)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if n := len(url.PathEscape(e.Name())); e.IsDir() && n > guides.MaxSegment {
			t.Errorf("the tag folder %q is %d bytes in a URL", e.Name(), n)
		}
	}
	if tagged && len(entries) < 100 {
		t.Errorf("the site has %d tag folders", len(entries))
	}
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && len(d.Name()) > 255 {
			t.Errorf("a name of %d bytes: %s", len(d.Name()), p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
