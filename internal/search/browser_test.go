package search_test

import (
	"context"
	"encoding/json"
	"io/fs"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/visual-guides/guides/internal/golden"
	"github.com/visual-guides/guides/internal/load"
	"github.com/visual-guides/guides/internal/search"
	"github.com/visual-guides/guides/internal/site"
	"github.com/visual-guides/guides/internal/testenv"
)

// TestRelevanceInBrowser runs the relevance suite through the built site:
// each query typed in the search box of a page of the site, in headless
// Chromium, with the site's own script reading its own index files, and
// the guides the box shows judged as TestRelevance judges them. It is a
// slow test (GUIDES_TEST_ALL=1).
func TestRelevanceInBrowser(t *testing.T) {
	chromium := testenv.Browser(t)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900))
	t.Cleanup(cancelAlloc)
	browser, cancel := chromedp.NewContext(alloc)
	t.Cleanup(cancel)
	if err := chromedp.Do(browser, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("starting %s: %v", chromium, err)
	}
	fixture := golden.Load(t, "testdata/relevance.txtar").FS("")
	for _, coll := range []struct {
		name  string
		fsys  fs.FS
		cases func([]search.Doc) []search.RelevanceCase
	}{
		{"fixture", fixture, func([]search.Doc) []search.RelevanceCase { return search.RelevanceCases(t) }},
		{"synthetic", search.SynthFS(t, 1000), search.SyntheticCases},
	} {
		t.Run(coll.name, func(t *testing.T) {
			home, docs := servedSite(t, coll.fsys)
			ctx, cancel := chromedp.NewContext(browser)
			defer cancel()
			box := "#site-search-input"
			// The first action makes the tab, and must not carry a deadline.
			if err := chromedp.Do(ctx, chromedp.Navigate(home+"tags/")); err != nil {
				t.Fatal(err)
			}
			do(t, ctx, chromedp.WaitVisible(chromedp.CSS(box)))
			for _, c := range coll.cases(docs) {
				ids := typeQuery(t, ctx, box, c.Query)
				if msg := search.Judge(c, ids); msg != "" {
					t.Errorf("browser: %s", msg)
				}
			}
		})
	}
}

// servedSite builds the site of the collection of fsys, serves it until
// the test ends, and returns the URL of its index and the Docs of its
// guides.
func servedSite(t *testing.T, fsys fs.FS) (string, []search.Doc) {
	t.Helper()
	c, diags, err := load.Load(fsys, load.Options{GuidesDir: "data/guides", CategoriesDir: "data/categories"})
	if err != nil || diags.HasErrors() {
		t.Fatalf("loading: %v %v", err, diags)
	}
	pub := c.Published()
	docs, err := search.ReadDocs(fsys, pub, pub.Guides)
	if err != nil {
		t.Fatal(err)
	}
	b, err := site.NewBuilder(fsys, site.Options{BaseURL: "https://example.com/guides", Title: "Guides"})
	if err != nil {
		t.Fatal(err)
	}
	files := site.Files{}
	if err := b.Build(c, files); err != nil {
		t.Fatal(err)
	}
	srv := site.NewServer("/guides/")
	srv.Update(files)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts.URL + "/guides/", docs
}

// typeQuery empties the box, types q in it, waits for the results of q,
// and returns the ids of the guides shown, in order.
func typeQuery(t *testing.T, ctx context.Context, box, q string) []string {
	t.Helper()
	sel, _ := json.Marshal(box)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(function () { var i = document.querySelector(`+string(sel)+`); i.focus(); i.select(); return true; })()`)); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.KeyEvent("\b"), chromedp.KeyEvent(q))
	want, _ := json.Marshal(q)
	shown := `(function () {
  var l = document.querySelector("#site-search-results");
  if (l.dataset.query !== ` + string(want) + `) return null;
  return Array.from(l.querySelectorAll("a[role=option]:not(.search-all)")).map(function (a) { return new URL(a.href).pathname; });
})()`
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		paths, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](shown))
		if err == nil && paths != nil {
			ids := []string{}
			for _, p := range paths {
				ids = append(ids, strings.Trim(strings.TrimPrefix(p, "/guides/"), "/"))
			}
			return ids
		}
	}
	t.Fatalf("no results shown for %q", q)
	return nil
}

func do(t *testing.T, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}
