package search

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/visual-guides/guides"
)

// keptEdits are edits of a list of documents, one after another; each
// returns the numbers of the documents it changed.
var keptEdits = []struct {
	name string
	edit func(docs []Doc) []int
}{
	{"a body", func(docs []Doc) []int {
		docs[7].Body = append(slices.Clone(docs[7].Body), Block{Kind: Prose, Text: "A quokka and a zebra share a queue."})
		return []int{7}
	}},
	{"a title, and the word it alone had gone", func(docs []Doc) []int {
		docs[30].Title = "Quokka caches at the edge"
		docs[7].Body = docs[7].Body[:len(docs[7].Body)-1]
		return []int{7, 30}
	}},
	{"nothing", func([]Doc) []int { return nil }},
	{"a body so long that the averages move", func(docs []Doc) []int {
		// Every field's average is rounded (Indexer.averages): a body
		// this long moves the body's, and so the impacts of every key,
		// the unchanged documents' too.
		docs[9].Body = append(slices.Clone(docs[9].Body), Block{Kind: Prose, Text: strings.Repeat("Quokka zebra lantern. ", 3000)})
		return []int{9}
	}},
	{"tags and categories", func(docs []Doc) []int {
		docs[2].Tags = []string{"Quokka"}
		docs[2].Categories, docs[2].CategoryTitles = docs[3].Categories, docs[3].CategoryTitles
		return []int{2}
	}},
	{"a document emptied", func(docs []Doc) []int {
		docs[11].Body, docs[11].Title, docs[11].Description, docs[11].Tags = nil, "", "", nil
		return []int{11}
	}},
	{"every document", func(docs []Doc) []int {
		var all []int
		for i := range docs {
			docs[i].Description += " Zebra."
			all = append(all, i)
		}
		return all
	}},
}

// TestKeptIndex indexes a collection keeping the index, then, after each
// of keptEdits, indexes it again from the index kept last, giving only the
// changed documents, and writing over the files of the last index; it
// expects byte for byte the kept index, and what a reader sees, of an
// Indexer given every document, with one run and with many, and few files
// written for the edit of a document.
//
// With was, the Indexer is told the version of each changed document the
// kept index has (Was), and keeps the lists of the other keys as they
// are, without looking through them. With small shards, as many for each
// document's keys as a large collection has, most shards of postings
// must be the base's after the edit of a body, and not encoded again.
func TestKeptIndex(t *testing.T) {
	c, docs := collectionDocs(t, synthFS(t, 120))
	for _, tt := range []struct {
		memory, shard int
		was           bool
	}{{0, 0, false}, {32 << 10, 0, true}, {0, 256, true}, {32 << 10, 256, false}} {
		t.Run(fmt.Sprintf("memory=%d/shard=%d/was=%v", tt.memory, tt.shard, tt.was), func(t *testing.T) {
			testKeptIndex(t, c, slices.Clone(docs), tt.memory, tt.shard, tt.was)
		})
	}
}

func testKeptIndex(t *testing.T, c *guides.Collection, docs []Doc, memory, shard int, was bool) {
	opts := IndexerOptions{Spill: true, TempDir: t.TempDir(), MemoryBytes: memory, Files: fileOptions(c)}
	opts.Files.ShardBytes = shard
	// With was, the kept index is written in parts, as a server does.
	folder, last, kept, run := indexKeptFrom(t, docs, opts, nil, nil, nil, was)
	for _, e := range keptEdits {
		before := docs
		docs = slices.Clone(docs)
		changed := e.edit(docs)
		wantFiles, _, wantKept := indexKept(t, docs, opts, nil, nil)
		var r io.ReaderAt = bytes.NewReader(kept)
		if run > 0 {
			r = JoinKept(bytes.NewReader(kept[:run]), run, bytes.NewReader(kept[run:]))
		}
		base, err := OpenKept(r, int64(len(kept)))
		if err != nil {
			t.Fatal(err)
		}
		o := opts
		o.Files.Last = last
		var old []Doc
		if was {
			old = before
		}
		written, list, gotKept, gotRun := indexKeptFrom(t, docs, o, base, changed, old, was)
		folder, last, kept, run = folderAfter(t, list, written, folder), list, gotKept, gotRun
		if !maps.EqualFunc(readerView(t, folder), readerView(t, wantFiles), bytes.Equal) {
			t.Errorf("%s: a reader sees other files than those of every document indexed again", e.name)
		}
		if !bytes.Equal(gotKept, wantKept) {
			t.Errorf("%s: the kept index differs from that of every document indexed again", e.name)
		}
		if shard == 0 && len(changed) == 1 && len(written) > len(list.Files)/4 {
			t.Errorf("%s: %d of %d files written", e.name, len(written), len(list.Files))
		}
		// A body's edit changes a few shards: the others are the base's,
		// not encoded again, and keys are kept without being decoded.
		if e.name == "a body" && shard > 0 {
			sh := list.shards
			if sh.reused <= len(sh.list)/2 || sh.reused > len(sh.list) {
				t.Errorf("%s: %d of %d shards of postings kept as they were", e.name, sh.reused, len(sh.list))
			}
			if sh.keptKeys == 0 {
				t.Errorf("%s: every key was decoded", e.name)
			}
		}
	}
}

// indexKept indexes docs from base, giving only the documents changed
// lists (every document without a base), and returns the files written,
// where every file is, and the kept index.
func indexKept(t *testing.T, docs []Doc, opts IndexerOptions, base *Kept, changed []int) (map[string][]byte, *FileList, []byte) {
	t.Helper()
	files, list, kept, _ := indexKeptFrom(t, docs, opts, base, changed, nil, false)
	return files, list, kept
}

// indexKeptFrom is indexKept, telling the Indexer the version old has of
// each changed document, when old is not nil, and writing the kept index
// in parts when parts is set: it returns the size of the first.
func indexKeptFrom(t *testing.T, docs []Doc, opts IndexerOptions, base *Kept, changed []int, old []Doc, parts bool) (map[string][]byte, *FileList, []byte, int64) {
	t.Helper()
	var kept, tail bytes.Buffer
	opts.Keep, opts.Base = true, base
	x, err := NewIndexer(len(docs), opts)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	for i, d := range docs {
		if base != nil && !slices.Contains(changed, i) {
			err = x.Same(i)
		} else {
			if base != nil && old != nil {
				if err := x.Was(i, old[i]); err != nil {
					t.Fatal(err)
				}
			}
			err = x.Add(i, d)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	files, put := collectFiles()
	var list *FileList
	if parts {
		list, err = x.WriteKeptParts(context.Background(), put, &kept, &tail)
	} else {
		list, err = x.WriteKept(context.Background(), put, &kept)
	}
	if err != nil {
		t.Fatal(err)
	}
	run := int64(kept.Len())
	if !parts {
		run = 0
	}
	all := append(kept.Bytes(), tail.Bytes()...)
	sameKept(t, x, all)
	return files, list, all, run
}

// sameKept checks that the kept index x tells it wrote is the one that
// opening what it wrote, data, gives.
func sameKept(t *testing.T, x *Indexer, data []byte) {
	t.Helper()
	r := bytes.NewReader(data)
	opened, err := OpenKept(r, int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	told, err := x.Kept(r, int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	type view struct {
		n      int
		cats   uint64
		run    [2]int64
		avg    [nFields]float64
		shards keptShards
		forms  []wordForm
		docs   []int
		doc    []keptDoc
	}
	see := func(k *Kept) view {
		return view{k.n, k.cats, k.run, k.avg, k.shards, slices.Clip(k.forms), slices.Clip(k.docs), k.doc}
	}
	if a, b := see(told), see(opened); !reflect.DeepEqual(a, b) {
		t.Errorf("the kept index the Indexer tells differs from the one opened")
	}
}

// TestKeptIndexRefused checks that a kept index that does not fit is
// refused, and a damaged one is not opened.
func TestKeptIndexRefused(t *testing.T) {
	c, docs := collectionDocs(t, synthFS(t, 20))
	opts := IndexerOptions{Spill: true, TempDir: t.TempDir(), Files: fileOptions(c)}
	_, _, kept := indexKept(t, docs, opts, nil, nil)
	base, err := OpenKept(bytes.NewReader(kept), int64(len(kept)))
	if err != nil {
		t.Fatal(err)
	}
	other := opts
	other.Files.Categories = other.Files.Categories[1:]
	for _, tc := range []struct {
		name string
		n    int
		opts IndexerOptions
	}{
		{"another number of documents", len(docs) + 1, opts},
		{"other categories", len(docs), other},
		{"an Indexer that does not spill", len(docs), IndexerOptions{Files: opts.Files}},
	} {
		tc.opts.Base = base
		if x, err := NewIndexer(tc.n, tc.opts); err == nil {
			x.Close()
			t.Errorf("%s: the kept index was taken", tc.name)
		}
	}
	for _, cut := range []int{0, 10, len(kept) / 2, len(kept) - 1} {
		if _, err := OpenKept(bytes.NewReader(kept[:cut]), int64(cut)); err == nil {
			t.Errorf("a kept index cut to %d bytes was opened", cut)
		}
	}
}

// FuzzOpenKept opens kept indexes of any bytes, starting from a real one,
// and indexes from those it opens: nothing panics, and a kept index that
// cannot be read fails with an error.
func FuzzOpenKept(f *testing.F) {
	c, docs := collectionDocs(f, synthFS(f, 6))
	opts := IndexerOptions{Spill: true, TempDir: f.TempDir(), Files: fileOptions(c)}
	var kept bytes.Buffer
	x, err := NewIndexer(len(docs), IndexerOptions{Spill: true, TempDir: opts.TempDir, Files: opts.Files, Keep: true})
	if err != nil {
		f.Fatal(err)
	}
	for i, d := range docs {
		if err := x.Add(i, d); err != nil {
			f.Fatal(err)
		}
	}
	if _, err := x.WriteKept(context.Background(), func(string, []byte) error { return nil }, &kept); err != nil {
		f.Fatal(err)
	}
	x.Close()
	f.Add(kept.Bytes())
	f.Add([]byte(keptHeader))
	f.Fuzz(func(t *testing.T, data []byte) {
		base, err := OpenKept(bytes.NewReader(data), int64(len(data)))
		if err != nil || base.n != len(docs) {
			return
		}
		o := opts
		o.Base, o.Keep = base, true
		x, err := NewIndexer(len(docs), o)
		if err != nil {
			return
		}
		defer x.Close()
		for i := range docs {
			if i == 0 {
				err = x.Add(i, docs[i])
			} else {
				err = x.Same(i)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		var out bytes.Buffer
		x.WriteKept(context.Background(), func(string, []byte) error { return nil }, &out)
	})
}
