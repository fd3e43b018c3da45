package search

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"os"
	"slices"
	"strings"
	"sync"
)

// A kept index is what an Indexer keeps of the index it made
// (IndexerOptions.Keep), so that the next Indexer of the same documents,
// some of them changed, analyses only those (IndexerOptions.Base): the
// lists of every key before their impacts, as a run; every form of a word
// with the number of documents it is in; and for each document its field
// lengths, the size of its text, its fragment and its forms of words.
//
// The file is the header, then the run, the forms, the documents' lists
// of forms, the documents and their fragments, the shards of postings,
// then a trailer of eight-byte little-endian numbers: the number of
// documents, the key of the categories the fragments name (see
// FileOptions), where each part ends, and the average length of each
// field the impacts were computed with (the bits of a float64). The run
// has, after each key's postings, their impacts, a byte each.
//
//	forms      the number of forms; for each, the bytes its word shares
//	           with the word before and the rest (length, bytes), its
//	           term (length, bytes) and the number of documents it is in
//	lists      for each document, the numbers of its forms, in order, as
//	           gaps from the one before
//	documents  for each, its field lengths, the size of its text, the
//	           length of its fragment and of its list of forms
//	fragments  the fragments, one after another
//	shards     the size shards are cut at and their number; for each,
//	           the bytes its first key shares with the one before and
//	           the rest, a byte 1 when it continues the list of the shard
//	           before, else 0, the number of its pieces, and the key of
//	           its content (eight bytes, little-endian)
//
// Numbers but the trailer's are unsigned varints.
const keptHeader = "guides search kept 5\n"

// keptTrailer is the number of numbers in a kept index's trailer.
const keptTrailer = 8 + nFields

// Kept is a kept index, opened for an Indexer to start from.
type Kept struct {
	r      io.ReaderAt
	size   int64
	n      int
	cats   uint64
	run    [2]int64 // offset and length
	avg    [nFields]float64
	shards keptShards
	forms  []wordForm
	docs   []int // of each form
	doc    []keptDoc

	// The fragments and lists of forms are read in order of document: a
	// window of the file is read at a time.
	mu       sync.Mutex
	window   []byte
	windowAt int64
}

// keptWindow is how much of a kept index is read at a time.
const keptWindow = 1 << 20

// keptDoc is a document of a kept index.
type keptDoc struct {
	lens     [nFields]uint32
	textSize uint32
	frag     [2]int64 // offset and length
	list     [2]int64
}

// OpenKept opens the kept index in r, of size bytes. It reads all but its
// run, fragments and lists of forms, which are read from r as they are
// needed: r must stay open as long as the Kept is used.
func OpenKept(r io.ReaderAt, size int64) (*Kept, error) {
	damaged := errors.New("search: the kept index is damaged")
	if size < int64(len(keptHeader))+8*keptTrailer {
		return nil, damaged
	}
	head := make([]byte, len(keptHeader))
	tail := make([]byte, 8*keptTrailer)
	if _, err := r.ReadAt(head, 0); err != nil {
		return nil, fmt.Errorf("search: reading the kept index: %w", err)
	}
	if _, err := r.ReadAt(tail, size-int64(len(tail))); err != nil {
		return nil, fmt.Errorf("search: reading the kept index: %w", err)
	}
	var t [keptTrailer]int64
	for i := range t {
		t[i] = int64(binary.LittleEndian.Uint64(tail[8*i:]))
	}
	n, cats := t[0], uint64(t[1])
	var avg [nFields]float64
	for f := range avg {
		avg[f] = math.Float64frombits(uint64(t[8+f]))
	}
	runEnd, formsEnd, listsEnd, docsEnd, fragsEnd, shardsEnd := t[2], t[3], t[4], t[5], t[6], t[7]
	start := int64(len(keptHeader))
	// Each document takes a byte for each of its numbers at least.
	perDoc := int64(nFields + 3)
	if string(head) != keptHeader || n < 0 || n > (docsEnd-listsEnd)/perDoc || !(start <= runEnd && runEnd <= formsEnd && formsEnd <= listsEnd && listsEnd <= docsEnd && docsEnd <= fragsEnd && fragsEnd <= shardsEnd && shardsEnd == size-int64(len(tail))) {
		return nil, damaged
	}
	k := &Kept{r: r, size: size, n: int(n), cats: cats, avg: avg, run: [2]int64{start, runEnd - start}}
	if err := k.readForms(bufio.NewReader(io.NewSectionReader(r, runEnd, formsEnd-runEnd))); err != nil {
		return nil, fmt.Errorf("%w: %w", damaged, err)
	}
	if err := k.readDocs(bufio.NewReader(io.NewSectionReader(r, listsEnd, docsEnd-listsEnd)), docsEnd, formsEnd, listsEnd, fragsEnd); err != nil {
		return nil, fmt.Errorf("%w: %w", damaged, err)
	}
	if err := k.readShards(bufio.NewReader(io.NewSectionReader(r, fragsEnd, shardsEnd-fragsEnd))); err != nil {
		return nil, fmt.Errorf("%w: %w", damaged, err)
	}
	return k, nil
}

// readShards reads the shards of postings.
func (k *Kept) readShards(r *bufio.Reader) error {
	size, err1 := binary.ReadUvarint(r)
	count, err2 := binary.ReadUvarint(r)
	if err := errors.Join(err1, err2); err != nil || size > 1<<30 || count > 1<<32 {
		return errors.New("the shards")
	}
	k.shards.size = int(size)
	var prev string
	var file [8]byte
	for range count {
		shared, err := binary.ReadUvarint(r)
		if err != nil || shared > uint64(len(prev)) {
			return errors.New("a shard")
		}
		rest, err1 := readString(r)
		cont, err2 := r.ReadByte()
		pieces, err3 := binary.ReadUvarint(r)
		_, err4 := io.ReadFull(r, file[:])
		if err := errors.Join(err1, err2, err3, err4); err != nil || cont > 1 || pieces > 1<<32 {
			return errors.New("a shard")
		}
		key := prev[:shared] + rest
		k.shards.list = append(k.shards.list, keptShard{head: shardHead{Key: key, Cont: cont == 1}, pieces: int(pieces), file: binary.LittleEndian.Uint64(file[:])})
		prev = key
	}
	return nil
}

func (k *Kept) readForms(r *bufio.Reader) error {
	count, err := binary.ReadUvarint(r)
	if err != nil || count > 1<<32 {
		return errors.New("the number of forms")
	}
	var prev string
	for range count {
		shared, err := binary.ReadUvarint(r)
		if err != nil || shared > uint64(len(prev)) {
			return errors.New("a form")
		}
		rest, err1 := readString(r)
		term, err2 := readString(r)
		docs, err3 := binary.ReadUvarint(r)
		if err := errors.Join(err1, err2, err3); err != nil {
			return err
		}
		word := prev[:shared] + rest
		k.forms = append(k.forms, wordForm{word, term})
		k.docs = append(k.docs, int(docs))
		prev = word
	}
	return nil
}

func (k *Kept) readDocs(r *bufio.Reader, fragAt, listAt, listEnd, end int64) error {
	k.doc = make([]keptDoc, k.n)
	for i := range k.doc {
		d := &k.doc[i]
		var v [nFields + 3]uint64
		for j := range v {
			var err error
			if v[j], err = binary.ReadUvarint(r); err != nil {
				return errors.New("a document")
			}
		}
		for f := range nFields {
			d.lens[f] = uint32(min(v[f], 1<<32-1))
		}
		d.textSize = uint32(min(v[nFields], 1<<32-1))
		fl, ll := int64(v[nFields+1]), int64(v[nFields+2])
		d.frag, d.list = [2]int64{fragAt, fl}, [2]int64{listAt, ll}
		fragAt += fl
		listAt += ll
		if fl < 0 || ll < 0 || fragAt > end || listAt > listEnd {
			return errors.New("a document's parts")
		}
	}
	return nil
}

// readString reads a string written as its length, then its bytes.
func readString(r interface {
	io.Reader
	io.ByteReader
}) (string, error) {
	n, err := binary.ReadUvarint(r)
	if err != nil || n > 1<<20 {
		return "", errors.New("a string")
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", err
	}
	return string(b), nil
}

// read returns the bytes of span of the kept index, from the window read
// last when it holds them; else from a window read from span's start.
func (k *Kept) read(span [2]int64) ([]byte, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	b, err := k.look(span)
	return bytes.Clone(b), err
}

// look returns the bytes of span in the window, valid until the next
// look, with k.mu held.
func (k *Kept) look(span [2]int64) ([]byte, error) {
	at, n := span[0], span[1]
	if at < k.windowAt || at+n > k.windowAt+int64(len(k.window)) {
		size := max(n, min(keptWindow, k.size-at))
		if cap(k.window) < int(size) {
			k.window = make([]byte, size)
		}
		k.window = k.window[:size]
		if _, err := k.r.ReadAt(k.window, at); err != nil && !(err == io.EOF && at+size == k.size) {
			k.window = nil
			return nil, fmt.Errorf("search: reading the kept index: %w", err)
		}
		k.windowAt = at
	}
	off := at - k.windowAt
	return k.window[off : off+n], nil
}

// formsOf appends to out the numbers of the forms of document i.
func (k *Kept) formsOf(i int, out []int) ([]int, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	b, err := k.look(k.doc[i].list)
	if err != nil {
		return out, err
	}
	prev := 0
	for len(b) > 0 {
		g, n := binary.Uvarint(b)
		if n <= 0 || g >= uint64(len(k.forms)) || prev+int(g) >= len(k.forms) {
			return out, errors.New("search: the kept index is damaged: a list of forms")
		}
		prev += int(g)
		out = append(out, prev)
		b = b[n:]
	}
	return out, nil
}

// categoriesKey returns the key of the categories of a static index's
// files: the fragments of documents name categories by their place in it.
func categoriesKey(cats [][3]string) uint64 {
	h := fnv.New64a()
	data, _ := json.Marshal(cats)
	h.Write(data)
	return h.Sum64()
}

// keptWriter writes a kept index, counting what it wrote.
type keptWriter struct {
	w    *bufio.Writer
	n    int64
	buf  []byte
	list []byte // of the postings of the key being written
}

func (w *keptWriter) write(b []byte) {
	w.w.Write(b)
	w.n += int64(len(b))
}

func (w *keptWriter) uvarint(v uint64) {
	w.buf = binary.AppendUvarint(w.buf[:0], v)
	w.write(w.buf)
}

func (w *keptWriter) str(s string) {
	w.uvarint(uint64(len(s)))
	w.w.WriteString(s)
	w.n += int64(len(s))
}

// key writes a key of the run, the postings of raw and their impacts:
// its bytes shared with prev, the rest, the number of postings, the
// length of their bytes, the bytes and a byte for each impact.
func (w *keptWriter) key(prev, key string, raw []rawPosting, imps []byte) {
	list := w.list[:0]
	defer func() { w.list = list }()
	last := int64(0)
	for _, p := range raw {
		d := int64(p.doc) - last
		last = int64(p.doc)
		list = appendCounts(binary.AppendUvarint(list, uint64(d<<1)^uint64(d>>63)), &p.tf)
	}
	w.keyBytes(prev, key, len(raw), list, imps)
}

// keyBytes writes a key of the run whose count postings are encoded in
// list, with their impacts.
func (w *keptWriter) keyBytes(prev, key string, count int, list, imps []byte) {
	shared := commonPrefix(prev, key)
	w.uvarint(uint64(shared))
	w.str(key[shared:])
	w.uvarint(uint64(count))
	w.uvarint(uint64(len(list)))
	w.write(list)
	w.write(imps)
}

// keptTail is what follows the run of a kept index but its shards: the
// forms, the documents' lists of forms, the documents and their
// fragments. It is written while the run is merged, by w: into a part of
// its own, or into the temporary file f, to be copied after the run.
// ends are where its parts end in it.
type keptTail struct {
	w    *keptWriter
	f    *tempFile
	ends [4]int64
}

// writeTailTo writes the tail to w, and where its parts end into ends.
func (x *Indexer) writeTailTo(w *keptWriter, ends *[4]int64) error {
	forms, docs := x.allForms()
	w.uvarint(uint64(len(forms)))
	prev := ""
	for i, f := range forms {
		shared := commonPrefix(prev, f.word)
		w.uvarint(uint64(shared))
		w.str(f.word[shared:])
		w.str(f.term)
		w.uvarint(uint64(docs[i]))
		prev = f.word
	}
	ends[0] = w.n
	listLens, err := x.writeLists(w, forms)
	if err != nil {
		return err
	}
	x.written = &keptWritten{lists: listLens}
	ends[1] = w.n
	for i := range x.n {
		for f := range nFields {
			w.uvarint(uint64(x.lens[i][f]))
		}
		w.uvarint(uint64(x.textSize(i)))
		w.uvarint(uint64(x.fragLen(i)))
		w.uvarint(uint64(listLens[i]))
	}
	ends[2] = w.n
	if err := x.writeFragments(w); err != nil {
		return err
	}
	ends[3] = w.n
	return w.w.Flush()
}

// finishKept writes what follows the tail of a kept index, once its run
// is written: the shards and the trailer, after the tail, which is copied
// after the run first when it is in a temporary file.
func (x *Indexer) finishKept(t *keptTail, shards keptShards) error {
	if err := x.kw.w.Flush(); err != nil {
		return err
	}
	runEnd := x.kw.n
	w, start := t.w, runEnd // start: where w's bytes are in the kept index
	if t.f != nil {
		if err := x.kw.copyFrom(t.f.File, 0, t.w.n); err != nil {
			return err
		}
		w, start = x.kw, 0
	}
	w.writeShards(shards)
	shardsEnd := start + w.n
	e := t.ends
	for _, v := range []int64{int64(x.n), int64(categoriesKey(x.opts.Files.Categories)), runEnd, runEnd + e[0], runEnd + e[1], runEnd + e[2], runEnd + e[3], shardsEnd} {
		w.write(binary.LittleEndian.AppendUint64(nil, uint64(v)))
	}
	for _, a := range x.averages() {
		w.write(binary.LittleEndian.AppendUint64(nil, math.Float64bits(a)))
	}
	if err := w.w.Flush(); err != nil {
		return err
	}
	x.written.runEnd, x.written.ends, x.written.shards, x.written.size = runEnd, e, shards, start+w.n
	return nil
}

// keptWritten is what an Indexer knows of the kept index it wrote: the
// length of each document's list of forms,
// where its run and the parts of its tail end, its shards and its size.
type keptWritten struct {
	lists  []int
	runEnd int64
	ends   [4]int64
	shards keptShards
	size   int64
}

// Kept returns the kept index the Indexer wrote last (WriteKept,
// WriteKeptParts), to be read from r, of size bytes: what OpenKept would
// open, without reading again what the Indexer knows of it.
func (x *Indexer) Kept(r io.ReaderAt, size int64) (*Kept, error) {
	w := x.written
	if w == nil || w.size != size {
		return nil, errors.New("search: the Indexer wrote no such kept index")
	}
	start := int64(len(keptHeader))
	k := &Kept{r: r, size: size, n: x.n, cats: categoriesKey(x.opts.Files.Categories), run: [2]int64{start, w.runEnd - start},
		avg: x.averages(), shards: w.shards, doc: make([]keptDoc, x.n)}
	k.forms, k.docs = x.allForms()
	fragAt, listAt := w.runEnd+w.ends[2], w.runEnd+w.ends[0]
	for i := range k.doc {
		d := &k.doc[i]
		d.lens, d.textSize = x.lens[i], uint32(min(x.textSize(i), 1<<32-1))
		d.frag, d.list = [2]int64{fragAt, int64(x.fragLen(i))}, [2]int64{listAt, int64(w.lists[i])}
		fragAt += d.frag[1]
		listAt += d.list[1]
	}
	k.shards.reused, k.shards.keptKeys = 0, 0
	return k, nil
}

// writeFragments writes the fragments of the documents: those of the
// documents the same as the base's are copied from it, a stretch of
// them, one after another there, at a time.
func (x *Indexer) writeFragments(w *keptWriter) error {
	for i := 0; i < x.n; {
		if x.same == nil || !x.same[i] {
			frag, err := x.fragment(i)
			if err != nil {
				return err
			}
			w.write(frag)
			i++
			continue
		}
		docs := x.opts.Base.doc
		start, end := docs[i].frag[0], docs[i].frag[0]+docs[i].frag[1]
		for i++; i < x.n && x.same[i] && docs[i].frag[0] == end; i++ {
			end += docs[i].frag[1]
		}
		if err := w.copyFrom(x.opts.Base.r, start, end-start); err != nil {
			return err
		}
	}
	return nil
}

// JoinKept returns the kept index whose parts, as WriteKeptParts wrote
// them, are run and tail, of their sizes: one after the other, for
// OpenKept.
func JoinKept(run io.ReaderAt, runSize int64, tail io.ReaderAt) io.ReaderAt {
	return &joined{a: run, size: runSize, b: tail}
}

// joined reads a, of size bytes, then b.
type joined struct {
	a, b io.ReaderAt
	size int64
}

func (j *joined) ReadAt(p []byte, off int64) (int, error) {
	if off >= j.size {
		return j.b.ReadAt(p, off-j.size)
	}
	if off+int64(len(p)) <= j.size {
		return j.a.ReadAt(p, off)
	}
	k := int(j.size - off)
	n, err := j.a.ReadAt(p[:k], off)
	if err != nil && !(err == io.EOF && n == k) {
		return n, err
	}
	m, err := j.b.ReadAt(p[k:], 0)
	return n + m, err
}

// section returns a reader of the n bytes of r from off. Of a file, it
// reads from the file's own offset, which it sets, so that a copy into
// another file is made by the system (copy_file_range on Linux), not
// through the process's memory: r's offset must not be used elsewhere.
func section(r io.ReaderAt, off, n int64) io.Reader {
	if j, ok := r.(*joined); ok {
		if off >= j.size {
			return section(j.b, off-j.size, n)
		}
		if off+n <= j.size {
			return section(j.a, off, n)
		}
	}
	if f, ok := r.(*os.File); ok {
		if _, err := f.Seek(off, io.SeekStart); err == nil {
			return io.LimitReader(f, n)
		}
	}
	return io.NewSectionReader(r, off, n)
}

// copyFrom writes the n bytes of r from off (see section).
func (w *keptWriter) copyFrom(r io.ReaderAt, off, n int64) error {
	got, err := w.w.ReadFrom(section(r, off, n))
	w.n += got
	if err == nil && got != n {
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		return fmt.Errorf("search: reading the kept index: %w", err)
	}
	return nil
}

// writeShards writes the shards of postings.
func (w *keptWriter) writeShards(shards keptShards) {
	w.uvarint(uint64(shards.size))
	w.uvarint(uint64(len(shards.list)))
	prev := ""
	for _, s := range shards.list {
		shared := commonPrefix(prev, s.head.Key)
		w.uvarint(uint64(shared))
		w.str(s.head.Key[shared:])
		cont := byte(0)
		if s.head.Cont {
			cont = 1
		}
		w.write([]byte{cont})
		w.uvarint(uint64(s.pieces))
		w.write(binary.LittleEndian.AppendUint64(nil, s.file))
		prev = s.head.Key
	}
}

// compareForms orders forms of words by word, then term.
func compareForms(a, b wordForm) int {
	return cmp.Or(strings.Compare(a.word, b.word), strings.Compare(a.term, b.term))
}

// writeLists writes each document's list of forms, by their numbers in
// forms, and returns the length of each. A document the same as the
// base's has its list renumbered; the forms of one given again are looked
// up, in a map when there are many such documents.
func (x *Indexer) writeLists(w *keptWriter, forms []wordForm) ([]int, error) {
	renumber := x.renumber(forms)
	given := 0
	for i := range x.n {
		if x.same == nil || !x.same[i] {
			given++
		}
	}
	var number map[wordForm]int
	if given > x.n/16 {
		number = make(map[wordForm]int, len(forms))
		for i, f := range forms {
			number[f] = i
		}
	}
	find := func(f wordForm) int {
		if number != nil {
			return number[f]
		}
		i, _ := slices.BinarySearchFunc(forms, f, compareForms)
		return i
	}
	lens := make([]int, x.n)
	var nums, old []int
	var b []byte
	for i := range x.n {
		nums = nums[:0]
		if x.same != nil && x.same[i] {
			var err error
			if old, err = x.opts.Base.formsOf(i, old[:0]); err != nil {
				return nil, err
			}
			for _, v := range old {
				nums = append(nums, renumber[v])
			}
		} else {
			fs, err := x.docForms(i)
			if err != nil {
				return nil, err
			}
			for _, f := range fs {
				nums = append(nums, find(f))
			}
			slices.Sort(nums)
		}
		b = b[:0]
		last := 0
		for _, v := range nums {
			b = binary.AppendUvarint(b, uint64(v-last))
			last = v
		}
		w.write(b)
		lens[i] = len(b)
	}
	return lens, nil
}

// renumber returns the number in forms of each form of the base, for
// those still in it: both are in order.
func (x *Indexer) renumber(forms []wordForm) []int {
	if x.opts.Base == nil {
		return nil
	}
	old := x.opts.Base.forms
	out := make([]int, len(old))
	j := 0
	for i, f := range old {
		for j < len(forms) && compareForms(forms[j], f) < 0 {
			j++
		}
		out[i] = j
	}
	return out
}
