package app

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
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
	write := func(name, text string) { t.Helper(); writeFile(t, root, name, text) }
	guide := func(title, date string) string {
		return "---\ntitle: " + title + "\ncreatedAt: " + date + "\ncategories: [net]\n---\n\nText of " + title + ".\n"
	}
	write("guides.yaml", "baseURL: https://example.org/guides\ntitle: Test Guides\n")
	write("data/categories/net.md", "---\ntitle: Networking\nsort: 1\n---\n")
	write("data/guides/alpha.md", guide("Alpha", "2024-01-01"))
	write("data/guides/beta.md", guide("Beta", "2024-01-02"))

	ctx, cancel := context.WithCancel(context.Background())
	var log, problems syncBuffer
	watching := make(chan string, 100)
	done := make(chan error, 1)
	sess, err := Open(OpenOptions{Dir: root})
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		done <- sess.Serve(ctx, ServeOptions{Addr: "127.0.0.1:0", Log: &log, Problems: &problems, Watching: func(dir string) { watching <- dir }})
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	var base string
	for deadline := time.Now().Add(10 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := regexp.MustCompile(`at (http://\S+/guides/)`).FindStringSubmatch(log.String()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		t.Fatalf("serve did not start: %s %s", log.String(), problems.String())
	}
	for range 4 { // the root and the data folders
		<-watching
	}
	get := func(path string) (int, string) {
		t.Helper()
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	expect := func(path, want string) {
		t.Helper()
		if code, body := get(path); code != 200 || !strings.Contains(body, want) {
			t.Errorf("%s: %d, without %q", path, code, want)
		}
	}
	lines := 0
	// waitLog waits for the next log line, and checks that it starts with
	// the time and names the files that changed.
	waitLog := func(files ...string) string {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			all := strings.Split(strings.TrimSpace(log.String()), "\n")
			if len(all) > lines+1 {
				lines++
				line := all[lines]
				if !regexp.MustCompile(`^\d\d:\d\d:\d\d `).MatchString(line) {
					t.Errorf("log line %q does not start with the time", line)
				}
				for _, f := range files {
					if !strings.Contains(line, f) {
						t.Errorf("log line %q does not name %s", line, f)
					}
				}
				return line
			}
		}
		t.Fatalf("no log line after %q", log.String())
		return ""
	}
	expect("alpha/", "<h1>Alpha</h1>")

	// The open pages hear of problems.
	stream := events(t, ctx, base)
	if got := stream(); got != "[]" {
		t.Fatalf("problems at first: %s", got)
	}

	// A guide breaks while another changes: the broken one keeps its last
	// good page, the other shows its change.
	write("data/guides/alpha.md", "---\ntitle: Alpha: broken\ncreatedAt: 2024-01-01\ncategories: [net]\n---\n\nBroken text.\n")
	write("data/guides/beta.md", guide("Beta Two", "2024-01-02"))
	if line := waitLog("data/guides/alpha.md", "data/guides/beta.md"); !strings.Contains(line, "1 error in data/guides/alpha.md: the last good version of each is shown") {
		t.Errorf("log line %q", line)
	}
	expect("alpha/", "<h1>Alpha</h1>")
	expect("beta/", "<h1>Beta Two</h1>")
	if _, body := get("alpha/"); strings.Contains(body, "Broken text") || strings.Contains(body, "0001") {
		t.Error("the page of the broken guide shows broken data")
	}
	checkIndex(t, get, map[string]string{"alpha": "Alpha", "beta": "Beta Two"})
	var ps []site.Problem
	if err := json.Unmarshal([]byte(stream()), &ps); err != nil || len(ps) == 0 || ps[0].Path != "data/guides/alpha.md" || ps[0].Line != 2 || ps[0].Severity != "error" {
		t.Errorf("the pages are told %+v (%v), want the YAML error of alpha.md", ps, err)
	}
	if !strings.Contains(problems.String(), "data/guides/alpha.md:2:") {
		t.Errorf("the findings are not printed: %q", problems.String())
	}

	// A new guide with an error was never good: it is left out.
	write("data/guides/gamma.md", guide("Gamma", "2024-02-30"))
	if line := waitLog("data/guides/gamma.md"); !strings.Contains(line, "2 errors in data/guides/alpha.md, data/guides/gamma.md") {
		t.Errorf("log line %q", line)
	}
	if code, _ := get("gamma/"); code != 404 {
		t.Errorf("the page of a guide that was never good answers %d", code)
	}
	expect("alpha/", "<h1>Alpha</h1>")

	// A change that another file depends on: the category goes, and the
	// guides that list it cannot be shown without it. The last good site
	// stays up whole.
	if err := os.Remove(filepath.Join(root, "data/categories/net.md")); err != nil {
		t.Fatal(err)
	}
	if line := waitLog("data/categories/net.md"); !strings.HasSuffix(line, "the last good site is shown") {
		t.Errorf("log line %q", line)
	}
	expect("net/", "<h1>Networking</h1>")
	expect("beta/", "<h1>Beta Two</h1>")

	// Everything fixed: every change shows, and the problems are gone.
	write("data/categories/net.md", "---\ntitle: Networking\nsort: 1\n---\n")
	write("data/guides/alpha.md", guide("Alpha Fixed", "2024-01-01"))
	write("data/guides/gamma.md", guide("Gamma", "2024-02-28"))
	if line := waitLog(); !strings.Contains(line, "rebuilt in") {
		t.Errorf("log line %q", line)
	}
	expect("alpha/", "<h1>Alpha Fixed</h1>")
	expect("gamma/", "<h1>Gamma</h1>")
	for got := stream(); got != "[]"; got = stream() {
		// Problems may have been sent for each step; the last is none.
	}
	checkIndex(t, get, map[string]string{"alpha": "Alpha Fixed", "beta": "Beta Two", "gamma": "Gamma"})
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
