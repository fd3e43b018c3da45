package site_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing/fstest"

	"github.com/chromedp/chromedp"

	"github.com/visual-guides/guides"
)

// diagramPNG draws a picture of w by h pixels that looks like a diagram
// of the real collection: boxes joined by lines on a pale ground, in one
// of a few hues. It is small: few colours, large flat areas.
func diagramPNG(w, h, hue int) []byte {
	hues := []color.RGBA{{9, 105, 218, 255}, {26, 127, 55, 255}, {191, 135, 0, 255}, {130, 80, 223, 255}}
	pal := color.Palette{color.RGBA{244, 247, 251, 255}, hues[hue%len(hues)], color.RGBA{31, 35, 40, 255}}
	img := image.NewPaletted(image.Rect(0, 0, w, h), pal)
	fill := func(x0, y0, x1, y1 int, c uint8) {
		for y := max(0, y0); y < min(h, y1); y++ {
			for x := max(0, x0); x < min(w, x1); x++ {
				img.SetColorIndex(x, y, c)
			}
		}
	}
	rows := 4
	for r := range rows {
		top := h * (2*r + 1) / (2*rows + 1)
		fill(w/8, top, w*7/8, top+h/(2*rows+1), 1)
		if r+1 < rows {
			fill(w/2-max(1, w/200), top+h/(2*rows+1), w/2+max(1, w/200), top+2*h/(2*rows+1), 2)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// diagramServer serves diagrams as a host of remote covers does: the
// picture at /WxH/NAME.png is w by h pixels. Each is drawn once.
type diagramServer struct {
	mu   sync.Mutex
	made map[string][]byte
}

func (d *diagramServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	var width, height int
	if len(parts) < 2 {
		http.NotFound(w, r)
		return
	}
	if _, err := fmt.Sscanf(parts[len(parts)-2], "%dx%d", &width, &height); err != nil || width < 1 || height < 1 || width > 4000 || height > 4000 {
		http.NotFound(w, r)
		return
	}
	d.mu.Lock()
	data, ok := d.made[r.URL.Path]
	if !ok {
		if d.made == nil {
			d.made = map[string][]byte{}
		}
		data = diagramPNG(width, height, len(d.made))
		d.made[r.URL.Path] = data
	}
	d.mu.Unlock()
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	_, _ = w.Write(data)
}

// diagramsFS is a collection shaped as the real one is: guides whose
// covers are tall (4:5) pictures at http(s) URLs, whose size the build
// cannot know, with bodies that hold the cover again (after a sentence,
// at their start, twice), guides without headings, a cover narrower than
// the column, pictures of the repository in bodies, and a category with a
// cover. remote is the URL of a diagramServer, without a trailing slash.
func diagramsFS(remote string) fstest.MapFS {
	tall, small, wide := diagramPNG(1280, 1600, 0), diagramPNG(400, 500, 1), diagramPNG(1600, 900, 2)
	d := func(size, name string) string { return remote + "/" + size + "/" + name + ".png" }
	guide := func(title, image, date, cats, body string) *fstest.MapFile {
		fm := "---\ntitle: " + title + "\ndescription: A visual guide to " + strings.ToLower(title) + ".\n"
		if image != "" {
			fm += "image: " + image + "\n"
		}
		return &fstest.MapFile{Data: []byte(fm + "createdAt: " + date + "\ncategories: [" + cats + "]\ntags: [Diagrams]\n---\n\n" + body)}
	}
	return fstest.MapFS{
		"guides.yaml":                 {Data: []byte("title: Diagram Guides\nbaseURL: https://example.org/guides\n")},
		"images/tall.png":             {Data: tall},
		"images/small.png":            {Data: small},
		"images/wide.png":             {Data: wide},
		"data/categories/patterns.md": {Data: []byte("---\ntitle: Patterns\ndescription: Patterns of systems, one diagram each.\nimage: " + d("1280x1600", "patterns") + "\nsort: 1\n---\n\nEach guide here is a diagram and a few words.\n")},
		"data/categories/basics.md":   {Data: []byte("---\ntitle: Basics\ndescription: Where to start.\nsort: 2\n---\n")},
		"data/guides/sentence-then-diagram.md": guide("Sentence Then Diagram", d("1280x1600", "d1"), "2024-05-01", "patterns",
			"How a request finds its server, in one picture.\n\n![How a request finds its server]("+d("1280x1600", "d1")+")\n"),
		"data/guides/diagram-first.md": guide("Diagram First", d("1280x1600", "d2"), "2024-05-02", "patterns",
			"![The layers of a cache]("+d("1280x1600", "d2")+")\n\nA cache sits between the reader and the store.\n"),
		"data/guides/cover-only.md": guide("Cover Only", d("1280x1600", "d3"), "2024-05-03", "patterns",
			"Three paragraphs and no heading.\n\nA queue takes work from producers and hands it to consumers.\n\nEach consumer takes one item at a time.\n"),
		"data/guides/small-cover.md": guide("Small Cover", d("400x500", "d4"), "2024-05-04", "patterns, basics",
			"A picture narrower than the column stays at its own width.\n"),
		"data/guides/twice.md": guide("Twice", d("1280x1600", "d5"), "2024-05-05", "patterns",
			"The diagram, then words.\n\n![Twice]("+d("1280x1600", "d5")+")\n\nAnd the diagram again, with another after it:\n\n![Twice again]("+d("1280x1600", "d5")+")\n\n![Another]("+d("1280x1600", "d6")+")\n"),
		"data/guides/local-with-contents.md": guide("Local With Contents", "images/tall.png", "2024-05-06", "basics",
			"![The whole system](../../images/tall.png)\n\nA long guide, with sections.\n\n## Reading\n\nReads go to a replica.\n\n![Wide](../../images/wide.png)\n\n## Writing\n\nWrites go to the leader.\n\n```go\nfunc write(k, v string) error { return leader.Put(k, v) }\n```\n\n## Failing\n\nA follower takes over.\n"),
		"data/guides/pictures-in-text.md": guide("Pictures In Text", "", "2024-05-07", "basics",
			"A small picture:\n\n![Small](../../images/small.png)\n\nA tall one:\n\n![Tall](../../images/tall.png)\n\nAnd one in a sentence ![inline](../../images/wide.png) that goes on.\n"),
	}
}

// diagramsInBrowser reads every guide of the collection of diagrams at
// 320, 390, 768 and 1280 px, as the real collection's readers do: every
// image of a guide is shown at 90% of its column's width or more, or at
// its own width when that is less, in its own shape; no page shows one
// image twice; and no page scrolls sideways. A category's cover is as
// wide as the column on a phone. The image view fits a diagram to the
// screen, enlarging a small one.
func diagramsInBrowser(b tab, home string, c *guides.Collection) {
	t := b.t
	for _, width := range []int64{320, 390, 768, 1280} {
		opts := []chromedp.EmulateViewportOption{}
		if width < 640 {
			opts = append(opts, chromedp.EmulateMobile)
		}
		b.do("sizing the screen", chromedp.EmulateViewport(width, 900, opts...))
		for _, g := range c.Guides {
			b.do("opening "+g.ID, chromedp.Navigate(home+g.ID+"/"), chromedp.WaitVisible(chromedp.CSS("article.guide")))
			value[bool](b, `document.querySelectorAll("img[loading=lazy]").forEach(i => i.loading = "eager"), true`)
			b.waitFor("the images of "+g.ID, `Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)`)
			diagramsShown(b, fmt.Sprintf("at %d px, %s", width, g.ID))
		}
		b.do("opening a category with a cover", chromedp.Navigate(home+"patterns/"), chromedp.WaitVisible(chromedp.CSS(".cover img")))
		b.waitFor("the cover", `document.querySelector(".cover img").complete`)
		noSideways(b, fmt.Sprintf("at %d px, the category", width))
		if width < 640 {
			got := value[[]float64](b, `[document.querySelector(".cover img").getBoundingClientRect().width, document.querySelector(".page-head").getBoundingClientRect().width]`)
			if got[0] < 0.9*got[1] {
				t.Errorf("at %d px, the category's cover is %.0f px wide in a column of %.0f", width, got[0], got[1])
			}
		}
	}
	viewerFits(b, home+"small-cover/", 1280, 900)
	viewerFits(b, home+"cover-only/", 390, 844)
	b.do("back to the desktop", chromedp.EmulateViewport(1280, 900))
}

// diagramsShown checks the images of the guide on screen.
func diagramsShown(b tab, where string) {
	t := b.t
	t.Helper()
	noSideways(b, where)
	imgs := value[[][]float64](b, `Array.from(document.querySelectorAll("article img")).map(i => {
	  const r = i.getBoundingClientRect();
	  const col = i.closest("p, li, figure, td, .prose, .guide").getBoundingClientRect();
	  return [r.width, r.height, i.naturalWidth, i.naturalHeight, col.width];
	})`)
	if len(imgs) == 0 {
		t.Errorf("%s: no image shown", where)
	}
	for k, m := range imgs {
		w, h, nw, nh, col := m[0], m[1], m[2], m[3], m[4]
		if w < 0.9*col && w < nw-1 {
			t.Errorf("%s: image %d is %.0f px wide in a column of %.0f; its own width is %.0f", where, k, w, col, nw)
		}
		if math.Abs(w/h-nw/nh) > 0.02*nw/nh {
			t.Errorf("%s: image %d is shown %.0fx%.0f, not in its own shape %.0fx%.0f", where, k, w, h, nw, nh)
		}
	}
	srcs := value[[]string](b, `Array.from(document.querySelectorAll("article img")).map(i => i.currentSrc)`)
	seen := map[string]bool{}
	for _, s := range srcs {
		if seen[s] {
			t.Errorf("%s: the page shows %s twice", where, s)
		}
		seen[s] = true
	}
}

// noSideways checks that the page does not scroll sideways.
func noSideways(b tab, where string) {
	b.t.Helper()
	if got := value[[]float64](b, `[document.documentElement.scrollWidth, innerWidth]`); got[0] > got[1] {
		b.t.Errorf("%s: the page is %.0f px wide on a screen of %.0f: it scrolls sideways", where, got[0], got[1])
	}
}

// viewerFits opens the cover of the guide at url in the image view, on a
// screen of w by h, and checks that the view fits the picture to the
// screen: as large as it can be, whole, in its own shape.
func viewerFits(b tab, url string, w, h int64) {
	t := b.t
	opts := []chromedp.EmulateViewportOption{}
	if w < 640 {
		opts = append(opts, chromedp.EmulateMobile)
	}
	b.do("opening "+url, chromedp.EmulateViewport(w, h, opts...), chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(".cover img")))
	b.waitFor("the cover", `document.querySelector(".cover img").complete`)
	b.do("opening the view", chromedp.Click(chromedp.CSS(".cover a[data-zoom]")))
	b.waitFor("the image view", `visible(document.querySelector("dialog.viewer img")) && document.querySelector("dialog.viewer img").complete`)
	got := value[[]float64](b, `(() => { const i = document.querySelector("dialog.viewer img"); const r = i.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom, r.width, r.height, i.naturalWidth, i.naturalHeight, innerWidth, innerHeight] })()`)
	left, top, right, bottom, width, height, nw, nh, vw, vh := got[0], got[1], got[2], got[3], got[4], got[5], got[6], got[7], got[8], got[9]
	if left < 0 || top < 0 || right > vw || bottom > vh {
		t.Errorf("at %d px, the view shows the picture at %.0f,%.0f-%.0f,%.0f, not inside the screen %.0fx%.0f", w, left, top, right, bottom, vw, vh)
	}
	if width < vw-80 && height < vh-120 {
		t.Errorf("at %d px, the view shows the picture %.0fx%.0f (its own size %.0fx%.0f) on a screen of %.0fx%.0f: not fitted to it", w, width, height, nw, nh, vw, vh)
	}
	if math.Abs(width/height-nw/nh) > 0.02*nw/nh {
		t.Errorf("at %d px, the view shows the picture %.0fx%.0f, not in its own shape %.0fx%.0f", w, width, height, nw, nh)
	}
	b.press("Escape", "Escape", "", 27)
}
