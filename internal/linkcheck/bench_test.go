package linkcheck

import (
	"bytes"
	"context"
	"io"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// The benchmarks check URLs of local servers that answer after 50 ms, as
// distant ones would, and fail if any server sees more connections or
// requests at once than the per-host limit.

const benchLatency = 50 * time.Millisecond

// benchURLs starts hosts servers and returns n URLs spread over them:
// first of all, when first > 0, first URLs on the first server, then the
// rest round-robin over the others.
func benchURLs(b *testing.B, hosts, n, first int) ([]string, []*limitServer) {
	b.Helper()
	var total, maxTotal atomic.Int32
	servers := make([]*limitServer, hosts)
	for i := range servers {
		servers[i] = newLimitServer(benchLatency, &total, &maxTotal)
		b.Cleanup(servers[i].Close)
	}
	urls := make([]string, 0, n)
	for i := range first {
		urls = append(urls, servers[0].URL+"/diagrams/"+strconv.Itoa(i)+".png")
	}
	others := servers
	if first > 0 && hosts > 1 {
		others = servers[1:]
	}
	for i := first; i < n; i++ {
		urls = append(urls, others[i%len(others)].URL+"/page/"+strconv.Itoa(i))
	}
	return urls, servers
}

func benchCheck(b *testing.B, opts Options, urls []string, servers []*limitServer) {
	b.Helper()
	conns := &connCounter{open: map[string]int{}, most: map[string]int{}}
	opts.dial = conns.wrap
	for b.Loop() {
		c := New(opts)
		for _, r := range c.Check(context.Background(), urls) {
			if r.Status != OK {
				b.Fatalf("%v %s", r.Status, r.Message())
			}
		}
		c.Close()
	}
	b.StopTimer()
	limit := opts.withDefaults().PerHost
	for i, s := range servers {
		s.mu.Lock()
		active := s.maxActive
		s.mu.Unlock()
		if most := conns.max(strings.TrimPrefix(s.URL, "http://")); most > limit || active > limit {
			b.Fatalf("server %d: %d connections and %d requests at once, limit %d", i, most, active, limit)
		}
	}
	b.ReportMetric(float64(len(urls))/(b.Elapsed().Seconds()/float64(b.N)), "urls/s")
}

// BenchmarkCheck451 checks the 451 unique URLs of the original 400-guide
// collection: 400 diagrams on one image host, which the per-host limit
// bounds, and 51 pages on 10 other hosts ("real-shape"), at several
// per-host limits (with -short, the default only); and the same number
// spread evenly over 16 hosts.
func BenchmarkCheck451(b *testing.B) {
	limits := []int{4, 6, 8}
	if testing.Short() {
		limits = limits[:1]
	}
	for _, perHost := range limits {
		b.Run("real-shape/per-host-"+strconv.Itoa(perHost), func(b *testing.B) {
			urls, servers := benchURLs(b, 11, 451, 400)
			benchCheck(b, Options{PerHost: perHost}, urls, servers)
		})
	}
	b.Run("16-hosts/per-host-4", func(b *testing.B) {
		urls, servers := benchURLs(b, 16, 451, 0)
		benchCheck(b, Options{}, urls, servers)
	})
}

// BenchmarkCheck10000 checks 10,000 unique URLs on 100 hosts; with -short,
// 1,000 on 10.
func BenchmarkCheck10000(b *testing.B) {
	hosts, n := 100, 10000
	if testing.Short() {
		hosts, n = 10, 1000
	}
	urls, servers := benchURLs(b, hosts, n, 0)
	benchCheck(b, Options{}, urls, servers)
}

// BenchmarkOverallTimeout checks four URLs, one waiting for a retry, one
// for its backoff, one whose server never answers and one queued behind
// it, with an overall timeout of 300 ms: it reports how long the check
// takes past the timeout (ms-over-timeout), which should be a few
// milliseconds. TestOverallTimeout checks the results.
func BenchmarkOverallTimeout(b *testing.B) {
	srv := overallTimeoutServer()
	defer srv.Close()
	opts := Options{PerHost: 1, Timeout: 300 * time.Millisecond, RequestTimeout: 5 * time.Second, Backoff: 2 * time.Second}
	urls := []string{srv.URL + "/later", srv.URL + "/backoff", srv.URL + "/slow", srv.URL + "/queued"}
	for b.Loop() {
		c := New(opts)
		c.Check(context.Background(), urls)
		c.Close()
	}
	over := b.Elapsed()/time.Duration(b.N) - opts.Timeout
	b.ReportMetric(float64(over.Microseconds())/1000, "ms-over-timeout")
}

// bigCache returns the content of a cache file of about 93 MB: 660,000
// results, of URLs of 500 hosts, as the file of a user who checked many
// collections holds. (The layout before this one, a JSON object of them
// all, took 5.8 s and 757 MB to read at this size.)
func bigCache(b *testing.B) ([]byte, []string) {
	b.Helper()
	c := NewCache()
	now := time.Now()
	var urls []string
	for i := range 660_000 {
		u := "https://host" + strconv.Itoa(i%500) + ".example.org/some/path/to/a/page-" + strconv.Itoa(i) + ".html"
		c.Store(u, Result{Status: OK, Reason: HTTP, Code: 200, Attempts: 1, Time: now})
		if i%1450 == 0 {
			urls = append(urls, u) // 456 URLs, as many as a collection of 400 guides has
		}
	}
	var buf bytes.Buffer
	if err := c.Write(context.Background(), &buf, nil, now); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes(), urls
}

// BenchmarkReadCache reads the results of a collection's URLs from a cache
// file of 93 MB.
func BenchmarkReadCache(b *testing.B) {
	data, urls := bigCache(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		c, err := ReadCache(context.Background(), data, urls)
		if err != nil || len(c.entries) != len(urls) {
			b.Fatalf("%d results, %v", len(c.entries), err)
		}
	}
}

// BenchmarkWriteCache writes the results of a collection's URLs over a
// cache file of 93 MB.
func BenchmarkWriteCache(b *testing.B) {
	data, urls := bigCache(b)
	c := NewCache()
	now := time.Now()
	for _, u := range urls {
		c.Store(u, Result{Status: Broken, Reason: HTTP, Code: 404, Time: now})
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if err := c.Write(context.Background(), io.Discard, data, now); err != nil {
			b.Fatal(err)
		}
	}
}
