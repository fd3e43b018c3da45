package app

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/search"
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
		case <-time.After(10 * time.Minute): // the search index of 100,000 guides takes minutes
			s.tb.Fatalf("no %q in the log within ten minutes", text)
		}
	}
}

// show waits for the reload event after which the page at rel (relative
// to the site) holds want, or answers 404 when gone is set: an event
// already on its way, from an edit before, may come first.
func (s *served) show(rel, want string, gone bool) {
	s.tb.Helper()
	for range 10 {
		s.reload()
		code, body := s.fetch(rel)
		if gone && code == http.StatusNotFound || !gone && code == http.StatusOK && strings.Contains(body, want) {
			return
		}
	}
	s.tb.Fatalf("%s does not show %q after 10 reloads", rel, want)
}

// fetch returns the status and text of a page of the site.
func (s *served) fetch(rel string) (int, string) {
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
	return resp.StatusCode, string(data)
}

// get returns the bytes of a file of the site, whatever its status.
func (s *served) get(rel string) []byte {
	s.tb.Helper()
	_, text := s.fetch(rel)
	return []byte(text)
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
	s.sameAsFresh("a body edit", id+"/index.html", "index.html", searchManifest)
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
	s.sameAsFresh("a title edit", id+"/index.html", "index.html", searchManifest)
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
		if n == searchManifest {
			got := searchView(s.tb, func(name string) ([]byte, bool) { return s.get(name), true })
			if !maps.EqualFunc(got, searchView(s.tb, mapGet(want)), bytes.Equal) {
				s.tb.Errorf("after %s, the search index differs from a fresh build's", what)
			}
			continue
		}
		if got := s.get(strings.TrimSuffix(n, "index.html")); !bytes.Equal(got, want[n]) {
			s.tb.Errorf("after %s, %s differs from a fresh build", what, n)
		}
	}
}

// searchManifest is the manifest of a site's search index.
const searchManifest = guides.SiteSearch + "/" + search.ManifestName

// searchView returns what a reader of a site's search index sees
// (search.Static.View), reading the site's files by their path through
// get: where the files are does not count.
func searchView(tb testing.TB, get func(name string) ([]byte, bool)) map[string][]byte {
	tb.Helper()
	st, err := search.OpenStatic(func(name string) ([]byte, error) {
		data, ok := get(guides.SiteSearch + "/" + name)
		if !ok {
			return nil, fmt.Errorf("no file %s", name)
		}
		return data, nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	view, err := st.View()
	if err != nil {
		tb.Fatal(err)
	}
	return view
}

// mapGet reads the files of a site held in memory.
func mapGet(files site.Files) func(name string) ([]byte, bool) {
	return func(name string) ([]byte, bool) {
		data, ok := files[name]
		return data, ok
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

// benchSizes returns the numbers of guides of the benchmarks of whole
// collections: 400 with -short, as CI runs them; else 10,000, or the
// sizes GUIDES_BENCH_GUIDES lists (such as "10000 100000").
func benchSizes(b *testing.B) []int {
	if testing.Short() {
		return []int{400}
	}
	env := os.Getenv("GUIDES_BENCH_GUIDES")
	if env == "" {
		return []int{10_000}
	}
	var sizes []int
	for _, f := range strings.Fields(env) {
		n, err := strconv.Atoi(f)
		if err != nil || n < 10 {
			b.Fatalf("GUIDES_BENCH_GUIDES: %q is not a number of guides", f)
		}
		sizes = append(sizes, n)
	}
	return sizes
}

// serveEdit is a kind of edit BenchmarkServeEdit makes: edit makes the
// i-th edit of that kind, and returns the page (relative to the site) that
// shows it and a text the page then holds, or, with gone set, the page
// that then answers 404.
type serveEdit struct {
	name string
	edit func(b *testing.B, e *editBench, i int) (page, want string, gone bool)
}

// editBench is a collection served, and the guide the edits change.
type editBench struct {
	s          *served
	dir, file  string // the collection, and the edited guide's file
	id         string
	src        []byte // the guide as it was
	categories []string
	// start is when the edit being measured was made: an edit that
	// readies itself first (a guide made to be deleted) sets it again.
	start time.Time
}

// serveEdits are the kinds of edit of BenchmarkServeEdit.
func serveEdits() []serveEdit {
	return []serveEdit{
		{"body", func(b *testing.B, e *editBench, i int) (string, string, bool) {
			e.write(b, e.file, fmt.Appendf(bytes.Clone(e.src), "\nEdit %d.\n", i))
			return e.id + "/", fmt.Sprintf("Edit %d.", i), false
		}},
		{"title", func(b *testing.B, e *editBench, i int) (string, string, bool) {
			e.write(b, e.file, bytes.Replace(e.src, []byte("title: "), fmt.Appendf(nil, "title: Edit %d of ", i), 1))
			return e.id + "/", fmt.Sprintf("<h1>Edit %d of ", i), false
		}},
		{"tags", func(b *testing.B, e *editBench, i int) (string, string, bool) {
			e.write(b, e.file, bytes.Replace(e.src, []byte("tags:\n"), fmt.Appendf(nil, "tags:\n  - Edit %d\n", i), 1))
			return fmt.Sprintf("tags/edit-%d/", i), fmt.Sprintf("Tag: Edit %d", i), false
		}},
		{"categories", func(b *testing.B, e *editBench, i int) (string, string, bool) {
			cat := e.categories[i%len(e.categories)]
			e.write(b, e.file, bytes.Replace(e.src, []byte("categories:\n"), fmt.Appendf(nil, "categories:\n  - %s\n", cat), 1))
			return e.id + "/", `href="/guides/` + cat + `/"`, false
		}},
		{"new guide", func(b *testing.B, e *editBench, i int) (string, string, bool) {
			e.write(b, e.guide(i), newGuideText(e, i))
			return fmt.Sprintf("bench-new-%d/", i), fmt.Sprintf("<h1>New %d</h1>", i), false
		}},
		{"delete", func(b *testing.B, e *editBench, i int) (string, string, bool) {
			b.StopTimer()
			e.write(b, e.guide(i), newGuideText(e, i))
			e.s.show(fmt.Sprintf("bench-new-%d/", i), fmt.Sprintf("<h1>New %d</h1>", i), false)
			e.s.logged("search index of ")
			b.StartTimer()
			e.start = time.Now()
			if err := os.Remove(e.guide(i)); err != nil {
				b.Fatal(err)
			}
			return fmt.Sprintf("bench-new-%d/", i), "", true
		}},
		{"rename", func(b *testing.B, e *editBench, i int) (string, string, bool) {
			b.StopTimer()
			e.write(b, e.guide(i), newGuideText(e, i))
			e.s.show(fmt.Sprintf("bench-new-%d/", i), fmt.Sprintf("<h1>New %d</h1>", i), false)
			e.s.logged("search index of ")
			b.StartTimer()
			e.start = time.Now()
			if err := os.Rename(e.guide(i), filepath.Join(e.dir, "data/guides", fmt.Sprintf("bench-renamed-%d.md", i))); err != nil {
				b.Fatal(err)
			}
			return fmt.Sprintf("bench-renamed-%d/", i), fmt.Sprintf("<h1>New %d</h1>", i), false
		}},
		{"rename-save", func(b *testing.B, e *editBench, i int) (string, string, bool) {
			// As vim, sed -i and many editors save: a new file, renamed
			// over the old one.
			tmp := e.file + ".tmp"
			e.write(b, tmp, fmt.Appendf(bytes.Clone(e.src), "\nSaved %d.\n", i))
			if err := os.Rename(tmp, e.file); err != nil {
				b.Fatal(err)
			}
			return e.id + "/", fmt.Sprintf("Saved %d.", i), false
		}},
		{"settings", func(b *testing.B, e *editBench, i int) (string, string, bool) {
			e.write(b, filepath.Join(e.dir, "guides.yaml"), fmt.Appendf(nil, "title: Bench %d\n", i))
			return "", fmt.Sprintf("<title>Bench %d</title>", i), false
		}},
	}
}

func (e *editBench) guide(i int) string {
	return filepath.Join(e.dir, "data/guides", fmt.Sprintf("bench-new-%d.md", i))
}

func (e *editBench) write(b *testing.B, file string, data []byte) {
	if err := os.WriteFile(file, data, 0o644); err != nil {
		b.Fatal(err)
	}
}

func newGuideText(e *editBench, i int) []byte {
	return fmt.Appendf(nil, "---\ntitle: New %d\ndescription: A new guide.\ncreatedAt: 2030-01-01\ncategories: [%s]\ntags: [New]\n---\n\nNew text %d.\n", i, e.categories[0], i)
}

// BenchmarkServeEdit measures what a writer waits for under guides serve,
// for each kind of edit: from saving it to the page that shows it, fetched
// when its open page is told to reload (the watcher's quiet time, reading
// and judging what changed, the model of the collection, the page made
// when asked for). The search index follows in the background: the time
// from saving to its being done is the search-ms metric, and it is done
// before the next edit. See benchSizes for the sizes.
func BenchmarkServeEdit(b *testing.B) {
	for _, n := range benchSizes(b) {
		b.Run(fmt.Sprintf("guides=%d", n), func(b *testing.B) {
			e := newEditBench(b, n)
			for _, kind := range serveEdits() {
				b.Run(strings.ReplaceAll(kind.name, " ", "-"), func(b *testing.B) {
					var searched time.Duration
					i := 0
					for b.Loop() {
						i++
						e.start = time.Now()
						page, want, gone := kind.edit(b, e, i)
						e.s.show(page, want, gone)
						b.StopTimer()
						e.s.logged("search index of ")
						searched += time.Since(e.start)
						b.StartTimer()
					}
					b.ReportMetric(float64(searched.Milliseconds())/float64(i), "search-ms")
					b.StopTimer()
					e.write(b, e.file, e.src)
					e.s.show(e.id+"/", "", false)
					e.s.logged("search index of ")
					b.StartTimer()
				})
			}
		})
	}
}

// newEditBench serves a synthetic collection of n guides, with the search
// index made, and picks the guide in the middle to edit.
func newEditBench(b *testing.B, n int) *editBench {
	dir := synthetic(b, n)
	e := &editBench{dir: dir}
	e.s = serve(b, dir)
	e.s.logged("search index of ")
	e.pick(b)
	return e
}

// pick picks the guide in the middle to edit, and two categories.
func (e *editBench) pick(b *testing.B) {
	dir := e.dir
	entries, err := os.ReadDir(filepath.Join(dir, "data/guides"))
	if err != nil {
		b.Fatal(err)
	}
	e.file = filepath.Join(dir, "data/guides", entries[len(entries)/2].Name())
	e.id = strings.TrimSuffix(entries[len(entries)/2].Name(), ".md")
	if e.src, err = os.ReadFile(e.file); err != nil {
		b.Fatal(err)
	}
	cats, err := os.ReadDir(filepath.Join(dir, "data/categories"))
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range cats[:2] {
		e.categories = append(e.categories, strings.TrimSuffix(c.Name(), ".md"))
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
				res, err := s.Build(context.Background(), BuildOptions{Whole: true})
				if err != nil || len(res.Findings) > 0 {
					b.Fatal(err, res.Findings)
				}
			}
		})
	}
}

// BenchmarkBuildUpdate measures guides build into the folder of an
// earlier build after one edit of each kind (none, a guide's body, its
// title, a new guide), beside a whole build of the same collection timed
// once before: percent-of-whole is the update's time over the whole
// build's. It runs with the search index, and without it (search=false),
// whose index today is made again whole after any edit of a guide. See
// benchSizes for the sizes.
func BenchmarkBuildUpdate(b *testing.B) {
	for _, n := range benchSizes(b) {
		for _, search := range []bool{true, false} {
			b.Run(fmt.Sprintf("guides=%d/search=%v", n, search), func(b *testing.B) {
				e := &editBench{dir: synthetic(b, n)}
				s := openSession(b, e.dir)
				s.Config.Output = filepath.Join(b.TempDir(), "public")
				// replaced counts the builds asked to update that replaced
				// the folder whole, as one does when every page changed.
				replaced := 0
				build := func(whole bool) time.Duration {
					start := time.Now()
					res, err := s.Build(context.Background(), BuildOptions{Whole: whole, noSearch: !search})
					if err != nil || len(res.Findings) > 0 || whole && res.Updated {
						b.Fatal(err, res.Findings, res.Updated)
					}
					if !whole && !res.Updated {
						replaced++
					}
					return time.Since(start)
				}
				build(true) // the file cache warm
				// The whole build's time is the median of three: on a
				// shared machine one build can take half as long again
				// as the next.
				times := []time.Duration{build(true), build(true), build(true)}
				slices.Sort(times)
				whole := times[1]
				e.pick(b)
				for _, kind := range buildEdits() {
					b.Run(kind.name, func(b *testing.B) {
						var took time.Duration
						i := 0
						replaced = 0
						for b.Loop() {
							i++
							b.StopTimer()
							kind.edit(b, e, i)
							b.StartTimer()
							took += build(false)
						}
						b.ReportMetric(100*float64(took)/float64(i)/float64(whole), "percent-of-whole")
						b.ReportMetric(float64(replaced)/float64(i), "replaced/op")
						b.StopTimer()
						e.write(b, e.file, e.src)
						build(false)
						b.StartTimer()
					})
				}
			})
		}
	}
}

// buildEdits are the kinds of edit of BenchmarkBuildUpdate.
func buildEdits() []serveEdit {
	out := []serveEdit{{"none", func(*testing.B, *editBench, int) (string, string, bool) { return "", "", false }}}
	for _, e := range serveEdits() {
		switch e.name {
		case "body", "title", "new guide":
			out = append(out, e)
		}
	}
	return out
}
