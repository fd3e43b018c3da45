package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// side is one of the two searches: the page its box is on and how the
// benchmark reads what it shows.
type side struct {
	name string
	// page is the path of the page of the box, under the base path.
	page string
	// input is the CSS selector of the box, links that of the links of
	// the results shown.
	input, links string
	// found is JavaScript that gives the number of guides found.
	found string
	// class is the server's name for the files of this search.
	class string
}

var sides = []side{
	{
		name:  "guides",
		page:  "tags/",
		input: "#site-search-input",
		links: "#site-search-results a[role=option]:not(.search-all)",
		found: `(function () { var m = /^(\d+) guides? found/.exec(document.querySelector("[data-search-status]").textContent); return m ? +m[1] : 0; })()`,
		class: "guides",
	},
	{
		name:  "Pagefind",
		page:  "pagefind-search/",
		input: "#q",
		links: "#results a",
		found: `+(document.getElementById("results").dataset.count || 0)`,
		class: "pagefind",
	},
}

// instrument runs in every page before its own scripts: it notes when the
// box's value changes, when a list of results says which query it shows
// (its data-query attribute), and every long task.
const instrument = `(function () {
  var B = window.__bench = { inputs: [], shows: [], long: [] };
  document.addEventListener("input", function (e) { B.inputs.push([performance.now(), e.target.value]); }, true);
  new MutationObserver(function (ms) {
    var t = performance.now();
    ms.forEach(function (m) { B.shows.push([t, m.target.getAttribute("data-query")]); });
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-query"] });
  try {
    new PerformanceObserver(function (l) {
      l.getEntries().forEach(function (e) { B.long.push([e.startTime, e.duration]); });
    }).observe({ type: "longtask", buffered: true });
  } catch (e) {}
})();`

// measure is what one query cost on one side.
type measure struct {
	ms    float64 // from the last keystroke to the results on the page
	bytes int64   // the search's files transferred, headers included
	top   []string
	found int
	long  float64 // the longest task of the page while the query ran
}

// driver drives one browser.
type driver struct {
	ctx      context.Context
	srv      *server
	base     string
	interval time.Duration
	throttle float64
}

// startBrowser starts headless Chromium.
func startBrowser(chromium string) (context.Context, func(), error) {
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
		chromedp.WindowSize(1280, 900))
	ctx, cancel := chromedp.NewContext(alloc)
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		cancel()
		cancelAlloc()
		return nil, nil, fmt.Errorf("starting %s: %w", chromium, err)
	}
	return ctx, func() { cancel(); cancelAlloc() }, nil
}

// open opens the page of sd in a new tab with an empty cache of its own,
// and focuses its box.
func (d *driver) open(sd side) (context.Context, func(), error) {
	ctx, cancel := chromedp.NewContext(d.ctx, chromedp.WithNewBrowserContext())
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: instrument}); err != nil {
		cancel()
		return nil, nil, err
	}
	if d.throttle > 1 {
		if _, err := chromedp.Call(ctx, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: d.throttle}); err != nil {
			cancel()
			return nil, nil, err
		}
	}
	tctx, cancelT := context.WithTimeout(ctx, time.Minute)
	defer cancelT()
	err := chromedp.Do(tctx, chromedp.Navigate(d.srv.url+d.base+sd.page), chromedp.WaitVisible(chromedp.CSS(sd.input)), chromedp.Focus(chromedp.CSS(sd.input)))
	if err != nil {
		cancel()
		return nil, nil, fmt.Errorf("opening %s: %w", sd.page, err)
	}
	return ctx, cancel, nil
}

// clear empties the box, as selecting its text and deleting it does.
func (d *driver) clear(ctx context.Context, sd side) error {
	if _, err := eval[bool](ctx, `(function () { var i = document.querySelector(`+jsString(sd.input)+`); i.focus(); i.select(); return true; })()`); err != nil {
		return err
	}
	return chromedp.Do(ctx, chromedp.KeyEvent("\b"))
}

// query types q in the box of sd, one key at a time, and measures.
func (d *driver) query(ctx context.Context, sd side, q string) (measure, error) {
	var m measure
	t0, err := eval[float64](ctx, "performance.now()")
	if err != nil {
		return m, err
	}
	d.srv.reset()
	for i, r := range q {
		if i > 0 {
			time.Sleep(d.interval)
		}
		if err := chromedp.Do(ctx, chromedp.KeyEvent(string(r))); err != nil {
			return m, err
		}
	}
	times := []float64{}
	probe := fmt.Sprintf(`(function (q, t0) {
  var B = window.__bench, last = -1;
  B.inputs.forEach(function (e) { if (e[0] >= t0) last = e[1] === q ? e[0] : -1; });
  if (last < 0) return document.querySelector(%s).value === q ? [] : [-1];
  for (var i = 0; i < B.shows.length; i++) if (B.shows[i][0] >= last && B.shows[i][1] === q) return [last, B.shows[i][0]];
  return [];
})(%s, %v)`, jsString(sd.input), jsString(q), t0)
	for deadline := time.Now().Add(20 * time.Second); len(times) < 2; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			return m, fmt.Errorf("%s: no results for %q", sd.name, q)
		}
		if times, err = eval[[]float64](ctx, probe); err != nil {
			return m, err
		}
		if len(times) == 1 {
			v, _ := eval[string](ctx, `document.querySelector(`+jsString(sd.input)+`).value`)
			return m, fmt.Errorf("%s: the box holds %q, not %q", sd.name, v, q)
		}
	}
	m.ms = times[1] - times[0]
	d.srv.quiet(200*time.Millisecond, 10*time.Second)
	m.bytes = d.srv.counted(sd.class)
	hrefs, err := eval[[]string](ctx, `Array.from(document.querySelectorAll(`+jsString(sd.links)+`)).map(function (a) { return a.href; })`)
	if err != nil {
		return m, err
	}
	for _, h := range hrefs {
		m.top = append(m.top, guideID(h, d.base))
	}
	if m.found, err = eval[int](ctx, sd.found); err != nil {
		return m, err
	}
	m.long, err = eval[float64](ctx, fmt.Sprintf(`window.__bench.long.reduce(function (m, e) { return e[0] >= %v ? Math.max(m, e[1]) : m; }, 0)`, t0))
	return m, err
}

// guideID returns the id of the guide a result's link leads to.
func guideID(href, base string) string {
	u, err := url.Parse(href)
	if err != nil {
		return href
	}
	return strings.Trim(strings.TrimPrefix(u.Path, base), "/")
}

// eval evaluates js in the page of ctx.
func eval[T any](ctx context.Context, js string) (T, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		var zero T
		return zero, fmt.Errorf("evaluating %.60s: %w", js, err)
	}
	return v, nil
}

var errNoChromium = errors.New("no Chromium found: install Debian's chromium package, or set GUIDES_CHROME")

// jsString returns s as a JavaScript string literal: JSON's strings are
// JavaScript's, U+2028 and U+2029 escaped.
func jsString(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err) // a string always encodes
	}
	return string(b)
}
