package search

import (
	"bufio"
	"bytes"
	"cmp"
	"container/heap"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/visual-guides/guides"
)

// IndexerOptions shape an Indexer.
type IndexerOptions struct {
	// Spill lets the Indexer keep what it holds past MemoryBytes in
	// temporary files: the lists being built, in runs sorted by key, and
	// each document's part of the files. Without it everything stays in
	// memory.
	Spill bool
	// TempDir is where those files are made; empty means the system's
	// temporary folder. They are removed as soon as they are made, and
	// only kept open, so that they go with the process however it ends.
	TempDir string
	// MemoryBytes is about how much the lists being built may hold before
	// they are spilled; 0 means 32 MiB.
	MemoryBytes int
	// Files shapes the static files WriteFiles writes. An Indexer that
	// spills encodes each document's part of them as it is given, and
	// keeps no more of the document.
	Files FileOptions
	// Keep has the Indexer keep what WriteKept needs to write the kept
	// index of what it made (see OpenKept), for a later Indexer to start
	// from.
	Keep bool
	// Base is the kept index of an earlier Indexer of as many documents,
	// whose files had the same options: each document either is given
	// again (Add), changed, or is the same as there (Same), and is not
	// analysed again. Only an Indexer that spills starts from one.
	Base *Kept
}

// Indexer builds the index of a known number of documents given one at a
// time, in any order, from several goroutines at once: a site's workers
// give each guide's text as they render its page, and let go of it.
//
// A document's impacts need the average length of each field over all the
// documents, known only once every one is given. So the Indexer keeps, for
// every key, each document's count of the key in each field, compactly;
// when those lists grow past their budget it writes them to a run sorted by
// key and starts afresh. The runs are merged, and the impacts computed, in
// key order at the end, so that the index's files can be encoded as the
// merge goes and no list is held but the one being merged.
type Indexer struct {
	opts     IndexerOptions
	budget   int // of each docIndexer
	spills   bool
	n        int
	catIndex map[string]int // of opts.Files.Categories

	// Without a folder, docs holds every document; with one, frags tells
	// where its fragment is in the file of fragments.
	docs  []Doc
	frags []fragSpan
	lens  [][nFields]uint32
	free  chan *docIndexer
	all   []*docIndexer

	// With a base: which documents are the base's (Same), and where
	// the forms of words of the others are in formFile, when keeping.
	same      []bool
	was       []bool          // given the version the base has (Was)
	touched   map[string]bool // the keys of those versions
	formSpans [][2]int64
	formFile  *tempFile
	kw        *keptWriter
	written   *keptWritten // of the kept index written

	mu      sync.Mutex
	formsAt int64            // the end of formFile
	runs    []*tempFile      // spilled runs
	forms   map[wordForm]int // every form of a word, and how many documents have it; with a base, how many more than there
	// formList and formDocs are every form, in order, and the number of
	// documents that have each (see allForms).
	formsOnce sync.Once
	formList  []wordForm
	formDocs  []int
	fragFile  *tempFile // the documents' fragments, encoded
	offset    int64     // of the next fragment
	added     int
	closed    bool
	failed    error // the first write to a temporary file that failed
}

// NewIndexer returns an Indexer for n documents, numbered from 0.
func NewIndexer(n int, opts IndexerOptions) (*Indexer, error) {
	workers := runtime.GOMAXPROCS(0)
	x := &Indexer{opts: opts, n: n, lens: make([][nFields]uint32, n), forms: map[wordForm]int{}, free: make(chan *docIndexer, workers), catIndex: categoryIndex(opts.Files.Categories)}
	memory := opts.MemoryBytes
	if memory <= 0 {
		memory = 32 << 20
	}
	x.budget = max(memory/workers, 1)
	if opts.Spill {
		f, err := newTempFile(opts.TempDir)
		if err != nil {
			return nil, err
		}
		x.spills = true
		x.fragFile = f
		x.frags = make([]fragSpan, n)
	} else {
		x.docs = make([]Doc, n)
	}
	for range workers {
		d := newDocIndexer()
		x.all = append(x.all, d)
		x.free <- d
	}
	if err := x.startKept(); err != nil {
		x.Close()
		return nil, err
	}
	return x, nil
}

// startKept readies the Indexer to start from its base, and to keep what
// it makes.
func (x *Indexer) startKept() error {
	if b := x.opts.Base; b != nil {
		switch {
		case !x.spills:
			return errors.New("search: only an Indexer that spills starts from a kept index")
		case b.n != x.n:
			return fmt.Errorf("search: a kept index of %d documents for %d", b.n, x.n)
		case b.cats != categoriesKey(x.opts.Files.Categories):
			return errors.New("search: a kept index of other categories")
		}
		x.same = make([]bool, x.n)
	}
	if x.opts.Keep {
		if !x.spills {
			return errors.New("search: only an Indexer that spills keeps its index")
		}
		f, err := newTempFile(x.opts.TempDir)
		if err != nil {
			return err
		}
		x.formFile = f
		x.formSpans = make([][2]int64, x.n)
	}
	return nil
}

// Same tells that document n is the base's document n, unchanged (see
// IndexerOptions.Base): it is not analysed again. Each number is given
// once, by Add or by Same.
func (x *Indexer) Same(n int) error {
	if x.opts.Base == nil || n < 0 || n >= x.n {
		return fmt.Errorf("search: document %d of %d is not in a kept index", n, x.n)
	}
	d := &x.opts.Base.doc[n]
	x.mu.Lock()
	defer x.mu.Unlock()
	x.same[n] = true
	x.lens[n] = d.lens
	x.frags[n] = fragSpan{n: uint32(d.frag[1]), textSize: d.textSize}
	x.added++
	return nil
}

// Was tells the version of document n the base has, when n is given
// again (Add): the keys of that version are the only ones whose lists in
// the base have n. When every document given again was told so, the
// base's lists of other keys, not changed, are kept as they are, without
// being decoded.
func (x *Indexer) Was(n int, old Doc) error {
	if x.opts.Base == nil || n < 0 || n >= x.n {
		return fmt.Errorf("search: document %d of %d is not in a kept index", n, x.n)
	}
	di := newDocIndexer()
	di.add(&old, uint32(n))
	keys := di.keys()
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.touched == nil {
		x.touched, x.was = map[string]bool{}, make([]bool, x.n)
	}
	for _, k := range keys {
		x.touched[k] = true
	}
	x.was[n] = true
	return nil
}

// touchedKeys returns, sorted, the keys the documents given again had in
// the base; nil when there is no base, or one of them was given without
// its version there (Was).
func (x *Indexer) touchedKeys() []string {
	if x.same == nil {
		return nil
	}
	for i, same := range x.same {
		if !same && (x.was == nil || !x.was[i]) {
			return nil
		}
	}
	keys := slices.Sorted(maps.Keys(x.touched))
	if keys == nil {
		keys = []string{}
	}
	return keys
}

// keepForms writes the forms of words of document n, which di has just
// indexed, for the kept index.
func (x *Indexer) keepForms(di *docIndexer, n int) error {
	if x.formFile == nil {
		return nil
	}
	var b []byte
	for _, id := range di.docForms {
		f := di.forms[id]
		b = binary.AppendUvarint(b, uint64(len(f.word)))
		b = append(b, f.word...)
		b = binary.AppendUvarint(b, uint64(len(f.term)))
		b = append(b, f.term...)
	}
	x.mu.Lock()
	at := x.formsAt
	x.formsAt += int64(len(b))
	x.formSpans[n] = [2]int64{at, int64(len(b))}
	x.mu.Unlock()
	if _, err := x.formFile.WriteAt(b, at); err != nil {
		return x.tempError(err)
	}
	return nil
}

// docForms returns the forms of words of document n, which was given
// (Add).
func (x *Indexer) docForms(n int) ([]wordForm, error) {
	b := make([]byte, x.formSpans[n][1])
	if _, err := x.formFile.ReadAt(b, x.formSpans[n][0]); err != nil {
		return nil, fmt.Errorf("search: reading a document's words: %w", err)
	}
	r := bytes.NewReader(b)
	var out []wordForm
	for r.Len() > 0 {
		word, err1 := readString(r)
		term, err2 := readString(r)
		if err1 != nil || err2 != nil {
			return nil, errors.New("search: a document's words are cut short")
		}
		out = append(out, wordForm{word, term})
	}
	return out, nil
}

// fragLen returns the length of document i's fragment, encoded.
func (x *Indexer) fragLen(i int) int { return int(x.frags[i].n) }

// Close removes what the Indexer keeps on disk. It may be called more than
// once, and after WriteFiles or Index.
func (x *Indexer) Close() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.closed {
		return nil
	}
	x.closed = true
	if !x.spills {
		return nil
	}
	err := x.fragFile.Close()
	if x.formFile != nil {
		err = cmp.Or(err, x.formFile.Close())
	}
	for _, f := range x.runs {
		err = cmp.Or(err, f.Close())
	}
	return err
}

// AddEach adds n documents from a goroutine for each core: doc returns
// the number and the document of the k-th, for k from 0 to n-1, and may
// be called from several goroutines at once. It returns the first error,
// of doc or of Add, after which no more documents are asked for; and
// stops when ctx is done.
func (x *Indexer) AddEach(ctx context.Context, n int, doc func(k int) (int, Doc, error)) error {
	workers := min(runtime.GOMAXPROCS(0), n)
	errs := make([]error, workers)
	var failed atomic.Bool
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for k := w; k < n && !failed.Load(); k += workers {
				err := ctx.Err()
				if err != nil {
					err = context.Cause(ctx)
				} else {
					var i int
					var d Doc
					if i, d, err = doc(k); err == nil {
						err = x.Add(i, d)
					}
				}
				if err != nil {
					errs[w] = err
					failed.Store(true)
					return
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// Add indexes d as document number n. Each number is given once; Body is
// not kept.
func (x *Indexer) Add(n int, d Doc) error {
	if n < 0 || n >= x.n {
		return fmt.Errorf("search: document %d of %d", n, x.n)
	}
	x.mu.Lock()
	failed := x.failed
	x.mu.Unlock()
	if failed != nil {
		return failed
	}
	lens := d.fieldLengths()
	for f, l := range lens {
		x.lens[n][f] = uint32(min(l, math.MaxUint32))
	}
	excerpt, size := d.excerptText(), d.countText()

	di := <-x.free
	di.add(&d, uint32(n))
	err := x.keepForms(di, n)
	if err == nil && di.bytes > x.budget && x.spills {
		err = x.spill(di)
	}
	x.free <- di
	if err != nil {
		return err
	}

	d.Body, d.compact, d.textSize, d.excerpt = nil, true, size, excerpt
	if !x.spills {
		x.mu.Lock()
		x.docs[n] = d
		x.added++
		x.mu.Unlock()
		return nil
	}
	frag, err := encodeFragment(&d, excerpt, x.opts.Files.URL, x.catIndex)
	if err != nil {
		return err
	}
	x.mu.Lock()
	off := x.offset
	x.offset += int64(len(frag))
	x.mu.Unlock()
	if _, err := x.fragFile.WriteAt(frag, off); err != nil {
		return x.tempError(err)
	}
	x.mu.Lock()
	x.frags[n] = fragSpan{off: off, n: uint32(len(frag)), textSize: uint32(size)}
	x.added++
	x.mu.Unlock()
	return nil
}

// fragSpan is where a document's fragment is in the file of fragments,
// and the size of its text.
type fragSpan struct {
	off         int64
	n, textSize uint32
}

// textSize returns what document i's text counts to size buckets.
func (x *Indexer) textSize(i int) int {
	if !x.spills {
		return x.docs[i].countText()
	}
	return int(x.frags[i].textSize)
}

// fragment returns the fragment of document i, encoded.
func (x *Indexer) fragment(i int) ([]byte, error) {
	if !x.spills {
		d := &x.docs[i]
		return encodeFragment(d, d.excerpt, x.opts.Files.URL, x.catIndex)
	}
	if x.same != nil && x.same[i] {
		return x.opts.Base.read(x.opts.Base.doc[i].frag)
	}
	b := make([]byte, x.frags[i].n)
	if _, err := x.fragFile.ReadAt(b, x.frags[i].off); err != nil {
		return nil, fmt.Errorf("search: reading a document: %w", err)
	}
	return b, nil
}

// spill writes the lists of di to a new run and empties it.
func (x *Indexer) spill(di *docIndexer) error {
	x.mu.Lock()
	closed := x.closed
	x.mu.Unlock()
	if closed {
		return errors.New("search: the Indexer is closed")
	}
	f, err := newTempFile(x.opts.TempDir)
	if err != nil {
		return x.keep(err)
	}
	w := bufio.NewWriterSize(f, 256<<10)
	di.writeRun(w)
	if err := w.Flush(); err != nil {
		f.Close()
		return x.tempError(err)
	}
	x.mu.Lock()
	x.runs = append(x.runs, f)
	x.mu.Unlock()
	x.takeWords(di)
	di.reset()
	return nil
}

// tempError returns the error of a write to a temporary file as one that
// names their folder (see keep).
func (x *Indexer) tempError(err error) error {
	dir := x.opts.TempDir
	if dir == "" {
		dir = os.TempDir()
	}
	return x.keep(tempFolderError(dir, err))
}

// keep keeps the first error of a temporary file, and returns it: a full
// or read-only folder fails every write alike, and every Add after it
// fails at once with it.
func (x *Indexer) keep(err error) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.failed == nil {
		x.failed = err
	}
	return x.failed
}

// tempFolderError names the folder dir of temporary files in err.
func tempFolderError(dir string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("search: the temporary folder %s: %w", dir, err)
}

// takeWords moves the forms of words of di into the Indexer's.
func (x *Indexer) takeWords(di *docIndexer) {
	x.mu.Lock()
	for id, f := range di.forms {
		x.forms[f] += di.formDocs[id]
	}
	x.mu.Unlock()
	di.forms, di.formDocs, di.formLast = nil, nil, nil
	clear(di.formID)
}

// finish checks that every document was given and returns the runs to
// merge: those on disk and what each docIndexer still holds.
func (x *Indexer) finish() ([]runSource, error) {
	if x.added != x.n {
		return nil, fmt.Errorf("search: %d of %d documents were given", x.added, x.n)
	}
	var srcs []runSource
	for _, di := range x.all {
		if len(di.lists) == 0 {
			x.takeWords(di)
			continue
		}
		if x.spills {
			if err := x.spill(di); err != nil {
				return nil, err
			}
			continue
		}
		var b bytes.Buffer
		di.writeRun(&b)
		x.takeWords(di)
		di.reset()
		srcs = append(srcs, runSource{r: bufio.NewReader(&b)})
	}
	for _, f := range x.runs {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, fmt.Errorf("search: reading a run: %w", err)
		}
		srcs = append(srcs, runSource{r: bufio.NewReaderSize(f, 64<<10)})
	}
	if b := x.opts.Base; b != nil {
		// The base's lists, but for the documents given again, and its
		// forms of words, but for those documents' own.
		sec := io.NewSectionReader(b.r, b.run[0], b.run[1])
		srcs = append(srcs, runSource{r: bufio.NewReaderSize(sec, 64<<10), sec: sec, only: x.same, limit: max(b.run[1], 1), base: true})
		// forms holds what the documents given changed of the base's
		// counts (see allForms).
		for i, same := range x.same {
			if same {
				continue
			}
			nums, err := b.formsOf(i, nil)
			if err != nil {
				return nil, err
			}
			for _, v := range nums {
				x.forms[b.forms[v]]--
			}
		}
	}
	return srcs, nil
}

// merge merges srcs in key order and gives sink each key and its
// postings, in order of document. It returns the words, sorted, with the
// weights of their terms.
//
// When the statistics the base's impacts were computed from are the same,
// a key of the base's run alone that none of the documents given again
// had (see Was) keeps its list as it is, impacts and all, not decoded;
// and a key in the same documents as in the base has only the postings of
// the documents given again put in place (see merger.splice).
func (x *Indexer) merge(ctx context.Context, srcs []runSource, sink postingSink) ([]wordEntry, error) {
	avg := x.averages()
	m := &merger{x: x, sink: sink, n: float64(x.n), quant: newQuantizer(), weight: map[string]int{}}
	for i := len(x.same) - 1; i >= 0; i-- {
		if !x.same[i] {
			m.lastChanged = i
			break
		}
	}
	m.norm = func(doc uint32, f int) float64 {
		return k1 * (1 - fieldB[f] + fieldB[f]*float64(x.lens[doc][f])/avg[f])
	}
	// The base's postings keep their impacts when the statistics they
	// were computed from are the same: the rounded averages here, the
	// key's number of documents below (a base has as many documents as
	// the Indexer, see startKept).
	sameStats := x.opts.Base != nil && x.opts.Base.avg == avg
	touched := x.touchedKeys()
	untouched := sameStats && touched != nil

	h := make(runHeap, 0, len(srcs))
	for i := range srcs {
		ok, err := srcs[i].next()
		if err != nil {
			return nil, err
		}
		if ok {
			h = append(h, &srcs[i])
		}
	}
	heap.Init(&h)
	for len(h) > 0 {
		if err := ctx.Err(); err != nil {
			return nil, context.Cause(ctx)
		}
		key := string(h[0].key)
		if untouched && h.alone() && h[0].base {
			for len(touched) > 0 && touched[0] < key {
				touched = touched[1:]
			}
			if len(touched) == 0 || touched[0] != key {
				s := h[0]
				if err := m.keep(key, keptList{count: s.count, data: s.data, imps: s.imps, span: s.span}); err != nil {
					return nil, err
				}
				if err := h.advance(key); err != nil {
					return nil, err
				}
				continue
			}
		}
		if sameStats {
			ok, err := m.splice(&h, key)
			if err != nil {
				return nil, err
			}
			if ok {
				continue
			}
		}
		if err := m.mergeKey(&h, key, sameStats); err != nil {
			return nil, err
		}
	}
	return x.words(m.weight), nil
}

// merger is what merge keeps from key to key.
type merger struct {
	x       *Indexer
	sink    postingSink
	n       float64 // documents
	norm    func(doc uint32, f int) float64
	quant   *quantizer
	weight  map[string]int // of each term: its best impact
	prevKey string         // the key kept before

	raw, scratch []rawPosting
	list         []Posting
	imps, data   []byte
	base         baseKey
	// lastChanged is the number of the last document given again.
	lastChanged int
}

// idf returns the inverse document frequency of a key in df documents.
func (m *merger) idf(df int) float64 {
	return math.Log(1 + (m.n-float64(df)+0.5)/(float64(df)+0.5))
}

// impact returns the quantized impact of p, a posting of a key in df
// documents, whose idf is idf. A key in most documents (a word the
// collection uses everywhere) has its impacts at half the precision, the
// step below the odd ones: they are a query's smallest, and the longest
// lists, which a query reads whole; ranked alone, such a key tells guides
// apart by 12% of their impact instead of 6%, and its list, compressed,
// is about a seventh smaller.
func (m *merger) impact(p rawPosting, idf float64, df int) uint8 {
	q := m.quant.quantize(idf * score(p, m.norm))
	if 2*float64(df) > m.n {
		q &^= 1
	}
	return q
}

// keep gives the sink and the kept index the postings of key as they
// are encoded in k.
func (m *merger) keep(key string, k keptList) error {
	if isTerm(key) {
		m.weight[key] = bestImpact(k.imps)
	}
	if m.x.kw != nil {
		m.x.kw.keyBytes(m.prevKey, key, k.count, k.data, k.imps)
	}
	m.prevKey = key
	return m.sink.addKept(key, k)
}

// mergeKey merges the postings of key from every run of h that has it,
// decoded, and moves those runs on.
func (m *merger) mergeKey(h *runHeap, key string, sameStats bool) error {
	var err error
	base := &m.base
	if m.raw, err = h.take(key, m.raw[:0], base); err != nil {
		return err
	}
	raw := m.raw
	raw, m.scratch = byDoc(raw, m.scratch)
	m.raw = raw
	if len(raw) == 0 {
		m.sink.drop()
		return nil // every posting was a changed document's
	}
	df := len(raw)
	// With the key in as many documents as in the base, its postings
	// from the base keep their impacts: only those of the documents
	// given again are computed.
	reuse := sameStats && base.count == df
	idf := m.idf(df)
	list, imps := m.list[:0], m.imps[:0]
	for _, p := range raw {
		imp := uint8(p.imp)
		if !reuse || p.imp < 0 {
			imp = m.impact(p, idf, df)
		}
		list = append(list, Posting{Doc: p.doc, Impact: imp})
		imps = append(imps, imp)
	}
	m.list, m.imps = list, imps
	if kw := m.x.kw; kw != nil {
		if base.whole {
			kw.keyBytes(m.prevKey, key, len(raw), base.data, imps)
		} else {
			kw.key(m.prevKey, key, raw, imps)
		}
	}
	m.prevKey = key
	if isTerm(key) {
		m.weight[key] = bestImpact(imps)
	}
	if base.count > 0 && slices.Equal(list, base.all) {
		return m.sink.addUnchanged(key, list, base.span)
	}
	return m.sink.add(key, list)
}

// score returns BM25's weight of a key in a document without its idf,
// summed over the fields with their weights, from the counts of p: norm
// gives k1 times the length of the document's field relative to the
// average. It is rounded to a float32, as indexes have always kept it,
// so that impacts stay what they were.
func score(p rawPosting, norm func(doc uint32, f int) float64) float64 {
	var s float64
	for f, tf := range p.tf {
		if tf > 0 {
			s += fieldWeight[f] * float64(tf) * (k1 + 1) / (float64(tf) + norm(p.doc, f))
		}
	}
	return float64(float32(s))
}

// baseKey is what merge keeps of a key's postings in the base's run.
type baseKey struct {
	// count is the number of the key's postings in the base's run, 0
	// when it has not the key.
	count int
	// whole is true when the base's run alone has the key, and every one
	// of its postings is still the key's: its list is the same as the
	// base's, and data is the postings' encoding in the run.
	whole bool
	data  []byte
	// all is every posting of the key in the base's run, with its
	// impact, those of the documents given again too, and span where
	// its record is in the run.
	all  []Posting
	span [2]int64
}

// averages returns the average length of each field over the documents,
// at least 1, rounded to a sixteenth of a doubling (about 4%): BM25
// compares a field's length with it. Rounded, it moves only now and then
// as documents change, and the impacts of the keys of the documents that
// did not change stay the same, so that an Indexer starting from a kept
// index need not compute them again. A field's length 2% away from its
// true average ranks all but alike.
func (x *Indexer) averages() [nFields]float64 {
	var avg [nFields]float64
	for _, l := range x.lens {
		for f := range nFields {
			avg[f] += float64(l[f])
		}
	}
	for f := range nFields {
		a := max(avg[f]/float64(max(x.n, 1)), 1)
		avg[f] = math.Exp2(math.Round(16*math.Log2(a)) / 16)
	}
	return avg
}

// take appends to raw the postings of key from every run of h whose
// current key it is, and moves those runs on. It tells in base whether
// the key's postings are the base's, unchanged.
func (h *runHeap) take(key string, raw []rawPosting, base *baseKey) ([]rawPosting, error) {
	base.whole, base.count = false, 0
	sources := 0
	for len(*h) > 0 && string((*h)[0].key) == key {
		s := (*h)[0]
		sources++
		before := len(raw)
		var err error
		if raw, err = s.decode(raw); err != nil {
			return nil, err
		}
		if s.base {
			base.count, base.span = s.count, s.span
			base.all = append(base.all[:0], s.all...)
		}
		if s.base && sources == 1 && len(raw)-before == s.count {
			base.whole = true
			base.data = append(base.data[:0], s.data...)
		} else {
			base.whole = false
		}
		ok, err := s.next()
		if err != nil {
			return nil, err
		}
		if ok {
			heap.Fix(h, 0)
		} else {
			heap.Pop(h)
		}
	}
	return raw, nil
}

// words returns the words of the documents, sorted, with the weights of
// their terms.
func (x *Indexer) words(weight map[string]int) []wordEntry {
	// A word written two ways may have two terms ("o’reilly’s" and
	// "oreillys"): it keeps the least, the first of its forms in order.
	forms, _ := x.allForms()
	var words []wordEntry
	for i, f := range forms {
		if i == 0 || f.word != forms[i-1].word {
			words = append(words, wordEntry{word: f.word, term: f.term, weight: weight[f.term]})
		}
	}
	return words
}

// allForms returns every form of a word the documents have, in order,
// and the number of documents that have each: with a base, its forms and
// counts, moved by what the documents given changed of them (forms),
// else forms alone. It is made once, when every document is given.
func (x *Indexer) allForms() ([]wordForm, []int) {
	x.formsOnce.Do(func() {
		delta := slices.SortedFunc(maps.Keys(x.forms), compareForms)
		var base []wordForm
		var baseDocs []int
		if b := x.opts.Base; b != nil {
			base, baseDocs = b.forms, b.docs
		}
		forms := make([]wordForm, 0, len(base)+len(delta))
		docs := make([]int, 0, len(base)+len(delta))
		for i, j := 0, 0; i < len(base) || j < len(delta); {
			var c int
			switch {
			case j == len(delta):
				c = -1
			case i == len(base):
				c = 1
			default:
				c = compareForms(base[i], delta[j])
			}
			var f wordForm
			n := 0
			if c <= 0 {
				f, n = base[i], baseDocs[i]
				i++
			}
			if c >= 0 {
				f, n = delta[j], n+x.forms[delta[j]]
				j++
			}
			if n > 0 {
				forms, docs = append(forms, f), append(docs, n)
			}
		}
		x.formList, x.formDocs = forms, docs
	})
	return x.formList, x.formDocs
}

// byDoc orders the postings of raw by document, and returns them with the
// scratch space to reuse. raw is made of a piece from each run, each
// nearly in order: a site gives its documents about in order, from
// several goroutines. So it is cut where a document comes before the one
// it follows, and the parts, each in order, are merged two by two through
// scratch (a natural merge sort): a list of k parts costs n·log k.
func byDoc(raw, scratch []rawPosting) (sorted, space []rawPosting) {
	if slices.IsSortedFunc(raw, func(a, b rawPosting) int { return cmp.Compare(a.doc, b.doc) }) {
		return raw, scratch
	}
	bounds := []int{0}
	for i := 1; i < len(raw); i++ {
		if raw[i].doc < raw[i-1].doc {
			bounds = append(bounds, i)
		}
	}
	bounds = append(bounds, len(raw))
	for len(bounds) > 2 {
		scratch = scratch[:0]
		next := []int{0}
		for i := 0; i+1 < len(bounds); i += 2 {
			a := raw[bounds[i]:bounds[i+1]]
			var b []rawPosting
			if i+2 < len(bounds) {
				b = raw[bounds[i+1]:bounds[i+2]]
			}
			scratch = mergeByDoc(scratch, a, b)
			next = append(next, len(scratch))
		}
		raw, scratch, bounds = scratch, raw, next
	}
	return raw, scratch
}

// mergeByDoc appends to out the postings of a and b, each in order of
// document, in order of document.
func mergeByDoc(out, a, b []rawPosting) []rawPosting {
	for len(a) > 0 && len(b) > 0 {
		if b[0].doc < a[0].doc {
			out, b = append(out, b[0]), b[1:]
		} else {
			out, a = append(out, a[0]), a[1:]
		}
	}
	return append(append(out, a...), b...)
}

// bestImpact returns the highest of the impacts imps.
func bestImpact(imps []byte) int {
	best := 0
	for _, v := range imps {
		best = max(best, int(v))
	}
	return best
}

// isTerm reports whether key is a term's, not a pair's or a filter's.
func isTerm(key string) bool {
	return !strings.HasPrefix(key, "#") && !strings.HasPrefix(key, pairPrefix)
}

// Index merges what the Indexer holds into an Index in memory. Only an
// Indexer that does not spill keeps the documents an Index shows.
func (x *Indexer) Index(ctx context.Context) (*Index, error) {
	if x.spills {
		return nil, errors.New("search: an Indexer that spills makes files, not an Index")
	}
	srcs, err := x.finish()
	if err != nil {
		return nil, err
	}
	ix := &Index{}
	words, err := x.merge(ctx, srcs, emitSink(func(key string, list []Posting) error {
		ix.keys = append(ix.keys, key)
		ix.lists = append(ix.lists, slices.Clone(list))
		return nil
	}))
	if err != nil {
		return nil, err
	}
	ix.words, ix.Docs = words, x.docs
	return ix, nil
}

// rawPosting is one document of a key's list before its impact is known:
// its number, and how often the key is in each of its fields.
type rawPosting struct {
	doc uint32
	tf  [nFields]uint16
	imp int16 // the impact the base's run gives it; -1 for a posting of another run
}

// A run holds keys in order, each once. For each, the bytes it shares with
// the key before and the rest of it (length, then bytes), the number of
// its postings, the length of their encoding and the encoding: for each
// posting, the difference from the document number of the posting before
// (zig-zag, from zero), a byte whose bits tell which fields have the key,
// and the count in each of those fields. Numbers are unsigned varints.

// maxKeyBytes bounds the length of a key a run is believed to hold:
// far past any key a document makes (a pair of two long words).
const maxKeyBytes = 1 << 20

// runSource reads a run.
type runSource struct {
	r     *bufio.Reader
	key   []byte
	count int
	data  []byte
	only  []bool // when set, the documents whose postings are read; the others' are left out
	// limit, when not zero, is the size of the run: a key whose postings
	// say they are longer is refused, not allocated.
	limit int64
	// base is true for the run of a kept index, whose keys have their
	// impacts after their postings, in imps; sec is the run, and span
	// where the current key's record is in it.
	base bool
	imps []byte
	sec  *io.SectionReader
	span [2]int64
	all  []Posting
}

// offset returns how much of the run has been read.
func (s *runSource) offset() int64 {
	if s.sec == nil {
		return 0
	}
	at, _ := s.sec.Seek(0, io.SeekCurrent)
	return at - int64(s.r.Buffered())
}

// next reads the next key of the run and its postings; false at its end.
func (s *runSource) next() (bool, error) {
	s.span[0] = s.offset()
	shared, err := binary.ReadUvarint(s.r)
	if err == io.EOF {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("search: reading a run: %w", err)
	}
	rest, err := s.uvarint()
	if err != nil {
		return false, err
	}
	if shared > uint64(len(s.key)) {
		return false, errors.New("search: reading a run: a key shares more than there is")
	}
	if rest > maxKeyBytes || s.limit > 0 && rest > uint64(s.limit) {
		return false, errors.New("search: reading a run: a key longer than the run")
	}
	s.key = s.key[:shared]
	s.key = slices.Grow(s.key, int(rest))[:int(shared)+int(rest)]
	if _, err := io.ReadFull(s.r, s.key[shared:]); err != nil {
		return false, fmt.Errorf("search: reading a run: %w", err)
	}
	count, err := s.uvarint()
	if err != nil {
		return false, err
	}
	size, err := s.uvarint()
	if err != nil {
		return false, err
	}
	if s.limit > 0 && (size > uint64(s.limit) || count > size) {
		return false, errors.New("search: reading a run: a key's postings are longer than the run")
	}
	s.count = int(count)
	s.data = slices.Grow(s.data[:0], int(size))[:size]
	if _, err := io.ReadFull(s.r, s.data); err != nil {
		return false, fmt.Errorf("search: reading a run: %w", err)
	}
	if s.base {
		s.imps = slices.Grow(s.imps[:0], int(count))[:count]
		if _, err := io.ReadFull(s.r, s.imps); err != nil {
			return false, fmt.Errorf("search: reading a run: %w", err)
		}
	}
	s.span[1] = s.offset()
	return true, nil
}

func (s *runSource) uvarint() (uint64, error) {
	v, err := binary.ReadUvarint(s.r)
	if err != nil {
		return 0, fmt.Errorf("search: reading a run: %w", io.ErrUnexpectedEOF)
	}
	return v, nil
}

// decode appends the postings of the current key to out; a base's are
// all in s.all besides.
func (s *runSource) decode(out []rawPosting) ([]rawPosting, error) {
	b := s.data
	s.all = s.all[:0]
	doc := int64(0)
	for k := range s.count {
		d, n := binary.Uvarint(b)
		if n <= 0 || n >= len(b) {
			return out, errors.New("search: reading a run: a posting is cut short")
		}
		doc += int64(d>>1) ^ -int64(d&1)
		mask := b[n]
		b = b[n+1:]
		p := rawPosting{doc: uint32(doc), imp: -1}
		if s.base {
			p.imp = int16(s.imps[k])
			s.all = append(s.all, Posting{Doc: uint32(doc), Impact: s.imps[k]})
		}
		for f := range nFields {
			if mask&(1<<f) == 0 {
				continue
			}
			tf, n := binary.Uvarint(b)
			if n <= 0 {
				return out, errors.New("search: reading a run: a count is cut short")
			}
			p.tf[f] = uint16(min(tf, 65535))
			b = b[n:]
		}
		if s.only != nil && (doc < 0 || doc >= int64(len(s.only)) || !s.only[doc]) {
			continue
		}
		out = append(out, p)
	}
	return out, nil
}

// runHeap orders runs by their current key.
type runHeap []*runSource

func (h runHeap) Len() int           { return len(h) }
func (h runHeap) Less(i, j int) bool { return bytes.Compare(h[i].key, h[j].key) < 0 }
func (h runHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *runHeap) Push(x any)        { *h = append(*h, x.(*runSource)) }

// alone reports whether the run at the top of h is the only one whose
// current key is the least: the heap's order puts any other among the
// top's children.
func (h runHeap) alone() bool {
	if len(h) == 0 {
		return false
	}
	for _, i := range []int{1, 2} {
		if i < len(h) && bytes.Equal(h[i].key, h[0].key) {
			return false
		}
	}
	return true
}

// advance moves on every run whose current key is key.
func (h *runHeap) advance(key string) error {
	for len(*h) > 0 && string((*h)[0].key) == key {
		ok, err := (*h)[0].next()
		if err != nil {
			return err
		}
		if ok {
			heap.Fix(h, 0)
		} else {
			heap.Pop(h)
		}
	}
	return nil
}

func (h *runHeap) Pop() any {
	old := *h
	s := old[len(old)-1]
	*h = old[:len(old)-1]
	return s
}

// docIndexer gathers the lists of the documents one goroutine gives at a
// time. Keys have ids: a term's is given by terms, a pair's by pairs from
// the ids of its terms, and a filter's by filters.
type docIndexer struct {
	an      *Analyzer
	terms   map[string]uint32
	names   []string          // of term and filter ids; "" for pairs
	pairs   map[uint64]uint32 // by the ids of the two terms
	pairOf  [][2]uint32       // the terms of each id's pair
	lists   [][]byte          // encoded postings by key id (see runSource)
	counts  []uint32          // of postings by key id
	last    []uint32          // the document of each list's last posting
	bytes   int               // about how much the lists hold
	tf      [][nFields]uint16 // of the document's keys
	slot    []int32           // of each key id in tf, or -1
	touched []uint32          // the document's key ids
	seen    map[string]bool   // the document's filter keys

	// The forms of words: each word with its term, and the number of
	// documents it is in; the forms of the document being indexed.
	forms    []wordForm
	formID   map[wordForm]uint32
	formDocs []int
	formLast []uint32 // the last document with each form, plus one
	docForms []uint32
}

// wordForm is a word as a document writes it, with its term.
type wordForm struct{ word, term string }

func newDocIndexer() *docIndexer {
	x := &docIndexer{an: NewAnalyzer(), seen: map[string]bool{}, formID: map[wordForm]uint32{}}
	x.reset()
	return x
}

// form counts the word w of term in the document n.
func (x *docIndexer) form(w, term string, n uint32) {
	id, ok := x.formID[wordForm{w, term}]
	if !ok {
		id = uint32(len(x.forms))
		f := wordForm{strings.Clone(w), term}
		x.forms = append(x.forms, f)
		x.formID[f] = id
		x.formDocs = append(x.formDocs, 0)
		x.formLast = append(x.formLast, 0)
		x.bytes += 2*keyBytes + len(w)
	}
	if x.formLast[id] != n+1 {
		x.formLast[id] = n + 1
		x.formDocs[id]++
		x.docForms = append(x.docForms, id)
	}
}

// reset lets go of the lists.
func (x *docIndexer) reset() {
	x.terms, x.pairs = map[string]uint32{}, map[uint64]uint32{}
	x.names, x.pairOf, x.lists, x.counts, x.last, x.slot = nil, nil, nil, nil, nil, nil
	x.bytes = 0
}

// keyBytes is about what a key costs besides its postings: its name, the
// entries of maps and slices.
const keyBytes = 112

// id returns the id of a term or filter key, making one when it has none.
func (x *docIndexer) id(key string) uint32 {
	if id, ok := x.terms[key]; ok {
		return id
	}
	key = strings.Clone(key)
	id := x.newID(key)
	x.terms[key] = id
	x.bytes += 2 * len(key)
	return id
}

func (x *docIndexer) newID(name string) uint32 {
	id := uint32(len(x.lists))
	x.lists = append(x.lists, nil)
	x.names = append(x.names, name)
	x.pairOf = append(x.pairOf, [2]uint32{})
	x.counts = append(x.counts, 0)
	x.last = append(x.last, 0)
	x.slot = append(x.slot, -1)
	x.bytes += keyBytes
	return id
}

// maxDocKeys is the most terms and pairs of terms a document is indexed
// by: the keys past them, in the order of its fields, are left out. A
// guide of a few kilobytes has a few thousand; a text whose every word is
// new, or a script without spaces whose every two characters are a term,
// would otherwise cost the index many times what plain text of its size
// costs.
const maxDocKeys = 1 << 16

// docTerm returns the id of term for the document being indexed, or false
// when the document has maxDocKeys keys already, and not this one.
func (x *docIndexer) docTerm(term string) (uint32, bool) {
	if len(x.touched) < maxDocKeys {
		return x.id(term), true
	}
	id, ok := x.terms[term]
	return id, ok && x.slot[id] >= 0
}

// docPair is docTerm for the pair of terms a and b.
func (x *docIndexer) docPair(a, b uint32) (uint32, bool) {
	if len(x.touched) < maxDocKeys {
		return x.pair(a, b), true
	}
	id, ok := x.pairs[uint64(a)<<32|uint64(b)]
	return id, ok && x.slot[id] >= 0
}

// pair returns the id of the pair of terms a and b.
func (x *docIndexer) pair(a, b uint32) uint32 {
	k := uint64(a)<<32 | uint64(b)
	if id, ok := x.pairs[k]; ok {
		return id
	}
	id := x.newID("")
	x.pairs[k] = id
	x.pairOf[id] = [2]uint32{a, b}
	return id
}

// count counts one occurrence of key id in field f of the document.
func (x *docIndexer) count(id uint32, f int) {
	s := x.slot[id]
	if s < 0 {
		s = int32(len(x.touched))
		x.slot[id] = s
		x.touched = append(x.touched, id)
		if int(s) < len(x.tf) {
			x.tf[s] = [nFields]uint16{}
		} else {
			x.tf = append(x.tf, [nFields]uint16{})
		}
	}
	if x.tf[s][f] < 65535 {
		x.tf[s][f]++
	}
}

// post appends document n, with the counts tf, to the list of key id.
func (x *docIndexer) post(id, n uint32, tf *[nFields]uint16) {
	l := x.lists[id]
	before := cap(l)
	d := int64(n) - int64(x.last[id])
	l = appendCounts(binary.AppendUvarint(l, uint64(d<<1)^uint64(d>>63)), tf)
	x.lists[id] = l
	x.counts[id]++
	x.last[id] = n
	x.bytes += cap(l) - before
}

// add indexes d, document number n.
func (x *docIndexer) add(d *Doc, n uint32) {
	x.docForms = x.docForms[:0]
	field := func(f int, text string) {
		prevPos, prevID := -2, uint32(0)
		x.an.Each(text, func(t Token) {
			id, ok := x.docTerm(t.Term)
			if !ok {
				prevPos = -2
				return
			}
			x.form(t.Word, x.names[id], n)
			x.count(id, f)
			if f != fCode && t.Pos == prevPos+1 {
				if pair, ok := x.docPair(prevID, id); ok {
					x.count(pair, f)
				}
			}
			prevPos, prevID = t.Pos, id
		})
	}
	field(fTitle, d.Title)
	for _, h := range d.Body {
		switch h.Kind {
		case Heading:
			field(fHeadings, h.Text)
		case Prose:
			field(fBody, h.Text)
		case Code:
			field(fCode, h.Text)
		}
	}
	for _, t := range d.Tags {
		field(fTags, t)
	}
	for _, t := range d.CategoryTitles {
		field(fCategories, t)
	}
	field(fDescription, d.Description)
	for i, id := range x.touched {
		x.post(id, n, &x.tf[i])
		x.slot[id] = -1
	}
	x.touched = x.touched[:0]
	var none [nFields]uint16
	for _, c := range d.Categories {
		x.post(x.id(categoryKey+c), n, &none)
	}
	clear(x.seen)
	for _, t := range d.Tags {
		key := tagKey + guides.TagKey(t)
		if !x.seen[key] {
			x.seen[key] = true
			x.post(x.id(key), n, &none)
		}
	}
}

// keys returns the key of each id.
func (x *docIndexer) keys() []string {
	names := make([]string, len(x.names))
	for id, name := range x.names {
		if name == "" {
			p := x.pairOf[id]
			name = pairKey(x.names[p[0]], x.names[p[1]])
		}
		names[id] = name
	}
	return names
}

// writeRun writes the lists as a run (see runSource).
func (x *docIndexer) writeRun(w io.Writer) {
	names := x.keys()
	order := make([]uint32, len(names))
	for i := range order {
		order[i] = uint32(i)
	}
	slices.SortFunc(order, func(a, b uint32) int { return strings.Compare(names[a], names[b]) })
	var buf []byte
	prev := ""
	for _, id := range order {
		key := names[id]
		shared := commonPrefix(prev, key)
		buf = binary.AppendUvarint(buf[:0], uint64(shared))
		buf = binary.AppendUvarint(buf, uint64(len(key)-shared))
		buf = append(buf, key[shared:]...)
		buf = binary.AppendUvarint(buf, uint64(x.counts[id]))
		buf = binary.AppendUvarint(buf, uint64(len(x.lists[id])))
		w.Write(buf)
		w.Write(x.lists[id])
		x.lists[id] = nil
		prev = key
	}
}

// tempFile is a temporary file that has no name once it is made, on
// systems that allow it: it goes with the process, however that ends.
type tempFile struct {
	*os.File
	name string // to remove on Close, where it could not be at once
}

// newTempFile makes a tempFile in dir, or in the system's temporary folder
// when dir is empty: a file that never had a name where the system makes
// one (openUnnamed), else one removed right after it is made.
func newTempFile(dir string) (*tempFile, error) {
	if dir == "" {
		dir = os.TempDir()
	}
	if f, err := openUnnamed(dir); err == nil {
		return &tempFile{File: f}, nil
	}
	f, err := os.CreateTemp(dir, "guides-index-")
	if err != nil {
		return nil, tempFolderError(dir, err)
	}
	t := &tempFile{File: f}
	if os.Remove(f.Name()) != nil {
		t.name = f.Name()
	}
	return t, nil
}

// Close closes the file, and removes it if it has a name still.
func (t *tempFile) Close() error {
	err := t.File.Close()
	if t.name != "" {
		err = cmp.Or(os.Remove(t.name), err)
	}
	return err
}
