package site_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/config"
	"github.com/visual-guides/guides/internal/load"
	"github.com/visual-guides/guides/internal/search"
	"github.com/visual-guides/guides/internal/site"
	"github.com/visual-guides/guides/internal/site/highlight"
)

var screenshot = flag.String("screenshot", "", "save a screenshot of a guide page to this PNG `file`, such as ../../docs/screenshot.png")

// findBrowser returns the Chromium to drive: GUIDES_CHROME, or the first
// of the usual names on PATH.
func findBrowser() string {
	if p := os.Getenv("GUIDES_CHROME"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestBrowser builds this repository's own collection, serves it, and
// drives a real headless Chromium through it: the index, a category, a
// guide, and the search box narrowing the list. CI sets
// GUIDES_BROWSER_TEST=required, which makes a missing browser an error
// instead of a skip.
func TestBrowser(t *testing.T) {
	browser := findBrowser()
	if browser == "" {
		if os.Getenv("GUIDES_BROWSER_TEST") == "required" {
			t.Fatal("no Chromium found, and GUIDES_BROWSER_TEST=required: install Debian's chromium package, or set GUIDES_CHROME")
		}
		t.Skip("no Chromium found (install Debian's chromium package, or set GUIDES_CHROME); skipping the browser test")
	}

	root := os.DirFS("../..")
	cfg, err := config.Load(root, config.FileName)
	if err != nil {
		t.Fatal(err)
	}
	c, diags, err := load.LoadDir("../..", load.Options{GuidesDir: cfg.GuidesDir, CategoriesDir: cfg.CategoriesDir})
	if err != nil || diags.HasErrors() {
		t.Fatalf("loading this repository's collection: %v %v", err, diags)
	}
	b, err := site.NewBuilder(root, siteOptions(cfg))
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
	defer ts.Close()
	home := ts.URL + base.Path + "/"

	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(browser),
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
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	// The first action starts the browser, and must not carry a deadline.
	if err := chromedp.Do(ctx, chromedp.Navigate(home)); err != nil {
		t.Fatalf("starting %s: %v", browser, err)
	}
	step := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		s, err := chromedp.Run(sctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("reading %s: %v", sel, err)
		}
		return strings.TrimSpace(s)
	}
	eval := func(js string) int {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		n, err := chromedp.Run(sctx, chromedp.Evaluate[int](js))
		if err != nil {
			t.Fatalf("evaluating %s: %v", js, err)
		}
		return n
	}

	// The index: every category and its guides.
	step("opening the index", chromedp.WaitVisible(chromedp.CSS("h1")))
	if got := text("h1"); got != cfg.Title {
		t.Fatalf("index heading %q, want %q", got, cfg.Title)
	}
	firstCategory := c.Categories[0]
	if got := text(".card h2 a"); got != firstCategory.Title {
		t.Fatalf("first category %q, want %q", got, firstCategory.Title)
	}

	// Follow the first category, then its first guide.
	step("following a category", chromedp.Click(chromedp.CSS(".card h2 a")), chromedp.WaitVisible(chromedp.CSS(".guide-list")))
	if got := text("h1"); got != firstCategory.Title {
		t.Fatalf("category page heading %q, want %q", got, firstCategory.Title)
	}
	firstGuide := c.Published().GuidesIn(firstCategory.ID)[0]
	step("following a guide", chromedp.Click(chromedp.CSS(".guide-list li > a")), chromedp.WaitVisible(chromedp.CSS("article.guide")))
	if got := text("h1"); got != firstGuide.Title {
		t.Fatalf("guide page heading %q, want %q", got, firstGuide.Title)
	}
	sctx, cancelLoc := context.WithTimeout(ctx, 30*time.Second)
	loc, err := chromedp.Run(sctx, chromedp.Location())
	cancelLoc()
	if err != nil || !strings.HasSuffix(loc, "/"+firstGuide.ID+"/") {
		t.Fatalf("guide page at %q (%v), want .../%s/", loc, err, firstGuide.ID)
	}

	searchInBrowser(t, ctx, c, home, eval, step)

	// The switch in the header changes the colours, and remembers.
	background := func() string {
		sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		bg, err := chromedp.Run(sctx, chromedp.Evaluate[string](`getComputedStyle(document.body).backgroundColor`))
		if err != nil {
			t.Fatalf("reading the background: %v", err)
		}
		return bg
	}
	before := background()
	step("switching the theme", chromedp.Click(chromedp.CSS("[data-theme-toggle]")))
	after := background()
	if before == after {
		t.Errorf("the theme switch left the background %s", before)
	}
	step("reloading", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("h1")))
	if got := background(); got != after {
		t.Errorf("after a reload the background is %s, not the chosen %s", got, after)
	}

	if *screenshot != "" {
		// Back to the system's theme, light in a headless browser.
		if n := eval(`localStorage.removeItem("theme"), document.documentElement.removeAttribute("data-theme"), 0`); n != 0 {
			t.Fatal("could not reset the theme")
		}
		step("opening the page to capture",
			chromedp.EmulateViewport(1280, 900),
			chromedp.Navigate(home+"consistent-hashing/"),
			chromedp.WaitVisible(chromedp.CSS("article.guide")),
			chromedp.Sleep(300*time.Millisecond),
		)
		sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		png, err := chromedp.Run(sctx, chromedp.FullScreenshot(100))
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(*screenshot, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", *screenshot)
	}
}

// siteOptions are the options guides build uses for cfg.
func siteOptions(cfg config.Config) site.Options {
	return site.Options{BaseURL: cfg.BaseURL, Title: cfg.Title, Code: highlight.New(highlight.Options{}), CodeCSS: highlight.CSS()}
}

// visibleJS defines visible(e): whether a reader sees e, by its boxes and
// computed style, whatever its attributes say.
const visibleJS = `function visible(e) {
  if (!e) return false;
  for (var x = e; x; x = x.parentElement) {
    var cs = getComputedStyle(x);
    if (cs.display === "none" || cs.visibility === "hidden") return false;
  }
  var r = e.getBoundingClientRect();
  return r.width > 0 && r.height > 0;
}`

// searchInBrowser drives the search box, the index's lists and the search
// page, and expects what the Go engine finds in the same collection.
func searchInBrowser(t *testing.T, ctx context.Context, c *guides.Collection, home string, eval func(string) int, step func(string, ...chromedp.Action[chromedp.Void])) {
	t.Helper()
	pub := c.Published()
	docs, err := search.ReadDocs(os.DirFS("../.."), pub, pub.Guides)
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
	strs := func(js string) []string {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		v, err := chromedp.Run(sctx, chromedp.Evaluate[[]string](visibleJS+";"+js))
		if err != nil {
			t.Fatalf("evaluating %s: %v", js, err)
		}
		return v
	}
	waitFor := func(what, js string) {
		t.Helper()
		for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			if eval(visibleJS+";("+js+") ? 1 : 0") == 1 {
				return
			}
		}
		state := strs(`[location.href, String(document.activeElement && document.activeElement.id), (document.querySelector("#site-search-input") || {}).value, JSON.stringify((document.querySelector("#site-search-results") || {}).dataset), String(visible(document.querySelector("[data-search-popup]")))]`)
		t.Fatalf("waiting for %s: %s is still false; page, focus, box, list, list visible: %q", what, js, state)
	}

	// "/" focuses the box in the header.
	step("back to the index", chromedp.Navigate(home), chromedp.WaitVisible(chromedp.CSS("#site-search-input")))
	all := eval(visibleJS + `;Array.from(document.querySelectorAll('.categories [data-guide]')).filter(visible).length`)
	// A key pressed on a keyboard: one keyDown event, which a page may
	// cancel, with its character (chromedp.KeyEvent sends the character as
	// an event of its own, which no page can cancel).
	press := func(key, code, text string, vk int64) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeKeyDown, input.DispatchKeyEventTypeKeyUp} {
			p := input.DispatchKeyEventParams{Type: typ, Key: key, Code: code, WindowsVirtualKeyCode: vk, NativeVirtualKeyCode: vk}
			if typ == input.DispatchKeyEventTypeKeyDown {
				p.Text, p.UnmodifiedText = text, text
			}
			if _, err := chromedp.Call(sctx, input.DispatchKeyEvent, p); err != nil {
				t.Fatalf("pressing %s: %v", key, err)
			}
		}
	}
	press("/", "Slash", "/", 191)
	if eval(`document.activeElement.id === "site-search-input" ? 1 : 0`) != 1 {
		t.Fatal(`"/" does not focus the search box`)
	}
	// Results drop down as one types, best first, as the Go engine ranks.
	step("typing in the search box", chromedp.KeyEvent("tcp"))
	want := titles(search.Query{Text: "tcp"}, 8)
	if len(want) < 2 {
		t.Fatalf("the collection has %d guides on TCP; the test needs two", len(want))
	}
	waitFor("the results of tcp", `visible(document.querySelector("[data-search-popup]")) && document.querySelector("#site-search-results").dataset.query === "tcp"`)
	got := strs(`Array.from(document.querySelectorAll("#site-search-results .title")).filter(visible).map(e => e.textContent)`)
	if !slices.Equal(got, want) {
		t.Errorf("the box shows %q for tcp, the Go engine ranks %q", got, want)
	}
	if marks := strs(`Array.from(document.querySelectorAll("#site-search-results mark")).filter(visible).map(e => e.textContent.toLowerCase())`); len(marks) == 0 || slices.ContainsFunc(marks, func(m string) bool { return m != "tcp" }) {
		t.Errorf("the excerpts mark %q, want tcp only", marks)
	}
	// On the index, the lists keep only the guides found, and the others
	// are hidden to the eye.
	shownIndex := strs(`Array.from(document.querySelectorAll(".categories [data-guide]")).filter(visible).map(e => e.querySelector("a").textContent)`)
	for _, title := range shownIndex {
		if !slices.Contains(titles(search.Query{Text: "tcp"}, 1000), title) {
			t.Errorf("the index still shows %q, which does not mention tcp", title)
		}
	}
	if len(shownIndex) == 0 || len(shownIndex) >= all {
		t.Errorf("after typing tcp, the index shows %d of %d entries", len(shownIndex), all)
	}
	// Arrow keys choose a result, Enter opens it.
	press("ArrowDown", "ArrowDown", "", 40)
	press("Enter", "Enter", "\r", 13)
	waitFor("the first result's page", `document.querySelector("h1") && document.querySelector("h1").textContent.trim() === `+jsQuote(want[0]))

	// Escape closes the list; it is then hidden to the eye.
	step("typing again", chromedp.Navigate(home), chromedp.WaitVisible(chromedp.CSS("#site-search-input")), chromedp.Click(chromedp.CSS("#site-search-input")), chromedp.KeyEvent("cache"))
	waitFor("the results of cache", `visible(document.querySelector("[data-search-popup]")) && document.querySelector("#site-search-results").dataset.query === "cache"`)
	press("Escape", "Escape", "", 27)
	if eval(visibleJS+`;visible(document.querySelector("[data-search-popup]")) ? 1 : 0`) != 0 {
		t.Error("the list of results is still visible after Escape")
	}

	// The search page: linkable, restores the query, lists every result,
	// and filters by category.
	step("opening the search page", chromedp.Navigate(home+"search/?q=cache"), chromedp.WaitVisible(chromedp.CSS("[data-search-page]")))
	wantAll := titles(search.Query{Text: "cache"}, 20)
	waitFor("the results page", `document.querySelectorAll(".search-result h2").length == `+fmt.Sprint(len(wantAll)))
	if got := strs(`Array.from(document.querySelectorAll(".search-result h2")).filter(visible).map(e => e.textContent)`); !slices.Equal(got, wantAll) {
		t.Errorf("the search page shows %q, the Go engine ranks %q", got, wantAll)
	}
	if got := strs(`[document.querySelector("#search-words").value]`); got[0] != "cache" {
		t.Errorf("the search page's box holds %q, want the query", got[0])
	}
	cat := c.Categories[0]
	wantCat := titles(search.Query{Text: "cache", Category: cat.ID}, 20)
	step("filtering by category", chromedp.SetValue(chromedp.CSS("#search-category"), cat.ID), chromedp.Evaluate[chromedp.Void](`document.querySelector("#search-category").dispatchEvent(new Event("change"))`))
	waitFor("the filtered results", `document.querySelectorAll(".search-result h2").length == `+fmt.Sprint(len(wantCat))+` && location.search.includes("category=")`)
	if got := strs(`Array.from(document.querySelectorAll(".search-result h2")).filter(visible).map(e => e.textContent)`); !slices.Equal(got, wantCat) {
		t.Errorf("filtered by %s, the search page shows %q, want %q", cat.ID, got, wantCat)
	}

	// Without JavaScript, the box in the header opens the search page,
	// which says that searching needs JavaScript.
	noScript := func(off bool) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if _, err := chromedp.Call(sctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: off}); err != nil {
			t.Fatal(err)
		}
	}
	noScript(true)
	step("searching without JavaScript", chromedp.Navigate(home), chromedp.WaitVisible(chromedp.CSS("#site-search-input")),
		chromedp.SendKeys(chromedp.CSS("#site-search-input"), "tcp\n"), chromedp.WaitVisible(chromedp.CSS("[data-search-page]")))
	if got := strs(`[location.pathname + location.search]`); !strings.HasSuffix(got[0], "/search/?q=tcp") {
		t.Errorf("without JavaScript the box opens %s, want the search page", got[0])
	}
	if got := strs(`Array.from(document.querySelectorAll(".notice")).filter(visible).map(e => e.textContent)`); len(got) != 1 || !strings.Contains(got[0], "needs JavaScript") {
		t.Errorf("without JavaScript the search page shows %q, want a notice that search needs JavaScript", got)
	}
	noScript(false)
	step("back to the index, with JavaScript", chromedp.Navigate(home), chromedp.WaitVisible(chromedp.CSS("h1")))
}

func jsQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
