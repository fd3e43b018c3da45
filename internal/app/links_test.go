package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
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
	return LinkOptions{PerHost: 2, Concurrency: 4, Timeout: time.Minute, RequestTimeout: 10 * time.Second, CachePath: cache}
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
	}{
		{"recent", 10 * time.Minute, time.Hour, 4},
		{"too old", 2 * time.Hour, time.Hour, 0},
		{"max age 0", time.Minute, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, hits := check(start.Add(tt.after), tt.maxAge)
			if res.Links.FromCache != tt.wantCached || res.Links.Requested != 4-tt.wantCached {
				t.Errorf("%d from the cache, %d requested; want %d from the cache", res.Links.FromCache, res.Links.Requested, tt.wantCached)
			}
			if tt.wantCached == 4 && len(hits) > 0 {
				t.Errorf("requests %v, want none", hits)
			}
			if tt.wantCached == 0 && (hits["/missing"] == 0 || hits["/old"] == 0) {
				t.Errorf("requests %v, want every URL", hits)
			}
			if got, want := findingLines(res.Diags), findingLines(first.Diags); got != want {
				t.Errorf("findings:\n%s\nwant those of the first check:\n%s", got, want)
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
		{name: "garbled", cache: "cache/garbled.json", wantCache: "cache/garbled.json",
			wantNotes: []string{"garbled.json: invalid character 'o' in literal null (expecting 'u'); it is replaced"}, wantCacheValid: true},
		{name: "in a file", cache: "cache/file/links.json",
			wantNotes: []string{"link cache: open " + filepath.Join(root, "cache/file/links.json") + ": not a directory; the results are not kept"}},
		{name: "a folder", cache: "cache/folder.json", wantCache: "cache/folder.json",
			wantNotes: []string{"is a directory; it is replaced", "; the results are not kept"}},
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
			res, err := openAt(t, root).Check(context.Background(), CheckOptions{Links: ptr(linkOptions(cache))})
			if err != nil {
				t.Fatal(err)
			}
			if res.Links.CachePath != want {
				t.Errorf("cache %q, want %q", res.Links.CachePath, want)
			}
			if !strings.Contains(findingLines(res.Diags), "404 Not Found") {
				t.Errorf("the links are not checked: %s", findingLines(res.Diags))
			}
			if len(res.Links.Notes) != len(tt.wantNotes) {
				t.Errorf("notes %q, want %d", res.Links.Notes, len(tt.wantNotes))
			}
			for i, n := range res.Links.Notes {
				if i < len(tt.wantNotes) && !strings.Contains(n.Error(), tt.wantNotes[i]) {
					t.Errorf("note %q, want one with %q", n, tt.wantNotes[i])
				}
			}
			if tt.wantCacheValid {
				checkCacheFile(t, want, ls.URL+"/missing")
			}
		})
	}
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
	var file struct {
		Version int
		URLs    map[string]struct{ Status string }
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatalf("the cache file is not JSON: %v", err)
	}
	if file.URLs[url].Status != "broken" {
		t.Errorf("the cache file holds %+v, without %s as broken", file.URLs, url)
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
