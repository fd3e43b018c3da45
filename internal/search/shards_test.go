package search

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"testing"
)

// TestShardSame checks when the sharder takes the shard it made for the
// base's: only when every piece is kept, no key of the base is gone among
// them, it starts where the base's shard of the same number started, holds
// as many pieces, at the same size, and the last files have that shard
// with the key the base records.
func TestShardSame(t *testing.T) {
	head := shardHead{Key: "apple"}
	kept := []shardPiece{{key: "apple", kept: true, same: true}, {key: "banana", same: true}}
	base := func() *Kept {
		return &Kept{shards: keptShards{size: 100, list: []keptShard{{head: shardHead{Key: "a"}, pieces: 3, file: 1}, {head: head, pieces: 2, file: 7}}}}
	}
	last := func() *FileList {
		return &FileList{Files: map[string]ListedFile{"p/0.bin": {Key: 1}, "p/1.bin": {Key: 7}}}
	}
	tests := []struct {
		name string
		edit func(s *postingSharder) (int, shardHead)
		want bool
	}{
		{"the base's", func(s *postingSharder) (int, shardHead) { return 1, head }, true},
		{"another number", func(s *postingSharder) (int, shardHead) { return 0, head }, false},
		{"past the base's shards", func(s *postingSharder) (int, shardHead) { return 2, head }, false},
		{"another head", func(s *postingSharder) (int, shardHead) { return 1, shardHead{Key: "apple", Cont: true} }, false},
		{"a key gone", func(s *postingSharder) (int, shardHead) { s.drop(); return 1, head }, false},
		{"a piece more", func(s *postingSharder) (int, shardHead) {
			s.cur = append(s.cur, shardPiece{key: "cherry", kept: true, same: true})
			return 1, head
		}, false},
		{"a piece changed", func(s *postingSharder) (int, shardHead) { s.cur[1].same = false; return 1, head }, false},
		{"another size", func(s *postingSharder) (int, shardHead) { s.size = 200; return 1, head }, false},
		{"no last files", func(s *postingSharder) (int, shardHead) { s.last = nil; return 1, head }, false},
		{"the last file changed", func(s *postingSharder) (int, shardHead) {
			s.last.Files["p/1.bin"] = ListedFile{Key: 8}
			return 1, head
		}, false},
		{"the last file gone", func(s *postingSharder) (int, shardHead) { delete(s.last.Files, "p/1.bin"); return 1, head }, false},
		{"no base", func(s *postingSharder) (int, shardHead) { s.base = nil; return 1, head }, false},
	}
	for _, tt := range tests {
		s := &postingSharder{size: 100, base: base(), last: last(), cur: append([]shardPiece(nil), kept...)}
		j, h := tt.edit(s)
		file, ok := s.same(j, h)
		if ok != tt.want || ok && file != 7 {
			t.Errorf("%s: same = %d, %v; want %v", tt.name, file, ok, tt.want)
		}
	}
}

// TestParseRecord reads a key's record of a run back, and refuses one cut
// short anywhere.
func TestParseRecord(t *testing.T) {
	var buf bytes.Buffer
	w := &keptWriter{w: bufio.NewWriter(&buf)}
	raw := []rawPosting{{doc: 3, tf: [nFields]uint16{1}}, {doc: 9, tf: [nFields]uint16{0, 2}}}
	w.key("app", "apple", raw, []byte{5, 6})
	w.w.Flush()
	rec := buf.Bytes()
	k, err := parseRecord(rec)
	if err != nil {
		t.Fatal(err)
	}
	got, err := k.decode(nil)
	if err != nil || len(got) != 2 || got[0] != (Posting{Doc: 3, Impact: 5}) || got[1] != (Posting{Doc: 9, Impact: 6}) {
		t.Fatalf("decoded %v, %v", got, err)
	}
	for n := range len(rec) {
		if k, err := parseRecord(rec[:n]); err == nil {
			if _, err := k.decode(nil); err == nil {
				t.Errorf("a record cut to %d of %d bytes was read", n, len(rec))
			}
		}
	}
}

// TestSharderKeptLists gives the sharder the lists of a run of keys, some
// longer than a shard holds, as a kept index has them, and expects the
// shards of the same lists given decoded: each the base's, unencoded,
// when the last files have it, and encoded again alike from the run
// should every file be written; each encoded, byte for byte the same,
// when the last files have other content.
func TestSharderKeptLists(t *testing.T) {
	const size = 256 // 80 postings a shard for a short key
	run, keys := testRun(t, []int{3, 250, 7, 81, 80, 1, 400, 12})
	shardAll := func(base *Kept, last *FileList, kept bool) []madeShard {
		var made []madeShard
		s := &postingSharder{size: size, base: base, last: last, emit: func(m madeShard) error { made = append(made, m); return nil }}
		for _, k := range keys {
			var err error
			if kept {
				var kl keptList
				if kl, err = parseRecord(run[k.span[0]:k.span[1]]); err == nil {
					kl.span = k.span
					err = s.addKept(k.key, kl)
				}
			} else {
				err = s.add(k.key, k.list)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if err := s.flush(); err != nil {
			t.Fatal(err)
		}
		return made
	}
	want := shardAll(nil, nil, false)
	base := &Kept{r: bytes.NewReader(run), size: int64(len(run)), run: [2]int64{0, int64(len(run))}, shards: keptShards{size: size}}
	last := &FileList{Files: map[string]ListedFile{}}
	other := &FileList{Files: map[string]ListedFile{}}
	for j, m := range want {
		k := fileKey(m.data)
		base.shards.list = append(base.shards.list, keptShard{m.head, m.pieces, k})
		last.Files[fmt.Sprintf("p/%d.bin", j)] = ListedFile{Key: k}
		other.Files[fmt.Sprintf("p/%d.bin", j)] = ListedFile{Key: k + 1}
	}
	if len(want) < 8 {
		t.Fatalf("only %d shards", len(want))
	}
	got := shardAll(base, last, true)
	if len(got) != len(want) {
		t.Fatalf("%d shards, want %d", len(got), len(want))
	}
	for j := range want {
		if got[j].data != nil || got[j].head != want[j].head || got[j].file != base.shards.list[j].file {
			t.Errorf("shard %d (%v) is not the base's", j, want[j].head)
			continue
		}
		data, err := got[j].build()
		if err != nil || !bytes.Equal(data, want[j].data) {
			t.Errorf("shard %d encoded again differs: %v", j, err)
		}
	}
	for j, m := range shardAll(base, other, true) {
		if j >= len(want) || !bytes.Equal(m.data, want[j].data) {
			t.Errorf("shard %d, made of kept lists, differs from the same lists' given decoded", j)
		}
	}
}

// TestJoinKept reads every span of two parts joined, across their border
// too, as the one file they make.
func TestJoinKept(t *testing.T) {
	whole := []byte("the run, then the tail")
	for cut := range len(whole) + 1 {
		r := JoinKept(bytes.NewReader(whole[:cut]), int64(cut), bytes.NewReader(whole[cut:]))
		for off := range len(whole) {
			for n := 1; off+n <= len(whole); n++ {
				p := make([]byte, n)
				got, err := r.ReadAt(p, int64(off))
				if got != n || (err != nil && !(err == io.EOF && off+n == len(whole))) || !bytes.Equal(p, whole[off:off+n]) {
					t.Fatalf("cut %d: ReadAt(%d, %d) = %d %q, %v", cut, n, off, got, p, err)
				}
			}
		}
	}
}

// testKey is a key of a run testRun makes, its postings and where its
// record is in the run.
type testKey struct {
	key  string
	list []Posting
	span [2]int64
}

// testRun returns the run of a kept index of keys with as many postings
// as counts, each with impacts of its own.
func testRun(t testing.TB, counts []int) ([]byte, []testKey) {
	var run bytes.Buffer
	kw := &keptWriter{w: bufio.NewWriter(&run)}
	var keys []testKey
	prev := ""
	for i, n := range counts {
		key := fmt.Sprintf("key%02d", i)
		var raw []rawPosting
		var imps []byte
		var list []Posting
		doc := uint32(0)
		for j := range n {
			doc += uint32(1 + (j*7+i)%5)
			imp := byte((j*31 + i*17) % 251)
			raw = append(raw, rawPosting{doc: doc, tf: [nFields]uint16{uint16(1 + j%3), 0, uint16(j % 2)}})
			imps = append(imps, imp)
			list = append(list, Posting{Doc: doc, Impact: imp})
		}
		start := kw.n
		kw.key(prev, key, raw, imps)
		keys = append(keys, testKey{key, list, [2]int64{start, kw.n}})
		prev = key
	}
	if err := kw.w.Flush(); err != nil {
		t.Fatal(err)
	}
	return run.Bytes(), keys
}
