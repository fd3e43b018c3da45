package search

import (
	"bufio"
	"bytes"
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
