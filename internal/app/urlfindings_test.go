package app

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/linkcheck"
	"github.com/visual-guides/guides/internal/rules"
)

func TestURLFindings(t *testing.T) {
	ref := func(path string, line, col int, what, u, href string) rules.URLRef {
		return rules.URLRef{URL: u, Href: href, Path: path, Pos: guides.Pos{Line: line, Col: col}, What: what}
	}
	refs := []rules.URLRef{
		ref("data/categories/c.md", 4, 8, "image", "https://img.example/c.png", "https://img.example/c.png"),
		ref("data/categories/c.md", 5, 7, "icon", "https://img.example/icon.svg", "https://img.example/icon.svg"),
		ref("data/categories/c.md", 7, 23, "link", "HTTPS://Docs.Example/intro", "HTTPS://Docs.Example/intro"),
		ref("data/guides/g.md", 7, 12, "image", "https://img.example/diagrams/a%20b.png", "https://img.example/diagrams/a%20b.png"),
		ref("data/guides/g.md", 7, 71, "image", "https://img.example/d 2.png", "https://img.example/d%202.png"),
		ref("data/guides/g.md", 9, 8, "link", "https://docs.example/bare", "https://docs.example/bare"),
		ref("data/guides/g.md", 9, 35, "link", "http://www.docs.example/www", "http://www.docs.example/www"),
		ref("data/guides/g.md", 9, 61, "link", "https://docs.example/angle#part", "https://docs.example/angle#part"),
		ref("data/guides/g.md", 16, 8, "link", `https://docs.example/ref\_escaped`, "https://docs.example/ref_escaped"),
		ref("data/guides/g.md", 17, 8, "link", "https://", "https://"),
		ref("data/guides/draft.md", 6, 8, "image", "http://img.example/draft.png", "http://img.example/draft.png"),
	}
	now := time.Now()
	results := map[string]linkcheck.Result{
		"https://img.example/c.png":              {Status: linkcheck.OK, Reason: linkcheck.HTTP, Code: 200, Time: now},
		"https://img.example/icon.svg":           {Status: linkcheck.Broken, Reason: linkcheck.HTTP, Code: 404, Time: now.Add(-12*time.Minute - 5*time.Second)},
		"https://docs.example/intro":             {Status: linkcheck.Moved, Reason: linkcheck.HTTP, Code: 200, Final: "https://docs.example/intro/", Time: now.Add(-5 * time.Hour)},
		"https://img.example/diagrams/a%20b.png": {Status: linkcheck.Unreachable, Reason: linkcheck.Timeout, Limit: 10 * time.Second, Time: now},
		"https://docs.example/bare":              {Status: linkcheck.Unreachable, Reason: linkcheck.DNS, Detail: "no address for docs.example", Time: now.Add(-30 * time.Second)},
		"https://docs.example/angle":             {Status: linkcheck.Moved, Reason: linkcheck.HTTP, Code: 200, Final: "https://docs.example/new-angle", Time: now},
		"https://docs.example/ref_escaped":       {Status: linkcheck.Broken, Reason: linkcheck.HTTP, Code: 410, Final: "https://docs.example/elsewhere", Time: now},
		"http://img.example/draft.png":           {Status: linkcheck.Unreachable, Reason: linkcheck.HTTP, Code: 429, Attempts: 3, Time: now},
		// Not checked: no finding.
		// "https://img.example/d%202.png", "http://www.docs.example/www"
	}
	var got []string
	// From the cache: the results of another time.
	cached := map[string]bool{"https://img.example/icon.svg": true, "https://docs.example/intro": true, "https://docs.example/bare": true}
	ds := urlFindings(refs, results, cached, now)
	ds.Sort()
	for _, d := range ds {
		got = append(got, d.String())
	}
	want := []string{
		`data/categories/c.md:5:7: error: icon "https://img.example/icon.svg" is broken: 404 Not Found (from the cache, 12 minutes old) [broken-url]`,
		`data/categories/c.md:7:23: warning: link "HTTPS://Docs.Example/intro" moved permanently to "https://docs.example/intro/" (from the cache, 5 hours old) [moved-url]`,
		`data/guides/draft.md:6:8: warning: image "http://img.example/draft.png" is unreachable: 429 Too Many Requests after 3 attempts [unreachable-url]`,
		`data/guides/g.md:7:12: warning: image "https://img.example/diagrams/a%20b.png" is unreachable: timeout: no answer within 10s [unreachable-url]`,
		`data/guides/g.md:9:8: warning: link "https://docs.example/bare" is unreachable: DNS: no address for docs.example (from the cache, less than a minute old) [unreachable-url]`,
		`data/guides/g.md:9:61: warning: link "https://docs.example/angle#part" moved permanently to "https://docs.example/new-angle#part" [moved-url]`,
		`data/guides/g.md:16:8: error: link "https://docs.example/ref\\_escaped" is broken: 410 Gone at https://docs.example/elsewhere [broken-url]`,
		`data/guides/g.md:17:8: error: link "https://" is broken: not a URL that can be requested: an absolute http or https URL with a host is needed [broken-url]`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

func TestAge(t *testing.T) {
	for _, tt := range []struct {
		d    time.Duration
		want string
	}{
		{0, "less than a minute"},
		{59 * time.Second, "less than a minute"},
		{time.Minute, "1 minute"},
		{119*time.Minute + 59*time.Second, "119 minutes"},
		{2 * time.Hour, "2 hours"},
		{47 * time.Hour, "47 hours"},
		{48 * time.Hour, "2 days"},
		{29 * 24 * time.Hour, "29 days"},
	} {
		if got := age(tt.d); got != tt.want {
			t.Errorf("age(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}
