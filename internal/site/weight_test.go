package site_test

import (
	"context"
	"strings"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// weightInBrowser loads a page of every kind and checks what it loads
// that blocks its first paint: the theme's stylesheet, the stylesheet of
// highlighted code only on a page that shows code, the collection's own
// only where it has one, and no script. It logs the page's long tasks
// (over 50 ms) with the processor slowed four times, as Lighthouse slows
// it for a phone, as the browser's PerformanceObserver saw them, for the
// record: how long a task takes depends on the machine, and is not
// asserted.
func weightInBrowser(b tab, pages []checkedPage, withCode map[string]bool) {
	t := b.t
	slow := func(rate float64) {
		t.Helper()
		ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
		defer cancel()
		if _, err := chromedp.Call(ctx, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: rate}); err != nil {
			t.Fatal(err)
		}
	}
	slow(4)
	defer slow(1)
	for _, p := range pages {
		b.do("opening "+p.name, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(p.url), chromedp.WaitVisible(chromedp.CSS("h1")))
		value[bool](b, `window.__long = [], new PerformanceObserver(l => window.__long.push(...l.getEntries().map(e => Math.round(e.duration)))).observe({type: "longtask", buffered: true}), true`)
		b.waitFor("the page loaded", `document.readyState === "complete"`)
		blocking := value[[]string](b, `performance.getEntriesByType("resource").filter(r => r.renderBlockingStatus === "blocking").map(r => new URL(r.name).pathname)`)
		var code, theme bool
		for _, r := range blocking {
			switch {
			case strings.HasSuffix(r, "/assets/style.css"):
				theme = true
			case strings.HasSuffix(r, "/assets/code.css"):
				code = true
			case strings.HasSuffix(r, "/assets/custom.css"):
			default:
				t.Errorf("%s: %s blocks the first paint", p.name, r)
			}
		}
		if !theme {
			t.Errorf("%s: the theme's stylesheet is not loaded before the first paint: %q", p.name, blocking)
		}
		if code != withCode[p.name] {
			t.Errorf("%s: the stylesheet of highlighted code is loaded: %v; the page shows code: %v", p.name, code, withCode[p.name])
		}
		long := value[[]int](b, `window.__long`)
		t.Logf("%s at 390 px: render-blocking %q; long tasks (ms): %v", p.name, blocking, long)
	}
	b.do("back to the desktop", chromedp.EmulateViewport(1280, 900))
}
