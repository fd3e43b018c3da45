package linkcheck

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// roundTrip writes c over old and reads the file again, with the results
// of urls.
func roundTrip(t *testing.T, c *Cache, old []byte, now time.Time, urls ...string) (*Cache, []byte) {
	t.Helper()
	var b bytes.Buffer
	if err := c.Write(context.Background(), &b, old, now); err != nil {
		t.Fatal(err)
	}
	got, err := ReadCache(context.Background(), b.Bytes(), urls)
	if err != nil {
		t.Fatalf("reading the cache written: %v\n%s", err, b.Bytes())
	}
	return got, b.Bytes()
}

func TestCacheRoundTrip(t *testing.T) {
	now := time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)
	c := NewCache()
	results := map[string]Result{
		"https://a.example/ok":            {Status: OK, Reason: HTTP, Code: 200, Attempts: 1, Time: now.Add(-time.Hour)},
		"https://a.example/old":           {Status: Moved, Reason: HTTP, Code: 200, Final: "https://a.example/new", Attempts: 1, Time: now.Add(-time.Hour)},
		"https://b.example/slow":          {Status: Unreachable, Reason: Timeout, Limit: 10 * time.Second, Attempts: 1, Time: now.Add(-23 * time.Hour)},
		"https://b.example/404":           {Status: Broken, Reason: HTTP, Code: 404, Attempts: 1, Time: now.Add(-time.Minute)},
		"https://b.example/dns":           {Status: Unreachable, Reason: DNS, Detail: "no address for b.example \"quoted\"\n", Time: now.Add(-time.Minute)},
		`https://c.example/"q"?a=<b>&c=\`: {Status: OK, Reason: HTTP, Code: 200, Time: now},
	}
	for u, r := range results {
		c.Store(u, r)
	}
	c.Store("https://c.example/late", Result{Status: Unreachable, Reason: Deadline, Limit: time.Second, Time: now})
	c.Store("https://c.example/stale", Result{Status: OK, Reason: HTTP, Code: 200, Time: now.Add(-31 * 24 * time.Hour)})
	c.Store("https://c.example/stale-failure", Result{Status: Broken, Reason: HTTP, Code: 404, Time: now.Add(-25 * time.Hour)})
	urls := []string{"https://c.example/late", "https://c.example/stale", "https://c.example/stale-failure"}
	for u := range results {
		urls = append(urls, u)
	}
	c, _ = roundTrip(t, c, nil, now, urls...)
	all := Ages{OK: 48 * time.Hour, Failed: 48 * time.Hour}
	for u, want := range results {
		got, ok := c.Lookup(u, all, now)
		if !ok {
			t.Errorf("%s: not in the cache", u)
			continue
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: mismatch (-want +got):\n%s", u, diff)
		}
		if _, ok := c.Lookup(u, Ages{}, now); ok {
			t.Errorf("%s: found with ages of 0", u)
		}
	}
	for _, tt := range []struct {
		url  string
		ages Ages
	}{
		{"https://b.example/slow", Ages{OK: 48 * time.Hour, Failed: 22 * time.Hour}},
		{"https://b.example/404", Ages{OK: 48 * time.Hour, Failed: 0}},
		{"https://a.example/ok", Ages{OK: 30 * time.Minute, Failed: 48 * time.Hour}},
		{"https://c.example/late", all},                                    // the overall timeout says nothing of the URL
		{"https://c.example/stale", Ages{OK: 100 * 24 * time.Hour}},        // older than 30 days
		{"https://c.example/stale-failure", Ages{Failed: 100 * time.Hour}}, // a failure older than a day
	} {
		if r, ok := c.Lookup(tt.url, tt.ages, now); ok {
			t.Errorf("%s found with ages %+v: %+v", tt.url, tt.ages, r)
		}
	}
}

// TestCacheSecrets checks that the user name and password of a URL are
// not written, and that the URL is found all the same.
func TestCacheSecrets(t *testing.T) {
	now := time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)
	c := NewCache()
	u := "https://alice:hunter2@a.example/private"
	c.Store(u, Result{Status: Moved, Reason: HTTP, Code: 200, Final: "https://bob:swordfish@b.example/", Time: now})
	got, file := roundTrip(t, c, nil, now, u)
	for _, secret := range []string{"alice", "hunter2", "bob", "swordfish"} {
		if bytes.Contains(file, []byte(secret)) {
			t.Errorf("the cache file holds %q:\n%s", secret, file)
		}
	}
	r, ok := got.Lookup(u, Ages{OK: time.Hour}, now)
	if !ok || r.Final != "https://b.example/" {
		t.Errorf("Lookup = %+v, %v; want the result, without the password where it leads", r, ok)
	}
}

// TestCacheMerge checks that two runs that write one after the other keep
// the results of both, the newer of a URL both have, and that a file is
// pruned of expired results and of lines it cannot read.
func TestCacheMerge(t *testing.T) {
	now := time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)
	a, b := NewCache(), NewCache()
	a.Store("https://x.example/a", Result{Status: OK, Reason: HTTP, Code: 200, Time: now})
	a.Store("https://x.example/both", Result{Status: Broken, Reason: HTTP, Code: 404, Time: now.Add(-time.Minute)})
	a.Store("https://x.example/newer", Result{Status: OK, Reason: HTTP, Code: 200, Time: now})
	b.Store("https://x.example/b", Result{Status: OK, Reason: HTTP, Code: 200, Time: now})
	b.Store("https://x.example/both", Result{Status: OK, Reason: HTTP, Code: 200, Time: now.Add(-time.Hour)})
	b.Store("https://x.example/newer", Result{Status: Broken, Reason: HTTP, Code: 410, Time: now.Add(time.Minute)})
	urls := []string{"https://x.example/a", "https://x.example/b", "https://x.example/both", "https://x.example/newer", "https://x.example/gone"}
	_, first := roundTrip(t, a, nil, now, urls...)
	// Lines another writer left: an expired one, a broken one, one of no
	// layout.
	first = append(first, []byte(`{"url":"https://x.example/gone","time":1,"status":"ok","reason":"http"}`+"\n"+
		`{"url":"https://x.example/half`+"\n"+"garbage\n")...)
	c, second := roundTrip(t, b, first, now.Add(time.Minute), urls...)
	for _, u := range []string{"https://x.example/a", "https://x.example/b"} {
		if _, ok := c.Lookup(u, Ages{OK: time.Hour}, now); !ok {
			t.Errorf("%s lost", u)
		}
	}
	all := Ages{OK: 2 * time.Hour, Failed: 2 * time.Hour}
	if r, _ := c.Lookup("https://x.example/both", all, now); r.Code != 404 {
		t.Errorf("the older result of a URL replaced the newer: %+v", r)
	}
	if r, _ := c.Lookup("https://x.example/newer", all, now.Add(time.Hour)); r.Code != 410 {
		t.Errorf("the newer result of a URL was not kept: %+v", r)
	}
	if _, ok := c.Lookup("https://x.example/gone", Ages{OK: 100 * 365 * 24 * time.Hour}, now); ok {
		t.Errorf("an expired result was kept")
	}
	if n := bytes.Count(second, []byte("\n")); n != 5 {
		t.Errorf("the file has %d lines, want the header and 4 results:\n%s", n, second)
	}
}

// TestReadCacheNotCache checks that content that is not a cache file is an
// empty cache and an error that does not quote it.
func TestReadCacheNotCache(t *testing.T) {
	for _, tt := range []struct {
		name, data string
		want       error
	}{
		{"text", "PATH=/usr/bin\nexport SECRET=1\n", ErrNotCache},
		{"json", `{"guides":"link cache","version":3}`, ErrNotCache},
		{"old", `{"version":1,"urls":{"https://a.example/":{"status":"ok"}}}`, ErrOldCache},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ReadCache(context.Background(), []byte(tt.data), []string{"https://a.example/"})
			if !errors.Is(err, tt.want) {
				t.Fatalf("error %v, want %v", err, tt.want)
			}
			if strings.ContainsAny(err.Error(), "P{$") {
				t.Errorf("the error quotes the file: %v", err)
			}
			if c == nil || len(c.entries) != 0 {
				t.Errorf("cache %v, want an empty one", c)
			}
		})
	}
}

// TestReadCacheStopped checks that reading stops when its context is done.
func TestReadCacheStopped(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	data := cacheHeader + "\n" + strings.Repeat(`{"url":"https://a.example/","time":1,"status":"ok","reason":"http"}`+"\n", 10)
	if _, err := ReadCache(ctx, []byte(data), nil); !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want the context's", err)
	}
	if err := NewCache().Write(ctx, &bytes.Buffer{}, []byte(data), time.Now()); !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want the context's", err)
	}
}

// TestCacheLimits checks that the result of a very long URL is not kept,
// and a long detail is cut.
func TestCacheLimits(t *testing.T) {
	now := time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)
	c := NewCache()
	long := "https://a.example/" + strings.Repeat("x", maxCachedURL)
	c.Store(long, Result{Status: OK, Reason: HTTP, Code: 200, Time: now})
	c.Store("https://a.example/d", Result{Status: Unreachable, Reason: Network, Detail: strings.Repeat("d", 10000), Time: now})
	got, file := roundTrip(t, c, nil, now, long, "https://a.example/d")
	if _, ok := got.Lookup(long, Ages{OK: time.Hour}, now); ok || len(file) > 2000 {
		t.Errorf("the result of a URL of %d bytes is kept: a file of %d bytes", len(long), len(file))
	}
	if r, ok := got.Lookup("https://a.example/d", Ages{Failed: time.Hour}, now); !ok || len(r.Detail) != maxCachedDetail {
		t.Errorf("a detail of 10000 bytes is kept as %d", len(r.Detail))
	}
}
