package app

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/visual-guides/guides/internal/linkcheck"
)

// linkServer is a web server whose answer depends on the path: /ok is
// found, /missing is not, /old moved permanently to /ok, and /skip/ is a
// folder that the tests exclude. It counts its requests by path.
type linkServer struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
}

func newLinkServer(t *testing.T) *linkServer {
	t.Helper()
	ls := &linkServer{hits: map[string]int{}}
	ls.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ls.mu.Lock()
		ls.hits[r.URL.Path]++
		ls.mu.Unlock()
		switch {
		case r.URL.Path == "/ok" || strings.HasPrefix(r.URL.Path, "/skip/"):
			w.Write([]byte("ok"))
		case r.URL.Path == "/old":
			http.Redirect(w, r, "/ok", http.StatusMovedPermanently)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(ls.Close)
	return ls
}

// requests returns the number of requests of each path since the last
// call.
func (ls *linkServer) requests() map[string]int {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	h := ls.hits
	ls.hits = map[string]int{}
	return h
}

// linkedCollection writes the fixture collection with a guide that links
// to each path of ls, and the settings of settings appended to its own.
func linkedCollection(t *testing.T, ls *linkServer, settings string) string {
	t.Helper()
	return collection(t, map[string]string{
		"guides.yaml": "baseURL: https://example.org/guides\ntitle: Test Guides\n" + settings,
		"data/guides/links.md": "---\ntitle: Links\ndescription: Links to the web.\ncreatedAt: 2024-01-05\ncategories: [net]\n---\n\n" +
			"See [ok](" + ls.URL + "/ok), [missing](" + ls.URL + "/missing),\n" +
			"[old](" + ls.URL + "/old) and [skipped](" + ls.URL + "/skip/page).\n",
	})
}

// linkOptions are options that check links at once, with the cache file
// cache.
func linkOptions(cache string) LinkOptions {
	return LinkOptions{PerHost: 2, Concurrency: 4, Timeout: time.Minute, RequestTimeout: 10 * time.Second, FailureMaxAge: time.Hour, CachePath: cache}
}

// TestCheckLinks checks the links of a collection against a server: a
// link that is found is fine, one that is not is an error, one that moved
// a warning; links excluded by the settings or by the options are not
// requested.
func TestCheckLinks(t *testing.T) {
	ls := newLinkServer(t)
	broken := fmt.Sprintf("data/guides/links.md:8:48: error: link %q is broken: 404 Not Found [broken-url]\n", ls.URL+"/missing")
	moved := fmt.Sprintf("data/guides/links.md:9:7: warning: link %q moved permanently to %q [moved-url]\n", ls.URL+"/old", ls.URL+"/ok")
	tests := []struct {
		name, settings string
		exclude        []string
		wantExcluded   int
		want           string
	}{
		{name: "nothing excluded", want: broken + moved},
		{name: "excluded by the settings", settings: "linkExclude: /skip/\n", wantExcluded: 1, want: broken + moved},
		{name: "excluded by the options", exclude: []string{`/skip/`}, wantExcluded: 1, want: broken + moved},
		{name: "excluded by both", settings: "linkExclude: [/skip/]\n", exclude: []string{`/old$`}, wantExcluded: 2, want: broken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openAt(t, linkedCollection(t, ls, tt.settings))
			opts := linkOptions(filepath.Join(t.TempDir(), "links.json"))
			opts.Exclude = tt.exclude
			ls.requests()
			res, err := s.Check(context.Background(), CheckOptions{Links: &opts})
			if err != nil {
				t.Fatal(err)
			}
			if !res.Failed {
				t.Error("a broken link does not fail the check")
			}
			if got := findingLines(res.Diags); got != tt.want {
				t.Errorf("findings:\n%s\nwant:\n%s", got, tt.want)
			}
			rep := res.Links
			if rep == nil {
				t.Fatal("no link report")
			}
			if rep.Excluded != tt.wantExcluded || rep.Refs != 4-tt.wantExcluded || rep.URLs != 4-tt.wantExcluded ||
				rep.Requested != rep.URLs || rep.FromCache != 0 || rep.CachePath != opts.CachePath || len(rep.Notes) != 0 {
				t.Errorf("report %+v, want %d excluded of 4, the rest requested", *rep, tt.wantExcluded)
			}
			hits := ls.requests()
			if tt.wantExcluded > 0 && hits["/skip/page"] > 0 {
				t.Errorf("an excluded link is requested: %v", hits)
			}
			if hits["/missing"] == 0 {
				t.Errorf("requests %v, want /missing requested", hits)
			}
		})
	}
}

// TestCheckLinksCache checks the links of a collection three times with
// one cache file: results younger than MaxAge are taken from the cache,
// without a request, and give the same findings; older ones, or any
// under a MaxAge of 0, are requested again.
func TestCheckLinksCache(t *testing.T) {
	ls := newLinkServer(t)
	s := openAt(t, linkedCollection(t, ls, "linkCache: .cache/links.json\n"))
	start := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	check := func(now time.Time, maxAge time.Duration) (CheckResult, map[string]int) {
		t.Helper()
		opts := linkOptions("")
		opts.MaxAge = maxAge
		opts.Now = func() time.Time { return now }
		res, err := s.Check(context.Background(), CheckOptions{Links: &opts})
		if err != nil {
			t.Fatal(err)
		}
		return res, ls.requests()
	}
	first, hits := check(start, time.Hour)
	if want := filepath.Join(s.Root, ".cache", "links.json"); first.Links.CachePath != want {
		t.Errorf("cache %q, want the settings' %q", first.Links.CachePath, want)
	}
	if first.Links.Requested != 4 || first.Links.FromCache != 0 || len(hits) < 4 {
		t.Errorf("first check: %+v, requests %v; want every URL requested", *first.Links, hits)
	}
	tests := []struct {
		name          string
		after, maxAge time.Duration
		wantCached    int
		// The age of the results from the cache, and whether the broken
		// URL's is one of them.
		age          time.Duration
		brokenCached bool
	}{
		{"recent", 10 * time.Minute, time.Hour, 4, 10 * time.Minute, true},
		{"too old", 2 * time.Hour, time.Hour, 0, 0, false},
		{"max age 0", 2*time.Hour + time.Minute, 0, 0, 0, false},
		// The last results are 90 minutes old: those that answered are
		// used, but not the failure, which is used for an hour.
		{"failures too old", 3*time.Hour + 31*time.Minute, 24 * time.Hour, 3, 90 * time.Minute, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, hits := check(start.Add(tt.after), tt.maxAge)
			if res.Links.FromCache != tt.wantCached || res.Links.Requested != 4-tt.wantCached {
				t.Errorf("%d from the cache, %d requested; want %d from the cache", res.Links.FromCache, res.Links.Requested, tt.wantCached)
			}
			if wantHits := 4 - tt.wantCached; len(hits) != wantHits || !tt.brokenCached && hits["/missing"] == 0 {
				t.Errorf("requests %v, want %d of them, /missing among them unless it is cached", hits, wantHits)
			}
			want := findingLines(first.Diags)
			if tt.wantCached > 0 {
				from := fmt.Sprintf(" (from the cache, %s old) [", age(tt.age))
				want = strings.ReplaceAll(want, " [moved-url]", from+"moved-url]")
				if tt.brokenCached {
					want = strings.ReplaceAll(want, " [broken-url]", from+"broken-url]")
				}
			}
			if got := findingLines(res.Diags); got != want {
				t.Errorf("findings:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// TestCheckLinksCacheNotes checks the links with a cache that cannot be
// used: the check goes on, and notes say what became of the cache.
func TestCheckLinksCacheNotes(t *testing.T) {
	ls := newLinkServer(t)
	root := linkedCollection(t, ls, "")
	writeFile(t, root, "cache/garbled.json", "not JSON\n")
	writeFile(t, root, "cache/old.json", `{"version":1,"urls":{}}`)
	writeFile(t, root, "cache/file", "a file, not a folder\n")
	if err := os.Mkdir(filepath.Join(root, "cache", "folder.json"), 0o755); err != nil {
		t.Fatal(err)
	}
	cacheHome := t.TempDir()
	tests := []struct {
		name, cache    string
		env            map[string]string
		wantCache      string   // the cache used
		wantNotes      []string // a part of each note
		wantCacheValid bool     // the cache file holds the results after
	}{
		{name: "garbled", cache: "cache/garbled.json",
			wantNotes: []string{"garbled.json: not a link cache file of guides; it is left as it is, and the results are not kept"}},
		{name: "old", cache: "cache/old.json", wantCache: "cache/old.json",
			wantNotes: []string{"old.json: a link cache of an earlier version of guides; it is replaced"}, wantCacheValid: true},
		{name: "in a file", cache: "cache/file/links.json",
			wantNotes: []string{"link cache " + filepath.Join(root, "cache/file/links.json") + ": not a directory; the results are not kept"}},
		{name: "a folder", cache: "cache/folder.json",
			wantNotes: []string{"folder.json: a folder, not a regular file; the results are not kept"}},
		{name: "the user's", env: map[string]string{"XDG_CACHE_HOME": cacheHome},
			wantCache: filepath.Join(cacheHome, "guides", "links.json"), wantCacheValid: true},
		{name: "no user's", env: map[string]string{"XDG_CACHE_HOME": "", "HOME": ""},
			wantNotes: []string{"link cache: neither $XDG_CACHE_HOME nor $HOME are defined; the results are not kept"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			cache := tt.cache
			if cache != "" {
				cache = filepath.Join(root, cache)
			}
			want := tt.wantCache
			if want != "" && !filepath.IsAbs(want) {
				want = filepath.Join(root, want)
			}
			res := checkWithNotes(t, root, linkOptions(cache), tt.wantNotes)
			if res.Links.CachePath != want {
				t.Errorf("cache %q, want %q", res.Links.CachePath, want)
			}
			if tt.wantCacheValid {
				checkCacheFile(t, want, ls.URL+"/missing")
			}
		})
	}
	if got := readText(t, root, "cache/garbled.json"); got != "not JSON\n" {
		t.Errorf("a file that is not a cache was replaced: %q", got)
	}
}

// checkWithNotes checks the links of the collection at root, and expects
// them checked, and notes with each of wantNotes in turn.
func checkWithNotes(t *testing.T, root string, opts LinkOptions, wantNotes []string) CheckResult {
	t.Helper()
	res, err := openAt(t, root).Check(context.Background(), CheckOptions{Links: &opts})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(findingLines(res.Diags), "404 Not Found") {
		t.Errorf("the links are not checked: %s", findingLines(res.Diags))
	}
	if len(res.Links.Notes) != len(wantNotes) {
		t.Errorf("notes %q, want %d", res.Links.Notes, len(wantNotes))
	}
	for i, n := range res.Links.Notes {
		if i < len(wantNotes) && !strings.Contains(n.Error(), wantNotes[i]) {
			t.Errorf("note %q, want one with %q", n, wantNotes[i])
		}
	}
	return res
}

func ptr[T any](v T) *T { return &v }

// checkCacheFile checks that the cache file at path is valid and holds the
// result of url.
func checkCacheFile(t *testing.T, path, url string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cache, err := linkcheck.ReadCache(context.Background(), data, []string{url})
	if err != nil {
		t.Fatalf("the cache file does not read: %v\n%s", err, data)
	}
	if r, ok := cache.Lookup(url, linkcheck.Ages{OK: time.Hour, Failed: time.Hour}, time.Now()); !ok || r.Status != linkcheck.Broken {
		t.Errorf("the cache file holds %+v for %s, not broken:\n%s", r, url, data)
	}
}

// TestLinkOptionsValidate checks the message of each bad option, which
// the check gives before reading the collection.
func TestLinkOptionsValidate(t *testing.T) {
	good := linkOptions("")
	tests := []struct {
		name     string
		change   func(*LinkOptions)
		flag     string
		wantText string
	}{
		{"timeout", func(o *LinkOptions) { o.Timeout = 0 }, "", "--timeout 0s: a time above 0 is needed"},
		{"request timeout", func(o *LinkOptions) { o.RequestTimeout = -time.Second }, "", "--request-timeout -1s: a time above 0 is needed"},
		{"max age", func(o *LinkOptions) { o.MaxAge = -time.Hour }, "", "--links-max-age -1h0m0s: a time of 0 or more is needed"},
		{"per host", func(o *LinkOptions) { o.PerHost = 0 }, "", "--links-per-host 0: 1 or more is needed"},
		{"concurrency", func(o *LinkOptions) { o.Concurrency = -2 }, "", "--links-concurrency -2: 1 or more is needed"},
		{"exclude", func(o *LinkOptions) { o.Exclude = []string{"ok", "a(b"} }, "--exclude", `--exclude: "a(b" is not a regular expression: missing closing )`},
	}
	if err := good.Validate(); err != nil {
		t.Fatalf("good options: %v", err)
	}
	// The session's folder is not a collection: the options are checked
	// before anything is read.
	s, err := Open(OpenOptions{Dir: t.TempDir(), Starting: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := good
			tt.change(&o)
			wantUsage(t, o.Validate(), tt.flag, tt.wantText)
			_, err := s.Check(context.Background(), CheckOptions{Links: &o})
			wantUsage(t, err, tt.flag, tt.wantText)
		})
	}
}

// TestCheckLinksStopped stops a link check: the error says so, and no
// finding of a link is added.
func TestCheckLinksStopped(t *testing.T) {
	ls := newLinkServer(t)
	s := openAt(t, linkedCollection(t, ls, ""))
	l, err := s.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = s.CheckLinks(ctx, l, linkOptions(filepath.Join(t.TempDir(), "links.json")))
	if !errors.Is(err, context.Canceled) || !strings.HasPrefix(err.Error(), "link check interrupted: ") {
		t.Errorf("error %v, want the link check interrupted", err)
	}
	if len(l.Diags) != 0 {
		t.Errorf("findings of a stopped check:\n%s", findingLines(l.Diags))
	}
}

// closedURL returns the URL of a port of this machine on which nothing
// listens: a request to it is refused.
func closedURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr + "/page"
}

// TestCheckLinksOffline checks links most of which get no answer, on
// several hosts: the network looks unreachable, which is an error, with no
// finding and nothing kept of them; a few such URLs among answers are
// findings as usual.
func TestCheckLinksOffline(t *testing.T) {
	ls := newLinkServer(t)
	tests := []struct {
		name       string
		urls       []string
		wantFailed int // the URLs without an answer, when the network looks unreachable
	}{
		{"every URL refused", []string{closedURL(t), closedURL(t), closedURL(t)}, 3},
		{"most URLs refused", []string{closedURL(t), closedURL(t), closedURL(t), ls.URL + "/ok"}, 3},
		{"one host refuses", []string{closedURL(t), ls.URL + "/ok", ls.URL + "/missing"}, 0},
		{"one host alone", []string{closedURL(t)}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body strings.Builder
			for _, u := range tt.urls {
				body.WriteString("[x](" + u + ")\n")
			}
			root := collection(t, map[string]string{
				"data/guides/links.md": "---\ntitle: Links\ndescription: Links.\ncreatedAt: 2024-01-05\ncategories: [net]\n---\n\n" + body.String(),
			})
			cache := filepath.Join(t.TempDir(), "links.json")
			s := openAt(t, root)
			res, err := s.Check(context.Background(), CheckOptions{Links: ptr(linkOptions(cache))})
			var ne *NetworkError
			if tt.wantFailed == 0 {
				if err != nil {
					t.Fatalf("error %v, want findings", err)
				}
				if !strings.Contains(findingLines(res.Diags), "connection refused [unreachable-url]") {
					t.Errorf("findings:\n%s\nwant the refused URL unreachable", findingLines(res.Diags))
				}
				return
			}
			if !errors.As(err, &ne) || ne.Failed != tt.wantFailed || ne.Requested != len(tt.urls) {
				t.Fatalf("error %v, want the network unreachable for %d of %d URLs", err, tt.wantFailed, len(tt.urls))
			}
			if want := fmt.Sprintf("the network looks unreachable: %d of %d URLs requested got no answer", tt.wantFailed, len(tt.urls)); !strings.HasPrefix(err.Error(), want) {
				t.Errorf("error %q, want it to start %q", err, want)
			}
			data, _ := os.ReadFile(cache)
			for _, u := range tt.urls {
				if strings.Contains(string(data), u) && u != ls.URL+"/ok" {
					t.Errorf("the cache keeps a URL without an answer:\n%s", data)
				}
			}
		})
	}
}
