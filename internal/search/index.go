package search

import (
	"context"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/visual-guides/guides"
)

// Doc is one guide as the index reads and shows it.
type Doc struct {
	ID          string
	Title       string
	Description string
	Tags        []string // as the guide writes them
	// Categories holds the ids of the guide's categories, each once, and
	// CategoryTitles their titles.
	Categories     []string
	CategoryTitles []string
	// Date is the guide's createdAt; DateOnly tells that it was written
	// without a time.
	Date     time.Time
	DateOnly bool
	// Body is the text of the guide's body.
	Body Text

	// excerpt and textSize stand for Body once BuildCompact has let it
	// go: the text excerpts are cut from, and the size WriteFiles counts.
	excerpt  string
	textSize int
	compact  bool
}

// maxExcerptText is how much of a body's text, in bytes, excerpts are
// cut from; maxCodeText is how much of each code block it keeps. Matches
// further on still count for ranking.
const (
	maxExcerptText = 8 << 10
	maxCodeText    = 400
)

// DocOf returns the Doc of g, a guide of c, whose body's text is body: the
// one way the site and the terminal make them, so that both rank alike.
func DocOf(c *guides.Collection, g *guides.Guide, body Text) Doc {
	d := Doc{ID: g.ID, Title: g.Title, Description: g.Description, Tags: g.Tags, Date: g.CreatedAt, DateOnly: g.DateOnly, Body: body}
	for i, id := range g.Categories {
		cat := c.Category(id)
		if cat == nil || slices.Contains(g.Categories[:i], id) {
			continue
		}
		d.Categories = append(d.Categories, id)
		d.CategoryTitles = append(d.CategoryTitles, cat.Title)
	}
	return d
}

// excerptText returns the text excerpts of d are cut from: its body's
// blocks, one a line, code blocks shortened, at most maxExcerptText bytes
// cut at a line end.
func (d *Doc) excerptText() string {
	if d.compact {
		return d.excerpt
	}
	var b strings.Builder
	for _, bl := range d.Body {
		t := bl.Text
		if bl.Kind == Code && len(t) > maxCodeText {
			t = cutText(t, maxCodeText)
		}
		if b.Len()+len(t)+1 > maxExcerptText {
			if b.Len() == 0 {
				b.WriteString(cutText(t, maxExcerptText))
			}
			break
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(t)
	}
	return b.String()
}

// cutText returns s cut to at most n bytes at a space, or at a character.
func cutText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := strings.LastIndexByte(s[:n], ' ')
	if i <= 0 {
		i = n
		for i > 0 && !isRuneStart(s[i]) {
			i--
		}
	}
	return s[:i]
}

func isRuneStart(b byte) bool { return b&0xc0 != 0x80 }

// The fields of a guide, and how much a word counts in each: the title
// most, then headings, tags, categories, the description, the body, and
// code least.
const (
	fTitle = iota
	fHeadings
	fTags
	fCategories
	fDescription
	fBody
	fCode
	nFields
)

var (
	fieldWeight = [nFields]float64{10, 4, 3, 2, 1.5, 1, 0.25}
	// fieldB is BM25's length normalisation in each field: none in the
	// lists of names.
	fieldB = [nFields]float64{0.5, 0.5, 0, 0, 0.5, 0.75, 0.75}
)

// k1 is BM25's saturation: how fast more of the same word stops counting.
const k1 = 1.2

// Filter keys: the postings of a category and of a tag are stored beside
// the words, under keys no word can have.
const (
	categoryKey = "#c:"
	tagKey      = "#t:"
)

// Index is the search index of a list of Docs: for every term, pair of
// terms standing together, category and tag, the documents that have it
// with a quantized impact, and every word with its term, for prefix
// matching. Documents are numbered in the order given.
type Index struct {
	Docs  []Doc
	keys  []string    // sorted
	lists [][]Posting // by key
	words []wordEntry // sorted by word
}

// Posting is one document of a key's list: its number and quantized
// impact (see Impact).
type Posting struct {
	Doc    uint32
	Impact uint8
}

// wordEntry is a word the documents use, and its term.
type wordEntry struct {
	word, term string
	df         int // the number of documents with the term
}

// textSize is what WriteFiles counts of d's text to size buckets.
func (d *Doc) countText() int {
	if d.compact {
		return d.textSize
	}
	n := 0
	for _, b := range d.Body {
		n += min(len(b.Text), maxCodeText) + 1
	}
	return n
}

// BuildCompact is BuildContext for a caller that has no more use for the Body of
// docs: each is let go once indexed, and only the text excerpts are cut
// from is kept, so that an index of many documents holds little more than
// its lists.
func BuildCompact(ctx context.Context, docs []Doc) (*Index, error) {
	return build(ctx, docs, true)
}

// Build indexes docs, on every core.
//
// A word's impact in a document is BM25's, summed over the fields with
// their weights: idf × Σ weight × tf × (k1 + 1) / (tf + k1 × (1 − b + b ×
// length / average length)), where lengths are counted in bytes, known
// before the words are.
func Build(docs []Doc) *Index {
	ix, _ := BuildContext(context.Background(), docs)
	return ix
}

// BuildContext is Build, stopping soon with the context's cause when ctx
// is done.
func BuildContext(ctx context.Context, docs []Doc) (*Index, error) {
	return build(ctx, docs, false)
}

func build(ctx context.Context, docs []Doc, compact bool) (*Index, error) {
	workers := runtime.GOMAXPROCS(0)
	if len(docs) < 64 {
		workers = 1
	}
	var avg [nFields]float64
	for i := range docs {
		l := docs[i].fieldLengths()
		for f := range nFields {
			avg[f] += float64(l[f])
		}
	}
	for f := range nFields {
		avg[f] = max(avg[f]/float64(max(len(docs), 1)), 1)
	}
	parts := make([]*docIndexer, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := len(docs)*w/workers, len(docs)*(w+1)/workers
		wg.Go(func() {
			x := newDocIndexer(&avg)
			for i := lo; i < hi && ctx.Err() == nil; i++ {
				d := &docs[i]
				x.add(d, uint32(i))
				if compact {
					d.excerpt, d.textSize = d.excerptText(), d.countText()
					d.Body, d.compact = nil, true
				}
			}
			parts[w] = x
		})
	}
	wg.Wait()
	if ctx.Err() != nil {
		return nil, context.Cause(ctx)
	}

	// Merge the parts: each covers a range of documents, in order.
	type ref struct{ part, id int }
	refs := map[string][]ref{}
	words := map[string]string{}
	for p, x := range parts {
		for id, key := range x.keyNames() {
			refs[key] = append(refs[key], ref{p, id})
		}
		for w, t := range x.words {
			words[w] = t
		}
	}
	ix := &Index{Docs: docs, keys: make([]string, 0, len(refs))}
	for k := range refs {
		ix.keys = append(ix.keys, k)
	}
	slices.Sort(ix.keys)
	ix.lists = make([][]Posting, len(ix.keys))
	n := float64(len(docs))
	var iw sync.WaitGroup
	for w := range workers {
		iw.Go(func() {
			for i := w; i < len(ix.keys) && ctx.Err() == nil; i += workers {
				rs := refs[ix.keys[i]]
				df := 0
				for _, r := range rs {
					df += len(parts[r.part].lists[r.id])
				}
				idf := math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
				out := make([]Posting, 0, df)
				for _, r := range rs {
					for _, p := range parts[r.part].lists[r.id] {
						out = append(out, Posting{Doc: p.doc, Impact: Quantize(idf * float64(p.s))})
					}
					// Each list is read once: let it go, so that the
					// parts and the index are not both held whole.
					parts[r.part].lists[r.id] = nil
				}
				ix.lists[i] = out
			}
		})
	}
	iw.Wait()
	if ctx.Err() != nil {
		return nil, context.Cause(ctx)
	}

	ix.words = make([]wordEntry, 0, len(words))
	for w, t := range words {
		e := wordEntry{word: w, term: t}
		if i, ok := slices.BinarySearch(ix.keys, t); ok {
			e.df = len(ix.lists[i])
		}
		ix.words = append(ix.words, e)
	}
	slices.SortFunc(ix.words, func(a, b wordEntry) int { return strings.Compare(a.word, b.word) })
	return ix, nil
}

// fieldLengths returns the length of each field of d in bytes.
func (d *Doc) fieldLengths() [nFields]int {
	var l [nFields]int
	l[fTitle] = len(d.Title)
	l[fDescription] = len(d.Description)
	for _, t := range d.Tags {
		l[fTags] += len(t) + 1
	}
	for _, t := range d.CategoryTitles {
		l[fCategories] += len(t) + 1
	}
	for _, b := range d.Body {
		switch b.Kind {
		case Heading:
			l[fHeadings] += len(b.Text) + 1
		case Prose:
			l[fBody] += len(b.Text) + 1
		case Code:
			l[fCode] += len(b.Text) + 1
		}
	}
	return l
}

// posting is one document of a key's list while the index is built: its
// number and its impact without the key's idf.
type posting struct {
	doc uint32
	s   float32
}

// docIndexer indexes a range of documents, one at a time. Keys have ids:
// a term's is given by terms, a pair's by pairs from the ids of its terms,
// and a filter's by filters.
type docIndexer struct {
	an      *Analyzer
	avg     *[nFields]float64
	terms   map[string]uint32
	names   []string             // of term and filter ids; "" for pairs
	pairs   map[uint64]uint32    // by the ids of the two terms
	pairOf  map[uint32][2]uint32 // the terms of each pair id
	lists   [][]posting          // by key id
	words   map[string]string    // every word, and its term
	tf      [][nFields]uint16    // of the document's keys
	slot    []int32              // of each key id in tf, or -1
	touched []uint32             // the document's key ids
}

func newDocIndexer(avg *[nFields]float64) *docIndexer {
	return &docIndexer{an: NewAnalyzer(), avg: avg, terms: map[string]uint32{}, pairs: map[uint64]uint32{}, pairOf: map[uint32][2]uint32{}, words: map[string]string{}}
}

// id returns the id of a term or filter key, making one when it has none.
func (x *docIndexer) id(key string) uint32 {
	if id, ok := x.terms[key]; ok {
		return id
	}
	id := x.newID(key)
	x.terms[key] = id
	return id
}

func (x *docIndexer) newID(name string) uint32 {
	id := uint32(len(x.lists))
	x.lists = append(x.lists, nil)
	x.names = append(x.names, name)
	x.slot = append(x.slot, -1)
	return id
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

// add indexes d, document number n.
func (x *docIndexer) add(d *Doc, n uint32) {
	field := func(f int, text string) {
		prevPos, prevID := -2, uint32(0)
		x.an.Each(text, func(t Token) {
			id := x.id(t.Term)
			if _, ok := x.words[t.Word]; !ok {
				x.words[t.Word] = t.Term
			}
			x.count(id, f)
			if f != fCode && t.Pos == prevPos+1 {
				x.count(x.pair(prevID, id), f)
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
	lens := d.fieldLengths()
	var norm [nFields]float64
	for f := range nFields {
		norm[f] = k1 * (1 - fieldB[f] + fieldB[f]*float64(lens[f])/x.avg[f])
	}
	for i, id := range x.touched {
		var s float64
		for f, tf := range x.tf[i] {
			if tf > 0 {
				s += fieldWeight[f] * float64(tf) * (k1 + 1) / (float64(tf) + norm[f])
			}
		}
		x.lists[id] = append(x.lists[id], posting{doc: n, s: float32(s)})
		x.slot[id] = -1
	}
	x.touched = x.touched[:0]
	for _, c := range d.Categories {
		id := x.id(categoryKey + c)
		x.lists[id] = append(x.lists[id], posting{doc: n})
	}
	for _, t := range d.Tags {
		id := x.id(tagKey + guides.TagKey(t))
		if l := x.lists[id]; len(l) == 0 || l[len(l)-1].doc != n {
			x.lists[id] = append(x.lists[id], posting{doc: n})
		}
	}
}

// keyNames returns the key of each id.
func (x *docIndexer) keyNames() []string {
	out := make([]string, len(x.names))
	for id, name := range x.names {
		if name == "" {
			p := x.pairOf[uint32(id)]
			name = x.names[p[0]] + " " + x.names[p[1]]
		}
		out[id] = name
	}
	return out
}

// Quantization of impacts: an impact is stored in one byte on a
// logarithmic scale, each step about 5.6% above the one before, from
// 0.001 to 1000; Scale gives the integer each byte stands for, which
// rankings add up, so that sums are exact in Go and in JavaScript alike.
const (
	impactUnit  = 1e4 // impacts are counted in 1/10000
	impactFloor = 10  // the smallest: 0.001
	impactSteps = 255 / 13.815510557964274
)

// ScoreUnit is what a score of one counts in Scale's units.
const ScoreUnit = impactUnit

// Quantize returns the byte that stands for an impact.
func Quantize(impact float64) uint8 {
	u := impact * impactUnit
	if u <= impactFloor {
		return 0
	}
	q := math.Round(impactSteps * math.Log(u/impactFloor))
	return uint8(min(q, 255))
}

// Scale returns the value each quantized impact stands for.
func Scale() [256]int64 {
	var s [256]int64
	for q := range s {
		s[q] = int64(math.Round(impactFloor * math.Exp(float64(q)/impactSteps)))
	}
	return s
}
