package app

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/visual-guides/guides/internal/site"
)

// syncBuffer is a log that a test reads while the server writes it.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeKeepsLastGoodPages breaks guides while serve runs, and checks
// that no page is ever built from broken data: a broken guide keeps its
// last good page while the other changes show, a guide that was never good
// is left out, the open pages are told the problems, and everything comes
// back when the data is fixed.
func TestServeKeepsLastGoodPages(t *testing.T) {
	root := t.TempDir()
	writeFile(t, root, "guides.yaml", "baseURL: https://example.org/guides\ntitle: Test Guides\n")
	writeFile(t, root, "data/categories/net.md", "---\ntitle: Networking\nsort: 1\n---\n")
	writeFile(t, root, "data/guides/alpha.md", servedGuide("Alpha", "2024-01-01"))
	writeFile(t, root, "data/guides/beta.md", servedGuide("Beta", "2024-01-02"))
	r := startServe(t, root)
	r.expect("alpha/", "<h1>Alpha</h1>")
	if got := r.stream(); got != "[]" {
		t.Fatalf("problems at first: %s", got)
	}
	brokenKeepsLastGood(r)
	neverGoodLeftOut(r)
	dependencyKeepsSite(r)
	allFixed(r)
}

// servedGuide is a guide of the category net.
func servedGuide(title, date string) string {
	return "---\ntitle: " + title + "\ncreatedAt: " + date + "\ncategories: [net]\n---\n\nText of " + title + ".\n"
}

// brokenKeepsLastGood breaks a guide while another changes: the broken one
// keeps its last good page, the other shows its change, and the open pages
// hear of the problem.
func brokenKeepsLastGood(r *serveRun) {
	t := r.t
	t.Helper()
	r.write("data/guides/alpha.md", "---\ntitle: Alpha: broken\ncreatedAt: 2024-01-01\ncategories: [net]\n---\n\nBroken text.\n")
	r.write("data/guides/beta.md", servedGuide("Beta Two", "2024-01-02"))
	if line := r.waitLog("data/guides/alpha.md", "data/guides/beta.md"); !strings.Contains(line, "1 error in data/guides/alpha.md: the last good version of each is shown") {
		t.Errorf("log line %q", line)
	}
	r.expect("alpha/", "<h1>Alpha</h1>")
	r.expect("beta/", "<h1>Beta Two</h1>")
	if _, body := r.get("alpha/"); strings.Contains(body, "Broken text") || strings.Contains(body, "0001") {
		t.Error("the page of the broken guide shows broken data")
	}
	checkIndex(t, r.get, map[string]string{"alpha": "Alpha", "beta": "Beta Two"})
	var ps []site.Problem
	if err := json.Unmarshal([]byte(r.stream()), &ps); err != nil || len(ps) == 0 || ps[0].Path != "data/guides/alpha.md" || ps[0].Line != 2 || ps[0].Severity != "error" {
		t.Errorf("the pages are told %+v (%v), want the YAML error of alpha.md", ps, err)
	}
	if !strings.Contains(r.problems.String(), "data/guides/alpha.md:2:") {
		t.Errorf("the findings are not printed: %q", r.problems.String())
	}
}

// neverGoodLeftOut adds a new guide with an error: it was never good, and
// is left out.
func neverGoodLeftOut(r *serveRun) {
	t := r.t
	t.Helper()
	r.write("data/guides/gamma.md", servedGuide("Gamma", "2024-02-30"))
	if line := r.waitLog("data/guides/gamma.md"); !strings.Contains(line, "2 errors in data/guides/alpha.md, data/guides/gamma.md") {
		t.Errorf("log line %q", line)
	}
	if code, _ := r.get("gamma/"); code != 404 {
		t.Errorf("the page of a guide that was never good answers %d", code)
	}
	r.expect("alpha/", "<h1>Alpha</h1>")
}

// dependencyKeepsSite removes the category the guides list: they cannot
// be shown without it, and the last good site stays up whole.
func dependencyKeepsSite(r *serveRun) {
	t := r.t
	t.Helper()
	if err := os.Remove(filepath.Join(r.root, "data/categories/net.md")); err != nil {
		t.Fatal(err)
	}
	if line := r.waitLog("data/categories/net.md"); !strings.HasSuffix(line, "the last good site is shown") {
		t.Errorf("log line %q", line)
	}
	r.expect("net/", "<h1>Networking</h1>")
	r.expect("beta/", "<h1>Beta Two</h1>")
}

// allFixed fixes everything: every change shows, and the problems are
// gone.
func allFixed(r *serveRun) {
	t := r.t
	t.Helper()
	r.write("data/categories/net.md", "---\ntitle: Networking\nsort: 1\n---\n")
	r.write("data/guides/alpha.md", servedGuide("Alpha Fixed", "2024-01-01"))
	r.write("data/guides/gamma.md", servedGuide("Gamma", "2024-02-28"))
	if line := r.waitLog(); !strings.Contains(line, "rebuilt in") {
		t.Errorf("log line %q", line)
	}
	r.expect("alpha/", "<h1>Alpha Fixed</h1>")
	r.expect("gamma/", "<h1>Gamma</h1>")
	for got := r.stream(); got != "[]"; got = r.stream() {
		// Problems may have been sent for each step; the last is none.
	}
	checkIndex(t, r.get, map[string]string{"alpha": "Alpha Fixed", "beta": "Beta Two", "gamma": "Gamma"})
}

// serveRun is guides serve running on a collection, with a page open that
// hears of problems.
type serveRun struct {
	t             *testing.T
	root, base    string // the collection, and the site's URL
	log, problems syncBuffer
	lines         int           // the lines of the log read
	stream        func() string // the data of the page's next problems event
}

// startServe runs guides serve on the collection at root until the test
// ends, and waits until it serves and watches the root and data folders.
func startServe(t *testing.T, root string) *serveRun {
	t.Helper()
	r := &serveRun{t: t, root: root}
	ctx, cancel := context.WithCancel(context.Background())
	watching := make(chan string, 100)
	done := make(chan error, 1)
	sess := openAt(t, root)
	go func() {
		done <- sess.Serve(ctx, ServeOptions{Addr: "127.0.0.1:0", Log: &r.log, Problems: &r.problems, Watching: func(dir string) { watching <- dir }})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	for deadline := time.Now().Add(10 * time.Second); r.base == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := regexp.MustCompile(`at (http://\S+/guides/)`).FindStringSubmatch(r.log.String()); m != nil {
			r.base = m[1]
		}
	}
	if r.base == "" {
		t.Fatalf("serve did not start: %s %s", r.log.String(), r.problems.String())
	}
	for range 4 { // the root and the data folders
		<-watching
	}
	r.stream = events(t, ctx, r.base)
	return r
}

func (r *serveRun) write(name, text string) {
	r.t.Helper()
	writeFile(r.t, r.root, name, text)
}

// get returns the status and body of a page of the site.
func (r *serveRun) get(path string) (int, string) {
	r.t.Helper()
	resp, err := http.Get(r.base + path)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// expect checks that the page is served, with want in it.
func (r *serveRun) expect(path, want string) {
	r.t.Helper()
	if code, body := r.get(path); code != 200 || !strings.Contains(body, want) {
		r.t.Errorf("%s: %d, without %q", path, code, want)
	}
}

// waitLog waits for the next log line, and checks that it starts with the
// time and names the files that changed.
func (r *serveRun) waitLog(files ...string) string {
	t := r.t
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		all := strings.Split(strings.TrimSpace(r.log.String()), "\n")
		for len(all) > r.lines+1 {
			r.lines++
			line := all[r.lines]
			if !regexp.MustCompile(`^\d\d:\d\d:\d\d `).MatchString(line) {
				t.Errorf("log line %q does not start with the time", line)
			}
			if strings.Contains(line, " search index of ") {
				continue // made in the background, whenever it is done
			}
			for _, f := range files {
				if !strings.Contains(line, f) {
					t.Errorf("log line %q does not name %s", line, f)
				}
			}
			return line
		}
	}
	t.Fatalf("no log line after %q", r.log.String())
	return ""
}

// checkIndex checks that index.json lists exactly the guides of want, by
// id, with their titles.
func checkIndex(t *testing.T, get func(string) (int, string), want map[string]string) {
	t.Helper()
	_, body := get("index.json")
	var entries []struct{ ID, Title string }
	if err := json.Unmarshal([]byte(body), &entries); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, e := range entries {
		got[e.ID] = e.Title
	}
	if len(got) != len(want) {
		t.Errorf("index.json lists %v, want %v", got, want)
	}
	for id, title := range want {
		if got[id] != title {
			t.Errorf("index.json gives %s the title %q, want %q", id, got[id], title)
		}
	}
}

// events opens the server's event stream and returns a function that
// returns the data of the next problems event.
func events(t *testing.T, ctx context.Context, base string) func() string {
	t.Helper()
	u := strings.TrimSuffix(base, "/guides/") + site.EventsPath
	req, _ := http.NewRequestWithContext(ctx, "GET", u, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	got := make(chan string, 100)
	go func() {
		r := bufio.NewScanner(resp.Body)
		r.Buffer(nil, 1<<20)
		problems := false
		for r.Scan() {
			line := r.Text()
			switch {
			case line == "event: problems":
				problems = true
			case strings.HasPrefix(line, "data: ") && problems:
				got <- strings.TrimPrefix(line, "data: ")
				problems = false
			}
		}
		close(got)
	}()
	return func() string {
		t.Helper()
		select {
		case s, ok := <-got:
			if !ok {
				t.Fatal("the event stream ended")
			}
			return s
		case <-time.After(10 * time.Second):
			t.Fatal("no problems event")
			return ""
		}
	}
}

// TestServeAddressInUse serves at an address another server holds: the
// error says what to do.
func TestServeAddressInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var log, problems syncBuffer
	err = openAt(t, collection(t, nil)).Serve(context.Background(), ServeOptions{Addr: ln.Addr().String(), Log: &log, Problems: &problems})
	wantError(t, err, "the address "+ln.Addr().String()+" is in use, perhaps by another guides serve: choose another with --addr, such as --addr 127.0.0.1:0 for any free port")
}
