package app

import (
	"context"
	"crypto/x509"
	"fmt"
	"regexp"
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
	// cache file that could not be read (it is replaced) or written.
	Notes []error
}

// CheckLinks checks every http(s) URL the collection writes (see
// rules.URLs), with the results of the cache that are recent enough, and
// adds the findings of the rules broken-url, unreachable-url and moved-url
// to l.Diags, sorted. It waits for the collection rules first. The results
// of the requests are written to the cache, even when ctx is cancelled
// midway; the error is then ctx's.
func (s *Session) CheckLinks(ctx context.Context, l *Loaded, opts LinkOptions) (LinkReport, error) {
	l.Wait()
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	var rep LinkReport
	exclude, err := opts.patterns()
	if err != nil {
		return rep, err
	}
	for _, p := range s.Config.LinkExclude {
		re, err := regexp.Compile(p)
		if err != nil {
			return rep, fmt.Errorf("linkExclude: %w", err) // checked when read
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

	cache := s.openCache(opts, &rep)
	results := make(map[string]linkcheck.Result, len(keys))
	var missing []string
	for _, k := range keys {
		if cache != nil {
			if r, ok := cache.Lookup(k, opts.MaxAge, now()); ok {
				results[k] = r
				continue
			}
		}
		missing = append(missing, k)
	}
	rep.FromCache = len(keys) - len(missing)
	rep.Requested = len(missing)

	if len(missing) > 0 {
		checker := linkcheck.New(opts.checkOptions(now))
		got := checker.Check(ctx, missing)
		checker.Close()
		for i, k := range missing {
			results[k] = got[i]
			if cache != nil {
				cache.Store(k, got[i])
			}
		}
		if cache != nil {
			if err := cache.Save(now()); err != nil {
				rep.Notes = append(rep.Notes, fmt.Errorf("%w; the results are not kept", err))
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return rep, fmt.Errorf("link check interrupted: %w", err)
	}
	l.Diags = append(l.Diags, urlFindings(refs, results)...)
	l.Diags.Sort()
	return rep, nil
}

// openCache opens the cache file of the options or the settings, or the
// user's, or returns nil when there is none to use.
func (s *Session) openCache(opts LinkOptions, rep *LinkReport) *linkcheck.Cache {
	path := opts.CachePath
	if path == "" && s.Config.LinkCache != "" {
		path = s.path(s.Config.LinkCache)
	}
	if path == "" {
		p, err := linkcheck.DefaultCachePath()
		if err != nil {
			rep.Notes = append(rep.Notes, fmt.Errorf("%w; the results are not kept", err))
			return nil
		}
		path = p
	}
	cache, err := linkcheck.OpenCache(path)
	switch {
	case cache == nil:
		rep.Notes = append(rep.Notes, fmt.Errorf("%w; the results are not kept", err))
		return nil
	case err != nil:
		rep.Notes = append(rep.Notes, fmt.Errorf("%w; it is replaced", err))
	}
	rep.CachePath = path
	return cache
}

func excluded(patterns []*regexp.Regexp, u string) bool {
	for _, re := range patterns {
		if re.MatchString(u) {
			return true
		}
	}
	return false
}
