package search

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"strings"
	"sync"
)

// The stored index: an Index in one file, for a program that searches
// the same collection again and again (guides search keeps one in the
// user's cache folder), laid out to be searched where it lies: a query
// reads the parts it needs and nothing else, so that opening the file
// costs the same whatever the size of the collection.
//
// The file holds a stamp, which names what the index was built from; the
// numbers of documents, keys and words; three tables of offsets, one of
// each document's, key's and word's entry (4 bytes each, little-endian,
// from the start of the entries, and one more for the end); a checksum of
// all that; then the entries. A document's entry holds its id, the text
// its excerpts are cut from and its description; a key's, the key, the
// number of its postings and the postings (the gap from the document
// before, then the impact byte); a word's, the word, its term and the
// term's weight. Every entry ends with its own checksum, checked when the
// entry is read. Numbers are unsigned varints, strings a length and
// bytes; checksums are CRC-32C.

// storeMagic starts a stored index; storeVersion is its format.
const (
	storeMagic   = "guides search index\n"
	storeVersion = 3
)

// ErrStale is returned by ReadIndex when the stored index was built from
// something else than what its stamp names.
var ErrStale = errors.New("search: the stored index is of another collection or version")

// crcTable is made on first use: making it costs every command's start
// a fifth of a millisecond.
var crcTable = sync.OnceValue(func() *crc32.Table { return crc32.MakeTable(crc32.Castagnoli) })

// WriteIndex writes ix to w, with stamp, which ReadIndex expects back.
func WriteIndex(w io.Writer, ix *Index, stamp []byte) error {
	var entries []byte
	var offsets []uint32
	entry := func(fill func(b []byte) []byte) error {
		if len(entries) > math.MaxUint32-1<<20 {
			return errors.New("search: the index is too large to store")
		}
		offsets = append(offsets, uint32(len(entries)))
		start := len(entries)
		entries = fill(entries)
		entries = binary.LittleEndian.AppendUint32(entries, crc32.Checksum(entries[start:], crcTable()))
		return nil
	}
	for i := range ix.Docs {
		d := &ix.Docs[i]
		if err := entry(func(b []byte) []byte {
			return appendStr(appendStr(appendStr(b, d.ID), d.excerptText()), d.Description)
		}); err != nil {
			return err
		}
	}
	offsets = append(offsets, uint32(len(entries)))
	for i, key := range ix.keys {
		if err := entry(func(b []byte) []byte {
			b = appendStr(b, key)
			b = binary.AppendUvarint(b, uint64(len(ix.lists[i])))
			last := uint32(0)
			for _, p := range ix.lists[i] {
				b = binary.AppendUvarint(b, uint64(p.Doc-last))
				b = append(b, p.Impact)
				last = p.Doc
			}
			return b
		}); err != nil {
			return err
		}
	}
	offsets = append(offsets, uint32(len(entries)))
	for _, e := range ix.words {
		if err := entry(func(b []byte) []byte {
			return binary.AppendUvarint(appendStr(appendStr(b, e.word), e.term), uint64(e.weight))
		}); err != nil {
			return err
		}
	}
	offsets = append(offsets, uint32(len(entries)))

	head := []byte(storeMagic)
	head = binary.AppendUvarint(head, storeVersion)
	head = appendStr(head, string(stamp))
	for _, n := range []int{len(ix.Docs), len(ix.keys), len(ix.words)} {
		head = binary.AppendUvarint(head, uint64(n))
	}
	for _, o := range offsets {
		head = binary.LittleEndian.AppendUint32(head, o)
	}
	head = binary.LittleEndian.AppendUint32(head, crc32.Checksum(head, crcTable()))
	if _, err := w.Write(head); err != nil {
		return err
	}
	_, err := w.Write(entries)
	return err
}

func appendStr(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// Stored is a stored index, searched where it lies. It reads an entry
// only when a query needs it, and checks it then: a damaged entry makes
// what needs it find nothing, and Err tells.
type Stored struct {
	data   []byte // the entries
	docs   []byte // tables of offsets
	keys   []byte
	words  []byte
	n      int // documents
	nKeys  int
	nWords int
	err    error
}

// ReadIndex opens an index WriteIndex wrote with stamp, held in data,
// which it keeps. A file that is cut short, whose head is damaged, or
// that is made otherwise is an error, ErrStale when it is a whole index
// of something else. It reads the head and the tables of offsets only.
func ReadIndex(data []byte, stamp []byte) (*Stored, error) {
	if !bytes.HasPrefix(data, []byte(storeMagic)) {
		return nil, errors.New("search: not a stored index")
	}
	r := &reader{b: data[len(storeMagic):]}
	if r.uvarint() != storeVersion || r.err != nil {
		return nil, ErrStale
	}
	if s := r.bytes(r.uvarint()); r.err != nil || string(s) != string(stamp) {
		return nil, ErrStale
	}
	s := &Stored{n: r.uvarint(), nKeys: r.uvarint(), nWords: r.uvarint()}
	if r.err != nil || s.n < 0 || s.nKeys < 0 || s.nWords < 0 || s.n > len(r.b) || s.nKeys > len(r.b) || s.nWords > len(r.b) ||
		s.n+s.nKeys+s.nWords+3 > len(r.b)/4 {
		return nil, errors.New("search: the stored index is cut short")
	}
	tables := r.bytes(4 * (s.n + s.nKeys + s.nWords + 3))
	sum := r.bytes(4)
	head := data[:len(data)-len(r.b)-4]
	if r.err != nil || binary.LittleEndian.Uint32(sum) != crc32.Checksum(head, crcTable()) {
		return nil, errors.New("search: the stored index is damaged")
	}
	s.data = r.b
	s.docs, tables = tables[:4*(s.n+1)], tables[4*(s.n+1):]
	s.keys, tables = tables[:4*(s.nKeys+1)], tables[4*(s.nKeys+1):]
	s.words = tables
	if end := binary.LittleEndian.Uint32(s.words[4*s.nWords:]); int(end) != len(s.data) {
		return nil, errors.New("search: the stored index is cut short")
	}
	return s, nil
}

// Len returns the number of documents.
func (s *Stored) Len() int { return s.n }

// Err returns the first damage a query met, or nil.
func (s *Stored) Err() error { return s.err }

// fail notes a damaged entry.
func (s *Stored) fail(what string, i int) {
	if s.err == nil {
		s.err = fmt.Errorf("search: the stored index is damaged: %s %d", what, i)
	}
}

// entry returns the bytes of entry i of a table, checksum checked, or nil.
func (s *Stored) entry(table []byte, i int, what string) []byte {
	a, b := binary.LittleEndian.Uint32(table[4*i:]), binary.LittleEndian.Uint32(table[4*i+4:])
	if a > b || int(b) > len(s.data) || b-a < 4 {
		s.fail(what, i)
		return nil
	}
	e := s.data[a:b]
	body, sum := e[:len(e)-4], e[len(e)-4:]
	if binary.LittleEndian.Uint32(sum) != crc32.Checksum(body, crcTable()) {
		s.fail(what, i)
		return nil
	}
	return body
}

// keyAt returns the key of entry i of a table without checking the
// entry: for binary search.
func (s *Stored) keyAt(table []byte, i int) []byte {
	a := binary.LittleEndian.Uint32(table[4*i:])
	if int(a) >= len(s.data) {
		return nil
	}
	r := reader{b: s.data[a:]}
	k := r.bytes(r.uvarint())
	return k
}

// find returns the first entry of a table of n whose key is at least key.
func (s *Stored) find(table []byte, n int, key string) int {
	want := []byte(key)
	lo, hi := 0, n
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if bytes.Compare(s.keyAt(table, mid), want) < 0 {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// List returns the postings of key.
func (s *Stored) List(key string) []Posting {
	i := s.find(s.keys, s.nKeys, key)
	if i >= s.nKeys || string(s.keyAt(s.keys, i)) != key {
		return nil
	}
	e := s.entry(s.keys, i, "key")
	if e == nil {
		return nil
	}
	r := &reader{b: e}
	r.bytes(r.uvarint())
	count := r.uvarint()
	if r.err != nil || count > s.n {
		s.fail("key", i)
		return nil
	}
	out := make([]Posting, count)
	doc := 0
	for j := range out {
		if doc += r.uvarint(); doc >= s.n || j > 0 && doc == int(out[j-1].Doc) {
			s.fail("key", i)
			return nil
		}
		imp := r.bytes(1)
		if len(imp) == 0 {
			s.fail("key", i)
			return nil
		}
		out[j] = Posting{Doc: uint32(doc), Impact: imp[0]}
	}
	return out
}

// word returns entry i of the words.
func (s *Stored) word(i int) (word, term string, weight int, ok bool) {
	e := s.entry(s.words, i, "word")
	if e == nil {
		return "", "", 0, false
	}
	r := &reader{b: e}
	word, term = string(r.bytes(r.uvarint())), string(r.bytes(r.uvarint()))
	weight = r.uvarint()
	if r.err != nil {
		s.fail("word", i)
		return "", "", 0, false
	}
	return word, term, weight, true
}

// Words calls f with every word that starts with prefix, in order.
func (s *Stored) Words(prefix string, f func(word, term string, weight int)) error {
	for i := s.find(s.words, s.nWords, prefix); i < s.nWords; i++ {
		if !strings.HasPrefix(string(s.keyAt(s.words, i)), prefix) {
			break
		}
		if w, t, n, ok := s.word(i); ok {
			f(w, t, n)
		}
	}
	return nil
}

// Has reports whether some document has term.
func (s *Stored) Has(term string) (bool, error) {
	return len(s.List(term)) > 0, nil
}

// Plan returns the plan of q, its words looked up in the stored index.
func (s *Stored) Plan(q Query) Plan {
	p := ParsePlan(q)
	p.Resolve(s) // a damaged entry is noted in s.err
	return p
}

// Doc returns the id of document d.
func (s *Stored) Doc(d int) string {
	id, _, _ := s.doc(d)
	return id
}

func (s *Stored) doc(d int) (id, text, description string) {
	if d < 0 || d >= s.n {
		return "", "", ""
	}
	e := s.entry(s.docs, d, "document")
	if e == nil {
		return "", "", ""
	}
	r := &reader{b: e}
	id, text, description = string(r.bytes(r.uvarint())), string(r.bytes(r.uvarint())), string(r.bytes(r.uvarint()))
	if r.err != nil {
		s.fail("document", d)
	}
	return id, text, description
}

// Excerpt returns the passage of document d that best shows the words of
// p, as Index.Excerpt does.
func (s *Stored) Excerpt(p Plan, d int) Excerpt {
	_, text, description := s.doc(d)
	return MakeExcerpt(text, description, p)
}

// Search returns the guides that q finds, best first.
func (s *Stored) Search(q Query) []Result {
	return Rank(s.Plan(q), s.List, s.n)
}

// Check reads every entry and returns the first damage, if any: what the
// queries would meet.
func (s *Stored) Check() error {
	for i := range s.n {
		s.doc(i)
	}
	for i := range s.nKeys {
		s.entry(s.keys, i, "key")
	}
	for i := range s.nWords {
		s.word(i)
	}
	return s.err
}
