package site

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	sitetheme "github.com/visual-guides/guides/internal/site/theme"
)

// TestCoverShownOnce checks the rule for bodies that hold their cover,
// at their start or anywhere after: the image is shown once, as the
// cover, described as the body first described it; a body that holds
// other images keeps them.
func TestCoverShownOnce(t *testing.T) {
	svg := `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 360"></svg>`
	fsys := fstest.MapFS{
		"images/a.svg":           {Data: []byte(svg)},
		"images/b.svg":           {Data: []byte(svg)},
		"data/categories/c.md":   {Data: []byte("---\ntitle: C\nsort: 1\n---\n")},
		"data/guides/same.md":    {Data: []byte("---\ntitle: Same\nimage: images/a.svg\ncreatedAt: 2024-01-01\ncategories: [c]\n---\n\n![The flow](../../images/a.svg)\n\nText.\n")},
		"data/guides/remote.md":  {Data: []byte("---\ntitle: Remote\nimage: https://img.example/x.png\ncreatedAt: 2024-01-02\ncategories: [c]\n---\n![Remote flow](https://img.example/x.png) Text after.\n")},
		"data/guides/other.md":   {Data: []byte("---\ntitle: Other\nimage: images/a.svg\ncreatedAt: 2024-01-03\ncategories: [c]\n---\n\n![Another](../../images/b.svg)\n")},
		"data/guides/later.md":   {Data: []byte("---\ntitle: Later\nimage: images/a.svg\ncreatedAt: 2024-01-04\ncategories: [c]\n---\n\nFirst words.\n\n![The flow](../../images/a.svg)\n")},
		"data/guides/nocover.md": {Data: []byte("---\ntitle: No Cover\ncreatedAt: 2024-01-05\ncategories: [c]\n---\n\n![The flow](../../images/a.svg)\n")},
		"data/guides/inline.md":  {Data: []byte("---\ntitle: Inline\nimage: images/a.svg\ncreatedAt: 2024-01-06\ncategories: [c]\n---\n\nBefore ![In text](../../images/a.svg) after.\n\n[![Linked](../../images/a.svg)](https://example.org/)\n\n- *![In a list](../../images/a.svg)*\n")},
	}
	files := build(t, fsys, loadFS(t, fsys), Options{})
	imgs := regexp.MustCompile(`<img src="([^"]*)" alt="([^"]*)"`)
	for _, tt := range []struct {
		id   string
		want []string // src|alt of every image of the article, in order
	}{
		{"same", []string{"/guides/files/images/a.svg|The flow"}},
		{"remote", []string{"https://img.example/x.png|Remote flow"}},
		{"other", []string{"/guides/files/images/a.svg|Other", "/guides/files/images/b.svg|Another"}},
		{"later", []string{"/guides/files/images/a.svg|The flow"}},
		{"inline", []string{"/guides/files/images/a.svg|In text"}},
		{"nocover", []string{"/guides/files/images/a.svg|The flow"}},
	} {
		page := string(files[tt.id+"/index.html"])
		article := page[strings.Index(page, "<article"):strings.Index(page, "</article>")]
		var got []string
		for _, m := range imgs.FindAllStringSubmatch(article, -1) {
			got = append(got, m[1]+"|"+m[2])
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%s shows %q, want %q", tt.id, got, tt.want)
		}
	}
	if page := string(files["remote/index.html"]); !strings.Contains(page, "<p>Text after.</p>") {
		t.Errorf("the text after a dropped cover is lost")
	}
	if page := string(files["later/index.html"]); !strings.Contains(page, "<p>First words.</p>") {
		t.Errorf("the text before a dropped cover is lost")
	}
	page := string(files["inline/index.html"])
	body := page[strings.Index(page, `<div class="prose">`):strings.Index(page, "</article>")]
	if !strings.Contains(body, "<p>Before after.</p>") || strings.Contains(body, "example.org") || strings.Contains(body, "<li>") {
		t.Errorf("the cover's places in the body are not all gone, or took their text:\n%s", body)
	}
	if page := string(files["same/index.html"]); !strings.Contains(page, `width="640" height="360" fetchpriority="high"`) || strings.Contains(page, `class="cover"><a class="zoom" href="/guides/files/images/a.svg" data-zoom><img src="/guides/files/images/a.svg" alt="The flow" loading`) {
		t.Errorf("the cover is not sized from its file, or is loaded lazily")
	}
	if page := string(files["remote/index.html"]); !strings.Contains(page, `class="unsized"`) {
		t.Errorf("a remote cover is not framed")
	}
}

// TestImageSizes reads the sizes pages write on images.
func TestImageSizes(t *testing.T) {
	for _, tt := range []struct {
		svg  string
		w, h int
	}{
		{`<svg xmlns="http://www.w3.org/2000/svg" width="800" height="450"/>`, 800, 450},
		{`<svg width="800px" height="450px" viewBox="0 0 10 10"/>`, 800, 450},
		{`<?xml version="1.0"?><!-- a comment --><svg viewBox="0 0 640.4 360"/>`, 640, 360},
		{`<svg viewBox="0,0,300,150" width="600"/>`, 600, 300},
		{`<svg viewBox="0 0 300 150" height="50%"/>`, 300, 150},
		{`<svg width="10em" height="5em"/>`, 0, 0},
		{`<svg viewBox="0 0 0 0"/>`, 0, 0},
		{`<html/>`, 0, 0},
		{`not xml`, 0, 0},
	} {
		w, h := svgSize(strings.NewReader(tt.svg))
		if w != tt.w || h != tt.h {
			t.Errorf("svgSize(%s) = %d, %d, want %d, %d", tt.svg, w, h, tt.w, tt.h)
		}
	}
	// A PNG's size comes from its header: the theme's preview image.
	data, err := sitetheme.Files.ReadFile("assets/preview.png")
	if err != nil {
		t.Fatal(err)
	}
	w, h := readImageSize(fstest.MapFS{"p.png": {Data: data}}, "p.png")
	if w <= 0 || h <= 0 {
		t.Errorf("the size of a PNG is %dx%d", w, h)
	}
}

// TestLongCategories checks that the index lists a few guides of each
// category with a link to all, and that a category of more than perPage
// guides is split into pages under its own folder, each linked.
func TestLongCategories(t *testing.T) {
	fsys := fstest.MapFS{
		"data/categories/big.md":   {Data: []byte("---\ntitle: Big\nsort: 1\n---\n")},
		"data/categories/small.md": {Data: []byte("---\ntitle: Small\nsort: 2\n---\n")},
	}
	n := 2*perPage + 5
	for i := range n {
		fsys[fmt.Sprintf("data/guides/g%03d.md", i)] = &fstest.MapFile{Data: fmt.Appendf(nil, "---\ntitle: Guide %d\ncreatedAt: 2024-01-01T00:%02d:%02dZ\ncategories: [big]\n---\n", i, i/60, i%60)}
	}
	fsys["data/guides/s.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Lone\ncreatedAt: 2024-01-01\ncategories: [small]\n---\n")}
	files := build(t, fsys, loadFS(t, fsys), Options{})
	index := string(files["index.html"])
	if got := strings.Count(index, `<li data-guide=`); got != indexListed+1 {
		t.Errorf("the index lists %d guides, want %d", got, indexListed+1)
	}
	if !strings.Contains(index, `All 205 guides<span class="visually-hidden"> in Big</span>`) {
		t.Error("the index does not link to all the guides of a long category")
	}
	for k, want := range map[string]int{"big/index.html": perPage, "big/page/2/index.html": perPage, "big/page/3/index.html": 5} {
		page := string(files[k])
		if got := strings.Count(page, `<li data-guide=`); got != want {
			t.Errorf("%s lists %d guides, want %d", k, got, want)
		}
		for _, link := range []string{`href="/guides/big/"`, `href="/guides/big/page/2/"`, `href="/guides/big/page/3/"`} {
			if !strings.Contains(page, link) {
				t.Errorf("%s does not link to %s", k, link)
			}
		}
	}
	if page := string(files["big/page/2/index.html"]); !strings.Contains(page, `<link rel="canonical" href="https://example.org/guides/big/page/2/">`) || !strings.Contains(page, "Guide 100</a>") {
		t.Error("the second page has the wrong canonical URL or guides")
	}
	if _, ok := files["small/page/2/index.html"]; ok {
		t.Error("a short category has a second page")
	}
	if !strings.Contains(string(files["sitemap.xml"]), "<loc>https://example.org/guides/big/page/3/</loc>") {
		t.Error("the sitemap lacks the pages of a long category")
	}
}

// TestPageHeads checks what each page says of itself to browsers and
// link previews.
func TestPageHeads(t *testing.T) {
	fsys, c := fixture(t, "fixture.txtar")
	files := build(t, fsys, c, Options{Language: "de"})
	for _, tt := range []struct {
		file     string
		want     []string
		wantNone []string
	}{
		{"tags/dns/index.html", []string{`<title>Tag: DNS · Example Guides</title>`, `<meta property="og:title" content="Tag: DNS">`}, nil},
		{"404.html", []string{`<title>Page not found`}, []string{`rel="canonical"`, `og:url`}},
		{"storage/index.html", []string{`<meta property="og:image" content="https://example.org/guides/assets/preview.png`}, []string{`og:image" content="https://example.org/guides/files/images/storage.svg`}},
		{"index.html", []string{`<html lang="de">`}, nil},
	} {
		page := string(files[tt.file])
		for _, w := range tt.want {
			if !strings.Contains(page, w) {
				t.Errorf("%s lacks %s", tt.file, w)
			}
		}
		for _, w := range tt.wantNone {
			if strings.Contains(page, w) {
				t.Errorf("%s has %s", tt.file, w)
			}
		}
	}
}

// TestImageLinksNamed checks that a link holding only an image without
// alternative text is named by where it leads, and that an image with
// its own description, or beside words, keeps it.
func TestImageLinksNamed(t *testing.T) {
	svg := `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"></svg>`
	fsys := fstest.MapFS{
		"images/a.svg":         {Data: []byte(svg)},
		"data/categories/c.md": {Data: []byte("---\ntitle: C\nsort: 1\n---\n")},
		"data/guides/g.md": {Data: []byte("---\ntitle: G\ncreatedAt: 2024-01-01\ncategories: [c]\n---\n\n" +
			"[![](../../images/a.svg)](https://example.org/one)\n\n[![Described](../../images/a.svg)](https://example.org/two)\n\n[![](../../images/a.svg) and words](https://example.org/three)\n")},
	}
	page := string(build(t, fsys, loadFS(t, fsys), Options{})["g/index.html"])
	for _, want := range []string{`alt="Link to https://example.org/one"`, `alt="Described"`, `alt=""`} {
		if !strings.Contains(page, want) {
			t.Errorf("the page has no image with %s", want)
		}
	}
}
