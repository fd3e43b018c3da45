package rules

import (
	"io/fs"
	"runtime"
	"sync"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/markdown"
)

// URLRef is one place where a collection writes an http or https URL.
type URLRef struct {
	// URL is the URL as written.
	URL string
	// Href is the URL as the site's HTML holds it, and so as a browser
	// requests it: in a body, with backslash escapes and character
	// references resolved and the characters a URL may not hold
	// percent-encoded (see markdown.Ref.Href); in front matter, URL.
	Href string
	Path string     // the file, relative to the collection root
	Pos  guides.Pos // of the URL in the file
	// What is what the URL is: "image" or "icon" for front-matter values,
	// "image" or "link" in a body.
	What string
}

// URLs returns every place an http(s) URL is written in the collection:
// the front-matter image of categories and guides, the icon of
// categories, and in their bodies the links, images, autolinks and link
// reference definitions. A link or image by reference is left out: its
// URL is written, and reported, in its definition. Drafts are included.
// Bodies are read again from fsys, on every core; the order of the result
// is the collection's, then the files'.
func URLs(fsys fs.FS, c *guides.Collection) []URLRef {
	type file struct {
		path  string
		body  guides.BodyRef
		front []URLRef
		refs  []URLRef
	}
	files := make([]file, 0, len(c.Categories)+len(c.Guides))
	front := func(path, what, value string, pos guides.Pos) []URLRef {
		if !isWeb(value) {
			return nil
		}
		return []URLRef{{URL: value, Href: value, Path: path, Pos: pos, What: what}}
	}
	for _, cat := range c.Categories {
		f := file{path: cat.Path, body: cat.Body}
		f.front = append(front(cat.Path, "image", cat.Image, cat.Src.Image), front(cat.Path, "icon", cat.Icon, cat.Src.Icon)...)
		files = append(files, f)
	}
	for _, g := range c.Guides {
		files = append(files, file{path: g.Path, body: g.Body, front: front(g.Path, "image", g.Image, g.Src.Image)})
	}

	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				files[i].refs = bodyURLs(fsys, files[i].path, files[i].body)
			}
		})
	}
	for i := range files {
		if files[i].body.Line > 0 && !files[i].body.Empty {
			next <- i
		}
	}
	close(next)
	wg.Wait()

	var refs []URLRef
	for _, f := range files {
		refs = append(refs, f.front...)
		refs = append(refs, f.refs...)
	}
	return refs
}

// bodyURLs returns the http(s) URLs of the body of the file at path.
func bodyURLs(fsys fs.FS, path string, body guides.BodyRef) []URLRef {
	src, err := fs.ReadFile(fsys, path)
	if err != nil || int(body.Offset) > len(src) {
		return nil // the file changed since it was loaded
	}
	src = src[body.Offset:]
	if !mayHaveURLs(src) {
		return nil
	}
	var refs []URLRef
	for _, r := range markdown.Scan(src).Refs {
		if r.Reference || !isWeb(r.Dest) {
			continue
		}
		what := "link"
		if r.Kind == markdown.Image {
			what = "image"
		}
		refs = append(refs, URLRef{
			URL:  r.Dest,
			Href: r.Href(),
			Path: path,
			Pos:  guides.Pos{Line: int(body.Line) + r.Line - 1, Col: r.Col},
			What: what,
		})
	}
	return refs
}

// isWeb reports whether a URL's scheme is http or https.
func isWeb(u string) bool {
	s := guides.Scheme(u)
	return s == "http" || s == "https"
}

// mayHaveURLs reports whether a body may hold an http(s) URL: one written
// with its scheme, in any letter case, or a bare "www." address, which
// becomes one.
func mayHaveURLs(b []byte) bool {
	for i := 0; i+4 <= len(b); i++ {
		switch b[i] | 0x20 {
		case 'h':
			if b[i+1]|0x20 == 't' && b[i+2]|0x20 == 't' && b[i+3]|0x20 == 'p' {
				return true
			}
		case 'w':
			if b[i+1]|0x20 == 'w' && b[i+2]|0x20 == 'w' && b[i+3] == '.' {
				return true
			}
		}
	}
	return false
}
