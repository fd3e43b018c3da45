package site_test

import (
	"context"
	"flag"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/visual-guides/guides/internal/config"
	"github.com/visual-guides/guides/internal/load"
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

	// The search box narrows the index as one types.
	step("back to the index", chromedp.Navigate(home), chromedp.WaitVisible(chromedp.CSS("#search")))
	all := eval(`document.querySelectorAll('.categories [data-guide]:not([hidden])').length`)
	step("typing in the search box", chromedp.SendKeys(chromedp.CSS("#search"), "cache"))
	var shown int
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if shown = eval(`document.querySelectorAll('.categories [data-guide]:not([hidden])').length`); shown < all {
			break
		}
	}
	if shown == 0 || shown >= all {
		t.Fatalf("after typing \"cache\", %d of %d entries shown", shown, all)
	}
	visible := func(title string) int {
		return eval(fmt.Sprintf(`Array.from(document.querySelectorAll('.categories [data-guide]')).filter(e => !e.hidden && e.textContent.trim() === %q).length`, title))
	}
	if visible("Cache Eviction Policies") == 0 || visible("TCP vs UDP") != 0 {
		t.Errorf("the search for \"cache\" shows the wrong guides")
	}
	if got := text("[data-search-status]"); !strings.HasSuffix(got, "found") {
		t.Errorf("search status %q", got)
	}

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
