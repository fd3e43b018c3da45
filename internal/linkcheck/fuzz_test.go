package linkcheck

import (
	"bytes"
	"context"
	"testing"
	"time"
)

// FuzzCache feeds arbitrary bytes as a cache file: reading it must never
// panic, and whatever it held, the file written over it must read again
// without error and keep what was stored.
func FuzzCache(f *testing.F) {
	f.Add([]byte(cacheHeader + "\n" + `{"url":"https://a.example/","time":1773500966,"status":"ok","reason":"http","code":200}` + "\n"))
	f.Add([]byte(cacheHeader + "\n" + `{"url":"https://fuzz.example/","time":1773500000,"status":"nonsense"}` + "\n"))
	f.Add([]byte(cacheHeader + "\n" + `{"url":"https://fuzz.example/","time":99999999999999999999,"status":"ok"}` + "\n"))
	f.Add([]byte(cacheHeader + "\n" + `{"url":"https:\/\/fuzz.example\/","time":1773500966,"status":"ok","reason":"http"}` + "\n"))
	f.Add([]byte(`{"version":1,"urls":{}}`))
	f.Add([]byte(`[]`))
	f.Add([]byte("\x00"))
	now := time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)
	const u = "https://fuzz.example/"
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx := context.Background()
		c, _ := ReadCache(ctx, data, []string{u, "https://a.example/"})
		if c == nil {
			t.Fatalf("no cache")
		}
		for k, r := range c.entries {
			if r.Status == 0 || r.Time.IsZero() {
				t.Errorf("%q: kept without a status or time: %+v", k, r)
			}
		}
		want := Result{Status: Broken, Reason: HTTP, Code: 404, Time: now}
		c.Store(u, want)
		var b bytes.Buffer
		if err := c.Write(ctx, &b, data, now); err != nil {
			t.Fatal(err)
		}
		c, err := ReadCache(ctx, b.Bytes(), []string{u})
		if err != nil {
			t.Fatalf("a written cache does not read: %v", err)
		}
		if got, ok := c.Lookup(u, Ages{Failed: time.Hour}, now); !ok || got.Code != 404 || got.Status != Broken {
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
