package search

import (
	"fmt"
	"io/fs"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/visual-guides/guides/internal/golden"
)

// TestRankGolden keeps the first results of queries on the collection of
// testdata/collection.txtar and on a synthetic one in testdata/rank.txtar: a change of
// ranking shows as a diff (go test -run TestRankGolden -update).
func TestRankGolden(t *testing.T) {
	a := golden.Load(t, "testdata/rank.txtar")
	for _, coll := range []struct {
		name    string
		fsys    fs.FS
		queries []string
	}{
		{"fixture", fixtureFS(t), []string{"tcp", "cache", "caching", "consistent hashing", "rate limiting",
			"replica lag", "leader election", "retries backoff", "dns", "connection pool", "thundering herd", "idem",
			"b-tree lsm", "eviction policies lru"}},
		{"synthetic", synthFS(t, 2000), []string{"cache queue", "leader lease", "bloom filter", "circuit breaker",
			"token bucket", "consensus gossip", "gossip consensus", "snapshot 1234", "shar"}},
	} {
		_, docs := collectionDocs(t, coll.fsys)
		ix := Build(docs)
		var b strings.Builder
		for _, q := range coll.queries {
			res := ix.Search(Query{Text: q})
			fmt.Fprintf(&b, "# %s: %d found\n", q, len(res))
			p := ix.Plan(Query{Text: q})
			for i, r := range res {
				if i == 5 {
					break
				}
				fmt.Fprintf(&b, "%d %s %d/%d\n  %s\n", r.Score, docs[r.Doc].ID, r.Matched, len(p.Words), marked(ix.Excerpt(p, r.Doc)))
			}
		}
		a.Check(t, coll.name, []byte(b.String()))
	}
}

// TestEveryMention checks that a word finds every guide whose text holds
// it, in any field, and no other, from the index and from its files cut
// into shards small enough for long lists to span several.
func TestEveryMention(t *testing.T) {
	for _, coll := range []struct {
		name string
		fsys fs.FS
	}{{"fixture", fixtureFS(t)}, {"synthetic", synthFS(t, 500)}} {
		t.Run(coll.name, func(t *testing.T) {
			_, docs := collectionDocs(t, coll.fsys)
			ix := Build(docs)
			// Which documents hold each term, read from their fields.
			has := map[string]map[int]bool{}
			surface := map[string]string{} // a word of each term
			an := NewAnalyzer()
			for i, d := range docs {
				texts := append([]string{d.Title, d.Description}, d.Tags...)
				texts = append(texts, d.CategoryTitles...)
				for _, b := range d.Body {
					texts = append(texts, b.Text)
				}
				for _, s := range texts {
					for _, tok := range an.Tokens(s) {
						if has[tok.Term] == nil {
							has[tok.Term] = map[int]bool{}
							surface[tok.Term] = s[tok.Start:tok.End]
						}
						has[tok.Term][i] = true
					}
				}
			}
			files, put := collectFiles()
			if _, err := ix.WriteFiles(FileOptions{ShardBytes: 400, BucketBytes: 100}, put); err != nil {
				t.Fatal(err)
			}
			st, err := OpenStatic(func(name string) ([]byte, error) {
				if data, ok := files[name]; ok {
					return data, nil
				}
				return nil, fs.ErrNotExist
			})
			if err != nil {
				t.Fatal(err)
			}
			checked := 0
			for term, want := range has {
				if checked++; coll.name == "synthetic" && checked > 300 {
					break
				}
				q := Query{Text: surface[term] + " "} // complete: no prefix
				var got []int
				for _, r := range ix.Search(q) {
					got = append(got, r.Doc)
				}
				slices.Sort(got)
				var w []int
				for d := range want {
					w = append(w, d)
				}
				slices.Sort(w)
				if !slices.Equal(got, w) {
					t.Errorf("%q finds %v, but %v hold it", surface[term], got, w)
				}
				found, _, err := st.Search(q, 0)
				if err != nil {
					t.Fatal(err)
				}
				var fromFiles []int
				for _, r := range found {
					fromFiles = append(fromFiles, r.Doc)
				}
				slices.Sort(fromFiles)
				if !slices.Equal(fromFiles, w) {
					t.Errorf("from the files, %q finds %v, but %v hold it", surface[term], fromFiles, w)
				}
			}
		})
	}
}

// TestQuantizer expects the quantizer of the index's impacts to give what
// Quantize gives: on every bound, a hair on each side of it, and on
// impacts spread over the whole scale and past both its ends.
func TestQuantizer(t *testing.T) {
	q := newQuantizer()
	var impacts []float64
	for _, b := range q.bounds {
		u := b / impactUnit
		impacts = append(impacts, u, math.Nextafter(u, 0), math.Nextafter(u, 2*u), u*(1-1e-9), u*(1+1e-9), u*(1-1e-6), u*(1+1e-6))
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200_000 {
		impacts = append(impacts, math.Exp(r.Float64()*20-10))
	}
	impacts = append(impacts, 0, -1, 1e-9, 1e9, math.Inf(1))
	for _, v := range impacts {
		if got, want := q.quantize(v), Quantize(v); got != want {
			t.Fatalf("quantize(%v) = %d, Quantize gives %d", v, got, want)
		}
	}
}
