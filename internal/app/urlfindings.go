package app

import (
	"errors"
	"net/url"
	"strconv"
	"time"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/linkcheck"
	"github.com/visual-guides/guides/internal/rules"
)

// urlKey returns the key under which the URL of ref is checked: the URL
// as a browser requests it, without its fragment (see linkcheck.Key), or
// "" when it cannot be requested at all.
func urlKey(ref rules.URLRef) string { return linkcheck.Key(ref.Href) }

// urlFindings turns the results of checking URLs, by key (see urlKey),
// into findings at every place each URL is written: broken URLs are
// errors, unreachable and moved ones warnings. A URL without a result
// (excluded, or not checked) gives none, nor does one that answers. The
// finding of a result that cached says came from the cache says so, and
// how old it is at now.
func urlFindings(refs []rules.URLRef, results map[string]linkcheck.Result, cached map[string]bool, now time.Time) guides.Diagnostics {
	var ds guides.Diagnostics
	for _, ref := range refs {
		key := urlKey(ref)
		r, ok := results[key]
		if key == "" {
			r, ok = badURL(ref.URL), true
		}
		if !ok {
			continue
		}
		u := guides.Quote(ref.URL)
		from := ""
		if cached[key] {
			from = " (from the cache, " + age(now.Sub(r.Time)) + " old)"
		}
		switch r.Status {
		case linkcheck.Broken:
			ds.Add(ref.Path, ref.Pos, guides.Error, guides.RuleBrokenURL, "%s %s is broken: %s%s", ref.What, u, r.Message(), from)
		case linkcheck.Unreachable:
			ds.Add(ref.Path, ref.Pos, guides.Warning, guides.RuleUnreachableURL, "%s %s is unreachable: %s%s", ref.What, u, r.Message(), from)
		case linkcheck.Moved:
			ds.Add(ref.Path, ref.Pos, guides.Warning, guides.RuleMovedURL, "%s %s moved permanently to %s%s", ref.What, u, guides.Quote(withFragment(r.Final, ref.URL)), from)
		}
	}
	return ds
}

// age says how old a result of the cache is, in words: "less than a
// minute", "1 minute", "35 minutes", "5 hours", "3 days".
func age(d time.Duration) string {
	n, unit := 0, ""
	switch {
	case d < time.Minute:
		return "less than a minute"
	case d < 2*time.Hour:
		n, unit = int(d/time.Minute), "minute"
	case d < 48*time.Hour:
		n, unit = int(d/time.Hour), "hour"
	default:
		n, unit = int(d/(24*time.Hour)), "day"
	}
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}

// badURL returns the result of an http(s) URL that cannot be requested at
// all: one that does not parse, or has no host.
func badURL(u string) linkcheck.Result {
	_, err := url.Parse(u)
	detail := "an absolute http or https URL with a host is needed"
	var ue *url.Error
	if errors.As(err, &ue) {
		detail = ue.Err.Error()
	}
	return linkcheck.Result{Status: linkcheck.Broken, Reason: linkcheck.BadURL, Detail: detail}
}

// withFragment returns to, with the fragment of from when to has none: a
// browser keeps the fragment of a link across redirects, so the URL to
// write instead keeps it too.
func withFragment(to, from string) string {
	f, err := url.Parse(from)
	if err != nil || f.Fragment == "" {
		return to
	}
	t, err := url.Parse(to)
	if err != nil || t.Fragment != "" {
		return to
	}
	t.Fragment, t.RawFragment = f.Fragment, f.RawFragment
	return t.String()
}
