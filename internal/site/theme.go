package site

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"hash/fnv"
	"html/template"
	"io/fs"
	"path"
	"strings"
	"time"

	"github.com/visual-guides/guides/internal/search"
)

// The theme: page templates and assets, embedded so that the binary needs
// nothing else.
//
//go:embed theme
var embedded embed.FS

// pageKinds are the page templates, each named KIND.html; every one is
// parsed with base.html and partials.html.
func pageKinds() []string {
	return []string{"index", "category", "guide", "tag", "tags", "404", "search"}
}

// theme is a parsed theme.
type theme struct {
	sum      string // a hash of every template and asset
	pages    map[string]*template.Template
	assets   map[string][]byte // by name under assets/
	versions map[string]string // a hash of each asset's content
}

// loadTheme reads the theme: each file from the collection's layouts/
// folder when it has one, else the embedded one. Assets in layouts/assets/
// replace or join the embedded ones.
func loadTheme(fsys fs.FS, codeCSS string) (*theme, error) {
	read := func(name string) ([]byte, error) {
		data, err := fs.ReadFile(fsys, "layouts/"+name)
		if err == nil || !errors.Is(err, fs.ErrNotExist) {
			return data, err
		}
		return fs.ReadFile(embedded, "theme/"+name)
	}
	th := &theme{pages: map[string]*template.Template{}, assets: map[string][]byte{}, versions: map[string]string{}}
	// The search engine belongs with the index it reads (package search);
	// a collection may still replace it, as any asset.
	th.assets["search.js"] = search.Script()
	var sources bytes.Buffer
	for _, kind := range pageKinds() {
		t := template.New(kind).Funcs(funcs())
		for _, name := range []string{"base.html", "partials.html", kind + ".html"} {
			src, err := read(name)
			if err != nil {
				return nil, fmt.Errorf("site: theme: %w", err)
			}
			sources.Write(src)
			if _, err := t.New(name).Parse(string(src)); err != nil {
				return nil, fmt.Errorf("site: theme: %w", err)
			}
		}
		if t.Lookup("base") == nil {
			return nil, fmt.Errorf("site: theme: base.html defines no template \"base\"")
		}
		th.pages[kind] = t
	}
	for _, dir := range []fs.FS{sub(embedded, "theme/assets"), sub(fsys, "layouts/assets")} {
		if dir == nil {
			continue
		}
		err := fs.WalkDir(dir, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasPrefix(path.Base(p), ".") {
				return err
			}
			data, err := fs.ReadFile(dir, p)
			th.assets[p] = data
			return err
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("site: theme: %w", err)
		}
	}
	if codeCSS != "" {
		th.assets["code.css"] = []byte(codeCSS)
	}
	all := fnv.New64a()
	for _, name := range sortedKeys(th.assets) {
		h := fnv.New64a()
		h.Write(th.assets[name])
		th.versions[name] = fmt.Sprintf("%x", h.Sum64())[:10]
		fmt.Fprintf(all, "%s %s\n", name, th.versions[name])
	}
	all.Write(sources.Bytes())
	th.sum = fmt.Sprintf("%x", all.Sum64())
	return th, nil
}

// sub returns the folder dir of fsys, or nil when it has none.
func sub(fsys fs.FS, dir string) fs.FS {
	if info, err := fs.Stat(fsys, dir); err != nil || !info.IsDir() {
		return nil
	}
	s, err := fs.Sub(fsys, dir)
	if err != nil {
		return nil
	}
	return s
}

// execute renders the page of the given kind.
func (th *theme) execute(kind string, data *pageData) ([]byte, error) {
	var buf bytes.Buffer
	if err := th.pages[kind].ExecuteTemplate(&buf, "base", data); err != nil {
		return nil, fmt.Errorf("site: %s page %q: %w", kind, data.Title, err)
	}
	return buf.Bytes(), nil
}

// funcs are the functions templates may call.
func funcs() template.FuncMap {
	return template.FuncMap{
		// date formats a guide's date for people: "26 January 2024", with
		// the time in UTC when one was given.
		"date": formatDate,
		// iso formats a date for machines, in a <time datetime> attribute.
		"iso": isoDate,
		// count writes "1 guide" or "3 guides".
		"count": countWord,
	}
}

func formatDate(t time.Time, dateOnly bool) string {
	if dateOnly {
		return t.UTC().Format("2 January 2006")
	}
	return t.UTC().Format("2 January 2006, 15:04 UTC")
}

func isoDate(t time.Time, dateOnly bool) string {
	if dateOnly {
		return t.UTC().Format(time.DateOnly)
	}
	return t.UTC().Format(time.RFC3339)
}

// countWord writes n and word, in the plural unless n is 1: "1 guide",
// "3 guides", "2 categories".
func countWord(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if strings.HasSuffix(word, "y") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(word, "y"))
	}
	return fmt.Sprintf("%d %ss", n, word)
}
