// Package theme is the site's theme: its templates and assets, embedded so
// that the binary needs nothing else, the values its templates are given,
// its named blocks, and the checking of the templates and stylesheets a
// collection overrides them with in its layouts/ folder.
//
// A collection replaces one block of the theme by defining it, with
// {{define "NAME"}}…{{end}}, in any file of layouts/; every other block
// stays the theme's. A file named after a kind of page (guide.html)
// applies to that kind alone, any other to every page.
package theme

import (
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"
)

// Files holds the templates, *.html, and the assets, assets/*.
//
//go:embed *.html assets
var Files embed.FS

// Kinds are the page templates, each named KIND.html; every one is parsed
// with base.html and partials.html.
func Kinds() []string {
	return []string{"index", "category", "guide", "tag", "tags", "404", "search"}
}

// Shared are the templates every page is parsed with.
func Shared() []string { return []string{"base.html", "partials.html"} }

// Dir is the folder of a collection whose files override the theme's.
const Dir = "layouts"

// CustomCSS is the stylesheet of a collection, loaded after the theme's.
const CustomCSS = "custom.css"

// Block is a named template of the theme that a collection may replace.
type Block struct {
	Name    string
	File    string // the file of the theme that defines it
	Summary string
}

// Blocks returns the named blocks of the theme, in the order a page shows
// them.
func Blocks() []Block {
	return []Block{
		{"base", "base.html", "the whole page: head, header, main, footer and scripts"},
		{"head", "base.html", "extra elements at the end of <head>: empty"},
		{"header", "base.html", "the site's header: brand, search and navigation"},
		{"brand", "base.html", "the logo and the site's title, linking to the index"},
		{"nav", "base.html", "the header's links: the index, tags, the settings' nav, the theme switch"},
		{"footer", "base.html", "the site's footer"},
		{"main", "KIND.html", "the content of one kind of page (index, category, guide, tag, tags, search, 404)"},
		{"index-hero", "index.html", "the index's title, description and search status"},
		{"card", "index.html", "one category's card on the index"},
		{"category-intro", "category.html", "a category's title, description, cover and introduction"},
		{"guide-header", "guide.html", "a guide's breadcrumb, title, description, dates and tags"},
		{"guide-footer", "guide.html", "below a guide's text: when it was updated, and the link to edit it"},
		{"guide-list", "partials.html", "a list of guides, each with its description and date"},
		{"tag-links", "partials.html", "a guide's tags"},
		{"search-box", "partials.html", "the search box in the header"},
		{"cover-image", "partials.html", "a cover image, linking to its view"},
		{"toc", "partials.html", "a table of contents"},
	}
}

// blockNames returns the name of every template of the theme.
func blockNames() []string {
	var names []string
	for _, b := range Blocks() {
		names = append(names, b.Name)
	}
	return names
}

// Source returns the source of the block name as the theme defines it,
// written as a {{define}} that a file of layouts/ can hold: a start for
// overriding it. The main block of a kind of page is named KIND/main
// (guide/main); "main" alone is the guide's.
func Source(name string) (string, error) {
	file, block := "", name
	if kind, rest, ok := strings.Cut(name, "/"); ok && rest == "main" && slices.Contains(Kinds(), kind) {
		file, block = kind+".html", "main"
	}
	for _, b := range Blocks() {
		if b.Name == block && file == "" {
			file = b.File
			if b.Name == "main" {
				file = "guide.html"
			}
		}
	}
	if file == "" {
		return "", fmt.Errorf("the theme has no block %q", name)
	}
	src, err := fs.ReadFile(Files, file)
	if err != nil {
		return "", err
	}
	body, ok := blockSource(string(src), block)
	if !ok {
		return "", fmt.Errorf("the theme has no block %q", name)
	}
	return fmt.Sprintf("{{define %q}}%s{{end}}\n", block, body), nil
}

// blockSource finds {{define "name"}} or {{block "name" …}} in src and
// returns what it holds, up to its {{end}}.
func blockSource(src, name string) (string, bool) {
	for i := 0; ; {
		j := strings.Index(src[i:], "{{")
		if j < 0 {
			return "", false
		}
		start := i + j
		k := strings.Index(src[start:], "}}")
		if k < 0 {
			return "", false
		}
		action := strings.TrimSpace(strings.Trim(src[start+2:start+k], "-"))
		i = start + k + 2
		if f := strings.Fields(action); len(f) >= 2 && (f[0] == "define" || f[0] == "block") && f[1] == fmt.Sprintf("%q", name) {
			end, ok := matchingEnd(src, i)
			if !ok {
				return "", false
			}
			return src[i:end], true
		}
	}
}

// matchingEnd returns the offset of the {{end}} that closes the action
// before from.
func matchingEnd(src string, from int) (int, bool) {
	depth := 1
	for i := from; ; {
		j := strings.Index(src[i:], "{{")
		if j < 0 {
			return 0, false
		}
		start := i + j
		k := strings.Index(src[start:], "}}")
		if k < 0 {
			return 0, false
		}
		action := strings.TrimSpace(strings.Trim(src[start+2:start+k], "-"))
		i = start + k + 2
		word, _, _ := strings.Cut(action, " ")
		switch word {
		case "if", "with", "range", "block", "define":
			depth++
		case "end":
			if depth--; depth == 0 {
				return start, true
			}
		}
	}
}

// Funcs are the functions templates may call, with their results' types
// known to Check.
func Funcs() map[string]any {
	return map[string]any{
		// date formats a guide's date for people: "26 January 2024", with
		// the time in UTC when one was given.
		"date": FormatDate,
		// iso formats a date for machines, in a <time datetime> attribute.
		"iso": ISODate,
		// count writes "1 guide" or "3 guides".
		"count": CountWord,
	}
}

// FormatDate formats a date for people.
func FormatDate(t time.Time, dateOnly bool) string {
	if dateOnly {
		return t.UTC().Format("2 January 2006")
	}
	return t.UTC().Format("2 January 2006, 15:04 UTC")
}

// ISODate formats a date for machines.
func ISODate(t time.Time, dateOnly bool) string {
	if dateOnly {
		return t.UTC().Format(time.DateOnly)
	}
	return t.UTC().Format(time.RFC3339)
}

// CountWord writes n and word, in the plural unless n is 1: "1 guide",
// "3 guides", "2 categories".
func CountWord(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if strings.HasSuffix(word, "y") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(word, "y"))
	}
	return fmt.Sprintf("%d %ss", n, word)
}
