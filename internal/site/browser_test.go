package site_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"math"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/rogpeppe/go-internal/txtar"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/config"
	"github.com/visual-guides/guides/internal/load"
	"github.com/visual-guides/guides/internal/search"
	"github.com/visual-guides/guides/internal/site"
	"github.com/visual-guides/guides/internal/site/highlight"
	"github.com/visual-guides/guides/internal/testenv"
)

var screenshots = flag.String("screenshot", "", "write a screenshot of every page the browser test checks, in both themes and widths, into this `folder`")

// tab is a page of the browser, driven by a test.
type tab struct {
	t   *testing.T
	ctx context.Context
}

func (b tab) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// value evaluates js, with visible() defined, in the page.
func value[T any](b tab, js string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](visibleJS+";"+js, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("evaluating %s: %v", js, err)
	}
	return v
}

// waitFor waits until js is true in the page.
func (b tab) waitFor(what, js string) {
	b.t.Helper()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if value[bool](b, "!!("+js+")") {
			return
		}
	}
	b.t.Fatalf("waiting for %s: %s is still false", what, js)
}

// press presses a key as a keyboard does: one keyDown event, which a page
// may cancel, with its character (chromedp.KeyEvent sends the character
// as an event of its own, which no page can cancel).
func (b tab) press(key, code, text string, vk int64) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeKeyDown, input.DispatchKeyEventTypeKeyUp} {
		p := input.DispatchKeyEventParams{Type: typ, Key: key, Code: code, WindowsVirtualKeyCode: vk, NativeVirtualKeyCode: vk}
		if typ == input.DispatchKeyEventTypeKeyDown {
			p.Text, p.UnmodifiedText = text, text
		}
		if _, err := chromedp.Call(ctx, input.DispatchKeyEvent, p); err != nil {
			b.t.Fatalf("pressing %s: %v", key, err)
		}
	}
}

// served builds a collection and serves it; it returns the URL of its
// index.
func served(t *testing.T, fsys fs.FS, c *guides.Collection, cfg config.Config) string {
	t.Helper()
	b, err := site.NewBuilder(fsys, siteOptions(cfg))
	if err != nil {
		t.Fatal(err)
	}
	files := site.Files{}
	if err := b.Build(c, files); err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse(cfg.BaseURL)
	srv := site.NewServer(base.Path + "/")
	srv.Update(files)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts.URL + base.Path + "/"
}

// txtarCollection loads the collection of a txtar archive under testdata
// with its settings.
func txtarCollection(t *testing.T, name string) (fs.FS, *guides.Collection, config.Config) {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range ar.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	cfg, err := config.Load(fsys, config.FileName)
	if err != nil {
		t.Fatal(err)
	}
	c, diags, err := load.Load(fsys, load.Options{GuidesDir: cfg.GuidesDir, CategoriesDir: cfg.CategoriesDir})
	if err != nil || diags.HasErrors() {
		t.Fatalf("loading %s: %v %v", name, err, diags)
	}
	return fsys, c, cfg
}

// TestBrowser builds two collections, serves them, and drives a real
// headless Chromium through them as a reader does: testdata/browser.txtar,
// a small typical collection, for the index, a category, a guide, search,
// the theme switch and the grid; testdata/reader.txtar, a guide with every
// kind of block, for the table of contents, the image view and the copy
// buttons. Then axe-core checks every kind of page in both themes and at
// both widths. Everything is judged by what is visible: computed styles
// and boxes, not attributes. It is a slow test (GUIDES_TEST_ALL=1), and
// then a missing Chromium or axe-core fails it.
func TestBrowser(t *testing.T) {
	chromium := testenv.Browser(t)
	axe := testenv.Axe(t)
	fsys, c, cfg := txtarCollection(t, "browser.txtar")
	home := served(t, fsys, c, cfg)
	rfs, rc, rcfg := txtarCollection(t, "reader.txtar")
	readerHome := served(t, rfs, rc, rcfg)
	remote := httptest.NewServer(&diagramServer{})
	t.Cleanup(remote.Close)
	diagrams := loadedSite(t, "diagrams", diagramsFS(remote.URL+"/diagrams"))
	diagramsHome := served(t, diagrams.fsys, diagrams.coll, diagrams.cfg)
	bfs, bc, bcfg := txtarCollection(t, "branded.txtar")
	brandedHome := served(t, bfs, bc, bcfg)
	b := startBrowser(t, chromium, home)

	followInBrowser(b, c, cfg)
	searchInBrowser(b, fsys, c, home)
	themeInBrowser(b, home)
	indexInBrowser(b, home)
	readerInBrowser(b, readerHome)
	headsInBrowser(b, home, readerHome)
	problemsInBrowser(b, rfs, rc, rcfg)
	diagramsInBrowser(b, diagramsHome, diagrams.coll)
	brandInBrowser(b, brandedHome, bcfg)

	pages := []checkedPage{
		{"index", home},
		{"category", home + c.Categories[0].ID + "/"},
		{"guide-cover", home + "consistent-hashing/"},
		{"guide", readerHome + "tour/"},
		{"category-cover", readerHome + "systems/"},
		{"tag", home + "tags/caching/"},
		{"tags", home + "tags/"},
		{"search", home + "search/?q=cache"},
		{"404", home + "no-such-page/"},
		{"guide-diagram", diagramsHome + "sentence-then-diagram/"},
		{"category-diagram", diagramsHome + "patterns/"},
		{"branded-index", brandedHome},
		{"branded-guide", brandedHome + "backfills/"},
		{"branded-cover", brandedHome + "ingest-pipeline/"},
	}
	weightInBrowser(b, pages, map[string]bool{"guide": true})
	axeInBrowser(b, axe, pages)
}

// startBrowser starts headless Chromium on the page at url, 1280 by 900
// pixels, until the test ends.
func startBrowser(t *testing.T, chromium, url string) tab {
	t.Helper()
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(cancel)
	// The first action starts the browser, and must not carry a deadline.
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("starting %s: %v", chromium, err)
	}
	b := tab{t, ctx}
	b.do("sizing the window", chromedp.EmulateViewport(1280, 900))
	return b
}

// followInBrowser starts on the index, which shows every category, then
// follows the first category and its first guide.
func followInBrowser(b tab, c *guides.Collection, cfg config.Config) {
	t := b.t
	b.do("opening the index", chromedp.WaitVisible(chromedp.CSS("h1")))
	if got := value[string](b, `document.querySelector("h1").textContent.trim()`); got != cfg.Title {
		t.Fatalf("index heading %q, want %q", got, cfg.Title)
	}
	firstCategory := c.Categories[0]
	if got := value[string](b, `document.querySelector(".card h2 a").textContent.trim()`); got != firstCategory.Title {
		t.Fatalf("first category %q, want %q", got, firstCategory.Title)
	}
	b.do("following a category", chromedp.Click(chromedp.CSS(".card h2 a")), chromedp.WaitVisible(chromedp.CSS(".guide-list")))
	if got := value[string](b, `document.querySelector("h1").textContent.trim()`); got != firstCategory.Title {
		t.Fatalf("category page heading %q, want %q", got, firstCategory.Title)
	}
	firstGuide := c.Published().GuidesIn(firstCategory.ID)[0]
	b.do("following a guide", chromedp.Click(chromedp.CSS(".guide-list li > a")), chromedp.WaitVisible(chromedp.CSS("article.guide")))
	if got := value[string](b, `document.querySelector("h1").textContent.trim()`); got != firstGuide.Title {
		t.Fatalf("guide page heading %q, want %q", got, firstGuide.Title)
	}
	if loc := value[string](b, `location.href`); !strings.HasSuffix(loc, "/"+firstGuide.ID+"/") {
		t.Fatalf("guide page at %q, want .../%s/", loc, firstGuide.ID)
	}
}

// checkedPage is a page that axe-core checks and the test can capture.
type checkedPage struct{ name, url string }

// siteOptions are the options guides build uses for cfg.
func siteOptions(cfg config.Config) site.Options {
	return site.Options{BaseURL: cfg.BaseURL, Title: cfg.Title, Author: cfg.Author, Code: highlight.New(highlight.Options{}), CodeCSS: highlight.CSS(), Brand: brandOf(cfg)}
}

// visibleJS defines visible(e): whether a reader sees e, by its boxes and
// computed style (display, visibility, opacity, and content-visibility,
// which hides the content of a closed <details>), whatever its attributes
// say.
const visibleJS = `function visible(e) {
  if (!e || !e.checkVisibility({opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true})) return false;
  var r = e.getBoundingClientRect();
  return r.width > 0 && r.height > 0;
}`

// ranking returns the titles of the first n guides the Go engine finds
// for a query.
type ranking func(q search.Query, n int) []string

// searchInBrowser drives the search box, the index and the search page,
// and expects what the Go engine finds in the same collection, on screen.
func searchInBrowser(b tab, fsys fs.FS, c *guides.Collection, home string) {
	t := b.t
	t.Helper()
	pub := c.Published()
	docs, err := search.ReadDocs(fsys, pub, pub.Guides)
	if err != nil {
		t.Fatal(err)
	}
	ix := search.Build(docs)
	titles := func(q search.Query, n int) []string {
		var out []string
		for i, r := range ix.Search(q) {
			if i < n {
				out = append(out, docs[r.Doc].Title)
			}
		}
		return out
	}
	searchBoxInBrowser(b, home, titles)
	searchOnEveryScreen(b, home)
	searchIndexInBrowser(b, c, home, titles)
	searchPageInBrowser(b, c, home, titles)
	searchWithoutScript(b, home)
}

// searchBoxInBrowser types in the search box in the header, and chooses
// a result with the keyboard.
func searchBoxInBrowser(b tab, home string, titles ranking) {
	t := b.t
	// "/" focuses the box in the header.
	b.do("back to the index", chromedp.Navigate(home), chromedp.WaitVisible(chromedp.CSS("#site-search-input")))
	b.press("/", "Slash", "/", 191)
	if !value[bool](b, `document.activeElement.id === "site-search-input"`) {
		t.Fatal(`"/" does not focus the search box`)
	}
	// Results drop down as one types, best first, as the Go engine ranks.
	b.do("typing in the search box", chromedp.KeyEvent("tcp"))
	want := titles(search.Query{Text: "tcp"}, 5)
	if len(want) < 2 {
		t.Fatalf("the collection has %d guides on TCP; the test needs two", len(want))
	}
	b.waitFor("the results of tcp", `visible(document.querySelector("[data-search-popup]")) && document.querySelector("#site-search-results").dataset.query === "tcp"`)
	got := value[[]string](b, `Array.from(document.querySelectorAll("#site-search-results .title")).filter(visible).map(e => e.textContent)`)
	if !slices.Equal(got, want) {
		t.Errorf("the box shows %q for tcp, the Go engine ranks %q", got, want)
	}
	if marks := value[[]string](b, `Array.from(document.querySelectorAll("#site-search-results mark")).filter(visible).map(e => e.textContent.toLowerCase())`); len(marks) == 0 || slices.ContainsFunc(marks, func(m string) bool { return m != "tcp" }) {
		t.Errorf("the excerpts mark %q, want tcp only", marks)
	}
	// Each result is a link to its guide, which a reader can open in a
	// new tab or copy, as any link.
	links := value[[]string](b, `Array.from(document.querySelectorAll("#site-search-results [role=option]")).map(e => e.tagName + " " + new URL(e.href).pathname)`)
	if len(links) != len(want)+1 || !strings.HasPrefix(links[0], "A /") || !strings.HasSuffix(links[len(links)-1], "/search/") {
		t.Errorf("the results are %q: want links to the guides, then to the search page", links)
	}
	// Arrow keys choose a result, Enter opens it.
	b.press("ArrowDown", "ArrowDown", "", 40)
	b.press("Enter", "Enter", "\r", 13)
	b.waitFor("the first result's page", `document.querySelector("h1") && document.querySelector("h1").textContent.trim() === `+jsQuote(want[0]))
}

// searchOnEveryScreen types in the header's box at the widths of a small
// phone, a phone, a tablet and a desktop: the box shows at least 12
// characters of what is typed, nothing scrolls sideways before or after
// typing, and every result is inside the screen.
func searchOnEveryScreen(b tab, home string) {
	t := b.t
	for _, width := range []int64{320, 390, 768, 1280} {
		b.do("opening the index", chromedp.EmulateViewport(width, 800, chromedp.EmulateMobile), chromedp.Navigate(home), chromedp.WaitVisible(chromedp.CSS("#site-search-input")))
		room := value[[]float64](b, `(() => {
		  const i = document.querySelector("#site-search-input"), s = getComputedStyle(i);
		  const c = document.createElement("canvas").getContext("2d");
		  c.font = s.font;
		  return [i.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight), c.measureText("kubernetesxy").width];
		})()`)
		if room[0] < room[1] {
			t.Errorf("at %d px, the search box has %.0f px for text, less than the %.0f px of 12 characters", width, room[0], room[1])
		}
		scroll := `document.documentElement.scrollWidth - document.documentElement.clientWidth`
		if over := value[float64](b, scroll); over > 0 {
			t.Errorf("at %d px, the page scrolls %.0f px sideways before typing", width, over)
		}
		b.do("typing", chromedp.Click(chromedp.CSS("#site-search-input")), chromedp.KeyEvent("cache"))
		b.waitFor("the results of cache", `visible(document.querySelector("[data-search-popup]")) && document.querySelector("#site-search-results").dataset.query === "cache"`)
		if over := value[float64](b, scroll); over > 0 {
			t.Errorf("at %d px, the page scrolls %.0f px sideways after typing", width, over)
		}
		out := value[[]string](b, `Array.from(document.querySelectorAll("#site-search-results [role=option], [data-search-popup]")).filter(e => {
		  const r = e.getBoundingClientRect();
		  return r.left < 0 || r.right > document.documentElement.clientWidth;
		}).map(e => e.textContent.slice(0, 40))`)
		if len(out) > 0 {
			t.Errorf("at %d px, results run out of the screen: %q", width, out)
		}
	}
	b.do("back to the desktop", chromedp.EmulateViewport(1280, 900))
}

// searchIndexInBrowser types in the search box of the index, which then
// shows only what the search finds.
func searchIndexInBrowser(b tab, c *guides.Collection, home string, titles ranking) {
	t := b.t
	// Search hides nothing: on the index, every guide a reader still sees
	// is one the search found, in the category it is shown under, and a
	// category without any is gone from the screen.
	b.do("typing again", chromedp.Navigate(home), chromedp.WaitVisible(chromedp.CSS("#site-search-input")), chromedp.Click(chromedp.CSS("#site-search-input")), chromedp.KeyEvent("cache"))
	b.waitFor("the results of cache", `visible(document.querySelector("[data-search-popup]")) && document.querySelector("#site-search-results").dataset.query === "cache" && visible(document.querySelector("[data-found]"))`)
	for _, cat := range c.Categories {
		found := titles(search.Query{Text: "cache", Category: cat.ID}, 5)
		shown := value[[]string](b, `Array.from(document.querySelectorAll(`+jsQuote(`[data-category="`+cat.ID+`"] li`)+`)).filter(visible).map(e => e.textContent.trim())`)
		if !slices.Equal(shown, found) && !(len(shown) == 0 && len(found) == 0) {
			t.Errorf("after typing cache, the index shows %q under %s; the Go engine finds %q", shown, cat.ID, found)
		}
		cardShown := value[bool](b, `visible(document.querySelector(`+jsQuote(`[data-category="`+cat.ID+`"]`)+`))`)
		if cardShown != (len(found) > 0) {
			t.Errorf("after typing cache, the card of %s is visible: %v; the Go engine finds %d of its guides", cat.ID, cardShown, len(found))
		}
	}
	if status := value[string](b, `document.querySelector("[data-index-status]").textContent`); status != fmt.Sprintf("%d guides found", len(titles(search.Query{Text: "cache"}, 1000))) {
		t.Errorf("the index says %q", status)
	}
	// Escape closes the list; it is then hidden to the eye. Escape again
	// empties the box, and the index shows every category again.
	b.press("Escape", "Escape", "", 27)
	if value[bool](b, `visible(document.querySelector("[data-search-popup]"))`) {
		t.Error("the list of results is still visible after Escape")
	}
	b.press("Escape", "Escape", "", 27)
	b.waitFor("the whole index", `Array.from(document.querySelectorAll("[data-category]")).every(visible) && !visible(document.querySelector("[data-found]"))`)
}

// searchPageInBrowser opens the search page.
func searchPageInBrowser(b tab, c *guides.Collection, home string, titles ranking) {
	t := b.t
	// The search page: linkable, restores the query, lists every result,
	// and filters by category.
	b.do("opening the search page", chromedp.Navigate(home+"search/?q=cache"), chromedp.WaitVisible(chromedp.CSS("[data-search-page]")))
	wantAll := titles(search.Query{Text: "cache"}, 20)
	b.waitFor("the results page", `document.querySelectorAll(".search-result h2").length == `+fmt.Sprint(len(wantAll)))
	if got := value[[]string](b, `Array.from(document.querySelectorAll(".search-result h2")).filter(visible).map(e => e.textContent)`); !slices.Equal(got, wantAll) {
		t.Errorf("the search page shows %q, the Go engine ranks %q", got, wantAll)
	}
	if got := value[string](b, `document.querySelector("#search-words").value`); got != "cache" {
		t.Errorf("the search page's box holds %q, want the query", got)
	}
	cat := c.Categories[0]
	wantCat := titles(search.Query{Text: "cache", Category: cat.ID}, 20)
	b.do("filtering by category", chromedp.SetValue(chromedp.CSS("#search-category"), cat.ID), chromedp.Evaluate[chromedp.Void](`document.querySelector("#search-category").dispatchEvent(new Event("change"))`))
	b.waitFor("the filtered results", `document.querySelectorAll(".search-result h2").length == `+fmt.Sprint(len(wantCat))+` && location.search.includes("category=")`)
	if got := value[[]string](b, `Array.from(document.querySelectorAll(".search-result h2")).filter(visible).map(e => e.textContent)`); !slices.Equal(got, wantCat) {
		t.Errorf("filtered by %s, the search page shows %q, want %q", cat.ID, got, wantCat)
	}
}

// searchWithoutScript searches with JavaScript off.
func searchWithoutScript(b tab, home string) {
	t := b.t
	// Without JavaScript, the box in the header opens the search page,
	// which says that searching needs JavaScript.
	noScript := func(off bool) {
		t.Helper()
		ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
		defer cancel()
		if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: off}); err != nil {
			t.Fatal(err)
		}
	}
	noScript(true)
	b.do("searching without JavaScript", chromedp.Navigate(home), chromedp.WaitVisible(chromedp.CSS("#site-search-input")),
		chromedp.SendKeys(chromedp.CSS("#site-search-input"), "tcp\n"), chromedp.WaitVisible(chromedp.CSS("[data-search-page]")))
	noScript(false)
	if got := value[string](b, `location.pathname + location.search`); !strings.HasSuffix(got, "/search/?q=tcp") {
		t.Errorf("without JavaScript the box opens %s, want the search page", got)
	}
	b.do("back to the index, with JavaScript", chromedp.Navigate(home), chromedp.WaitVisible(chromedp.CSS("h1")))
}

// themeInBrowser checks the switch in the header: it changes the colours,
// says which theme is on, and is remembered.
func themeInBrowser(b tab, home string) {
	t := b.t
	background := func() string { return value[string](b, `getComputedStyle(document.body).backgroundColor`) }
	b.do("opening the index", chromedp.Navigate(home), chromedp.WaitVisible(chromedp.CSS("h1")))
	before := background()
	pressedBefore := value[string](b, `document.querySelector("[data-theme-toggle]").getAttribute("aria-pressed")`)
	b.do("switching the theme", chromedp.Click(chromedp.CSS("[data-theme-toggle]")))
	after := background()
	if before == after {
		t.Errorf("the theme switch left the background %s", before)
	}
	dark := value[bool](b, `document.documentElement.dataset.theme === "dark"`)
	if pressed := value[string](b, `document.querySelector("[data-theme-toggle]").getAttribute("aria-pressed")`); pressed == pressedBefore || pressed != fmt.Sprint(dark) {
		t.Errorf("the switch says pressed %s, then %s, with the dark theme %v", pressedBefore, pressed, dark)
	}
	b.do("reloading", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("h1")))
	if got := background(); got != after {
		t.Errorf("after a reload the background is %s, not the chosen %s", got, after)
	}
	value[bool](b, `localStorage.removeItem("theme"), document.documentElement.removeAttribute("data-theme"), true`)
}

// indexInBrowser checks the index's grid: cards of a row are as tall as
// each other, leaving no gaps, and each links to all its guides.
func indexInBrowser(b tab, home string) {
	t := b.t
	for _, width := range []int64{1280, 390} {
		b.do("opening the index", chromedp.EmulateViewport(width, 900), chromedp.Navigate(home), chromedp.WaitVisible(chromedp.CSS(".card")))
		rows := value[[][]float64](b, `(() => {
		  const rows = new Map();
		  for (const c of document.querySelectorAll(".categories .card")) {
		    const r = c.getBoundingClientRect();
		    const k = Math.round(r.top);
		    if (!rows.has(k)) rows.set(k, []);
		    rows.get(k).push(r.height);
		  }
		  return Array.from(rows.values());
		})()`)
		for _, row := range rows {
			if slices.Min(row) != slices.Max(row) {
				t.Errorf("at %d px, a row of cards has heights %v: the grid has gaps", width, row)
			}
		}
		if n := value[int](b, `Array.from(document.querySelectorAll(".card-more a")).filter(visible).length`); n != value[int](b, `document.querySelectorAll(".card").length`) {
			t.Errorf("at %d px, %d cards of %d link to all their guides", width, n, value[int](b, `document.querySelectorAll(".card").length`))
		}
	}
	b.do("back to the desktop", chromedp.EmulateViewport(1280, 900))
}

// problemsInBrowser serves a site as guides serve does, with the script
// that listens for problems, and checks the panel a reader of an open page
// sees: the position and message of each problem, as text; dismissed with
// its button, back for new problems, and gone when they are fixed.
func problemsInBrowser(b tab, fsys fs.FS, c *guides.Collection, cfg config.Config) {
	t := b.t
	opts := siteOptions(cfg)
	opts.LiveReload = site.LiveScriptPath
	builder, err := site.NewBuilder(fsys, opts)
	if err != nil {
		t.Fatal(err)
	}
	files := site.Files{}
	if err := builder.Build(c, files); err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse(cfg.BaseURL)
	srv := site.NewServer(base.Path + "/")
	srv.Update(files)
	ts := httptest.NewServer(srv)
	defer func() {
		// The page's event stream stays open until the page goes.
		b.do("leaving the served page", chromedp.Navigate("about:blank"))
		ts.Close()
	}()

	b.do("opening a served page", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(ts.URL+base.Path+"/tour/"), chromedp.WaitVisible(chromedp.CSS("h1")))
	hostile := `<img src=x onerror="document.title='owned'"> "quoted"`
	srv.SetProblems([]site.Problem{
		{Path: "data/guides/tour.md", Line: 2, Column: 8, Severity: "error", Rule: "yaml", Message: hostile},
		{Path: "data/guides/other.md", Line: 5, Column: 1, Severity: "warning", Rule: "tags", Message: "a second problem"},
	})
	b.waitFor("the problems panel", `visible(document.querySelector(".guides-problems"))`)
	got := value[[]string](b, `(() => {
	  const p = document.querySelector(".guides-problems");
	  const r = p.getBoundingClientRect();
	  return [p.innerText, String(p.querySelectorAll("img").length), String(r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth), getComputedStyle(p).position, document.title];
	})()`)
	text, imgs, inside, position, title := got[0], got[1], got[2], got[3], got[4]
	for _, want := range []string{"1 error in the collection", "data/guides/tour.md:2:8", hostile, "data/guides/other.md:5:1", "a second problem", "last good version"} {
		if !strings.Contains(text, want) {
			t.Errorf("the problems panel does not show %q: %q", want, text)
		}
	}
	if imgs != "0" || title == "owned" {
		t.Errorf("a problem's message became markup: %s images in the panel, title %q", imgs, title)
	}
	if inside != "true" || position != "fixed" {
		t.Errorf("the problems panel is not fixed on the screen: inside %s, position %s", inside, position)
	}
	b.do("dismissing the panel", chromedp.Click(chromedp.CSS(".guides-problems button")))
	if value[bool](b, `visible(document.querySelector(".guides-problems"))`) {
		t.Error("the problems panel is still visible after Dismiss")
	}
	srv.SetProblems([]site.Problem{{Path: "data/guides/tour.md", Line: 3, Column: 1, Severity: "error", Rule: "date", Message: "a new problem"}})
	b.waitFor("the panel, for a new problem", `visible(document.querySelector(".guides-problems")) && document.querySelector(".guides-problems").innerText.includes("a new problem")`)
	srv.SetProblems(nil)
	b.waitFor("the panel gone once fixed", `!visible(document.querySelector(".guides-problems"))`)
}

// headsInBrowser checks the tops of two pages at both widths: the 404
// page's heading keeps its distance from the header, and a category's
// cover is a small picture beside its title on a wide screen, and as wide
// as the column above the list on a phone, which still starts on the
// first screen.
func headsInBrowser(b tab, home, readerHome string) {
	t := b.t
	for _, width := range []int64{1280, 390} {
		b.do("opening the 404 page", chromedp.EmulateViewport(width, 900), chromedp.Navigate(home+"no-such-page/"), chromedp.WaitVisible(chromedp.CSS("h1")))
		if gap := value[float64](b, `document.querySelector("h1").getBoundingClientRect().top - document.querySelector(".site-header").getBoundingClientRect().bottom`); gap < 24 {
			t.Errorf("at %d px, the 404 page's heading is %.0f px below the header, want 24 or more", width, gap)
		}
		b.do("opening a category with a cover", chromedp.Navigate(readerHome+"systems/"), chromedp.WaitVisible(chromedp.CSS(".cover img")))
		box := value[[]float64](b, `(() => {
		  const c = document.querySelector(".page-head .cover img").getBoundingClientRect();
		  const h = document.querySelector("h1").getBoundingClientRect();
		  const l = document.querySelector(".guide-list").getBoundingClientRect();
		  return [c.width, c.left, c.top, h.right, h.top, document.querySelector("main").getBoundingClientRect().width, l.top];
		})()`)
		coverW, coverLeft, coverTop, h1Right, h1Top, mainW, listTop := box[0], box[1], box[2], box[3], box[4], box[5], box[6]
		if width == 1280 && (coverW > 256 || coverW >= mainW*0.75) {
			t.Errorf("at %d px, the category's cover is %.0f px wide in a page %.0f px wide", width, coverW, mainW)
		}
		if width == 390 && coverW < mainW*0.9 {
			t.Errorf("at %d px, the category's cover is %.0f px wide in a column %.0f px wide", width, coverW, mainW)
		}
		if width == 1280 && (coverLeft < h1Right || coverTop > h1Top+40) {
			t.Errorf("at 1280 px, the category's cover is not beside its title (cover at %.0f,%.0f; title ends at %.0f, top %.0f)", coverLeft, coverTop, h1Right, h1Top)
		}
		if listTop > 900 {
			t.Errorf("at %d px, the category's list starts %.0f px down, below the screen", width, listTop)
		}
	}
	b.do("back to the desktop", chromedp.EmulateViewport(1280, 900))
}

// readerInBrowser checks what a reader of a long guide meets: the cover
// shown once, loaded at once and sized; the table of contents beside the
// text on a wide screen and folded above it on a phone; images that open
// full size and zoom; code that is copied; links that look like links;
// headings named by their text; a focus ring and a placeholder that can
// be seen.
func readerInBrowser(b tab, home string) {
	headings := readerPageInBrowser(b, home)
	readerCopyAndFocus(b)
	readerImageView(b)
	readerOnPhone(b, home, len(headings))
}

// readerPageInBrowser opens the tour at 1280 px and checks its cover, its
// table of contents, its headings and its links; it returns the headings.
func readerPageInBrowser(b tab, home string) []string {
	t := b.t
	b.do("opening the tour", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(home+"tour/"), chromedp.WaitVisible(chromedp.CSS("article.guide")))
	// The cover, once: the body started with the same diagram.
	if n := value[int](b, `Array.from(document.querySelectorAll("article img")).filter(e => visible(e) && e.getAttribute("src").includes("flow.svg")).length`); n != 1 {
		t.Errorf("the cover's diagram is shown %d times, want once", n)
	}
	if got := value[[]string](b, `(() => { const i = document.querySelector(".cover img"); return [i.loading, String(i.getAttribute("width")), String(i.getAttribute("height")), i.alt] })()`); !slices.Equal(got, []string{"auto", "800", "450", "From the client to the server"}) {
		t.Errorf("the cover is loaded %q, sized %sx%s, described %q; want at once, 800x450, with the body's description", got[0], got[1], got[2], got[3])
	}

	// The table of contents, beside the text at 1280 px.
	headings := value[[]string](b, `Array.from(document.querySelectorAll(".prose h2, .prose h3")).map(h => h.textContent)`)
	side := value[[]string](b, `Array.from(document.querySelectorAll(".toc-side a")).filter(visible).map(a => a.textContent)`)
	if !slices.Equal(side, headings) {
		t.Errorf("at 1280 px the table of contents shows %q, want the headings %q", side, headings)
	}
	if !value[bool](b, `document.querySelector(".toc-side").getBoundingClientRect().left >= document.querySelector(".prose").getBoundingClientRect().right`) {
		t.Error("at 1280 px the table of contents is not beside the text")
	}
	if value[bool](b, `visible(document.querySelector(".toc-top"))`) {
		t.Error("at 1280 px the folded table of contents shows too")
	}
	b.do("following the table of contents", chromedp.Click(chromedp.CSS(".toc-side li:nth-child(2) a")))
	b.waitFor("the section at the top", `Math.abs(document.getElementById("timeouts").getBoundingClientRect().top - 72) < 40`)

	// A heading's name is its text; the link beside it has a name of its own.
	names := axNames(b, ".prose h2")
	if !slices.Equal(names, value[[]string](b, `Array.from(document.querySelectorAll(".prose h2")).map(h => h.textContent)`)) {
		t.Errorf("the headings are named %q", names)
	}

	// Links in text are underlined: told apart by more than colour.
	for _, sel := range []string{".site-footer a", ".crumbs a", ".lead a, .prose p a"} {
		for _, deco := range value[[]string](b, `Array.from(document.querySelectorAll(`+jsQuote(sel)+`)).filter(visible).map(a => getComputedStyle(a).textDecorationLine)`) {
			if !strings.Contains(deco, "underline") {
				t.Errorf("a link %s is not underlined (%s)", sel, deco)
			}
		}
	}

	return headings
}

// readerCopyAndFocus copies a block of code with its button, and looks at
// the focus ring of the search box.
func readerCopyAndFocus(b tab) {
	t := b.t
	// The copy button copies the code, and says so to a screen reader.
	for _, name := range []string{"clipboard-read", "clipboard-write"} {
		ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
		_, err := chromedp.CallBrowser(ctx, browser.SetPermission, browser.SetPermissionParams{Permission: &browser.PermissionDescriptor{Name: name}, Setting: browser.PermissionSettingGranted})
		cancel()
		if err != nil {
			t.Fatalf("granting %s: %v", name, err)
		}
	}
	if !value[bool](b, `visible(document.querySelector(".code .copy"))`) {
		t.Fatal("the code block has no visible copy button")
	}
	b.do("copying the code", chromedp.Click(chromedp.CSS(".code .copy")))
	b.waitFor("the announcement", `document.querySelector("[data-announce]").textContent === "Code copied"`)
	if got, want := value[string](b, `navigator.clipboard.readText()`), value[string](b, `document.querySelector(".code pre").innerText.replace(/\n$/, "")`); got != want {
		t.Errorf("the clipboard holds %q, want the code %q", got, want)
	}

	// The focus ring of the search box and its placeholder can be seen.
	b.press("/", "Slash", "/", 191)
	ring := value[[]string](b, `(() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth, s.outlineColor, getComputedStyle(document.body).backgroundColor] })()`)
	if ring[0] == "none" || contrast(ring[2], ring[3]) < 3 {
		t.Errorf("the search box's focus ring is %s %s %s on %s: %.2f:1", ring[0], ring[1], ring[2], ring[3], contrast(ring[2], ring[3]))
	}
	ph := value[[]string](b, `(() => { const i = document.activeElement; return [getComputedStyle(i, "::placeholder").color, getComputedStyle(i).backgroundColor] })()`)
	if r := contrast(ph[0], ph[1]); r < 4.5 {
		t.Errorf("the placeholder is %s on %s: %.2f:1", ph[0], ph[1], r)
	}
	b.press("Escape", "Escape", "", 27)

}

// readerImageView opens an image full size with the keyboard, and zooms.
func readerImageView(b tab) {
	t := b.t
	// An image opens full size, zooms, and closes with Escape, giving the
	// focus back.
	b.do("focusing the second diagram", chromedp.Focus(chromedp.CSS(`.prose a[data-zoom]`)))
	b.press("Enter", "Enter", "\r", 13)
	b.waitFor("the image view", `visible(document.querySelector("dialog.viewer img")) && document.querySelector("dialog.viewer img").complete`)
	small := value[float64](b, `document.querySelector(".prose a[data-zoom] img").getBoundingClientRect().width`)
	big := value[float64](b, `document.querySelector("dialog.viewer img").getBoundingClientRect().width`)
	if big <= small {
		t.Errorf("the image view shows the image %.0f px wide, the page %.0f px", big, small)
	}
	b.press("+", "Equal", "+", 187)
	if zoomed := value[float64](b, `document.querySelector("dialog.viewer img").getBoundingClientRect().width`); zoomed < big*1.4 {
		t.Errorf("after +, the image is %.0f px wide, was %.0f", zoomed, big)
	}
	b.press("0", "Digit0", "0", 48)
	if fit := value[float64](b, `document.querySelector("dialog.viewer img").getBoundingClientRect().width`); fit != big {
		t.Errorf("after 0, the image is %.0f px wide, want %.0f", fit, big)
	}
	b.press("Escape", "Escape", "", 27)
	b.waitFor("the view closed", `!visible(document.querySelector("dialog.viewer img"))`)
	if !value[bool](b, `document.activeElement === document.querySelector(".prose a[data-zoom]")`) {
		t.Error("after the image view closes, the focus is not back on the image")
	}
}

// readerOnPhone reads the tour 390 px wide: an image opened and zoomed by
// touch, the table of contents of its headings folded above the text, and
// frames that scroll.
func readerOnPhone(b tab, home string, headings int) {
	t := b.t
	// By touch: a tap opens it, a pinch zooms.
	b.do("phone width", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(home+"tour/"), chromedp.WaitVisible(chromedp.CSS("article.guide")))
	tap(b, ".prose a[data-zoom] img")
	b.waitFor("the image view", `visible(document.querySelector("dialog.viewer img"))`)
	before := value[float64](b, `document.querySelector("dialog.viewer img").getBoundingClientRect().width`)
	pinch(b, 195, 420, 40, 140)
	if after := value[float64](b, `document.querySelector("dialog.viewer img").getBoundingClientRect().width`); after < before*1.5 {
		t.Errorf("after a pinch, the image is %.0f px wide, was %.0f", after, before)
	}
	b.press("Escape", "Escape", "", 27)

	// On a phone the table of contents is folded above the text, and opens.
	if value[bool](b, `visible(document.querySelector(".toc-side"))`) {
		t.Error("at 390 px the table of contents beside the text shows")
	}
	if !value[bool](b, `visible(document.querySelector(".toc-top summary")) && !visible(document.querySelector(".toc-top li a"))`) {
		t.Errorf("at 390 px the table of contents is not folded above the text: %s", value[string](b, `JSON.stringify([visible(document.querySelector(".toc-top summary")), visible(document.querySelector(".toc-top li a")), document.querySelector(".toc-top").open, getComputedStyle(document.querySelector(".toc-top li a")).display, innerWidth])`))
	}
	if !value[bool](b, `document.querySelector(".toc-top").getBoundingClientRect().bottom <= document.querySelector(".prose").getBoundingClientRect().top`) {
		t.Error("at 390 px the table of contents is not above the text")
	}
	b.do("unfolding the table of contents", chromedp.Click(chromedp.CSS(".toc-top summary")))
	if n := value[int](b, `Array.from(document.querySelectorAll(".toc-top li a")).filter(visible).length`); n != headings {
		t.Errorf("unfolded, the table of contents shows %d links, want %d", n, headings)
	}
	// Code and tables wider than the phone scroll in frames a keyboard reaches.
	for _, sel := range []string{".code .scroll", ".table-scroll"} {
		got := value[[]string](b, `(() => { const e = document.querySelector(`+jsQuote(sel)+`); e.focus(); return [String(e.scrollWidth > e.clientWidth), String(document.activeElement === e)] })()`)
		if got[0] != "true" || got[1] != "true" {
			t.Errorf("at 390 px, %s scrolls: %s, takes the focus: %s", sel, got[0], got[1])
		}
	}
	b.do("back to the desktop", chromedp.EmulateViewport(1280, 900))
}

// axNames returns the accessible names of the elements sel selects, as the
// browser computes them for screen readers.
func axNames(b tab, sel string) []string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	nodes, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSSAll(sel), chromedp.AtLeast(0)))
	if err != nil {
		b.t.Fatal(err)
	}
	var names []string
	for _, n := range nodes {
		tree, err := chromedp.Call(ctx, accessibility.GetPartialAXTree, accessibility.GetPartialAXTreeParams{BackendNodeID: n.BackendNodeID})
		if err != nil {
			b.t.Fatal(err)
		}
		for _, ax := range tree.Nodes {
			if ax.BackendDOMNodeID == n.BackendNodeID && ax.Name != nil {
				var name string
				_ = json.Unmarshal(ax.Name.Value, &name)
				names = append(names, name)
			}
		}
	}
	return names
}

// tap touches the middle of the element sel selects.
func tap(b tab, sel string) {
	b.t.Helper()
	r := value[[]float64](b, `(() => { const e = document.querySelector(`+jsQuote(sel)+`); e.scrollIntoView({block: "center"}); const r = e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2] })()`)
	touch(b, input.DispatchTouchEventTypeTouchStart, r[0], r[1])
	touch(b, input.DispatchTouchEventTypeTouchEnd)
}

// pinch spreads two fingers about (x, y) from apart to wide apart.
func pinch(b tab, x, y, from, to float64) {
	b.t.Helper()
	touch(b, input.DispatchTouchEventTypeTouchStart, x-from/2, y, x+from/2, y)
	for i := 1; i <= 8; i++ {
		d := from + (to-from)*float64(i)/8
		touch(b, input.DispatchTouchEventTypeTouchMove, x-d/2, y, x+d/2, y)
	}
	touch(b, input.DispatchTouchEventTypeTouchEnd)
}

// touch sends a touch event with the fingers at the given points.
func touch(b tab, typ input.DispatchTouchEventType, xy ...float64) {
	b.t.Helper()
	var points []*input.TouchPoint
	for i := 0; i+1 < len(xy); i += 2 {
		id := float64(i / 2)
		points = append(points, &input.TouchPoint{X: xy[i], Y: xy[i+1], ID: &id})
	}
	if points == nil {
		points = []*input.TouchPoint{}
	}
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if _, err := chromedp.Call(ctx, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: typ, TouchPoints: points}); err != nil {
		b.t.Fatalf("touching: %v", err)
	}
}

// axeInBrowser runs axe-core, the script axe, on every page in the light
// and dark themes, 1280 and 390 px wide, and expects no violation; with
// -screenshot, it saves each.
func axeInBrowser(b tab, axe []byte, pages []checkedPage) {
	t := b.t
	if *screenshots != "" {
		if err := os.MkdirAll(*screenshots, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	checked := 0
	for _, theme := range []string{"light", "dark"} {
		for _, width := range []int64{1280, 390} {
			for _, p := range pages {
				name := fmt.Sprintf("%s-%s-%d", p.name, theme, width)
				opts := []chromedp.EmulateViewportOption{}
				if width < 640 {
					opts = append(opts, chromedp.EmulateMobile)
				}
				b.do("opening "+name, chromedp.EmulateViewport(width, 900, opts...), chromedp.Navigate(p.url), chromedp.WaitVisible(chromedp.CSS("h1")))
				value[bool](b, `localStorage.setItem("theme", `+jsQuote(theme)+`), document.documentElement.dataset.theme = `+jsQuote(theme)+`, true`)
				if p.name == "search" {
					b.waitFor("the results", `document.querySelectorAll(".search-result").length > 0`)
				}
				b.waitFor("the page's images", `Array.from(document.images).every(i => i.complete)`)
				r := value[[]string](b, string(axe)+`;axe.run(document, {resultTypes: ["violations"]}).then(r => [axe.version + " passed " + r.passes.length + " rules"].concat(r.violations.flatMap(v => v.nodes.map(n => v.id + " (" + v.impact + "): " + n.target.join(" ") + ": " + n.failureSummary.replace(/\s+/g, " ")))))`)
				for _, v := range r[1:] {
					t.Errorf("%s: %s", name, v)
				}
				checked++
				t.Logf("axe-core %s on %s: %d violations", r[0], name, len(r)-1)
				if *screenshots != "" {
					screenshot(b, filepath.Join(*screenshots, name+".png"))
				}
			}
		}
	}
	value[bool](b, `localStorage.removeItem("theme"), true`)
	if checked != 4*len(pages) {
		t.Errorf("axe-core checked %d pages, want %d", checked, 4*len(pages))
	}
}

// screenshot writes a picture of the whole page to the file name.
func screenshot(b tab, name string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(name, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// contrast returns the contrast ratio of two CSS colours as computed styles
// give them ("rgb(…)" or "rgba(…)"), by WCAG's relative luminance.
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

func luminance(c string) float64 {
	c = strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(c, "rgba("), "rgb("), ")")
	parts := strings.FieldsFunc(c, func(r rune) bool { return r == ',' || r == ' ' || r == '/' })
	if len(parts) < 3 {
		return 0
	}
	var l float64
	for i, w := range []float64{0.2126, 0.7152, 0.0722} {
		v, _ := strconv.ParseFloat(parts[i], 64)
		v /= 255
		if v <= 0.04045 {
			v /= 12.92
		} else {
			v = math.Pow((v+0.055)/1.055, 2.4)
		}
		l += w * v
	}
	return l
}

func jsQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
