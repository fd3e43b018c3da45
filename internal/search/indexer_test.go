package search

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"
)

// indexerFiles gives the docs of c to an Indexer with opts, in a shuffled
// order from a goroutine for each core, and returns the static files it
// writes.
func indexerFiles(t *testing.T, docs []Doc, cats [][3]string, opts IndexerOptions) (map[string][]byte, *Indexer) {
	t.Helper()
	opts.Files = FileOptions{Categories: cats, URL: func(d *Doc) string { return "/guides/" + d.ID + "/" }}
	x, err := NewIndexer(len(docs), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	order := rand.New(rand.NewPCG(7, 7)).Perm(len(docs))
	err = x.AddEach(context.Background(), len(order), func(k int) (int, Doc, error) { return order[k], docs[order[k]], nil })
	if err != nil {
		t.Fatal(err)
	}
	files, put := collectFiles()
	if _, err := x.WriteFiles(context.Background(), put); err != nil {
		t.Fatal(err)
	}
	return files, x
}

// TestAddEachStops checks that AddEach returns the first error of its
// documents and asks for few more after it, and that it asks for none
// when its context is done.
func TestAddEachStops(t *testing.T) {
	_, docs := collectionDocs(t, synthFS(t, 50))
	x, err := NewIndexer(len(docs), IndexerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	bad := errors.New("unreadable")
	var asked atomic.Int32
	err = x.AddEach(context.Background(), len(docs), func(k int) (int, Doc, error) {
		asked.Add(1)
		if k == 3 {
			return 0, Doc{}, bad
		}
		return k, docs[k], nil
	})
	if !errors.Is(err, bad) {
		t.Errorf("AddEach: %v, want the document's error", err)
	}
	if n := int(asked.Load()); n >= len(docs) {
		t.Errorf("%d documents asked for after an error at the fourth", n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	asked.Store(0)
	err = x.AddEach(ctx, len(docs), func(k int) (int, Doc, error) { asked.Add(1); return k, docs[k], nil })
	if !errors.Is(err, context.Canceled) || asked.Load() != 0 {
		t.Errorf("AddEach after its context is done: %v, %d documents asked for", err, asked.Load())
	}
}

// TestIndexerSpills checks that an Indexer that spills its lists to many
// runs, given documents in any order, writes the same files, byte for
// byte, as an index built in memory, and that its files have no names in
// the temporary folder, so that nothing is left there whatever happens.
func TestIndexerSpills(t *testing.T) {
	c, docs := collectionDocs(t, synthFS(t, 300))
	var cats [][3]string
	for _, cat := range c.Categories {
		cats = append(cats, [3]string{cat.ID, cat.Title, "/guides/" + cat.ID + "/"})
	}
	want := staticFiles(t, Build(docs), c)

	tmp := t.TempDir()
	for _, tc := range []struct {
		name     string
		opts     IndexerOptions
		minRuns  int
		tempUsed bool // a spilling Indexer
	}{
		{"memory", IndexerOptions{}, 0, false},
		{"spill, one run", IndexerOptions{Spill: true, TempDir: tmp}, 0, true},
		{"spill, many runs", IndexerOptions{Spill: true, TempDir: tmp, MemoryBytes: 64 << 10}, 20, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, x := indexerFiles(t, docs, cats, tc.opts)
			if len(x.runs) < tc.minRuns {
				t.Errorf("%d runs spilled, want at least %d", len(x.runs), tc.minRuns)
			}
			if len(got) != len(want) {
				t.Errorf("%d files, want %d", len(got), len(want))
			}
			for name, data := range want {
				if !bytes.Equal(got[name], data) {
					t.Errorf("%s differs from the index built in memory", name)
				}
			}
			if tc.tempUsed {
				if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
					t.Errorf("the temporary folder holds %s while the Indexer is open: its files should have no names", entries[0].Name())
				}
			}
			if err := x.Close(); err != nil {
				t.Fatal(err)
			}
			if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
				t.Errorf("left in the temporary folder after Close: %v", entries[0].Name())
			}
		})
	}
}

// TestIndexerIndex checks that the Index an Indexer merges ranks as the one
// built in memory does, excerpts included, and that an Indexer that spills
// refuses to make one.
func TestIndexerIndex(t *testing.T) {
	_, docs := collectionDocs(t, synthFS(t, 300))
	spilling, err := NewIndexer(1, IndexerOptions{Spill: true, TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer spilling.Close()
	if err := spilling.Add(0, docs[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := spilling.Index(context.Background()); err == nil {
		t.Error("an Indexer that spills made an Index")
	}
	x, err := NewIndexer(len(docs), IndexerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	for i := len(docs) - 1; i >= 0; i-- {
		if err := x.Add(i, docs[i]); err != nil {
			t.Fatal(err)
		}
	}
	got, err := x.Index(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := Build(docs)
	for _, q := range []string{"cache", "queue shard", "replica ind", "log stream broker"} {
		a, b := want.Search(Query{Text: q}), got.Search(Query{Text: q})
		if len(a) == 0 {
			t.Fatalf("%q finds nothing", q)
		}
		if len(a) != len(b) {
			t.Fatalf("%q: %d results from runs, want %d", q, len(b), len(a))
		}
		for i := range a {
			if a[i] != b[i] {
				t.Errorf("%q: result %d is %+v, want %+v", q, i, b[i], a[i])
			}
			if ea, eb := want.Docs[a[i].Doc].excerptText(), got.Docs[b[i].Doc].excerptText(); ea != eb {
				t.Errorf("%q: excerpt text of result %d differs", q, i)
			}
		}
	}
}

// TestIndexerIncomplete checks that an Indexer refuses to write an index
// of which a document is missing, and documents it was not made for.
func TestIndexerIncomplete(t *testing.T) {
	_, docs := collectionDocs(t, synthFS(t, 10))
	x, err := NewIndexer(len(docs), IndexerOptions{Spill: true, TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if err := x.Add(len(docs), docs[0]); err == nil {
		t.Error("a document past the last was taken")
	}
	for i := 1; i < len(docs); i++ {
		if err := x.Add(i, docs[i]); err != nil {
			t.Fatal(err)
		}
	}
	_, err = x.WriteFiles(context.Background(), func(string, []byte) error { return nil })
	if err == nil {
		t.Fatal("an index without document 0 was written")
	}
}

// TestIndexerCancel checks that writing stops when the context is done,
// and that Close still removes the temporary folder.
func TestIndexerCancel(t *testing.T) {
	_, docs := collectionDocs(t, synthFS(t, 200))
	tmp := t.TempDir()
	x, err := NewIndexer(len(docs), IndexerOptions{Spill: true, TempDir: tmp, MemoryBytes: 16 << 10})
	if err != nil {
		t.Fatal(err)
	}
	for i := range docs {
		if err := x.Add(i, docs[i]); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancelCause(context.Background())
	stop := errors.New("stopped")
	cancel(stop)
	_, err = x.WriteFiles(ctx, func(string, []byte) error { return nil })
	if !errors.Is(err, stop) {
		t.Errorf("WriteFiles returned %v, want the context's cause", err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	if m, _ := filepath.Glob(filepath.Join(tmp, "*")); len(m) != 0 {
		t.Errorf("left after Close: %v", m)
	}
}

// TestIndexerReproducible checks that the files of an index are the same,
// byte for byte, whatever the number of cores, the order the documents
// come in and the runs spilled: among them words written two ways that
// stem apart ("CDN's" and "CDNs"), whose term must not depend on
// which document came first.
func TestIndexerReproducible(t *testing.T) {
	c, docs := collectionDocs(t, synthFS(t, 200))
	for i := range docs {
		if i%2 == 0 {
			docs[i].Body = append(docs[i].Body, Block{Kind: Prose, Text: "the CDN's edges, e's"})
		} else {
			docs[i].Body = append(docs[i].Body, Block{Kind: Prose, Text: "CDNs edges, es"})
		}
	}
	var cats [][3]string
	for _, cat := range c.Categories {
		cats = append(cats, [3]string{cat.ID, cat.Title, "/guides/" + cat.ID + "/"})
	}
	var first map[string][]byte
	seed := uint64(0)
	for _, procs := range []int{1, 2} {
		for _, memory := range []int{0, 32 << 10} {
			for range 2 {
				seed++
				prev := runtime.GOMAXPROCS(procs)
				got := filesInOrder(t, docs, cats, seed, IndexerOptions{Spill: memory > 0, TempDir: t.TempDir(), MemoryBytes: memory})
				runtime.GOMAXPROCS(prev)
				if first == nil {
					first = got
					continue
				}
				if !maps.EqualFunc(got, first, bytes.Equal) {
					t.Fatalf("GOMAXPROCS=%d, %d bytes of memory, order %d: the files differ from the first build's", procs, memory, seed)
				}
			}
		}
	}
}

// filesInOrder gives docs to an Indexer one by one in an order that seed
// shuffles, and returns the files it writes.
func filesInOrder(t *testing.T, docs []Doc, cats [][3]string, seed uint64, opts IndexerOptions) map[string][]byte {
	t.Helper()
	opts.Files = FileOptions{Categories: cats, URL: func(d *Doc) string { return "/guides/" + d.ID + "/" }}
	x, err := NewIndexer(len(docs), opts)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	for _, i := range rand.New(rand.NewPCG(seed, seed)).Perm(len(docs)) {
		if err := x.Add(i, docs[i]); err != nil {
			t.Fatal(err)
		}
	}
	files, put := collectFiles()
	if _, err := x.WriteFiles(context.Background(), put); err != nil {
		t.Fatal(err)
	}
	return files
}

// TestByDoc orders postings in pieces, each in order or not, as the merge
// of runs meets them.
func TestByDoc(t *testing.T) {
	for _, tc := range []struct {
		name   string
		pieces [][]uint32
	}{
		{"none", nil},
		{"one in order", [][]uint32{{1, 4, 9}}},
		{"one out of order", [][]uint32{{9, 1, 4}}},
		{"two interleaved", [][]uint32{{0, 2, 4}, {1, 3, 5}}},
		{"three", [][]uint32{{5, 6}, {0, 9}, {1, 2, 3}}},
		{"five with an empty one", [][]uint32{{10}, {}, {3, 4}, {0, 20}, {7, 8, 9}}},
		{"one of many out of order", [][]uint32{{0, 2}, {5, 1}, {3, 4}}},
		{"backwards", [][]uint32{{9, 8, 7, 6, 5, 4, 3, 2, 1, 0}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var raw []rawPosting
			var want []int
			for _, piece := range tc.pieces {
				for _, d := range piece {
					raw = append(raw, rawPosting{doc: d, tf: [nFields]uint16{uint16(d)}})
					want = append(want, int(d))
				}
			}
			slices.Sort(want)
			got, _ := byDoc(raw, nil)
			var docs []int
			for _, p := range got {
				if p.tf[0] != uint16(p.doc) {
					t.Fatalf("document %d lost its counts", p.doc)
				}
				docs = append(docs, int(p.doc))
			}
			if !slices.Equal(docs, want) {
				t.Errorf("got %v, want %v", docs, want)
			}
		})
	}
}
