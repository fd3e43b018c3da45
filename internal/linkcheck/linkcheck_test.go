package linkcheck

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fast are options for tests: short waits, so that retries and timeouts
// take milliseconds.
func fast() Options {
	return Options{RequestTimeout: 2 * time.Second, Backoff: 5 * time.Millisecond, MaxRetryWait: 5 * time.Second}
}

// check checks urls with opts and returns their results.
func check(t *testing.T, opts Options, urls ...string) []Result {
	t.Helper()
	c := New(opts)
	defer c.Close()
	return c.Check(context.Background(), urls)
}

// counter counts a server's requests by path ("/a"), and by method and
// path ("HEAD /a").
type counter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *counter) add(r *http.Request) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	c.n[r.Method+" "+r.URL.Path]++
	c.n[r.URL.Path]++
	return c.n[r.URL.Path]
}

func (c *counter) get(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[key]
}

// answerCase is a path of the test server of TestAnswers, what it does,
// and the result of checking it. "{base}" in msg stands for the server's
// URL. A case without a handler requests the path of another case.
type answerCase struct {
	path    string
	handler http.HandlerFunc
	status  Status
	code    int
	reason  Reason
	msg     string
}

// answerCases are the answers of TestAnswers; calls counts the requests
// of the paths that answer differently the second time.
func answerCases(calls *counter) []answerCase {
	redirect := func(to string, code int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, to, code) }
	}
	status := func(code int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(code) }
	}
	ok := func(w http.ResponseWriter, r *http.Request) {}
	busy := func(retryAfter func() string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if calls.add(r) == 1 {
				w.Header().Set("Retry-After", retryAfter())
				w.WriteHeader(http.StatusTooManyRequests)
			}
		}
	}
	return []answerCase{
		{"/ok", ok, OK, 200, HTTP, "200 OK"},
		{"/ok#fragment", nil, OK, 200, HTTP, "200 OK"},
		{"/old", redirect("/new", http.StatusMovedPermanently), Moved, 200, HTTP, "moved permanently to {base}/new"},
		{"/old308", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://"+r.Host+"/new", http.StatusPermanentRedirect)
		}, Moved, 200, HTTP, "moved permanently to {base}/new"},
		{"/new", ok, OK, 200, HTTP, "200 OK"},
		{"/temporary", redirect("/new", http.StatusFound), OK, 200, HTTP, "200 OK"},
		{"/moved-then-temporary", redirect("/temporary", http.StatusMovedPermanently), Moved, 200, HTTP, "moved permanently to {base}/temporary"},
		{"/moved-to-gone", redirect("/gone", http.StatusMovedPermanently), Broken, 410, HTTP, "410 Gone at {base}/gone"},
		{"/missing", http.NotFound, Broken, 404, HTTP, "404 Not Found"},
		{"/gone", status(http.StatusGone), Broken, 410, HTTP, "410 Gone"},
		{"/forbidden", status(http.StatusForbidden), Broken, 403, HTTP, "403 Forbidden"},
		{"/busy", busy(func() string { return "1" }), OK, 200, HTTP, "200 OK after 2 attempts"},
		{"/busy-date", busy(func() string { return time.Now().Add(2 * time.Second).UTC().Format(http.TimeFormat) }), OK, 200, HTTP, "200 OK after 2 attempts"},
		{"/flaky", func(w http.ResponseWriter, r *http.Request) {
			// HEAD and the GET that checks it fail, then GET works.
			if calls.add(r) <= 2 {
				w.WriteHeader(http.StatusInternalServerError)
			}
		}, OK, 200, HTTP, "200 OK after 2 attempts"},
		{"/down", func(w http.ResponseWriter, r *http.Request) {
			calls.add(r)
			w.WriteHeader(http.StatusServiceUnavailable)
		}, Unreachable, 503, HTTP, "503 Service Unavailable after 3 attempts"},
		{"/no-head", func(w http.ResponseWriter, r *http.Request) {
			calls.add(r)
			if r.Method == http.MethodHead {
				w.WriteHeader(http.StatusMethodNotAllowed)
			}
		}, OK, 200, HTTP, "200 OK"},
		{"/head-404", func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodHead {
				w.WriteHeader(http.StatusNotFound)
			}
		}, OK, 200, HTTP, "200 OK"},
		{"/loop-a", redirect("/loop-b", http.StatusFound), Broken, 301, RedirectLoop, "redirect loop at {base}/loop-a"},
		{"/loop-b", redirect("/loop-a", http.StatusMovedPermanently), Broken, 302, RedirectLoop, "redirect loop at {base}/loop-b"},
		{"/endless/0", func(w http.ResponseWriter, r *http.Request) {
			n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/endless/"))
			http.Redirect(w, r, "/endless/"+strconv.Itoa(n+1), http.StatusFound)
		}, Broken, 302, TooManyRedirects, "more redirects than 10, the last to {base}/endless/11"},
		{"/to-mailto", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Location", "mailto:someone@example.org")
			w.WriteHeader(http.StatusFound)
		}, Broken, 302, BadRedirect, "redirect to mailto:someone@example.org, which is not an http or https URL"},
	}
}

// TestAnswers checks the result of every kind of answer: statuses,
// redirects permanent and temporary, loops, retries after 429 and 5xx
// (honouring Retry-After), and HEAD refused.
func TestAnswers(t *testing.T) {
	t.Parallel() // Retry-After makes it wait two seconds
	var calls counter
	cases := answerCases(&calls)
	mux := http.NewServeMux()
	for _, c := range cases {
		if c.handler != nil {
			// /endless/0 is served with every path under /endless/.
			mux.HandleFunc(strings.TrimSuffix(c.path, "0"), c.handler)
		}
	}
	srv := httptest.NewServer(mux)
	defer srv.Close()
	var urls []string
	for _, c := range cases {
		urls = append(urls, srv.URL+c.path)
	}
	got := check(t, fast(), urls...)
	for i, c := range cases {
		r, msg := got[i], strings.ReplaceAll(c.msg, "{base}", srv.URL)
		if r.Status != c.status || r.Code != c.code || r.Reason != c.reason || r.Message() != msg {
			t.Errorf("%s: got %v %d %s %q, want %v %d %s %q", c.path, r.Status, r.Code, r.Reason, r.Message(), c.status, c.code, c.reason, msg)
		}
		if r.Time.IsZero() {
			t.Errorf("%s: result without a time", c.path)
		}
	}
	// HEAD answered 503, then GET three times.
	if h, g := calls.get("HEAD /down"), calls.get("GET /down"); h > 1 || g != 3 {
		t.Errorf("/down requested with HEAD %d times and GET %d times, want at most 1 and 3", h, g)
	}
	if n := calls.get("HEAD /no-head"); n != 1 {
		t.Errorf("HEAD /no-head requested %d times, want 1", n)
	}
}

// TestRetryAfter checks the wait before a retry that an answer sets: the
// server's Retry-After, in seconds or as a date by the checker's clock,
// unless longer than MaxRetryWait or than the time left; else the
// backoff, doubled for each attempt, give or take a fifth.
func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", r.URL.Query().Get("after"))
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	opts := Options{Backoff: time.Second, MaxRetryWait: time.Minute, Now: func() time.Time { return now }}
	c := New(opts)
	defer c.Close()
	within := func(d time.Duration) context.Context {
		ctx, cancel := context.WithTimeout(context.Background(), d)
		t.Cleanup(cancel)
		return ctx
	}
	tests := []struct {
		after    string
		ctx      context.Context
		attempts int // before this request
		min, max time.Duration
	}{
		{"7", context.Background(), 0, 7 * time.Second, 7 * time.Second},
		{now.Add(2 * time.Second).Format(http.TimeFormat), context.Background(), 0, 2 * time.Second, 2 * time.Second},
		{"120", context.Background(), 0, 0, 0}, // beyond MaxRetryWait: no retry
		{"7", within(time.Second), 0, 0, 0},    // beyond the overall timeout
		{"7", within(time.Hour), 0, 7 * time.Second, 7 * time.Second},
		{"", context.Background(), 0, 800 * time.Millisecond, 1200 * time.Millisecond},
		{"", context.Background(), 1, 1600 * time.Millisecond, 2400 * time.Millisecond},
	}
	for _, tt := range tests {
		u, _ := url.Parse(srv.URL + "/?after=" + url.QueryEscape(tt.after))
		o := c.request(tt.ctx, &task{cur: u, attempts: tt.attempts, get: true}, true)
		retried := o.done == nil && o.redirect == nil
		if retried != (tt.max > 0) || o.retry < tt.min || o.retry > tt.max {
			t.Errorf("Retry-After %q after %d attempts: retry %v after %v, want between %v and %v", tt.after, tt.attempts, retried, o.retry, tt.min, tt.max)
		}
	}
}

// TestHeadRefusedOncePerHost checks that a host that refuses HEAD gets GET
// at once for its other URLs.
func TestHeadRefusedOncePerHost(t *testing.T) {
	var calls counter
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.add(r)
		if r.Method == http.MethodHead {
			w.WriteHeader(http.StatusNotImplemented)
		}
	}))
	defer srv.Close()
	opts := fast()
	opts.PerHost = 1
	var urls []string
	for i := range 5 {
		urls = append(urls, srv.URL+"/"+strconv.Itoa(i))
	}
	for _, r := range check(t, opts, urls...) {
		if r.Status != OK {
			t.Errorf("got %v %s", r.Status, r.Message())
		}
	}
	heads := 0
	for i := range 5 {
		heads += calls.get("HEAD /" + strconv.Itoa(i))
		if n := calls.get("GET /" + strconv.Itoa(i)); n != 1 {
			t.Errorf("GET /%d requested %d times, want 1", i, n)
		}
	}
	if heads != 1 {
		t.Errorf("%d HEAD requests, want 1", heads)
	}
}

func TestTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	opts := fast()
	opts.RequestTimeout = 100 * time.Millisecond
	r := check(t, opts, srv.URL+"/slow")[0]
	if r.Status != Unreachable || r.Reason != Timeout || r.Message() != "timeout: no answer within 100ms" || !r.Cacheable() {
		t.Errorf("got %v %s %q", r.Status, r.Reason, r.Message())
	}
}

func TestRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	r := check(t, fast(), "http://"+addr+"/")[0]
	if r.Status != Unreachable || r.Reason != Refused || r.Message() != "connection refused" {
		t.Errorf("got %v %s %q", r.Status, r.Reason, r.Message())
	}
}

func TestClosedWithoutAnswer(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
	}))
	defer srv.Close()
	r := check(t, fast(), srv.URL+"/")[0]
	if r.Status != Unreachable || r.Reason != Closed || r.Attempts != 3 {
		t.Errorf("got %v %s %q, %d attempts", r.Status, r.Reason, r.Message(), r.Attempts)
	}
	// The transport itself may retry a request on a connection closed
	// before any byte of the answer, once.
	if got := n.Load(); got < 3 || got > 6 {
		t.Errorf("%d requests, want 3 to 6", got)
	}
}

func TestTLS(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the untrusted handshake fails, as it should
	srv.StartTLS()
	defer srv.Close()
	opts := fast()
	opts.RootCAs = srv.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs
	if r := check(t, opts, srv.URL+"/")[0]; r.Status != OK {
		t.Errorf("trusted: got %v %q", r.Status, r.Message())
	}
	r := check(t, fast(), srv.URL+"/")[0]
	if r.Status != Unreachable || r.Reason != TLS || r.Message() != "TLS: certificate signed by an unknown authority" {
		t.Errorf("untrusted: got %v %s %q", r.Status, r.Reason, r.Message())
	}
	// A TLS client at a server that does not speak TLS.
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer plain.Close()
	r = check(t, fast(), strings.Replace(plain.URL, "http:", "https:", 1)+"/")[0]
	if r.Status != Unreachable || r.Reason != TLS || r.Message() != "TLS: the server does not speak TLS" {
		t.Errorf("plain server: got %v %s %q", r.Status, r.Reason, r.Message())
	}
}

func TestBadURLs(t *testing.T) {
	for _, u := range []string{"https://", "ftp://example.org/", "http://[::1/", "mailto:a@example.org"} {
		r := check(t, fast(), u)[0]
		if r.Status != Broken || r.Reason != BadURL {
			t.Errorf("%q: got %v %s %q", u, r.Status, r.Reason, r.Message())
		}
	}
}

func TestFailureKinds(t *testing.T) {
	c := New(fast())
	tests := []struct {
		err  error
		want string
	}{
		{&net.DNSError{Err: "no such host", Name: "example.invalid", IsNotFound: true}, "DNS: no address for example.invalid"},
		{&net.DNSError{Err: "server misbehaving", Name: "example.org", IsTemporary: true}, "DNS: looking up example.org: server misbehaving"},
		{&net.OpError{Op: "dial", Err: &timeoutError{}}, "timeout: no answer within 2s"},
		{tls.RecordHeaderError{Msg: "first record does not look like a TLS handshake"}, "TLS: the server does not speak TLS"},
		{errors.New("something else"), "something else"},
	}
	for _, tt := range tests {
		if got := c.failure(context.Background(), tt.err).Message(); got != tt.want {
			t.Errorf("failure(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}

type timeoutError struct{}

func (timeoutError) Error() string   { return "i/o timeout" }
func (timeoutError) Timeout() bool   { return true }
func (timeoutError) Temporary() bool { return true }

// overallTimeoutServer answers /slow after ten seconds, /later with 429
// and a Retry-After of three seconds, /backoff with 502, and anything else
// at once.
func overallTimeoutServer() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/slow":
			select {
			case <-time.After(10 * time.Second):
			case <-r.Context().Done():
			}
		case "/later":
			w.Header().Set("Retry-After", "3")
			w.WriteHeader(http.StatusTooManyRequests)
		case "/backoff":
			w.WriteHeader(http.StatusBadGateway)
		}
	}))
}

// TestOverallTimeout checks that the overall timeout ends the check: URLs
// waiting for their turn or for a retry are given up, and so is a request
// in flight; none of their results is cacheable.
func TestOverallTimeout(t *testing.T) {
	srv := overallTimeoutServer()
	defer srv.Close()
	opts := fast()
	opts.PerHost = 1
	opts.Timeout = 300 * time.Millisecond
	opts.RequestTimeout = 5 * time.Second
	opts.Backoff = 2 * time.Second
	got := check(t, opts, srv.URL+"/later", srv.URL+"/backoff", srv.URL+"/slow", srv.URL+"/queued")
	want := []string{
		"429 Too Many Requests; the server asks to wait 3s",
		"502 Bad Gateway",
		"no answer before the overall timeout of 300ms ran out",
		"no answer before the overall timeout of 300ms ran out",
	}
	for i, r := range got {
		if r.Message() != want[i] || r.Status != Unreachable {
			t.Errorf("%d: got %v %q, want %q", i, r.Status, r.Message(), want[i])
		}
	}
	if !got[0].Cacheable() || got[2].Cacheable() || got[3].Cacheable() {
		t.Errorf("cacheable: %v %v %v", got[0].Cacheable(), got[2].Cacheable(), got[3].Cacheable())
	}
}

func TestCancel(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	c := New(fast())
	defer c.Close()
	for _, r := range c.Check(ctx, []string{srv.URL + "/a", srv.URL + "/b"}) {
		if r.Reason != Canceled || r.Cacheable() {
			t.Errorf("got %v %s %q", r.Status, r.Reason, r.Message())
		}
	}
}

// limitServer is a server that answers after a delay and counts its open
// connections and requests in flight, keeping the highest counts.
type limitServer struct {
	*httptest.Server
	mu                  sync.Mutex
	requests, maxActive int
	total               *atomic.Int32 // requests in flight on every server
	maxTotal            *atomic.Int32
}

func newLimitServer(delay time.Duration, total, maxTotal *atomic.Int32) *limitServer {
	s := &limitServer{total: total, maxTotal: maxTotal}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests++
		s.maxActive = max(s.maxActive, s.requests)
		s.mu.Unlock()
		n := total.Add(1)
		for {
			m := maxTotal.Load()
			if n <= m || maxTotal.CompareAndSwap(m, n) {
				break
			}
		}
		time.Sleep(delay)
		total.Add(-1)
		s.mu.Lock()
		s.requests--
		s.mu.Unlock()
	}))
	s.Start()
	return s
}

// connCounter counts the connections a checker has open to each address,
// and the most it had at once.
type connCounter struct {
	mu         sync.Mutex
	open, most map[string]int
}

func (c *connCounter) wrap(next func(ctx context.Context, network, addr string) (net.Conn, error)) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := next(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		c.mu.Lock()
		c.open[addr]++
		c.most[addr] = max(c.most[addr], c.open[addr])
		c.mu.Unlock()
		return &countedConn{Conn: conn, close: func() {
			c.mu.Lock()
			c.open[addr]--
			c.mu.Unlock()
		}}, nil
	}
}

func (c *connCounter) max(addr string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.most[addr]
}

// countedConn is a connection that tells its counter when it is closed.
type countedConn struct {
	net.Conn
	once  sync.Once
	close func()
}

func (c *countedConn) Close() error {
	c.once.Do(c.close)
	return c.Conn.Close()
}

// TestLimits checks the per-host and the global limits: never more
// connections open to one host than its limit, as the checker holds
// them, nor requests to one host, as the server counts them, nor
// requests in all than the global limit. With six hosts and room for
// eight idle connections in all, the transport closes idle connections
// of hosts it will ask again; TestLimitsWithClosedConnections holds the
// connections as one server counts them.
func TestLimits(t *testing.T) {
	var total, maxTotal atomic.Int32
	var servers []*limitServer
	for range 6 {
		s := newLimitServer(10*time.Millisecond, &total, &maxTotal)
		defer s.Close()
		servers = append(servers, s)
	}
	var urls []string
	for i := range 40 {
		for _, s := range servers {
			urls = append(urls, s.URL+"/"+strconv.Itoa(i))
		}
	}
	opts := fast()
	opts.PerHost = 3
	opts.Concurrency = 8
	// The connections are counted as the checker opens and closes them: a
	// server learns late that one was closed, and may see its next one
	// first.
	conns := &connCounter{open: map[string]int{}, most: map[string]int{}}
	opts.dial = conns.wrap
	for _, r := range check(t, opts, urls...) {
		if r.Status != OK {
			t.Fatalf("got %v %q", r.Status, r.Message())
		}
	}
	reached := false
	for i, s := range servers {
		host := strings.TrimPrefix(s.URL, "http://")
		most := conns.max(host)
		if most == 0 || most > opts.PerHost || s.maxActive > opts.PerHost {
			t.Errorf("server %d: %d connections and %d requests at once, limit %d", i, most, s.maxActive, opts.PerHost)
		}
		reached = reached || s.maxActive == opts.PerHost
	}
	if !reached {
		t.Errorf("no server had %d requests at once: the test tests nothing", opts.PerHost)
	}
	if m := maxTotal.Load(); m > int32(opts.Concurrency) {
		t.Errorf("%d requests at once, limit %d", m, opts.Concurrency)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)
	tests := []struct {
		v    string
		want time.Duration
	}{
		{"", 0},
		{"120", 2 * time.Minute},
		{" 0 ", 0},
		{"Sat, 14 Mar 2026 15:09:56 GMT", 30 * time.Second},
		{"Saturday, 14-Mar-26 15:10:26 GMT", time.Minute},
		{"Sat Mar 14 15:09:36 2026", 10 * time.Second},
		{"Sat, 14 Mar 2026 15:00:00 GMT", 0},
		{"-5", 0},
		{"soon", 0},
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.v, now); got != tt.want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tt.v, got, tt.want)
		}
	}
}

func TestKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://example.org/a#b", "https://example.org/a"},
		{"HTTP://Example.ORG/A", "http://example.org/A"},
		{"https://example.org/a b", "https://example.org/a%20b"},
		{"mailto:a@example.org", ""},
		{"/relative", ""},
		{"https://", ""},
	}
	for _, tt := range tests {
		if got := Key(tt.in); got != tt.want {
			t.Errorf("Key(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestLimitsWithClosedConnections checks the per-host limit as the server
// counts connections when requests end by closing theirs: timeouts, and
// GET answers longer than what is read of them. The server learns of
// each close a moment after the client makes it.
func TestLimitsWithClosedConnections(t *testing.T) {
	t.Parallel() // its requests wait for timeouts
	var mu sync.Mutex
	conns, maxConns := 0, 0
	big := strings.Repeat("x", 1<<20)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/hang"):
			<-r.Context().Done()
		case strings.HasPrefix(r.URL.Path, "/big"):
			if r.Method == http.MethodHead {
				w.WriteHeader(http.StatusMethodNotAllowed)
				return
			}
			w.Write([]byte(big))
		}
	}))
	srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		mu.Lock()
		defer mu.Unlock()
		switch state {
		case http.StateNew:
			conns++
			maxConns = max(maxConns, conns)
		case http.StateClosed, http.StateHijacked:
			conns--
		}
	}
	srv.Start()
	defer srv.Close()
	var urls []string
	for i := range 12 {
		urls = append(urls, srv.URL+[]string{"/hang", "/big", "/ok"}[i%3]+strconv.Itoa(i))
	}
	opts := fast()
	opts.PerHost = 2
	opts.RequestTimeout = 300 * time.Millisecond
	for i, r := range check(t, opts, urls...) {
		// On a busy machine, any request may time out.
		if r.Reason != Timeout && (i%3 == 0 || r.Reason != HTTP) {
			t.Errorf("%s: got %v %q", urls[i], r.Reason, r.Message())
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if maxConns > opts.PerHost {
		t.Errorf("%d connections at once, limit %d", maxConns, opts.PerHost)
	}
}
