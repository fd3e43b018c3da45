package linkcheck

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzCache feeds arbitrary bytes as a cache file: opening it must never
// panic, and whatever it held, a saved cache must open again without
// error and keep what was stored.
func FuzzCache(f *testing.F) {
	f.Add([]byte(`{"version":1,"urls":{"https://a.example/":{"status":"ok","reason":"http","code":200,"time":"2026-03-14T15:09:26Z"}}}`))
	f.Add([]byte(`{"version":1,"urls":{"x":{"status":"nonsense","time":"2026-03-14T15:09:26Z"}}}`))
	f.Add([]byte(`{"version":2}`))
	f.Add([]byte(`[]`))
	f.Add([]byte("\x00"))
	now := time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "links.json")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		c, _ := OpenCache(path)
		if c == nil {
			t.Fatalf("a file that exists gave no cache")
		}
		for u, r := range c.entries {
			if r.Status == 0 || r.Time.IsZero() {
				t.Errorf("%q: kept without a status or time: %+v", u, r)
			}
		}
		want := Result{Status: Broken, Reason: HTTP, Code: 404, Time: now}
		c.Store("https://fuzz.example/", want)
		if err := c.Save(now); err != nil {
			t.Fatal(err)
		}
		c, err := OpenCache(path)
		if err != nil {
			t.Fatalf("a saved cache does not open: %v", err)
		}
		if got, ok := c.Lookup("https://fuzz.example/", time.Hour, now); !ok || got.Code != 404 || got.Status != Broken {
			t.Errorf("stored result lost: %+v, %v", got, ok)
		}
	})
}

// FuzzParseRetryAfter checks that no Retry-After header gives a negative
// wait.
func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"120", "Sat, 14 Mar 2026 15:09:56 GMT", "Sat Mar 14 15:09:36 2026", "-1", "99999999999", ""} {
		f.Add(s)
	}
	now := time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		if d := parseRetryAfter(v, now); d < 0 {
			t.Errorf("parseRetryAfter(%q) = %v", v, d)
		}
	})
}
