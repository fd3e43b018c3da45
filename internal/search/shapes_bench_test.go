package search

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"time"
)

// textShape writes about size bytes of markdown of one shape, the same
// for the same seed: paragraphs of about 600 bytes.
type textShape func(r *rand.Rand, size int) string

// textShapes are the shapes of text that cost an index most, beside plain
// English: text of a script written without spaces, whose every pair of
// characters is a term and every two pairs a pair; words too long to be
// indexed; and words that are all different.
var textShapes = map[string]textShape{
	"plain": paragraphs(func(r *rand.Rand) string { return plainWords[r.IntN(len(plainWords))] + " " }),
	"cjk": paragraphs(func(r *rand.Rand) string {
		var b strings.Builder
		for range 20 {
			b.WriteRune(rune(0x4e00 + r.IntN(3000)))
		}
		return b.String() + "。"
	}),
	"long-tokens": paragraphs(func(r *rand.Rand) string {
		return strings.Repeat(string(rune('a'+r.IntN(26))), 41+r.IntN(400)) + " "
	}),
	"distinct-words": paragraphs(func(r *rand.Rand) string {
		var b [8]byte
		for i := range b {
			b[i] = byte('a' + r.IntN(26))
		}
		return string(b[:]) + " "
	}),
}

// plainWords is the vocabulary of plain text: a few hundred words of
// English prose about systems.
var plainWords = strings.Fields(`a about after all also an and any are as at be because been before being
between both but by cache caching can client clients cluster consistency consistent could data database
design distributed do does each even every failure first for from get given has have how if in into is it
its just key keys latency leader load log make many may more most much must network new no node nodes not
now of on one only or other over partition partitions queue queues read reads replica replicas request
requests same server servers service services should so some such system systems than that the their them
then there these they this those through time to two under up use used uses using very was way we well were
what when where which while who will with within without work would write writes you your availability
throughput timeout retry retries backoff lease lock locks message messages event events stream streams
batch batches index indexes shard shards hash hashing ring token bucket limit limits rate window counter
snapshot compaction merge tree trees page pages memory disk file files storage block blocks commit commits
transaction transactions isolation serializable snapshot version versions clock clocks vector gossip
membership heartbeat failover quorum majority election term vote votes follower followers candidate`)

// paragraphs makes a textShape from a function that writes a piece of a
// paragraph.
func paragraphs(piece func(r *rand.Rand) string) textShape {
	return func(r *rand.Rand, size int) string {
		var b strings.Builder
		for para := 0; b.Len() < size; para = b.Len() {
			for b.Len()-para < 600 && b.Len() < size {
				b.WriteString(piece(r))
			}
			b.WriteString("\n\n")
		}
		return b.String()
	}
}

// shapeCost indexes one guide whose body is text, with a few ordinary
// guides, writes the index's static files and runs a query through them;
// it returns the time taken and the bytes allocated.
func shapeCost(tb testing.TB, text string) (time.Duration, uint64) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	docs := []Doc{{ID: "hostile", Title: "Hostile", Body: ParseText([]byte(text))}}
	for i := range 4 {
		docs = append(docs, Doc{ID: fmt.Sprint("g", i), Title: "Consistent hashing", Body: ParseText([]byte("A ring of nodes and keys.\n"))})
	}
	ix := Build(docs)
	files, put := collectFiles()
	if _, err := ix.WriteFiles(FileOptions{}, put); err != nil {
		tb.Fatal(err)
	}
	st, err := OpenStatic(func(name string) ([]byte, error) { return files[name], nil })
	if err != nil {
		tb.Fatal(err)
	}
	if _, _, err := st.Search(Query{Text: "consistent ring"}, 5); err != nil {
		tb.Fatal(err)
	}
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	return elapsed, after.TotalAlloc - before.TotalAlloc
}

// BenchmarkTextShapes indexes and searches a guide of 1 MB and of 4 MB of
// each shape of textShapes, beside plain text of the same size, and
// reports the time and the bytes allocated of each as a multiple of plain
// text's: more than 8 times fails the benchmark.
func BenchmarkTextShapes(b *testing.B) {
	sizes := []int{1 << 20, 4 << 20}
	if testing.Short() {
		sizes = sizes[:1]
	}
	for _, size := range sizes {
		plain := textShapes["plain"](rand.New(rand.NewPCG(1, 2)), size)
		for _, name := range []string{"cjk", "long-tokens", "distinct-words"} {
			text := textShapes[name](rand.New(rand.NewPCG(1, 2)), size)
			b.Run(fmt.Sprintf("%s/MB=%d", name, size>>20), func(b *testing.B) {
				var pt, st time.Duration
				var pm, sm uint64
				for b.Loop() {
					t, m := shapeCost(b, plain)
					pt, pm = pt+t, pm+m
					t, m = shapeCost(b, text)
					st, sm = st+t, sm+m
				}
				tr, mr := float64(st)/float64(pt), float64(sm)/float64(pm)
				b.ReportMetric(tr, "x-time")
				b.ReportMetric(mr, "x-alloc")
				b.ReportMetric(float64(sm)/float64(b.N)/(1<<20), "MiB-alloc")
				if tr > 8 || mr > 8 {
					b.Errorf("%s text costs %.1f times the time and %.1f times the memory of plain text, over 8", name, tr, mr)
				}
			})
		}
	}
}
