package search

import (
	"bytes"
	"errors"
	"slices"
	"testing"
)

// TestStoredIndex checks that an index read back from its stored form
// ranks and excerpts as the one written, that another stamp is stale, and
// that a damaged or cut file is refused, never read.
func TestStoredIndex(t *testing.T) {
	_, docs := collectionDocs(t, fixtureFS(t))
	ix := Build(docs)
	var buf bytes.Buffer
	if err := WriteIndex(&buf, ix, []byte("stamp")); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	back, err := ReadIndex(data, []byte("stamp"))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"cache", "tcp handshake", "cachng", `"rate limiting"`, "c", "zzz"} {
		want, got := ix.Search(Query{Text: q}), back.Search(Query{Text: q})
		if !slices.Equal(want, got) {
			t.Errorf("%q: the stored index finds %v, the index %v", q, got, want)
		}
		p := ix.Plan(Query{Text: q})
		for _, r := range want {
			if a, b := marked(ix.Excerpt(p, r.Doc)), marked(back.Excerpt(p, r.Doc)); a != b {
				t.Errorf("%q: the stored index's excerpt is %q, the index's %q", q, b, a)
			}
		}
	}
	if _, err := ReadIndex(data, []byte("other")); !errors.Is(err, ErrStale) {
		t.Errorf("read with another stamp: %v, want ErrStale", err)
	}
	for _, bad := range [][]byte{nil, data[:len(data)/2], append(slices.Clone(data[:100]), 0xff), []byte("not an index at all, but long enough to have a checksum")} {
		if _, err := ReadIndex(bad, []byte("stamp")); err == nil {
			t.Errorf("a damaged index of %d bytes is read", len(bad))
		}
	}
	// A bit changed anywhere is found: in the head when the index is
	// opened, in an entry when it is read.
	for _, at := range []int{len(storeMagic) + 10, len(data) / 2, len(data) - 1} {
		flipped := slices.Clone(data)
		flipped[at] ^= 1
		if st, err := ReadIndex(flipped, []byte("stamp")); err == nil && st.Check() == nil {
			t.Errorf("an index with the bit at %d of %d changed is read", at, len(data))
		}
	}
	if err := back.Check(); err != nil {
		t.Errorf("the stored index: %v", err)
	}
}

// FuzzReadIndex checks that no file, however made, makes ReadIndex or a
// search of what it opens panic.
func FuzzReadIndex(f *testing.F) {
	ix := Build([]Doc{{ID: "a", Title: "Cache", Body: Text{{Prose, "a cache of tcp"}}}})
	var buf bytes.Buffer
	if err := WriteIndex(&buf, ix, nil); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		if st, err := ReadIndex(data, nil); err == nil {
			st.Search(Query{Text: "cache tcp"})
			st.Search(Query{Text: "c"})
			st.Excerpt(st.Plan(Query{Text: "cache"}), 0)
			st.Check()
		}
	})
}
