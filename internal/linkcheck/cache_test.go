package linkcheck

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestCacheRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "links.json")
	now := time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)
	c, err := OpenCache(path)
	if err != nil {
		t.Fatal(err)
	}
	results := map[string]Result{
		"https://a.example/ok":   {Status: OK, Reason: HTTP, Code: 200, Attempts: 1, Time: now.Add(-time.Hour)},
		"https://a.example/old":  {Status: Moved, Reason: HTTP, Code: 200, Final: "https://a.example/new", Attempts: 1, Time: now.Add(-time.Hour)},
		"https://b.example/slow": {Status: Unreachable, Reason: Timeout, Limit: 10 * time.Second, Attempts: 1, Time: now.Add(-25 * time.Hour)},
		"https://b.example/404":  {Status: Broken, Reason: HTTP, Code: 404, Attempts: 1, Time: now.Add(-time.Minute)},
	}
	for u, r := range results {
		c.Store(u, r)
	}
	c.Store("https://c.example/late", Result{Status: Unreachable, Reason: Deadline, Limit: time.Second, Time: now})
	c.Store("https://c.example/stale", Result{Status: OK, Reason: HTTP, Code: 200, Time: now.Add(-31 * 24 * time.Hour)})
	if err := c.Save(now); err != nil {
		t.Fatal(err)
	}

	c, err = OpenCache(path)
	if err != nil {
		t.Fatal(err)
	}
	for u, want := range results {
		got, ok := c.Lookup(u, 48*time.Hour, now)
		if !ok {
			t.Errorf("%s: not in the cache", u)
			continue
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: mismatch (-want +got):\n%s", u, diff)
		}
		if _, ok := c.Lookup(u, 0, now); ok {
			t.Errorf("%s: found with a max age of 0", u)
		}
	}
	if _, ok := c.Lookup("https://b.example/slow", 24*time.Hour, now); ok {
		t.Errorf("a result of 25 hours ago found with a max age of 24 hours")
	}
	if _, ok := c.Lookup("https://c.example/late", 24*time.Hour, now); ok {
		t.Errorf("a result of the overall timeout was kept")
	}
	if _, ok := c.Lookup("https://c.example/stale", 100*24*time.Hour, now); ok {
		t.Errorf("a result older than 30 days was kept")
	}
}

// TestCacheMerge checks that two runs that save one after the other keep
// the results of both.
func TestCacheMerge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "links.json")
	now := time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)
	a, _ := OpenCache(path)
	b, _ := OpenCache(path)
	a.Store("https://x.example/a", Result{Status: OK, Reason: HTTP, Code: 200, Time: now})
	a.Store("https://x.example/both", Result{Status: Broken, Reason: HTTP, Code: 404, Time: now.Add(-time.Minute)})
	b.Store("https://x.example/b", Result{Status: OK, Reason: HTTP, Code: 200, Time: now})
	b.Store("https://x.example/both", Result{Status: OK, Reason: HTTP, Code: 200, Time: now.Add(-time.Hour)})
	if err := a.Save(now); err != nil {
		t.Fatal(err)
	}
	if err := b.Save(now); err != nil {
		t.Fatal(err)
	}
	c, err := OpenCache(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"https://x.example/a", "https://x.example/b"} {
		if _, ok := c.Lookup(u, time.Hour, now); !ok {
			t.Errorf("%s lost", u)
		}
	}
	if r, _ := c.Lookup("https://x.example/both", time.Hour, now); r.Code != 404 {
		t.Errorf("the older result of a URL replaced the newer: %+v", r)
	}
}

func TestCacheUnreadable(t *testing.T) {
	dir := t.TempDir()
	now := time.Now()
	for name, data := range map[string]string{
		"garbage": "not json",
		"version": `{"version": 99, "urls": {}}`,
	} {
		path := filepath.Join(dir, name+".json")
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		c, err := OpenCache(path)
		if err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: error %v, want one naming the file", name, err)
		}
		c.Store("https://x.example/", Result{Status: OK, Reason: HTTP, Code: 200, Time: now})
		if err := c.Save(now); err != nil {
			t.Fatal(err)
		}
		if c, err := OpenCache(path); err != nil {
			t.Errorf("%s: not replaced: %v", name, err)
		} else if _, ok := c.Lookup("https://x.example/", time.Hour, now); !ok {
			t.Errorf("%s: result not saved", name)
		}
	}
}

// TestCacheSaveFails checks that a cache whose folder cannot be made says
// so, and leaves nothing behind.
func TestCacheSaveFails(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(blocker, "sub", "links.json")
	c, err := OpenCache(path)
	if c != nil || err == nil {
		t.Fatalf("opening under a file: %v, %v", c, err)
	}
	// Had it opened, it could not be saved either.
	c = &Cache{path: path, entries: map[string]Result{}, added: map[string]Result{}}
	c.Store("https://x.example/", Result{Status: OK, Reason: HTTP, Code: 200, Time: time.Now()})
	if err := c.Save(time.Now()); err == nil {
		t.Errorf("saving under a file: no error")
	}
	if _, err := os.Stat(filepath.Join(blocker, "sub")); err == nil {
		t.Errorf("a folder was made under a file")
	}
}
