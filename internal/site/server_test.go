package site

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func newTestServer(t *testing.T) (*Server, *httptest.Server) {
	t.Helper()
	fsys, c := fixture(t, "fixture.txtar")
	srv := NewServer("/guides/")
	srv.Update(build(t, fsys, c, Options{LiveReload: LiveScriptPath}))
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return srv, ts
}

func TestServer(t *testing.T) {
	_, ts := newTestServer(t)
	client := ts.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	tests := []struct {
		method, path string
		status       int
		ctype        string
		body         string // a substring of the body
	}{
		{"GET", "/guides/", 200, "text/html; charset=utf-8", "<h1>Example Guides</h1>"},
		{"GET", "/guides/dns/", 200, "text/html; charset=utf-8", "<h1>How DNS Works</h1>"},
		{"GET", "/guides/dns", 200, "text/html; charset=utf-8", "<h1>How DNS Works</h1>"},
		{"GET", "/guides/dns/index.html", 200, "text/html; charset=utf-8", "How DNS Works"},
		{"GET", "/guides/tags/dns/", 200, "text/html; charset=utf-8", "How DNS Works"},
		{"GET", "/guides/feed.xml", 200, "application/atom+xml; charset=utf-8", "<feed"},
		{"GET", "/guides/sitemap.xml", 200, "application/xml; charset=utf-8", "<urlset"},
		{"GET", "/guides/index.json", 200, "application/json", `"id":"dns"`},
		{"GET", "/guides/assets/style.css", 200, "text/css; charset=utf-8", "--accent"},
		{"GET", "/guides/assets/site.js", 200, "text/javascript; charset=utf-8", "data-search"},
		{"GET", "/guides/assets/preview.png", 200, "image/png", "PNG"},
		{"GET", "/guides/files/images/storage.svg", 200, "image/svg+xml", "<svg"},
		{"HEAD", "/guides/dns/", 200, "text/html; charset=utf-8", ""},
		{"GET", "/guides/no-such-guide/", 404, "text/html; charset=utf-8", "Page not found"},
		{"GET", "/guides/later/", 404, "text/html; charset=utf-8", "Page not found"}, // a draft
		{"GET", "/other/", 404, "text/html; charset=utf-8", "Page not found"},
		{"GET", "/guides/../../etc/passwd", 404, "text/html; charset=utf-8", "Page not found"},
		{"GET", "/guides/%2e%2e/%2e%2e/etc/passwd", 404, "text/html; charset=utf-8", "Page not found"},
		{"GET", "/guides/..%2f..%2fetc%2fpasswd", 404, "text/html; charset=utf-8", "Page not found"},
		{"GET", "/guides/dns/..%2f..%2f..%2fsite.go", 404, "text/html; charset=utf-8", "Page not found"},
		{"GET", "/guides/%2e%2e%5c%2e%2e%5cetc%5cpasswd", 404, "text/html; charset=utf-8", "Page not found"},
		{"GET", "/guides//etc/passwd", 404, "text/html; charset=utf-8", "Page not found"},
		{"GET", "/", 302, "", ""},
		{"GET", "/guides", 302, "", ""},
		{"POST", "/guides/", 405, "", ""},
	}
	for _, tt := range tests {
		req, err := http.NewRequest(tt.method, ts.URL+tt.path, nil)
		if err != nil {
			t.Fatal(err)
		}
		// Send the path exactly as written, dots and all.
		req.URL.Opaque = tt.path
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", tt.method, tt.path, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status {
			t.Errorf("%s %s: status %d, want %d", tt.method, tt.path, resp.StatusCode, tt.status)
		}
		if tt.ctype != "" && resp.Header.Get("Content-Type") != tt.ctype {
			t.Errorf("%s %s: content type %q, want %q", tt.method, tt.path, resp.Header.Get("Content-Type"), tt.ctype)
		}
		if tt.body != "" && !strings.Contains(string(body), tt.body) {
			t.Errorf("%s %s: body lacks %q", tt.method, tt.path, tt.body)
		}
		if tt.method == "HEAD" && len(body) != 0 {
			t.Errorf("HEAD %s: a body of %d bytes", tt.path, len(body))
		}
		if tt.status == 302 && resp.Header.Get("Location") != "/guides/" {
			t.Errorf("%s: redirects to %q", tt.path, resp.Header.Get("Location"))
		}
	}
}

// TestServerReloads opens the event stream and checks that it gives the
// problems at once and when they change, that an update of the site sends
// a reload event, and that the pages carry the script that listens.
func TestServerReloads(t *testing.T) {
	srv, ts := newTestServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+EventsPath, nil)
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("content type %q", ct)
	}
	r := bufio.NewReader(resp.Body)
	// event reads the next event, as its lines.
	event := func() string {
		t.Helper()
		var lines []string
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				t.Fatalf("reading the stream: %v (after %q)", err, lines)
			}
			if line == "\n" {
				return strings.Join(lines, "")
			}
			lines = append(lines, line)
		}
	}
	if got := event(); got != ": connected\n" {
		t.Fatalf("first event %q", got)
	}
	if got := event(); got != "event: problems\ndata: []\n" {
		t.Fatalf("no problems at first: %q", got)
	}
	srv.SetProblems([]Problem{{Path: "data/guides/a.md", Line: 2, Column: 8, Severity: "error", Rule: "yaml", Message: "<b>bad</b>\nline"}})
	if got, want := event(), `event: problems`+"\n"+`data: [{"path":"data/guides/a.md","line":2,"column":8,"severity":"error","rule":"yaml","message":"\u003cb\u003ebad\u003c/b\u003e\nline"}]`+"\n"; got != want {
		t.Fatalf("after a problem:\n%s\nwant\n%s", got, want)
	}
	srv.Update(Files{"index.html": []byte("changed")})
	if got := event(); got != "data: reload\n" {
		t.Fatalf("after an update: %q", got)
	}
	srv.SetProblems(nil)
	if got := event(); got != "event: problems\ndata: []\n" {
		t.Fatalf("once fixed: %q", got)
	}
	page, _ := http.Get(ts.URL + "/guides/")
	body, _ := io.ReadAll(page.Body)
	page.Body.Close()
	if string(body) != "changed" {
		t.Errorf("the new site is not served: %q", body)
	}
	script, _ := http.Get(ts.URL + LiveScriptPath)
	body, _ = io.ReadAll(script.Body)
	script.Body.Close()
	if !strings.Contains(string(body), `new EventSource("`+EventsPath+`")`) {
		t.Errorf("the live script does not listen to %s", EventsPath)
	}
	fsys, c := fixture(t, "fixture.txtar")
	html := string(build(t, fsys, c, Options{LiveReload: LiveScriptPath})["dns/index.html"])
	if !strings.Contains(html, `<script src="`+LiveScriptPath+`" defer></script>`) {
		t.Error("pages built for a server do not load the live script")
	}
	if strings.Contains(string(build(t, fsys, c, Options{})["dns/index.html"]), "__guides") {
		t.Error("pages built for publishing load the live script")
	}
}
