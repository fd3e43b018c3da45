package search

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"sync"
	"testing"
)

// The budgets of a query of two words, in bytes transferred (every file
// is compressed already): issue budgets recorded in docs/performance.md.
var transferBudget = map[int]int{10_000: 100_000, 100_000: 150_000}

// benchSizes are the collection sizes of the benchmarks: 10,000 guides
// under -short, as CI runs them, and 100,000 too otherwise.
func benchSizes() []int {
	if testing.Short() {
		return []int{10_000}
	}
	return []int{10_000, 100_000}
}

// benchIndex builds the index of a synthetic collection of n guides and
// writes its files, once per size for every benchmark of a run.
var benchIndex = func() func(b *testing.B, n int) (*Index, map[string][]byte) {
	type built struct {
		ix    *Index
		files map[string][]byte
	}
	var mu sync.Mutex
	cache := map[int]built{}
	return func(b *testing.B, n int) (*Index, map[string][]byte) {
		mu.Lock()
		defer mu.Unlock()
		if c, ok := cache[n]; ok {
			return c.ix, c.files
		}
		c, docs := collectionDocs(b, synthFS(b, n))
		ix := Build(docs)
		files := staticFiles(b, ix, c)
		cache[n] = built{ix, files}
		return ix, files
	}
}()

// twoWords are queries of two words of the synthetic collections'
// vocabulary, each in nearly every guide: the worst case for transfer.
var twoWords = []string{"cache queue", "leader lease", "bloom filter", "circuit breaker", "token bucket",
	"consensus gossip", "load balancer", "snapshot compaction", "retry backoff", "schema table"}

// BenchmarkBuildIndex indexes a synthetic collection and encodes its
// files, in memory.
func BenchmarkBuildIndex(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("guides=%d", n), func(b *testing.B) {
			c, docs := collectionDocs(b, synthFS(b, n))
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				ix := Build(docs)
				staticFiles(b, ix, c)
			}
		})
	}
}

// BenchmarkTransfer runs queries of two words on the static index of
// synthetic collections as the site's script does, showing ten results,
// and reports the most and the mean bytes a query transfers; a query over
// the budget fails the benchmark.
func BenchmarkTransfer(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("guides=%d", n), func(b *testing.B) {
			_, files := benchIndex(b, n)
			most, total, queries := 0, 0, 0
			for b.Loop() {
				for _, q := range twoWords {
					st, err := OpenStatic(func(name string) ([]byte, error) {
						if data, ok := files[name]; ok {
							return data, nil
						}
						return nil, fs.ErrNotExist
					})
					if err != nil {
						b.Fatal(err)
					}
					found, _, err := st.Search(Query{Text: q}, 10)
					if err != nil || len(found) == 0 {
						b.Fatalf("%q: %d found, %v", q, len(found), err)
					}
					t := st.Transferred()
					most, total, queries = max(most, t), total+t, queries+1
				}
			}
			b.ReportMetric(float64(most), "max-B/query")
			b.ReportMetric(float64(total)/float64(queries), "B/query")
			if budget := transferBudget[n]; most > budget {
				b.Errorf("a query of two words transfers %d bytes, over the budget of %d", most, budget)
			}
		})
	}
}

// BenchmarkScript times the site's script in headless Chromium on the
// static index of synthetic collections, from the moment the files a query
// needs have arrived: decompressing and decoding them, ranking every guide
// found, and the excerpts of the first ten. Each query runs in a fresh
// page holding only the files it needs: once with the script's code not
// yet compiled ("cold", the first search of a page) and once more from
// the same files ("warm", every later search). It reports the slowest of
// each.
func BenchmarkScript(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("guides=%d", n), func(b *testing.B) {
			_, files := benchIndex(b, n)
			// The files each query needs, as the Go reader of the index
			// finds them.
			inputs := make([]string, len(twoWords))
			for i, q := range twoWords {
				st, err := OpenStatic(func(name string) ([]byte, error) { return files[name], nil })
				if err != nil {
					b.Fatal(err)
				}
				if _, _, err := st.Search(Query{Text: q}, 10); err != nil {
					b.Fatal(err)
				}
				need := map[string][]byte{}
				for name := range st.fetched {
					need[name] = files[name]
				}
				data, _ := json.Marshal(map[string]any{"query": q, "files": base64Files(need)})
				inputs[i] = string(data)
			}
			ctx, stop := startChromium(b)
			defer stop()
			var cold, warm float64
			for b.Loop() {
				for _, in := range inputs {
					times := evalInPage(b, ctx, string(Script())+`
var input = `+in+`;
var arrived = new Map();
for (var name in input.files) {
  var s = atob(input.files[name]), a = new Uint8Array(s.length);
  for (var i = 0; i < s.length; i++) a[i] = s.charCodeAt(i);
  arrived.set(name, a.buffer);
}
function fetchFile(name) { return Promise.resolve(arrived.get(name)); }
async function once() {
  var t0 = performance.now();
  var ix = new GuidesSearch.Index("", fetchFile);
  var r = await ix.search({text: input.query});
  await ix.docs(r.plan, r.results.slice(0, 10));
  return performance.now() - t0;
}
(async function () { var c = await once(); var w = await once(); return [c, w]; })()`)
					cold, warm = max(cold, times[0]), max(warm, times[1])
				}
			}
			b.ReportMetric(cold, "cold-ms")
			b.ReportMetric(warm, "warm-ms")
		})
	}
}
