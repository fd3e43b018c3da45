package app

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/visual-guides/guides/internal/site"
	"github.com/visual-guides/guides/internal/synth"
)

// synthetic writes a synthetic collection of n guides to a temporary folder.
func synthetic(tb testing.TB, n int) string {
	tb.Helper()
	dir := tb.TempDir()
	for _, sub := range []string{"data/guides", "data/categories"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			tb.Fatal(err)
		}
	}
	err := synth.Generate(synth.Options{Guides: n, Categories: 20, Seed: 1}, func(p string, data []byte) error {
		return os.WriteFile(filepath.Join(dir, p), data, 0o644)
	})
	if err != nil {
		tb.Fatal(err)
	}
	return dir
}

func openSession(tb testing.TB, dir string) *Session {
	tb.Helper()
	base := "https://example.org/guides"
	s, err := Open(OpenOptions{Dir: dir, Overrides: Overrides{BaseURL: &base}})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// lines is a writer whose lines arrive on a channel.
type lines struct {
	mu   sync.Mutex
	part []byte
	ch   chan string
}

func (l *lines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.part = append(l.part, p...)
	for {
		i := bytes.IndexByte(l.part, '\n')
		if i < 0 {
			return len(p), nil
		}
		l.ch <- string(l.part[:i])
		l.part = l.part[i+1:]
	}
}

// served is a guides serve running on a collection, with a page open.
type served struct {
	tb     testing.TB
	dir    string
	url    string // the site's base URL
	log    chan string
	events *bufio.Reader
}

// serve runs guides serve on the collection in dir until the test ends,
// and opens its stream of reload events, as an open page does.
func serve(tb testing.TB, dir string) *served {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	log := &lines{ch: make(chan string, 1000)}
	problems := &lines{ch: make(chan string, 1000)}
	done := make(chan error, 1)
	session := openSession(tb, dir)
	go func() {
		done <- session.Serve(ctx, ServeOptions{Addr: "127.0.0.1:0", Log: log, Problems: problems})
	}()
	tb.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			tb.Error(err)
		}
	})
	var first string
	select {
	case first = <-log.ch:
	case line := <-problems.ch:
		tb.Fatalf("serve: %s", line)
	case err := <-done:
		tb.Fatalf("serve: %v", err)
	}
	_, after, ok := strings.Cut(first, " at ")
	if !ok {
		tb.Fatalf("serve printed %q", first)
	}
	url, _, _ := strings.Cut(after, " ")
	s := &served{tb: tb, dir: dir, url: url, log: log.ch}
	resp, err := http.Get(strings.TrimSuffix(url, "/guides/") + site.EventsPath)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { resp.Body.Close() })
	s.events = bufio.NewReader(resp.Body)
	if line, err := s.events.ReadString('\n'); err != nil || line != ": connected\n" {
		tb.Fatalf("events: %q, %v", line, err)
	}
	return s
}

// reload waits for the next reload event.
func (s *served) reload() {
	s.tb.Helper()
	for {
		line, err := s.events.ReadString('\n')
		if err != nil {
			s.tb.Fatal(err)
		}
		if line == "data: reload\n" {
			return
		}
	}
}

// logged waits for a line of the log that holds text, and returns it.
func (s *served) logged(text string) string {
	s.tb.Helper()
	for {
		select {
		case line := <-s.log:
			if strings.Contains(line, text) {
				return line
			}
		case <-time.After(time.Minute):
			s.tb.Fatalf("no %q in the log within a minute", text)
		}
	}
}

func (s *served) get(rel string) []byte {
	s.tb.Helper()
	resp, err := http.Get(s.url + rel)
	if err != nil {
		s.tb.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		s.tb.Fatal(err)
	}
	return data
}

// TestServeBodyEdit edits a guide's body, then its title, under guides
// serve, and expects each time what a fresh build of the edited collection
// makes, the search index among it once it has followed.
func TestServeBodyEdit(t *testing.T) {
	dir := synthetic(t, 60)
	s := serve(t, dir)
	id, file, src := middleGuide(t, dir)

	edited := append(bytes.Clone(src), "\nA paragraph of *unmistakable* news.\n"...)
	writeBytes(t, file, edited)
	s.wantBodyEdit("a body edit")
	s.sameAsFresh("a body edit", id+"/index.html", "index.html", "search/index.json")
	if !bytes.Contains(s.get(id+"/"), []byte("<em>unmistakable</em>")) {
		t.Errorf("the edit is not on the page")
	}

	// The newest guide's body is in the feed too, which holds guides whole.
	l, err := openSession(t, dir).Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	pub := l.Coll.Published()
	newest := pub.Guides[len(pub.Guides)-1]
	newestFile := filepath.Join(dir, filepath.FromSlash(newest.Path))
	newestSrc, err := os.ReadFile(newestFile)
	if err != nil {
		t.Fatal(err)
	}
	writeBytes(t, newestFile, append(newestSrc, "\nA paragraph of *fresh* news.\n"...))
	s.wantBodyEdit("a body edit of the newest guide")
	s.sameAsFresh("a body edit of the newest guide", newest.ID+"/index.html", "feed.xml")
	if !bytes.Contains(s.get("feed.xml"), []byte("fresh")) {
		t.Errorf("the edit is not in the feed")
	}

	retitled := bytes.Replace(edited, []byte("title: "), []byte("title: Retitled "), 1)
	if bytes.Equal(retitled, edited) {
		t.Fatal("no title to edit")
	}
	writeBytes(t, file, retitled)
	s.wantBodyEdit("a title edit")
	s.sameAsFresh("a title edit", id+"/index.html", "index.html", "search/index.json")
}

// middleGuide returns the id, file and text of the guide in the middle of
// the guides folder of dir.
func middleGuide(t *testing.T, dir string) (id, file string, src []byte) {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(dir, "data/guides"))
	if err != nil {
		t.Fatal(err)
	}
	name := entries[len(entries)/2].Name()
	file = filepath.Join(dir, "data/guides", name)
	src, err = os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix(name, ".md"), file, src
}

func writeBytes(t *testing.T, file string, data []byte) {
	t.Helper()
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// wantBodyEdit waits for the reload after an edit, and checks that the
// site was rebuilt, then the search index.
func (s *served) wantBodyEdit(what string) {
	s.tb.Helper()
	s.reload()
	if line := s.logged(": rebuilt"); !strings.Contains(line, " changed: rebuilt in ") {
		s.tb.Errorf("%s: %q, want the site rebuilt", what, line)
	}
	s.logged("search index of ")
}

// sameAsFresh checks that the pages of names are served as a fresh build
// of the collection makes them.
func (s *served) sameAsFresh(what string, names ...string) {
	s.tb.Helper()
	want := freshBuild(s.tb, s.dir)
	for _, n := range names {
		if got := s.get(strings.TrimSuffix(n, "index.html")); !bytes.Equal(got, want[n]) {
			s.tb.Errorf("after %s, %s differs from a fresh build", what, n)
		}
	}
}

// freshBuild builds the site of the collection in dir, as serve builds it.
func freshBuild(tb testing.TB, dir string) site.Files {
	tb.Helper()
	session := openSession(tb, dir)
	b, err := site.NewBuilder(session.FS(), session.siteOptions(false, site.LiveScriptPath))
	if err != nil {
		tb.Fatal(err)
	}
	l, err := session.Load(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	files := site.Files{}
	if err := b.Build(l.Coll, files); err != nil {
		tb.Fatal(err)
	}
	return files
}

// BenchmarkServeEdit measures what a writer waits for under guides serve:
// from saving a guide whose body changed to the reload event of its open
// page (the watcher's quiet time, reading and checking the file, rendering
// what shows the body). The search index, rebuilt after the event, is not
// timed. With -short, as CI runs it, 400 guides; else 10,000 and 100,000.
func BenchmarkServeEdit(b *testing.B) {
	sizes := []int{2_000, 10_000, 100_000}
	if testing.Short() {
		sizes = []int{400}
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("guides=%d", n), func(b *testing.B) {
			dir := synthetic(b, n)
			s := serve(b, dir)
			entries, err := os.ReadDir(filepath.Join(dir, "data/guides"))
			if err != nil {
				b.Fatal(err)
			}
			file := filepath.Join(dir, "data/guides", entries[len(entries)/2].Name())
			src, err := os.ReadFile(file)
			if err != nil {
				b.Fatal(err)
			}
			i := 0
			for b.Loop() {
				i++
				if err := os.WriteFile(file, fmt.Appendf(bytes.Clone(src), "\nEdit %d.\n", i), 0o644); err != nil {
					b.Fatal(err)
				}
				s.reload()
				b.StopTimer()
				if line := s.logged(": rebuilt"); !strings.Contains(line, ": rebuilt 1 page in ") {
					b.Fatalf("a body edit: %q, want one page rebuilt", line)
				}
				s.logged("search index rebuilt")
				b.StartTimer()
			}
		})
	}
}

// BenchmarkBuild does what guides build does, from disk to disk: load the
// collection, render every page and write the site into a fresh folder.
// With -short, as CI runs it, only the smallest size.
func BenchmarkBuild(b *testing.B) {
	sizes := []int{400, 10_000}
	if testing.Short() {
		sizes = sizes[:1]
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("guides=%d", n), func(b *testing.B) {
			dir := synthetic(b, n)
			out := filepath.Join(b.TempDir(), "public")
			s := openSession(b, dir)
			s.Config.Output = out
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				res, err := s.Build(context.Background(), BuildOptions{})
				if err != nil || len(res.Findings) > 0 {
					b.Fatal(err, res.Findings)
				}
			}
		})
	}
}
