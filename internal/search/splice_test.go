package search

import (
	"bufio"
	"bytes"
	"testing"
)

// TestSpliced puts the postings of the documents given again into a
// base's list, and refuses to when those documents are not the same in
// the base's list and the fresh postings: one had the key and has it no
// more, or has it now and had it not.
func TestSpliced(t *testing.T) {
	record := func(raw []rawPosting, imps []byte) keptList {
		var buf bytes.Buffer
		w := &keptWriter{w: bufio.NewWriter(&buf)}
		w.key("", "k", raw, imps)
		w.w.Flush()
		k, err := parseRecord(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	post := func(doc uint32, tf uint16) rawPosting {
		return rawPosting{doc: doc, tf: [nFields]uint16{0, 0, tf}, imp: -1}
	}
	base := []rawPosting{post(1, 1), post(3, 2), post(5, 1), post(8, 4), post(9, 1)}
	imps := []byte{10, 20, 30, 40, 50}
	tests := []struct {
		name    string
		changed []uint32 // the documents given again
		fresh   []rawPosting
		ok      bool
	}{
		{"one, the same count", []uint32{5}, []rawPosting{post(5, 1)}, true},
		{"one, another count", []uint32{5}, []rawPosting{post(5, 3)}, true},
		{"the first", []uint32{1}, []rawPosting{post(1, 2)}, true},
		{"the last", []uint32{9}, []rawPosting{post(9, 2)}, true},
		{"two", []uint32{3, 8}, []rawPosting{post(3, 1), post(8, 1)}, true},
		{"one gone", []uint32{5}, nil, false},
		{"the last gone", []uint32{9}, nil, false},
		{"one new", []uint32{6}, []rawPosting{post(6, 1)}, false},
		{"one new, after the last", []uint32{10}, []rawPosting{post(10, 1)}, false},
		{"one of two gone", []uint32{3, 8}, []rawPosting{post(3, 1)}, false},
		{"none", nil, nil, true},
	}
	for _, tt := range tests {
		x := &Indexer{n: 11, same: make([]bool, 11), lens: make([][nFields]uint32, 11)}
		for i := range x.same {
			x.same[i] = true
		}
		m := &merger{x: x, n: 11, quant: newQuantizer(), norm: func(uint32, int) float64 { return 1 }}
		for _, d := range tt.changed {
			x.same[d] = false
			m.lastChanged = max(m.lastChanged, int(d))
		}
		k := record(base, imps)
		src := &runSource{count: k.count, data: k.data, imps: k.imps}
		data, gotImps, _, ok := m.spliced(src, tt.fresh)
		if ok != tt.ok {
			t.Errorf("%s: ok = %v", tt.name, ok)
			continue
		}
		if !ok {
			continue
		}
		// What a merge of the lists would keep: the base's postings but
		// for the changed documents', which are the fresh ones, weighed.
		want, wantImps := []rawPosting{}, []byte{}
		fresh := tt.fresh
		for i, p := range base {
			if len(fresh) > 0 && fresh[0].doc == p.doc {
				p, fresh = fresh[0], fresh[1:]
				wantImps = append(wantImps, m.quant.quantize(m.idf(len(base))*score(p, m.norm)))
			} else {
				wantImps = append(wantImps, imps[i])
			}
			want = append(want, p)
		}
		w := record(want, wantImps)
		if !bytes.Equal(data, w.data) || !bytes.Equal(gotImps, w.imps) {
			t.Errorf("%s: spliced %x %v, want %x %v", tt.name, data, gotImps, w.data, w.imps)
		}
	}
}

// FuzzRecord reads a key's record of a run from any bytes, and decodes
// what it reads: neither may panic, nor read past the bytes.
func FuzzRecord(f *testing.F) {
	run, _ := testRun(f, []int{3, 40})
	f.Add(run)
	f.Add([]byte{0, 1, 'k', 2, 4, 2, 0, 2, 0, 7, 9})
	f.Fuzz(func(t *testing.T, b []byte) {
		for len(b) > 0 {
			_, _, k, n, err := nextRecord(b)
			if err != nil {
				return
			}
			if n <= 0 || n > len(b) {
				t.Fatalf("a record of %d bytes in %d", n, len(b))
			}
			if list, err := k.decode(nil); err == nil && len(list) != k.count {
				t.Fatalf("%d postings of %d", len(list), k.count)
			}
			b = b[n:]
		}
	})
}
