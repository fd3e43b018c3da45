package app

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/visual-guides/guides/internal/config"
	"github.com/visual-guides/guides/internal/linkcheck"
	"github.com/visual-guides/guides/internal/rules"
)

// LinkOptions says how CheckLinks checks the URLs of a collection.
type LinkOptions struct {
	// PerHost is how many requests may be in flight to one host at a
	// time; Concurrency, in all.
	PerHost, Concurrency int
	// Timeout is the time the whole check may take; RequestTimeout, one
	// request.
	Timeout, RequestTimeout time.Duration
	// MaxAge is how old a result of the cache may be to be used instead
	// of a request; 0 requests every URL.
	MaxAge time.Duration
	// FailureMaxAge is how old a broken or unreachable result of the
	// cache may be, at most MaxAge; 0 requests every URL that failed.
	FailureMaxAge time.Duration
	// Exclude holds regular expressions (RE2) of URLs, as written, to
	// leave alone, besides those of the settings (linkExclude).
	Exclude []string
	// UserAgent is sent with every request.
	UserAgent string
	// RootCAs, when set, are the certificate authorities trusted instead
	// of the system's: tests trust their servers so.
	RootCAs *x509.CertPool
	// CachePath is the cache file; "" means the settings' linkCache, or
	// else the user's cache folder.
	CachePath string
	// Now is the clock. Default time.Now.
	Now func() time.Time
}

// Validate checks the options as the command line gives them: a bad one
// is a *UsageError.
func (o LinkOptions) Validate() error {
	_, err := o.patterns()
	return err
}

// patterns checks the options and returns the exclusions compiled.
func (o LinkOptions) patterns() ([]*regexp.Regexp, error) {
	switch {
	case o.Timeout <= 0:
		return nil, usage("", fmt.Errorf("--timeout %v: a time above 0 is needed", o.Timeout))
	case o.RequestTimeout <= 0:
		return nil, usage("", fmt.Errorf("--request-timeout %v: a time above 0 is needed", o.RequestTimeout))
	case o.MaxAge < 0:
		return nil, usage("", fmt.Errorf("--links-max-age %v: a time of 0 or more is needed", o.MaxAge))
	case o.FailureMaxAge < 0:
		return nil, usage("", fmt.Errorf("--links-failure-max-age %v: a time of 0 or more is needed", o.FailureMaxAge))
	case o.PerHost < 1:
		return nil, usage("", fmt.Errorf("--links-per-host %d: 1 or more is needed", o.PerHost))
	case o.Concurrency < 1:
		return nil, usage("", fmt.Errorf("--links-concurrency %d: 1 or more is needed", o.Concurrency))
	}
	var out []*regexp.Regexp
	for _, p := range o.Exclude {
		if err := config.CheckRegexp(p); err != nil {
			return nil, usage("--exclude", err)
		}
		out = append(out, regexp.MustCompile(p))
	}
	return out, nil
}

// checkOptions returns how the link checker requests URLs.
func (o LinkOptions) checkOptions(now func() time.Time) linkcheck.Options {
	return linkcheck.Options{
		PerHost:        o.PerHost,
		Concurrency:    o.Concurrency,
		Timeout:        o.Timeout,
		RequestTimeout: o.RequestTimeout,
		UserAgent:      o.UserAgent,
		RootCAs:        o.RootCAs,
		Now:            now,
	}
}

// ages returns how old the results of the cache may be.
func (o LinkOptions) ages() linkcheck.Ages {
	return linkcheck.Ages{OK: o.MaxAge, Failed: min(o.FailureMaxAge, o.MaxAge)}
}

// LinkReport says what CheckLinks did.
type LinkReport struct {
	Refs      int // places where an http(s) URL is written, excluded ones aside
	URLs      int // unique URLs of those
	Excluded  int // places left alone for an exclusion
	FromCache int // URLs whose result came from the cache
	Requested int // URLs requested
	// CachePath is the cache file used, or "" for none.
	CachePath string
	// Notes are problems with the cache, which never stop a check: a
	// cache file that could not be read or written, and why.
	Notes []error
}

// NetworkError is a link check whose URLs mostly failed before any server
// answered (see linkcheck.Result.NoAnswer), on several hosts: the network
// rather than the URLs failed, and those URLs were not checked. Their
// results are neither reported nor kept.
type NetworkError struct {
	// Failed is the number of URLs that failed so, of Requested.
	Failed, Requested int
}

func (e *NetworkError) Error() string {
	return fmt.Sprintf("the network looks unreachable: %d of %d URLs requested got no answer (no address, connection refused or no route); they are not checked", e.Failed, e.Requested)
}

// CheckLinks checks every http(s) URL the collection writes (see
// rules.URLs), with the results of the cache that are recent enough, and
// adds the findings of the rules broken-url, unreachable-url and moved-url
// to l.Diags, sorted; a finding from the cache says so, and how old it is.
// It waits for the collection rules first. The results of the requests
// are written to the cache, unless ctx is done first: the error is then
// ctx's. When the network looks unreachable, the error is a
// *NetworkError, and no finding is added.
func (s *Session) CheckLinks(ctx context.Context, l *Loaded, opts LinkOptions) (LinkReport, error) {
	l.Wait()
	if opts.Now == nil {
		opts.Now = time.Now
	}
	var rep LinkReport
	refs, keys, err := s.urlRefs(l, opts, &rep)
	if err != nil {
		return rep, err
	}
	cache, file := s.openLinkCache(ctx, opts, keys, &rep)
	if file != nil {
		defer file.close()
	}
	now := opts.Now()
	results := make(map[string]linkcheck.Result, len(keys))
	cached := map[string]bool{}
	var missing []string
	for _, k := range keys {
		if r, ok := cache.Lookup(k, opts.ages(), now); ok {
			results[k], cached[k] = r, true
			continue
		}
		missing = append(missing, k)
	}
	rep.FromCache = len(keys) - len(missing)
	rep.Requested = len(missing)

	var netErr error
	if len(missing) > 0 {
		netErr = s.request(ctx, opts, missing, results, cache)
		if file != nil && ctx.Err() == nil && cache.Changed() {
			if err := file.write(ctx, func(w io.Writer, old []byte) error { return cache.Write(ctx, w, old, opts.Now()) }); err != nil {
				rep.Notes = append(rep.Notes, fmt.Errorf("%w; %w", err, errNoCache))
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return rep, fmt.Errorf("link check interrupted: %w", err)
	}
	if netErr != nil {
		return rep, netErr
	}
	l.Diags = append(l.Diags, urlFindings(refs, results, cached, opts.Now())...)
	l.Diags.Sort()
	return rep, nil
}

// urlRefs returns the places of URLs of the collection that are not
// excluded, and their keys, each once (see urlKey), and counts them.
func (s *Session) urlRefs(l *Loaded, opts LinkOptions, rep *LinkReport) ([]rules.URLRef, []string, error) {
	exclude, err := opts.patterns()
	if err != nil {
		return nil, nil, err
	}
	for _, p := range s.Config.LinkExclude {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, nil, fmt.Errorf("linkExclude: %w", err) // checked when read
		}
		exclude = append(exclude, re)
	}
	var refs []rules.URLRef
	var keys []string
	seen := map[string]bool{}
	for _, ref := range rules.URLs(s.fsys, l.Coll) {
		if excluded(exclude, ref.URL) {
			rep.Excluded++
			continue
		}
		refs = append(refs, ref)
		if key := urlKey(ref); key != "" && !seen[key] {
			seen[key] = true
			keys = append(keys, key)
		}
	}
	rep.Refs, rep.URLs = len(refs), len(keys)
	return refs, keys, nil
}

// request requests the URLs of missing, and puts their results in results
// and in the cache. When the network looks unreachable, the URLs that got
// no answer are left out of both, and the error is a *NetworkError.
func (s *Session) request(ctx context.Context, opts LinkOptions, missing []string, results map[string]linkcheck.Result, cache *linkcheck.Cache) error {
	checker := linkcheck.New(opts.checkOptions(opts.Now))
	got := checker.Check(ctx, missing)
	checker.Close()
	failed, down := unreachable(missing, got)
	for i, k := range missing {
		if down && got[i].NoAnswer() {
			continue
		}
		results[k] = got[i]
		cache.Store(k, got[i])
	}
	if down {
		return &NetworkError{Failed: failed, Requested: len(missing)}
	}
	return nil
}

// unreachable reports whether the results of the URLs requested say that
// the network, rather than the URLs, failed: more than half of the URLs
// failed before any answer, and so did more than half of their hosts, two
// at least. (A host whose name does not resolve is one dead host; many
// are a resolver, or a network, that does not answer.) failed is the
// number of URLs that failed so.
func unreachable(urls []string, results []linkcheck.Result) (failed int, down bool) {
	hosts, failedHosts := map[string]bool{}, map[string]bool{}
	for i, u := range urls {
		h := hostOf(u)
		hosts[h] = true
		if results[i].NoAnswer() {
			failed++
			failedHosts[h] = true
		}
	}
	return failed, 2*failed > len(urls) && len(failedHosts) >= 2 && 2*len(failedHosts) > len(hosts)
}

// hostOf returns the host of a URL, as the link checker counts hosts.
func hostOf(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return strings.ToLower(p.Host)
}

// openLinkCache opens the cache file of the options or the settings, or
// the user's, and reads the results of the URLs of keys from it. It
// returns the file to write the cache to, or nil when there is none: the
// cache is then empty, and the notes say why.
func (s *Session) openLinkCache(ctx context.Context, opts LinkOptions, keys []string, rep *LinkReport) (*linkcheck.Cache, *cacheFile) {
	file, err := s.cacheFileOf(opts)
	if err != nil {
		rep.Notes = append(rep.Notes, err)
		return linkcheck.NewCache(), nil
	}
	data, err := file.read()
	if err != nil {
		file.close()
		rep.Notes = append(rep.Notes, fmt.Errorf("%w; %w", err, errNoCache))
		return linkcheck.NewCache(), nil
	}
	cache, err := linkcheck.ReadCache(ctx, data, keys)
	switch {
	case errors.Is(err, linkcheck.ErrOldCache):
		rep.Notes = append(rep.Notes, fmt.Errorf("link cache %s: %w; it is replaced", file.show, err))
	case err != nil:
		file.close()
		if errors.Is(err, linkcheck.ErrNotCache) {
			err = fmt.Errorf("link cache %s: %w; it is left as it is, and %w", file.show, err, errNoCache)
		}
		rep.Notes = append(rep.Notes, err)
		return linkcheck.NewCache(), nil
	}
	rep.CachePath = file.show
	return cache, file
}

func excluded(patterns []*regexp.Regexp, u string) bool {
	for _, re := range patterns {
		if re.MatchString(u) {
			return true
		}
	}
	return false
}
