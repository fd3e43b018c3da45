package site_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/visual-guides/guides/internal/load"
	"github.com/visual-guides/guides/internal/outdir"
	"github.com/visual-guides/guides/internal/site"
	"github.com/visual-guides/guides/internal/synth"
)

// synthetic writes a synthetic collection of n guides to a temporary folder.
func synthetic(b *testing.B, n int) string {
	b.Helper()
	dir := b.TempDir()
	for _, sub := range []string{"data/guides", "data/categories"} {
		os.MkdirAll(filepath.Join(dir, sub), 0o755)
	}
	err := synth.Generate(synth.Options{Guides: n, Categories: 20, Seed: 1}, func(p string, data []byte) error {
		return os.WriteFile(filepath.Join(dir, p), data, 0o644)
	})
	if err != nil {
		b.Fatal(err)
	}
	return dir
}

var opts = load.Options{GuidesDir: "data/guides", CategoriesDir: "data/categories"}

// newBuilder returns a Builder for the collection in dir, as guides build
// makes one.
func newBuilder(b *testing.B, dir string, live string) *site.Builder {
	b.Helper()
	builder, err := site.NewBuilder(os.DirFS(dir), site.Options{BaseURL: "https://example.org/guides", Title: "Bench", LiveReload: live})
	if err != nil {
		b.Fatal(err)
	}
	return builder
}

// BenchmarkBuildMemory renders the site of a loaded collection into memory:
// the build without the disk, whose speed varies much more than the CPU's.
func BenchmarkBuildMemory(b *testing.B) {
	sizes := []int{400, 10_000}
	if testing.Short() {
		sizes = sizes[:1]
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("guides=%d", n), func(b *testing.B) {
			dir := synthetic(b, n)
			c, _, err := load.LoadDir(dir, opts)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if err := newBuilder(b, dir, "").Build(c, site.Files{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRebuild measures what guides serve does after an edit: load
// the collection again and rebuild the site in memory, with the bodies of
// the last build remembered, one guide's body changed each time.
func BenchmarkRebuild(b *testing.B) {
	n := 10_000
	if testing.Short() {
		n = 400
	}
	b.Run(fmt.Sprintf("guides=%d", n), func(b *testing.B) {
		dir := synthetic(b, n)
		c, _, err := load.LoadDir(dir, opts)
		if err != nil {
			b.Fatal(err)
		}
		builder := newBuilder(b, dir, site.EventsPath)
		if err := builder.Build(c, site.Files{}); err != nil {
			b.Fatal(err)
		}
		edited := filepath.Join(dir, c.Guides[len(c.Guides)/2].Path)
		orig, _ := os.ReadFile(edited)
		b.ReportAllocs()
		b.ResetTimer()
		i := 0
		for b.Loop() {
			i++
			if err := os.WriteFile(edited, fmt.Appendf(append([]byte(nil), orig...), "\nEdit %d.\n", i), 0o644); err != nil {
				b.Fatal(err)
			}
			c, _, err := load.LoadDir(dir, opts)
			if err != nil {
				b.Fatal(err)
			}
			if err := builder.Build(c, site.Files{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkSearchCost measures what the search index adds to guides build:
// it builds the same collection from disk to disk with and without the
// index, alternately, so that a machine whose speed drifts treats both
// alike, and reports both times and their ratio, and the ratio of the
// processor time both take. With -short, as CI runs
// it, 400 guides; else 10,000.
func BenchmarkSearchCost(b *testing.B) {
	n := 10_000
	if testing.Short() {
		n = 400
	}
	b.Run(fmt.Sprintf("guides=%d", n), func(b *testing.B) {
		dir := synthetic(b, n)
		build := func(noSearch bool) (time.Duration, time.Duration) {
			start, cpu := time.Now(), cpuTime()
			c, _, err := load.LoadDir(dir, opts)
			if err != nil {
				b.Fatal(err)
			}
			builder, err := site.NewBuilder(os.DirFS(dir), site.Options{BaseURL: "https://example.org/guides", Title: "Bench", NoSearch: noSearch})
			if err != nil {
				b.Fatal(err)
			}
			err = outdir.Replace(context.Background(), filepath.Join(dir, "public"), func(f *outdir.Folder) error { return builder.Build(c, f) })
			if err != nil {
				b.Fatal(err)
			}
			return time.Since(start), cpuTime() - cpu
		}
		var with, without, cpuWith, cpuWithout time.Duration
		for b.Loop() {
			t, c := build(true)
			without, cpuWithout = without+t, cpuWithout+c
			t, c = build(false)
			with, cpuWith = with+t, cpuWith+c
		}
		b.ReportMetric(float64(without.Milliseconds())/float64(b.N), "ms-without")
		b.ReportMetric(float64(with.Milliseconds())/float64(b.N), "ms-with")
		b.ReportMetric(float64(with)/float64(without), "ratio")
		if cpuWithout > 0 {
			// Processor time: what the build itself does, whatever else
			// the machine runs at the same time.
			b.ReportMetric(float64(cpuWith)/float64(cpuWithout), "cpu-ratio")
		}
	})
}

// largest is a Sink that keeps nothing but the size of the largest file
// put into it.
type largest struct {
	mu   sync.Mutex
	size int
}

func (l *largest) Put(name string, data []byte) error {
	l.mu.Lock()
	l.size = max(l.size, len(data))
	l.mu.Unlock()
	return nil
}

// peakHeap calls f and returns the most memory that live and not yet
// collected objects of the heap held while it ran, sampled every
// millisecond, above what they held before.
func peakHeap(f func()) uint64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	base := sample[0].Value.Uint64()
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	})
	f()
	close(done)
	wg.Wait()
	return peak.Load() - min(base, peak.Load())
}

// BenchmarkBuildPeak shows what a build holds at once: the peak of the heap
// while the site of a loaded collection is rendered and given to a Sink
// that keeps nothing, without and with the search index, beside the
// largest page (the index, which lists every guide). Pages stream, so
// without the index the peak grows with the largest page and the
// collection's lists, not with the site: compare the "peak-MB" of the two
// sizes with their "largest-page-MB". With -short, as CI runs it, 200 and
// 2,000 guides; else 2,000 and 20,000.
func BenchmarkBuildPeak(b *testing.B) {
	sizes := []int{2_000, 20_000}
	if testing.Short() {
		sizes = []int{200, 2_000}
	}
	for _, n := range sizes {
		dir := synthetic(b, n)
		c, _, err := load.LoadDir(dir, opts)
		if err != nil {
			b.Fatal(err)
		}
		for _, noSearch := range []bool{true, false} {
			name := fmt.Sprintf("guides=%d/search=%v", n, !noSearch)
			b.Run(name, func(b *testing.B) {
				var peak uint64
				var page int
				for b.Loop() {
					builder, err := site.NewBuilder(os.DirFS(dir), site.Options{BaseURL: "https://example.org/guides", Title: "Bench", NoSearch: noSearch})
					if err != nil {
						b.Fatal(err)
					}
					sink := &largest{}
					peak = max(peak, peakHeap(func() {
						if err := builder.Build(c, sink); err != nil {
							b.Fatal(err)
						}
					}))
					page = sink.size
				}
				b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
				b.ReportMetric(float64(page)/(1<<20), "largest-page-MB")
			})
		}
	}
}

// BenchmarkSearchUpdate measures what guides serve does for the search
// results after an edit, without the rest of serve: the search index of
// the loaded collection is updated after one guide's body changed (a new
// word at its end each time), from reading that guide's text to the
// index's files made. Profiles can keep to the updates alone with
// -tagfocus phase=update. With -short, as CI runs it, 400 guides; else
// 10,000, or $GUIDES_BENCH_GUIDES.
func BenchmarkSearchUpdate(b *testing.B) {
	n := 10_000
	if testing.Short() {
		n = 400
	}
	if env := os.Getenv("GUIDES_BENCH_GUIDES"); env != "" {
		var err error
		if n, err = strconv.Atoi(env); err != nil || n < 10 {
			b.Fatalf("GUIDES_BENCH_GUIDES: %q is not a number of guides", env)
		}
	}
	b.Run(fmt.Sprintf("guides=%d", n), func(b *testing.B) {
		dir := synthetic(b, n)
		c, _, err := load.LoadDir(dir, opts)
		if err != nil {
			b.Fatal(err)
		}
		builder := newBuilder(b, dir, "")
		x, err := site.NewSearchIndex(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		defer x.Close()
		fsys := os.DirFS(dir)
		if _, err := x.Update(context.Background(), builder.Model(c, fsys), func(string) bool { return true }); err != nil {
			b.Fatal(err)
		}
		edited := c.Guides[len(c.Guides)/2].Path
		orig, err := os.ReadFile(filepath.Join(dir, edited))
		if err != nil {
			b.Fatal(err)
		}
		i := 0
		for b.Loop() {
			b.StopTimer()
			i++
			if err := os.WriteFile(filepath.Join(dir, edited), fmt.Appendf(append([]byte(nil), orig...), "\nQuokka%d.\n", i), 0o644); err != nil {
				b.Fatal(err)
			}
			if c, _, err = load.LoadDir(dir, opts); err != nil {
				b.Fatal(err)
			}
			m := builder.Model(c, fsys)
			b.StartTimer()
			pprof.Do(context.Background(), pprof.Labels("phase", "update"), func(ctx context.Context) {
				_, err = x.Update(ctx, m, func(p string) bool { return p == edited })
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
}
