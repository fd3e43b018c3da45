package site

import (
	"bytes"
	"errors"
	"fmt"
	"hash/fnv"
	"html/template"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/visual-guides/guides/internal/search"
	sitetheme "github.com/visual-guides/guides/internal/site/theme"
)

// theme is a parsed theme.
type theme struct {
	sum      string // a hash of every template and asset
	pages    map[string]*template.Template
	assets   map[string][]byte // by name under assets/
	versions map[string]string // a hash of each asset's content
}

// loadTheme reads the theme (package theme) with the collection's
// overrides: every template a file of its layouts/ folder defines
// replaces the theme's of that name, for every page, or for one kind of
// page when the file is named after it (guide.html). Assets in
// layouts/assets/ replace or join the embedded ones. The collection
// rules have reported any error of the layouts' templates: here it stops
// the build.
func loadTheme(fsys fs.FS, codeCSS string, skipBroken bool) (*theme, error) {
	layouts, err := readLayouts(fsys)
	if err != nil {
		return nil, fmt.Errorf("site: theme: %w", err)
	}
	th := &theme{pages: map[string]*template.Template{}, assets: map[string][]byte{}, versions: map[string]string{}}
	// The search engine belongs with the index it reads (package search);
	// a collection may still replace it, as any asset.
	th.assets["search.js"] = search.Script()
	var sources bytes.Buffer
	for _, kind := range sitetheme.Kinds() {
		t := template.New(kind).Funcs(sitetheme.Funcs())
		for _, name := range append(sitetheme.Shared(), kind+".html") {
			src, err := fs.ReadFile(sitetheme.Files, name)
			if err != nil {
				return nil, fmt.Errorf("site: theme: %w", err)
			}
			if _, err := t.New(name).Parse(string(src)); err != nil {
				return nil, fmt.Errorf("site: theme: %w", err)
			}
		}
		for _, l := range layouts {
			if l.kind != "" && l.kind != kind {
				continue
			}
			if skipBroken && !parses(t, l.src) {
				continue
			}
			sources.WriteString(l.name)
			sources.Write(l.src)
			if _, err := t.New(sitetheme.Dir + "/" + l.name).Parse(string(l.src)); err != nil {
				return nil, fmt.Errorf("site: theme: %w", err)
			}
		}
		if t.Lookup("base") == nil {
			return nil, fmt.Errorf("site: theme: no template defines \"base\"")
		}
		th.pages[kind] = t
	}
	for _, dir := range []fs.FS{sub(sitetheme.Files, "assets"), sub(fsys, sitetheme.Dir+"/assets")} {
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

// parses says whether src parses in the template set of t, without
// changing t: a set keeps what a failed parse defined before it failed.
func parses(t *template.Template, src []byte) bool {
	c, err := t.Clone()
	if err != nil {
		return false
	}
	_, err = c.New("parses").Parse(string(src))
	return err == nil
}

// layout is a template file of the collection's layouts/ folder.
type layout struct {
	name string // its name in the folder
	kind string // the kind of page it applies to, or "" for every one
	src  []byte
}

// readLayouts reads the templates of the layouts/ folder (*.html, not
// in its subfolders), shared ones first, each group by name.
func readLayouts(fsys fs.FS) ([]layout, error) {
	entries, err := fs.ReadDir(fsys, sitetheme.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []layout
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasPrefix(name, ".") || path.Ext(name) != ".html" {
			continue
		}
		src, err := fs.ReadFile(fsys, sitetheme.Dir+"/"+name)
		if err != nil {
			return nil, err
		}
		l := layout{name: name, src: src}
		if kind := strings.TrimSuffix(name, ".html"); slices.Contains(sitetheme.Kinds(), kind) {
			l.kind = kind
		}
		out = append(out, l)
	}
	slices.SortStableFunc(out, func(a, b layout) int {
		if (a.kind == "") != (b.kind == "") {
			if a.kind == "" {
				return -1
			}
			return 1
		}
		return strings.Compare(a.name, b.name)
	})
	return out, nil
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

func formatDate(t time.Time, dateOnly bool) string { return sitetheme.FormatDate(t, dateOnly) }

func isoDate(t time.Time, dateOnly bool) string { return sitetheme.ISODate(t, dateOnly) }

func countWord(n int, word string) string { return sitetheme.CountWord(n, word) }
