// Command linkbench times whole "guides check --links" processes against
// local web servers that answer after a delay, as distant ones would.
//
// It writes a collection of 400 guides whose URLs point at servers it
// runs itself, shaped like the original collection by default (-shape
// real): 1,291 places that write 451 unique URLs, 1,201 of them places of
// 400 diagrams on one image host, the rest 51 pages on 10 other hosts.
// With -shape one-host, the same URLs are all on one host. With -shape
// spread, -urls URLs are spread evenly over -hosts hosts.
//
// Each run checks the collection with an empty cache (cold), then again
// within the max age (warm), which must make no request at all. Every
// server counts its connections and requests in flight, and the command
// fails if a host ever had more than the per-host limit.
//
// With -faults, some URLs answer 404, 410, 429 (once, then 200; or
// always), slowly (1 s) or never (beyond --request-timeout 2s), and the
// findings of each run must be exactly those such answers call for, at
// every place the URLs are written.
//
// Usage:
//
//	go run ./internal/cmd/linkbench -guides BIN [-runs 3] [-latency 50ms] [-faults]
//	    [-shape real|one-host|spread] [-urls 451] [-hosts 16] [-per-host N] [-keep DIR]
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

func main() {
	bin := flag.String("guides", "", "the guides `binary` to time")
	runs := flag.Int("runs", 3, "cold and warm runs to time")
	latency := flag.Duration("latency", 50*time.Millisecond, "how long every answer takes")
	shape := flag.String("shape", "real", "real: the original collection's URLs; one-host: the same on one host; spread: -urls over -hosts")
	nurls := flag.Int("urls", 451, "unique URLs, with -shape spread")
	nhosts := flag.Int("hosts", 16, "hosts, with -shape spread")
	faults := flag.Bool("faults", false, "make some URLs fail, and check the findings")
	perHost := flag.Int("per-host", 0, "--links-per-host, when not 0")
	keep := flag.String("keep", "", "write the collection to this `folder` and keep it")
	flag.Parse()
	if *bin == "" {
		fail("-guides is needed")
	}
	if err := run(*bin, *runs, *latency, *shape, *nurls, *nhosts, *faults, *perHost, *keep); err != nil {
		fail(err.Error())
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "linkbench:", msg)
	os.Exit(1)
}

// server is a local host: it answers after the latency, by path (see
// handle), and counts its connections and requests.
type server struct {
	*httptest.Server
	latency time.Duration

	mu                            sync.Mutex
	conns, maxConns, active, peak int
	requests                      int
	tries                         map[string]int
}

func newServer(latency time.Duration) *server {
	s := &server{latency: latency, tries: map[string]int{}}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(s.handle))
	s.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		s.mu.Lock()
		defer s.mu.Unlock()
		switch state {
		case http.StateNew:
			s.conns++
			s.maxConns = max(s.maxConns, s.conns)
		case http.StateClosed, http.StateHijacked:
			s.conns--
		}
	}
	s.Start()
	return s
}

// handle answers by the last segment of the path: "404-…", "410-…",
// "429once-…" (429 with Retry-After: 1 the first time, then 200),
// "429-…" (always), "slow-…" (200 after 1 s), "hang-…" (200 after
// 30 s), anything else 200.
func (s *server) handle(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests++
	s.active++
	s.peak = max(s.peak, s.active)
	s.tries[r.URL.Path]++
	try := s.tries[r.URL.Path]
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.active--
		s.mu.Unlock()
	}()
	wait := func(d time.Duration) {
		select {
		case <-time.After(d):
		case <-r.Context().Done():
		}
	}
	wait(s.latency)
	name := r.URL.Path[strings.LastIndexByte(r.URL.Path, '/')+1:]
	switch {
	case strings.HasPrefix(name, "404-"):
		w.WriteHeader(http.StatusNotFound)
	case strings.HasPrefix(name, "410-"):
		w.WriteHeader(http.StatusGone)
	case strings.HasPrefix(name, "429once-") && try == 1, strings.HasPrefix(name, "429-"):
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusTooManyRequests)
	case strings.HasPrefix(name, "slow-"):
		wait(time.Second)
	case strings.HasPrefix(name, "hang-"):
		wait(30 * time.Second)
	}
}

// place is where the collection writes a URL.
type place struct {
	path      string
	line, col int
	url       string
}

// finding is what a place should give: its rule, or "" for none.
type finding struct {
	path      string
	line, col int
	rule      string
}

func run(bin string, runs int, latency time.Duration, shape string, nurls, nhosts int, faults bool, perHost int, keep string) error {
	servers, diagrams, pages, err := startServers(shape, latency, nurls, nhosts)
	if err != nil {
		return err
	}
	defer func() {
		for _, s := range servers {
			s.Close()
		}
	}()
	rules := map[string]string{} // by URL, the rule its answer breaks
	if faults {
		rules = addFaults(diagrams, pages)
	}

	dir := keep
	if dir == "" {
		tmp, err := os.MkdirTemp("", "linkbench")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	places, err := writeCollection(dir, diagrams, pages)
	if err != nil {
		return err
	}
	want := wantFindings(places, rules)
	unique := map[string]bool{}
	for _, p := range places {
		unique[p.url] = true
	}

	args := []string{"-C", dir, "check", "--links", "--format", "json"}
	if faults {
		args = append(args, "--request-timeout", "2s")
	}
	if perHost > 0 {
		args = append(args, "--links-per-host", strconv.Itoa(perHost))
	}
	cache := filepath.Join(dir, ".cache")
	var cold, warm []time.Duration
	for range runs {
		if err := os.RemoveAll(cache); err != nil {
			return err
		}
		elapsed, err := check(bin, args, cache, "cold", want)
		if err != nil {
			return err
		}
		cold = append(cold, elapsed)
		requestsBefore := totalRequests(servers)
		if elapsed, err = check(bin, args, cache, "warm", want); err != nil {
			return err
		}
		warm = append(warm, elapsed)
		if n := totalRequests(servers) - requestsBefore; n != 0 {
			return fmt.Errorf("the warm run made %d requests", n)
		}
	}
	most, limit, err := withinLimit(servers, perHost)
	if err != nil {
		return err
	}
	fmt.Printf("| %s | %d | %d | %d | %v | %d | %d | %s | %s | %d/%d |\n",
		shape, len(unique), len(places), len(servers), latency, limit, len(want),
		fmtDur(median(cold)), fmtDur(median(warm)), most, limit)
	return nil
}

// startServers starts the servers of a shape, and returns them with the
// URLs of the diagrams and of the pages they serve.
func startServers(shape string, latency time.Duration, nurls, nhosts int) (servers []*server, diagrams, pages []string, err error) {
	switch shape {
	case "real":
		for range 11 {
			servers = append(servers, newServer(latency))
		}
		for i := range 400 {
			diagrams = append(diagrams, fmt.Sprintf("%s/diagrams/%04d.png", servers[0].URL, i))
		}
		for i := range 51 {
			pages = append(pages, fmt.Sprintf("%s/docs/%d", servers[1+i%10].URL, i))
		}
	case "one-host":
		servers = append(servers, newServer(latency))
		for i := range 400 {
			diagrams = append(diagrams, fmt.Sprintf("%s/diagrams/%04d.png", servers[0].URL, i))
		}
		for i := range 51 {
			pages = append(pages, fmt.Sprintf("%s/docs/%d", servers[0].URL, i))
		}
	case "spread":
		for range nhosts {
			servers = append(servers, newServer(latency))
		}
		for i := range nurls {
			pages = append(pages, fmt.Sprintf("%s/page/%d", servers[i%nhosts].URL, i))
		}
	default:
		return nil, nil, nil, fmt.Errorf("-shape %q: use real, one-host or spread", shape)
	}
	return servers, diagrams, pages, nil
}

// wantFindings returns the findings a check must give: one at every place
// of a URL that breaks a rule, sorted.
func wantFindings(places []place, rules map[string]string) []finding {
	var want []finding
	for _, p := range places {
		if r := rules[p.url]; r != "" {
			want = append(want, finding{p.path, p.line, p.col, r})
		}
	}
	sortFindings(want)
	return want
}

// check times one process of the guides binary bin with args and the
// cache folder cache, in the phase named (cold or warm), and checks that
// its findings are want.
func check(bin string, args []string, cache, phase string, want []finding) (time.Duration, error) {
	start := time.Now()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+cache)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	elapsed := time.Since(start)
	if ee, ok := err.(*exec.ExitError); err != nil && !(ok && ee.ExitCode() == 1) {
		return 0, fmt.Errorf("%s run: %v\n%s", phase, err, stderr.String())
	}
	got, err := findings(stdout.Bytes())
	if err != nil {
		return 0, fmt.Errorf("%s run: %v", phase, err)
	}
	if !slices.Equal(got, want) {
		return 0, fmt.Errorf("%s run: %d findings, want %d:\ngot  %v\nwant %v\n%s", phase, len(got), len(want), got, want, stdout.String())
	}
	return elapsed, nil
}

// withinLimit checks that no server had more connections or requests at
// once than the per-host limit (4 when perHost is 0), and returns the
// most it had, and the limit.
func withinLimit(servers []*server, perHost int) (most, limit int, err error) {
	maxConns, peak, limit := 0, 0, perHost
	if limit == 0 {
		limit = 4
	}
	for _, s := range servers {
		s.mu.Lock()
		maxConns, peak = max(maxConns, s.maxConns), max(peak, s.peak)
		s.mu.Unlock()
	}
	if maxConns > limit || peak > limit {
		return 0, 0, fmt.Errorf("a host had %d connections and %d requests at once, beyond the limit of %d", maxConns, peak, limit)
	}
	return max(maxConns, peak), limit, nil
}

// addFaults makes some URLs fail, and returns the rule each breaks.
func addFaults(diagrams, pages []string) map[string]string {
	rules := map[string]string{}
	set := func(list []string, i int, kind, rule string) {
		if i >= len(list) {
			return
		}
		dir, name := list[i][:strings.LastIndexByte(list[i], '/')+1], list[i][strings.LastIndexByte(list[i], '/')+1:]
		list[i] = dir + kind + "-" + name
		if rule != "" {
			rules[list[i]] = rule
		}
	}
	for _, i := range []int{7, 80, 150, 222, 399} {
		set(diagrams, i, "404", "broken-url")
	}
	set(diagrams, 300, "429once", "")
	set(diagrams, 301, "429once", "")
	set(diagrams, 302, "slow", "")
	set(pages, 3, "410", "broken-url")
	set(pages, 4, "404", "broken-url")
	set(pages, 5, "429", "unreachable-url")
	set(pages, 6, "429once", "")
	set(pages, 7, "hang", "unreachable-url")
	set(pages, 8, "slow", "")
	return rules
}

// writeCollection writes 400 guides in 10 categories that write the
// diagrams and pages, and returns every place a URL is written. Each guide
// i shows diagram i in its front matter and body, and links to diagram
// i+1 (the last diagram's guide to diagram 0, and guide 0 to diagram 2
// once more); the pages are linked once each, and the first 39 twice, by
// the guides in turn.
func writeCollection(dir string, diagrams, pages []string) ([]place, error) {
	for _, sub := range []string{"data/guides", "data/categories"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return nil, err
		}
	}
	for c := range 10 {
		data := fmt.Sprintf("---\ntitle: Category %d\nsort: %d\n---\n", c, c)
		if err := os.WriteFile(filepath.Join(dir, "data/categories", fmt.Sprintf("c%d.md", c)), []byte(data), 0o644); err != nil {
			return nil, err
		}
	}
	n := 400
	bodies := make([][]string, n) // the page links of each guide
	if len(diagrams) == 0 {
		for i, p := range pages {
			bodies[i%n] = append(bodies[i%n], p)
		}
	} else {
		for i, p := range pages {
			bodies[i%n] = append(bodies[i%n], p)
		}
		for i := 0; i < 39 && i < len(pages); i++ {
			k := len(pages) + i
			bodies[k%n] = append(bodies[k%n], pages[i])
		}
	}
	var places []place
	day := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		path := fmt.Sprintf("data/guides/g%03d.md", i)
		var b strings.Builder
		line := 0
		w := func(s string) {
			b.WriteString(s)
			b.WriteByte('\n')
			line++
		}
		w("---")
		w(fmt.Sprintf("title: Guide %d", i))
		w("createdAt: " + day.AddDate(0, 0, i).Format("2006-01-02"))
		w(fmt.Sprintf("categories: [c%d]", i%10))
		if len(diagrams) > 0 {
			d := diagrams[i%len(diagrams)]
			w("image: " + d)
			places = append(places, place{path, line, 8, d})
			w("---")
			w("What the diagram shows, in a few words.")
			w("")
			w("![diagram](" + d + ")")
			places = append(places, place{path, line, 12, d})
			w("")
			next := diagrams[(i+1)%len(diagrams)]
			w("See also [the next diagram](" + next + ").")
			places = append(places, place{path, line, 29, next})
			if i == 0 {
				extra := diagrams[2%len(diagrams)]
				w("And [this one](" + extra + ").")
				places = append(places, place{path, line, 16, extra})
			}
		} else {
			w("---")
			w("A guide.")
		}
		for _, p := range bodies[i] {
			w("")
			w("[docs](" + p + ")")
			places = append(places, place{path, line, 8, p})
		}
		if err := os.WriteFile(filepath.Join(dir, path), []byte(b.String()), 0o644); err != nil {
			return nil, err
		}
	}
	return places, nil
}

// findings reads the JSON findings of guides check.
func findings(out []byte) ([]finding, error) {
	var fs []struct {
		Path   string `json:"path"`
		Line   int    `json:"line"`
		Column int    `json:"column"`
		Rule   string `json:"rule"`
	}
	if err := json.Unmarshal(out, &fs); err != nil {
		return nil, fmt.Errorf("%v: %s", err, out)
	}
	got := []finding{}
	for _, f := range fs {
		got = append(got, finding{f.Path, f.Line, f.Column, f.Rule})
	}
	sortFindings(got)
	return got, nil
}

func sortFindings(fs []finding) {
	sort.Slice(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.path != b.path {
			return a.path < b.path
		}
		if a.line != b.line {
			return a.line < b.line
		}
		return a.col < b.col
	})
}

func totalRequests(servers []*server) int {
	n := 0
	for _, s := range servers {
		s.mu.Lock()
		n += s.requests
		s.mu.Unlock()
	}
	return n
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func fmtDur(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}
