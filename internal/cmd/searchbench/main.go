// Command searchbench puts the site's search box beside Pagefind on the
// same built site, in headless Chromium, and prints what each costs.
//
// It serves a site that guides built and that Pagefind indexed (its
// files under pagefind/ of the site), as GitHub Pages serves a site (see
// server), with a page of its own for Pagefind (pagefind.html: its
// JavaScript API, driven as the project's box drives its engine). Then,
// for each query of a list and for each side, it types the query in the
// box one key at a time, every -interval, and measures from the last
// keystroke to the results on the page, the bytes of the search's files
// transferred (headers included; the pages themselves are left out on
// both sides), the longest task of the page while the query ran, and the
// first five results. Each query runs on a fresh page (a new tab with an
// empty cache, the box just focused) and, one after another, on one warm
// page. It prints the medians, the totals and every query's figures as
// Markdown tables.
//
// Usage:
//
//	go run ./internal/cmd/searchbench -site DIR [-base /guides/] [-queries FILE]
//	    [-runs 1] [-interval 100ms] [-throttle 1] [-top]
package main

import (
	"bufio"
	_ "embed"
	"flag"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/visual-guides/guides/internal/testenv"
)

//go:embed pagefind.html
var pagefindPage []byte

func main() {
	dir := flag.String("site", "", "the built `folder` of the site, with Pagefind's index under pagefind/")
	base := flag.String("base", "/guides/", "the base `path` the site was built for")
	queries := flag.String("queries", "bench/search-queries.txt", "the `file` of queries, one a line")
	runs := flag.Int("runs", 1, "runs of every query on every side; the median is shown")
	interval := flag.Duration("interval", 100*time.Millisecond, "the time between two keys")
	throttle := flag.Float64("throttle", 1, "how many times slower the processor is made (Lighthouse's phone: 4)")
	top := flag.Bool("top", false, "print the first five results of every query")
	flag.Parse()
	if *dir == "" {
		fail("-site is needed")
	}
	qs, err := readQueries(*queries)
	if err != nil {
		fail(err.Error())
	}
	if err := run(*dir, *base, qs, *runs, *interval, *throttle, *top); err != nil {
		fail(err.Error())
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "searchbench:", msg)
	os.Exit(1)
}

// readQueries reads the queries of a file: one a line, # starting a
// comment line.
func readQueries(name string) ([]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out, sc.Err()
}

// results are the measures of each query on each side, over the runs.
type results map[string][]measure // by side name + "\x00" + query + "\x00" + fresh or warm

func key(sd side, q, page string) string { return sd.name + "\x00" + q + "\x00" + page }

func run(dir, base string, qs []string, runs int, interval time.Duration, throttle float64, top bool) error {
	chromium := testenv.FindChromium()
	if chromium == "" {
		return errNoChromium
	}
	srv := &server{dir: dir, base: base, pages: map[string][]byte{base + "pagefind-search/": pagefindPage}, class: func(p string) string {
		switch {
		case strings.HasPrefix(p, base+"search/") || strings.HasPrefix(p, base+"assets/search.js"):
			return "guides"
		case strings.HasPrefix(p, base+"pagefind/"):
			return "pagefind"
		}
		return ""
	}}
	if err := srv.start(); err != nil {
		return err
	}
	defer srv.close()
	ctx, stop, err := startBrowser(chromium)
	if err != nil {
		return err
	}
	defer stop()
	d := &driver{ctx: ctx, srv: srv, base: base, interval: interval, throttle: throttle}
	res := results{}
	load0 := loadAverage()
	for range runs {
		for _, q := range qs {
			for _, sd := range sides {
				m, err := d.fresh(sd, q)
				if err != nil {
					return err
				}
				res[key(sd, q, "fresh")] = append(res[key(sd, q, "fresh")], m)
			}
		}
		for _, sd := range sides {
			ms, err := d.warm(sd, qs)
			if err != nil {
				return err
			}
			for i, q := range qs {
				res[key(sd, q, "warm")] = append(res[key(sd, q, "warm")], ms[i])
			}
		}
	}
	fmt.Printf("Load average: %s before, %s after; %d cores; %s; a key every %v", load0, loadAverage(), runtime.NumCPU(), dir, interval)
	if throttle > 1 {
		fmt.Printf("; the processor %gx slower", throttle)
	}
	fmt.Printf("; %d queries, median of %d runs.\n\n", len(qs), runs)
	printSummary(res, qs)
	printQueries(res, qs)
	if top {
		printTop(res, qs)
	}
	return nil
}

// fresh runs q on a fresh page of sd.
func (d *driver) fresh(sd side, q string) (measure, error) {
	ctx, cancel, err := d.open(sd)
	if err != nil {
		return measure{}, err
	}
	defer cancel()
	d.srv.reset()
	return d.query(ctx, sd, q)
}

// warm runs the queries one after another on one page of sd.
func (d *driver) warm(sd side, qs []string) ([]measure, error) {
	ctx, cancel, err := d.open(sd)
	if err != nil {
		return nil, err
	}
	defer cancel()
	var out []measure
	for _, q := range qs {
		if err := d.clear(ctx, sd); err != nil {
			return nil, err
		}
		d.srv.quiet(100*time.Millisecond, 5*time.Second)
		m, err := d.query(ctx, sd, q)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// median returns the median of the measure f of the runs of a query.
func median(ms []measure, f func(measure) float64) float64 {
	v := make([]float64, len(ms))
	for i, m := range ms {
		v[i] = f(m)
	}
	return medianOf(v)
}

func medianOf(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	v = slices.Clone(v)
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

func msOf(m measure) float64    { return m.ms }
func bytesOf(m measure) float64 { return float64(m.bytes) }
func longOf(m measure) float64  { return m.long }

// column gathers, for every query, the median of f over the runs on page
// of sd.
func column(res results, qs []string, sd side, page string, f func(measure) float64) []float64 {
	out := make([]float64, len(qs))
	for i, q := range qs {
		out[i] = median(res[key(sd, q, page)], f)
	}
	return out
}

func printSummary(res results, qs []string) {
	fmt.Printf("| measure | %s | %s |\n| --- | ---: | ---: |\n", sides[0].name, sides[1].name)
	row := func(name string, cell func(sd side) string) {
		fmt.Printf("| %s | %s | %s |\n", name, cell(sides[0]), cell(sides[1]))
	}
	for _, page := range []string{"fresh", "warm"} {
		row("last keystroke to results, "+page+" page: median (slowest)", func(sd side) string {
			v := column(res, qs, sd, page, msOf)
			return fmt.Sprintf("%.0f ms (%.0f ms)", medianOf(v), slices.Max(v))
		})
	}
	for _, page := range []string{"fresh", "warm"} {
		row("bytes per query, "+page+" page: median (most)", func(sd side) string {
			v := column(res, qs, sd, page, bytesOf)
			return fmt.Sprintf("%s (%s)", kb(medianOf(v)), kb(slices.Max(v)))
		})
	}
	row(fmt.Sprintf("bytes over the %d queries typed one after another on one page", len(qs)), func(sd side) string {
		total := 0.0
		for _, v := range column(res, qs, sd, "warm", bytesOf) {
			total += v
		}
		return kb(total)
	})
	for _, page := range []string{"fresh", "warm"} {
		row("longest task while searching, "+page+" page", func(sd side) string {
			return fmt.Sprintf("%.0f ms", slices.Max(column(res, qs, sd, page, longOf)))
		})
	}
	fmt.Println()
}

func printQueries(res results, qs []string) {
	fmt.Println("| query | fresh ms | warm ms | fresh KB | warm KB | found |")
	fmt.Println("| --- | ---: | ---: | ---: | ---: | ---: |")
	pair := func(q, page string, f func(measure) float64, format string) string {
		a := median(res[key(sides[0], q, page)], f)
		b := median(res[key(sides[1], q, page)], f)
		return fmt.Sprintf(format+" / "+format, a, b)
	}
	for _, q := range qs {
		found := func(m measure) float64 { return float64(m.found) }
		fmt.Printf("| `%s` | %s | %s | %s | %s | %s |\n", strings.ReplaceAll(q, "|", `\|`),
			pair(q, "fresh", msOf, "%.0f"), pair(q, "warm", msOf, "%.0f"),
			pair(q, "fresh", func(m measure) float64 { return float64(m.bytes) / 1000 }, "%.1f"),
			pair(q, "warm", func(m measure) float64 { return float64(m.bytes) / 1000 }, "%.1f"),
			pair(q, "fresh", found, "%.0f"))
	}
	fmt.Printf("\nEach cell: %s / %s.\n\n", sides[0].name, sides[1].name)
}

func printTop(res results, qs []string) {
	fmt.Printf("| query | %s: first five | %s: first five |\n| --- | --- | --- |\n", sides[0].name, sides[1].name)
	for _, q := range qs {
		a := res[key(sides[0], q, "fresh")]
		b := res[key(sides[1], q, "fresh")]
		fmt.Printf("| `%s` | %s | %s |\n", strings.ReplaceAll(q, "|", `\|`), strings.Join(a[0].top, " "), strings.Join(b[0].top, " "))
	}
	fmt.Println()
}

// kb formats bytes in kilobytes.
func kb(n float64) string {
	return fmt.Sprintf("%.1f KB", n/1000)
}
