package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// The stored index: an Index in one file, for a program that searches
// the same collection again and again (guides search keeps one in the
// user's cache folder). It holds a stamp, which names what the index was
// built from, then the documents' excerpt texts and descriptions, every
// key with its postings, and every word with its term and weight, and
// ends with the SHA-256 of everything before it. Numbers are unsigned
// varints; strings are a length, then bytes.

// storeMagic starts a stored index; storeVersion is its format.
const (
	storeMagic   = "guides search index\n"
	storeVersion = 2
)

// ErrStale is returned by ReadIndex when the stored index was built from
// something else than what its stamp names.
var ErrStale = errors.New("search: the stored index is of another collection or version")

// WriteIndex writes ix to w, with stamp, which ReadIndex expects back.
func WriteIndex(w io.Writer, ix *Index, stamp []byte) error {
	var b []byte
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = append(b, storeMagic...)
	b = binary.AppendUvarint(b, storeVersion)
	str(string(stamp))
	b = binary.AppendUvarint(b, uint64(len(ix.Docs)))
	for i := range ix.Docs {
		d := &ix.Docs[i]
		str(d.ID)
		str(d.excerptText())
		str(d.Description)
	}
	b = binary.AppendUvarint(b, uint64(len(ix.keys)))
	for i, key := range ix.keys {
		str(key)
		b = binary.AppendUvarint(b, uint64(len(ix.lists[i])))
		last := uint32(0)
		for _, p := range ix.lists[i] {
			b = binary.AppendUvarint(b, uint64(p.Doc-last))
			b = append(b, p.Impact)
			last = p.Doc
		}
	}
	b = binary.AppendUvarint(b, uint64(len(ix.words)))
	for _, e := range ix.words {
		str(e.word)
		str(e.term)
		b = binary.AppendUvarint(b, uint64(e.weight))
	}
	sum := sha256.Sum256(b)
	b = append(b, sum[:]...)
	_, err := w.Write(b)
	return err
}

// ReadIndex reads an index WriteIndex wrote with stamp. A file that is
// cut short, changed or made otherwise is an error, ErrStale when it is a
// whole index of something else.
func ReadIndex(data []byte, stamp []byte) (*Index, error) {
	if len(data) < len(storeMagic)+sha256.Size || !bytes.HasPrefix(data, []byte(storeMagic)) {
		return nil, errors.New("search: not a stored index")
	}
	body, sum := data[:len(data)-sha256.Size], data[len(data)-sha256.Size:]
	if s := sha256.Sum256(body); !bytes.Equal(s[:], sum) {
		return nil, errors.New("search: the stored index is damaged")
	}
	r := &reader{b: body[len(storeMagic):]}
	if r.uvarint() != storeVersion || string(r.bytes(r.uvarint())) != string(stamp) {
		return nil, ErrStale
	}
	ix, err := readIndexBody(r)
	if err != nil {
		return nil, fmt.Errorf("search: the stored index: %w", err)
	}
	return ix, nil
}

// readIndexBody reads the documents, keys and words of a stored index.
func readIndexBody(r *reader) (*Index, error) {
	str := func() string { return string(r.bytes(r.uvarint())) }
	n := r.uvarint()
	if n > len(r.b) {
		return nil, errShort
	}
	ix := &Index{Docs: make([]Doc, n)}
	for i := range ix.Docs {
		ix.Docs[i] = Doc{ID: str(), excerpt: str(), Description: str(), compact: true}
	}
	keys := r.uvarint()
	if keys > len(r.b) {
		return nil, errShort
	}
	ix.keys, ix.lists = make([]string, 0, keys), make([][]Posting, 0, keys)
	for range keys {
		key := str()
		if len(ix.keys) > 0 && key <= ix.keys[len(ix.keys)-1] {
			return nil, errors.New("keys out of order")
		}
		count := r.uvarint()
		if count > n {
			return nil, errors.New("a list longer than the documents")
		}
		list := make([]Posting, count)
		doc := 0
		for j := range list {
			if doc += r.uvarint(); doc >= n || j > 0 && doc == int(list[j-1].Doc) {
				return nil, errors.New("a posting of no document")
			}
			imp := r.bytes(1)
			if len(imp) == 0 {
				return nil, errShort
			}
			list[j] = Posting{Doc: uint32(doc), Impact: imp[0]}
		}
		ix.keys, ix.lists = append(ix.keys, key), append(ix.lists, list)
	}
	words := r.uvarint()
	if words > len(r.b) {
		return nil, errShort
	}
	ix.words = make([]wordEntry, words)
	for i := range ix.words {
		ix.words[i] = wordEntry{word: str(), term: str(), weight: r.uvarint()}
	}
	if r.err != nil {
		return nil, r.err
	}
	if len(r.b) > 0 {
		return nil, errors.New("more data than the index holds")
	}
	return ix, nil
}
