package search

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// The budgets of a query of two words, in bytes transferred (every file
// is compressed already): issue budgets recorded in docs/performance.md.
var transferBudget = map[int]int{10_000: 150_000, 100_000: 400_000}

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

// BenchmarkScript times the site's script on the static index of
// synthetic collections, once the files a query needs have arrived:
// ranking every guide found, and the excerpts of the first ten. It needs
// Node.js, and reports the slowest query.
func BenchmarkScript(b *testing.B) {
	node, err := exec.LookPath("node")
	if err != nil {
		b.Skip("no Node.js: skipping the timing of the site's script")
	}
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("guides=%d", n), func(b *testing.B) {
			_, files := benchIndex(b, n)
			dir := b.TempDir()
			for name, data := range files {
				p := filepath.Join(dir, filepath.FromSlash(name))
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, data, 0o644); err != nil {
					b.Fatal(err)
				}
			}
			queries, _ := json.Marshal(twoWords)
			script := string(Script()) + `
var fs = require("fs");
var dir = ` + jsString(dir+"/") + `;
// Every file has arrived: the timing starts from its bytes.
var arrived = new Map();
(function read(d) {
  for (var e of fs.readdirSync(d, {withFileTypes: true})) {
    var p = d + e.name;
    if (e.isDirectory()) read(p + "/"); else arrived.set(p, new Uint8Array(fs.readFileSync(p)).buffer);
  }
})(dir);
function fetchFile(name) { return Promise.resolve(arrived.get(name)); }
(async function () {
  var worst = 0;
  for (var q of ` + string(queries) + `) {
    var t0 = performance.now();
    var ix = new GuidesSearch.Index(dir, fetchFile);
    var r = await ix.search({text: q});
    await ix.docs(r.plan, r.results.slice(0, 10));
    worst = Math.max(worst, performance.now() - t0);
    if (process.env.GUIDES_BENCH_VERBOSE) console.error(q, performance.now() - t0);
  }
  console.log(worst);
})();
`
			path := filepath.Join(dir, "bench.js")
			if err := os.WriteFile(path, []byte(script), 0o644); err != nil {
				b.Fatal(err)
			}
			var worst float64
			for b.Loop() {
				cmd := exec.Command(node, path)
				cmd.Stderr = os.Stderr
				out, err := cmd.Output()
				if err != nil {
					b.Fatal(err)
				}
				ms, err := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
				if err != nil {
					b.Fatal(err)
				}
				worst = max(worst, ms)
			}
			b.ReportMetric(worst, "max-ms/query")
		})
	}
}
