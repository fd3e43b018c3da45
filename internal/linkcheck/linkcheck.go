// Package linkcheck checks that http and https URLs answer, politely: each
// URL once, HEAD first and GET only where HEAD is refused, a few requests
// at a time to each host and a bounded number in all, with redirects
// followed, timeouts, and retries on 429 and 5xx answers that honour
// Retry-After. It knows nothing of collections: it takes URLs and gives
// results, which package rules turns into findings.
package linkcheck

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Options says how a Checker checks. The zero value of a field means its
// default.
type Options struct {
	// PerHost is how many requests may be in flight to one host (its name
	// and port) at a time, and so how many connections it may have open.
	// Default 4.
	PerHost int
	// Concurrency is how many requests may be in flight in all. Default 32.
	Concurrency int
	// Timeout is the time the whole check may take: a URL without a
	// result by then is given up (Reason Deadline). Zero means no limit.
	Timeout time.Duration
	// RequestTimeout is the time one request may take, from connecting to
	// the end of what is read of its answer. Default 10s.
	RequestTimeout time.Duration
	// MaxAttempts is how many times a URL answered 429 or 5xx, or whose
	// connection is closed without an answer, is requested in all. Default
	// 3; 1 means no retry.
	MaxAttempts int
	// Backoff is the wait before the first retry when the server does not
	// say how long to wait (Retry-After); it doubles for each retry.
	// Default 1s.
	Backoff time.Duration
	// MaxRetryWait is the longest Retry-After honoured: a server asking
	// for a longer wait gets none, and the URL's result is its answer.
	// Default 60s.
	MaxRetryWait time.Duration
	// MaxRedirects is how many redirects are followed from one URL.
	// Default 10.
	MaxRedirects int
	// RootCAs, when set, are the certificate authorities trusted instead
	// of the system's (tests trust their servers' certificates this way).
	RootCAs *x509.CertPool
	// UserAgent is sent with every request. Default "guides-linkcheck".
	UserAgent string
	// Now is the clock results are stamped with. Default time.Now.
	Now func() time.Time

	// dial, when set, wraps the dialer of connections: the tests count
	// the connections open at once as the checker sees them.
	dial func(next func(ctx context.Context, network, addr string) (net.Conn, error)) func(ctx context.Context, network, addr string) (net.Conn, error)
}

func (o Options) withDefaults() Options {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	defDur := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.PerHost, 4)
	def(&o.Concurrency, 32)
	def(&o.MaxAttempts, 3)
	def(&o.MaxRedirects, 10)
	defDur(&o.RequestTimeout, 10*time.Second)
	defDur(&o.Backoff, time.Second)
	defDur(&o.MaxRetryWait, 60*time.Second)
	if o.UserAgent == "" {
		o.UserAgent = "guides-linkcheck"
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// Checker checks URLs. It keeps its connections between calls of Check;
// Close releases them.
type Checker struct {
	opts      Options
	transport *http.Transport
	client    *http.Client
}

// New returns a Checker with the given options.
func New(opts Options) *Checker {
	opts = opts.withDefaults()
	dialer := &net.Dialer{Timeout: opts.RequestTimeout, KeepAlive: 30 * time.Second}
	t := &http.Transport{
		Proxy:               http.ProxyFromEnvironment,
		DialContext:         dialer.DialContext,
		ForceAttemptHTTP2:   true,
		TLSHandshakeTimeout: opts.RequestTimeout,
		// Connections to one host never outnumber its requests in
		// flight; the scheduler keeps those within PerHost, and the
		// transport makes sure of it.
		MaxConnsPerHost:     opts.PerHost,
		MaxIdleConnsPerHost: opts.PerHost,
		// The scheduler works on few hosts at a time (see pick), so
		// idle connections beyond that are of hosts it is done with.
		MaxIdleConns:    opts.Concurrency,
		IdleConnTimeout: 30 * time.Second,
	}
	if opts.RootCAs != nil {
		t.TLSClientConfig = &tls.Config{RootCAs: opts.RootCAs}
	}
	if opts.dial != nil {
		t.DialContext = opts.dial(t.DialContext)
	}
	client := &http.Client{
		Transport: t,
		// Redirects are followed by the scheduler, one request at a
		// time, each within the limits of its own host.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return &Checker{opts: opts, transport: t, client: client}
}

// Close closes the idle connections of the checker.
func (c *Checker) Close() { c.transport.CloseIdleConnections() }

// Status is the verdict on a URL.
type Status uint8

// The statuses.
const (
	// OK: the URL answers 2xx, after temporary redirects if any.
	OK Status = iota + 1
	// Moved: the URL answers, after a permanent redirect (301 or 308) to
	// Result.Final.
	Moved
	// Broken: the server says the URL names nothing (4xx but 429), the
	// redirects loop or never end, or the URL cannot be requested.
	Broken
	// Unreachable: no answer (Reason says why), or 429 or 5xx after every
	// attempt.
	Unreachable
)

var statusNames = [...]string{OK: "ok", Moved: "moved", Broken: "broken", Unreachable: "unreachable"}

// String returns the name of s, such as "broken".
func (s Status) String() string {
	if int(s) < len(statusNames) && statusNames[s] != "" {
		return statusNames[s]
	}
	return "status(" + strconv.Itoa(int(s)) + ")"
}

// Reason says what a result comes from.
type Reason string

// The reasons.
const (
	// HTTP: the server's answer, in Result.Code.
	HTTP Reason = "http"
	// DNS: the host name did not resolve.
	DNS Reason = "dns"
	// Refused: nothing listens at the host's port.
	Refused Reason = "refused"
	// TLS: the TLS handshake failed, often for a certificate.
	TLS Reason = "tls"
	// Timeout: no answer within Options.RequestTimeout.
	Timeout Reason = "timeout"
	// Closed: the connection ended before an answer.
	Closed Reason = "closed"
	// Network: another failure to connect or to send.
	Network Reason = "network"
	// RedirectLoop: a redirect leads back to a URL of the chain.
	RedirectLoop Reason = "redirect-loop"
	// TooManyRedirects: more than Options.MaxRedirects redirects.
	TooManyRedirects Reason = "redirects"
	// BadRedirect: a redirect to something that is not an http(s) URL.
	BadRedirect Reason = "bad-redirect"
	// BadURL: the URL cannot be requested as written.
	BadURL Reason = "bad-url"
	// Deadline: Options.Timeout ran out first. Such a result says
	// nothing of the URL and is not kept in a cache.
	Deadline Reason = "deadline"
	// Canceled: the check was cancelled first. Not kept in a cache either.
	Canceled Reason = "canceled"
)

// Result is what a check found of one URL.
type Result struct {
	Status Status `json:"-"`
	Reason Reason `json:"reason"`
	// Code is the HTTP status of the last answer, or 0 without one.
	Code int `json:"code,omitempty"`
	// Detail says more of a failure without an answer, such as the
	// resolver's or the TLS library's words.
	Detail string `json:"detail,omitempty"`
	// Final is, for Moved, where the permanent redirects lead; for a
	// result reached through redirects, the last URL requested.
	Final string `json:"final,omitempty"`
	// Attempts is how many times the URL was requested, redirects aside.
	Attempts int `json:"attempts,omitempty"`
	// Time is when the result was found.
	Time time.Time `json:"time"`
	// Limit is, for Timeout and Deadline, the time that ran out.
	Limit time.Duration `json:"limit,omitempty"`
}

// Cacheable reports whether the result says something of the URL, rather
// than of this run: a URL given up for the overall timeout or a
// cancellation is checked again next time.
func (r Result) Cacheable() bool { return r.Reason != Deadline && r.Reason != Canceled }

// Failed reports whether the result is a failure, Broken or Unreachable,
// which a cache keeps for a shorter time than an answer.
func (r Result) Failed() bool { return r.Status == Broken || r.Status == Unreachable }

// NoAnswer reports whether the URL failed before any server answered: its
// host name did not resolve, nothing listened, or the network did not
// reach it. When most URLs of a check fail so, it is the network that
// fails rather than the URLs.
func (r Result) NoAnswer() bool { return r.Reason == DNS || r.Reason == Refused || r.Reason == Network }

// Message describes the result in a few words, for a finding: "404 Not
// Found", "connection refused", "moved permanently to https://…".
func (r Result) Message() string {
	switch r.Reason {
	case HTTP:
		if r.Status == Moved {
			return "moved permanently to " + r.Final
		}
		msg := statusText(r.Code)
		if r.Attempts > 1 {
			msg += " after " + strconv.Itoa(r.Attempts) + " attempts"
		}
		if r.Final != "" && r.Status != OK {
			msg += " at " + r.Final
		}
		if r.Detail != "" {
			msg += "; " + r.Detail
		}
		return msg
	case DNS:
		return "DNS: " + r.Detail
	case Refused:
		return "connection refused"
	case TLS:
		return "TLS: " + r.Detail
	case Timeout:
		return "timeout: no answer within " + r.Limit.String()
	case Closed:
		msg := "the server closed the connection without an answer"
		if r.Attempts > 1 {
			msg += " " + strconv.Itoa(r.Attempts) + " times"
		}
		return msg
	case RedirectLoop:
		return "redirect loop at " + r.Final
	case TooManyRedirects:
		return "more redirects than " + r.Detail + ", the last to " + r.Final
	case BadRedirect:
		return "redirect to " + r.Final + ", which is not an http or https URL"
	case BadURL:
		return "not a URL that can be requested: " + r.Detail
	case Deadline:
		return "no answer before the overall timeout of " + r.Limit.String() + " ran out"
	case Canceled:
		return "not checked: the check was interrupted"
	}
	if r.Detail != "" {
		return r.Detail
	}
	return string(r.Reason)
}

// statusText returns "404 Not Found" for 404.
func statusText(code int) string {
	if t := http.StatusText(code); t != "" {
		return strconv.Itoa(code) + " " + t
	}
	return "HTTP status " + strconv.Itoa(code)
}

// Key returns the form of a URL that is requested and cached: the URL
// without its fragment, which never reaches the server, and with its
// scheme and host in lower case, as they are case-insensitive. It returns
// "" for a string that is not an absolute http or https URL.
func Key(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	u.Fragment, u.RawFragment = "", ""
	u.Host = strings.ToLower(u.Host)
	return u.String()
}

// hostKey returns the key of a URL's host for the per-host limit: its
// name in lower case and its port, explicit or implied by the scheme.
func hostKey(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = "80"
		if u.Scheme == "https" {
			port = "443"
		}
	}
	return net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

// Check checks every URL of urls and returns their results in the same
// order. urls should hold no duplicates (see Key); a duplicate is checked
// twice. Check returns when every URL has a result: ctx cancelled or
// Options.Timeout run out gives the URLs left results of Reason Canceled
// or Deadline.
func (c *Checker) Check(ctx context.Context, urls []string) []Result {
	if c.opts.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.opts.Timeout)
		defer cancel()
	}
	s := &scheduler{
		c:       c,
		ctx:     ctx,
		results: make([]Result, len(urls)),
		hosts:   map[string]*host{},
		events:  make(chan event),
		timers:  map[*task]*time.Timer{},
	}
	return s.run(urls)
}

// A task is one URL on its way to a result: where it is in its chain of
// redirects, and how many times it was tried.
type task struct {
	idx       int      // of the URL in the results
	cur       *url.URL // the URL to request next
	chain     []string // the URLs requested so far for it, the first first
	permanent string   // where the leading permanent redirects lead, or ""
	temporary bool     // a temporary redirect was followed
	attempts  int      // requests of cur, counting a HEAD and its GET as one
	get       bool     // request with GET: HEAD was refused
}

// host is the queue of one host.
type host struct {
	key      string
	pending  []*task
	inflight int
	noHead   bool // the host refuses HEAD: GET at once
	listed   bool // in scheduler.order
}

// event is what a request ends with.
type event struct {
	t    *task
	h    *host
	next outcome
}

type outcome struct {
	done     *Result       // the URL's result
	redirect *url.URL      // a redirect to follow
	code     int           // the status of the redirect, or of the answer to retry
	retry    time.Duration // wait before trying again, when done and redirect are nil
	noHead   bool          // the host refuses HEAD
	closed   bool          // the request's connection is being closed
}

// closeGrace is how long a host's share stays taken after a request whose
// connection is closed: the server learns of the close a moment after the
// client makes it, and a new connection made at once would be one more
// than the limit in the server's eyes.
const closeGrace = 250 * time.Millisecond

// scheduler runs the requests of one Check. One goroutine, run, owns all
// its state; the requests report to it through events.
type scheduler struct {
	c       *Checker
	ctx     context.Context
	results []Result
	hosts   map[string]*host
	// order holds the hosts with work, pending or in flight, in the
	// order they got it: pick goes through them all for every request.
	order    []*host
	events   chan event
	retries  chan *task
	released chan *host    // hosts whose share a closed connection held
	finished chan struct{} // closed when run returns
	timers   map[*task]*time.Timer
	inflight int
	left     int
	stopped  bool
}

func (s *scheduler) run(urls []string) []Result {
	s.retries = make(chan *task, len(urls))
	s.released = make(chan *host)
	s.finished = make(chan struct{})
	defer close(s.finished)
	for i, raw := range urls {
		u, err := url.Parse(raw)
		if err == nil && (u.Scheme != "http" && u.Scheme != "https" || u.Host == "") {
			err = errors.New("an absolute http or https URL is needed")
		}
		if err != nil {
			s.results[i] = Result{Status: Broken, Reason: BadURL, Detail: urlErrorText(err), Time: s.c.opts.Now()}
			continue
		}
		u.Fragment, u.RawFragment = "", ""
		s.left++
		s.enqueue(&task{idx: i, cur: u, chain: []string{u.String()}})
	}
	done := s.ctx.Done()
	for s.left > 0 {
		s.start()
		select {
		case ev := <-s.events:
			s.inflight--
			if ev.next.closed {
				h := ev.h
				time.AfterFunc(closeGrace, func() {
					select {
					case s.released <- h:
					case <-s.finished:
					}
				})
			} else {
				ev.h.inflight--
			}
			s.handle(ev)
		case h := <-s.released:
			h.inflight--
		case t := <-s.retries:
			delete(s.timers, t)
			if s.stopped {
				s.finish(t, s.stopResult())
			} else {
				s.enqueue(t)
			}
		case <-done:
			done = nil
			s.stop()
		}
	}
	return s.results
}

// enqueue puts t in the queue of its host.
func (s *scheduler) enqueue(t *task) {
	if s.stopped {
		s.finish(t, s.stopResult())
		return
	}
	key := hostKey(t.cur)
	h := s.hosts[key]
	if h == nil {
		h = &host{key: key}
		s.hosts[key] = h
	}
	if !h.listed {
		h.listed = true
		s.order = append(s.order, h)
	}
	h.pending = append(h.pending, t)
}

// start sends requests while the limits allow.
func (s *scheduler) start() {
	for s.inflight < s.c.opts.Concurrency {
		h := s.pick()
		if h == nil {
			return
		}
		t := h.pending[0]
		h.pending[0] = nil
		h.pending = h.pending[1:]
		h.inflight++
		s.inflight++
		noHead := h.noHead
		go func() {
			s.events <- event{t: t, h: h, next: s.c.request(s.ctx, t, noHead || t.get)}
		}()
	}
}

// pick returns the host to send the next request to, of the hosts with
// requests waiting and below their limit.
//
// Mostly, it is the one with the most requests in flight, and of those the
// first seen: filling a host up to its limit before starting another keeps
// few hosts busy at a time, so their connections are reused rather than
// left idle. But a host is due when the URLs it has left need, at its
// limit, nearly as many rounds of requests as all the URLs left need at
// the global limit: it must go at full rate from now on, or it would be
// the last to finish, alone. Due hosts come first, the one with the most
// left first. So the image host of a collection gets its share from the
// start, and ten hosts of a hundred URLs each end together rather than
// eight, then two.
func (s *scheduler) pick() *host {
	perHost := s.c.opts.PerHost
	total, most := 0, 0
	listed := s.order[:0]
	for _, h := range s.order {
		left := len(h.pending) + h.inflight
		if left == 0 {
			h.listed = false // done with, for now
			continue
		}
		listed = append(listed, h)
		total += left
		most = max(most, left)
	}
	clear(s.order[len(listed):])
	s.order = listed
	rounds := max(float64(total)/float64(s.c.opts.Concurrency), float64(most)/float64(perHost))
	dueAt := (rounds - 1) * float64(perHost)
	var best *host
	bestLeft, bestDue := 0, false
	for _, h := range s.order {
		if len(h.pending) == 0 || h.inflight >= perHost {
			continue
		}
		left := len(h.pending) + h.inflight
		due := float64(left) >= dueAt
		better := best == nil ||
			due && !bestDue ||
			due && bestDue && left > bestLeft ||
			!due && !bestDue && h.inflight > best.inflight
		if better {
			best, bestLeft, bestDue = h, left, due
		}
	}
	return best
}

// handle acts on the end of a request.
func (s *scheduler) handle(ev event) {
	t, o := ev.t, ev.next
	if o.noHead {
		ev.h.noHead = true
	}
	switch {
	case o.done != nil:
		s.finish(t, *o.done)
	case o.redirect != nil:
		s.follow(t, o.redirect, o.code)
	default:
		if s.stopped {
			s.finish(t, s.stopResult())
			return
		}
		s.timers[t] = time.AfterFunc(o.retry, func() { s.retries <- t })
	}
}

// follow takes t to the URL a redirect answered with.
func (s *scheduler) follow(t *task, next *url.URL, code int) {
	next.Fragment, next.RawFragment = "", ""
	n := next.String()
	result := func(st Status, r Reason, detail string) {
		s.finish(t, Result{Status: st, Reason: r, Code: code, Final: n, Detail: detail, Attempts: t.attempts})
	}
	switch {
	case next.Scheme != "http" && next.Scheme != "https" || next.Host == "":
		result(Broken, BadRedirect, "")
		return
	case len(t.chain) > s.c.opts.MaxRedirects:
		result(Broken, TooManyRedirects, strconv.Itoa(s.c.opts.MaxRedirects))
		return
	}
	for _, seen := range t.chain {
		if seen == n {
			result(Broken, RedirectLoop, "")
			return
		}
	}
	if code == http.StatusMovedPermanently || code == http.StatusPermanentRedirect {
		if !t.temporary {
			t.permanent = n
		}
	} else {
		t.temporary = true
	}
	t.chain = append(t.chain, n)
	t.cur = next
	t.attempts = 0
	t.get = false
	s.enqueue(t)
}

// finish records the result of t's URL.
func (s *scheduler) finish(t *task, r Result) {
	if r.Time.IsZero() {
		r.Time = s.c.opts.Now()
	}
	if r.Reason == HTTP && r.Status == OK && t.permanent != "" {
		r.Status = Moved
		r.Final = t.permanent
	} else if r.Final == "" && len(t.chain) > 1 {
		r.Final = t.chain[len(t.chain)-1]
	}
	s.results[t.idx] = r
	s.left--
}

// stop ends the check when its context is done: every URL waiting for its
// turn or for a retry gets its result now; the requests in flight end by
// themselves, their contexts being done too.
func (s *scheduler) stop() {
	s.stopped = true
	r := s.stopResult()
	for _, h := range s.order {
		for _, t := range h.pending {
			s.finish(t, r)
		}
		h.pending = nil
	}
	for t, timer := range s.timers {
		if timer.Stop() {
			delete(s.timers, t)
			s.finish(t, r)
		}
		// Otherwise the timer has fired and t is on its way through
		// s.retries.
	}
}

// stopResult is the result of a URL left when the check stops.
func (s *scheduler) stopResult() Result {
	if errors.Is(s.ctx.Err(), context.DeadlineExceeded) {
		return Result{Status: Unreachable, Reason: Deadline, Limit: s.c.opts.Timeout}
	}
	return Result{Status: Unreachable, Reason: Canceled}
}

// request sends one request for t: HEAD, or GET when get is set or when
// HEAD is refused, and says what comes next.
func (c *Checker) request(ctx context.Context, t *task, get bool) outcome {
	t.attempts++
	var o outcome
	a, err := c.send(ctx, t.cur, get)
	if err == nil && !get && refusesHead(a.code) {
		// Some servers refuse HEAD, or answer it wrongly, while GET
		// works: ask again with GET before believing them.
		o.noHead = a.code == http.StatusMethodNotAllowed || a.code == http.StatusNotImplemented
		t.get = true
		a, err = c.send(ctx, t.cur, true)
	}
	if err != nil {
		r := c.failure(ctx, err)
		r.Attempts = t.attempts
		// A connection was made, unless the name did not resolve or
		// nothing listened; the transport closes it now.
		o.closed = r.Reason != DNS && r.Reason != Refused
		if r.Reason == Closed && t.attempts < c.opts.MaxAttempts {
			if wait, ok := c.wait(ctx, 0, t.attempts); ok {
				o.retry = wait
				return o
			}
		}
		o.done = &r
		return o
	}
	o.closed = a.closed
	code := a.code
	switch {
	case isRedirect(code) && a.location != "":
		next, err := t.cur.Parse(a.location)
		if err != nil {
			o.done = &Result{Status: Broken, Reason: BadRedirect, Code: code, Final: a.location, Attempts: t.attempts}
			return o
		}
		o.redirect, o.code = next, code
	case code == http.StatusTooManyRequests || code >= 500:
		r := Result{Status: Unreachable, Reason: HTTP, Code: code, Attempts: t.attempts}
		if t.attempts >= c.opts.MaxAttempts {
			o.done = &r
			return o
		}
		wait, ok := c.wait(ctx, a.retryAfter, t.attempts)
		if !ok {
			if a.retryAfter > 0 {
				r.Detail = "the server asks to wait " + a.retryAfter.Round(time.Second).String()
			}
			o.done = &r
			return o
		}
		o.retry = wait
	case code >= 400:
		o.done = &Result{Status: Broken, Reason: HTTP, Code: code, Attempts: t.attempts}
	default:
		o.done = &Result{Status: OK, Reason: HTTP, Code: code, Attempts: t.attempts}
	}
	return o
}

// wait returns how long to wait before the next attempt after the given
// number of attempts: the server's Retry-After when it gave one, or the
// backoff, doubled for each attempt, give or take a fifth. ok is false
// when the wait is longer than MaxRetryWait or would end after ctx's
// deadline (the overall timeout): then there is no retry.
func (c *Checker) wait(ctx context.Context, retryAfter time.Duration, attempts int) (time.Duration, bool) {
	d := retryAfter
	if d <= 0 {
		d = c.opts.Backoff << (attempts - 1)
		d += time.Duration((rand.Float64() - 0.5) * 0.4 * float64(d))
	}
	if d > c.opts.MaxRetryWait {
		return 0, false
	}
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < d {
		return 0, false
	}
	return d, true
}

// refusesHead reports whether an answer to HEAD should be checked with GET:
// every failure but 429 (which says to slow down, not that the method is
// wrong). 405 and 501 refuse the method; some servers answer HEAD with
// 403, 404 or 5xx where GET works.
func refusesHead(code int) bool {
	return code >= 400 && code != http.StatusTooManyRequests
}

func isRedirect(code int) bool {
	switch code {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// maxBody is how much of a GET's body is read: enough for a small page to
// end, so that its connection can be reused, and no more.
const maxBody = 16 << 10

// answer is what send keeps of an answer.
type answer struct {
	code       int
	location   string
	retryAfter time.Duration
	// closed reports that the connection is not kept for another
	// request: the answer's body was longer than what is read of it, or
	// the server said it closes the connection.
	closed bool
}

// send sends one request and returns its answer.
func (c *Checker) send(ctx context.Context, u *url.URL, get bool) (answer, error) {
	ctx, cancel := context.WithTimeout(ctx, c.opts.RequestTimeout)
	defer cancel()
	method := http.MethodHead
	if get {
		method = http.MethodGet
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), nil)
	if err != nil {
		return answer{}, err
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	req.Header.Set("Accept", "*/*")
	resp, err := c.client.Do(req)
	if err != nil {
		return answer{}, err
	}
	a := answer{
		code:       resp.StatusCode,
		location:   resp.Header.Get("Location"),
		retryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), c.opts.Now()),
		closed:     resp.Close,
	}
	if get {
		n, err := io.Copy(io.Discard, io.LimitReader(resp.Body, maxBody+1))
		a.closed = a.closed || n > maxBody || err != nil
	}
	resp.Body.Close()
	return a, nil
}

// parseRetryAfter reads a Retry-After header: a number of seconds or an
// HTTP date. It returns 0 for none, or for a date in the past.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.ParseUint(v, 10, 32); err == nil {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
