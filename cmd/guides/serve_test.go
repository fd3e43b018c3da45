package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestServeReloadsAfterAnEdit runs guides serve on a collection in a
// temporary folder, edits a guide on disk, and expects a reload event and
// the edited page; then it stops the server as an interrupt would.
func TestServeReloadsAfterAnEdit(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("data/categories/c.md", "---\ntitle: C\nsort: 1\n---\n")
	write("data/guides/g.md", "---\ntitle: First Title\ncreatedAt: 2024-01-01\ncategories: [c]\n---\nBody.\n")

	base, stop := serveInProcess(t, dir)
	defer stop()

	get := func(path string) string {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return string(body)
	}
	if !strings.Contains(get("g/"), "First Title") {
		t.Fatal("the guide's page is not served")
	}

	events, err := http.Get(strings.TrimSuffix(base, "/g/") + "/__guides/events")
	if err != nil {
		t.Fatal(err)
	}
	defer events.Body.Close()
	r := bufio.NewReader(events.Body)
	for _, want := range []string{": connected\n", "\n", "event: problems\n", "data: []\n", "\n"} {
		if line, _ := r.ReadString('\n'); line != want {
			t.Fatalf("event stream: %q, want %q", line, want)
		}
	}
	write("data/guides/g.md", "---\ntitle: Second Title\ncreatedAt: 2024-01-01\ncategories: [c]\n---\nBody.\n")
	got := make(chan string, 1)
	go func() {
		line, _ := r.ReadString('\n')
		got <- line
	}()
	select {
	case line := <-got:
		if line != "data: reload\n" {
			t.Fatalf("event %q", line)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no reload event after an edit")
	}
	if !strings.Contains(get("g/"), "Second Title") {
		t.Error("the edit is not served")
	}

	if code := stop(); code != exitOK {
		t.Errorf("serve exited %d", code)
	}
}

// serveInProcess runs guides serve on dir in this process, under the base
// URL https://example.org/g, and returns the URL it serves and a function
// that stops it as an interrupt would and returns its exit code.
func serveInProcess(t *testing.T, dir string) (string, func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	outR, outW := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"-C", dir, "serve", "--addr", "127.0.0.1:0", "--base-url", "https://example.org/g"}, env{
			stdin: strings.NewReader(""), stdout: outW, stderr: io.Discard, now: time.Now,
		})
		outW.Close()
	}()
	stop := func() int {
		cancel()
		select {
		case code := <-done:
			done <- code
			return code
		case <-time.After(time.Minute):
			t.Fatal("serve did not stop")
		}
		return 0
	}
	// serve watches every folder before it prints its address: once the
	// first line is out, edits are seen.
	lines := bufio.NewScanner(outR)
	if !lines.Scan() {
		stop()
		t.Fatal("serve printed nothing")
	}
	m := regexp.MustCompile(`^\d\d:\d\d:\d\d Serving .* at (http://\S+/g/) \(Ctrl\+C to stop\)$`).FindStringSubmatch(lines.Text())
	if m == nil {
		stop()
		t.Fatalf("first line %q", lines.Text())
	}
	go io.Copy(io.Discard, outR) // the rest of the output
	return m[1], stop
}
