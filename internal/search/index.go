package search

import (
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

// posting is one document of a key's list, with how often the key occurs
// in each field (at most 255).
type posting struct {
	doc uint32
	tf  [nFields]uint8
}

// Index is the search index of a list of Docs: for every term, pair of
// terms standing together, category and tag, the documents that have it
// with a quantized impact, and every word with its term, for prefix
// matching. Documents are numbered in the order given.
type Index struct {
	Docs  []Doc
	keys  []string    // sorted
	lists [][]Posting // by key
	words []wordEntry // sorted by word
	texts []string    // the excerpt text of each document
	// tagNames holds the name of each tag by its key: its first spelling.
	tagNames map[string]string
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

// Build indexes docs, on every core.
func Build(docs []Doc) *Index {
	workers := runtime.GOMAXPROCS(0)
	if len(docs) < 64 {
		workers = 1
	}
	type part struct {
		lists map[string][]posting
		words map[string]string
		lens  [][nFields]uint32
	}
	parts := make([]part, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := len(docs)*w/workers, len(docs)*(w+1)/workers
		wg.Go(func() {
			p := part{lists: map[string][]posting{}, words: map[string]string{}, lens: make([][nFields]uint32, hi-lo)}
			ix := newDocIndexer()
			for i := lo; i < hi; i++ {
				p.lens[i-lo] = ix.add(&docs[i], uint32(i), p.lists, p.words)
			}
			parts[w] = p
		})
	}
	wg.Wait()

	// Average field lengths, for BM25's normalisation.
	var avg [nFields]float64
	lens := make([][nFields]uint32, 0, len(docs))
	for _, p := range parts {
		lens = append(lens, p.lens...)
	}
	for _, l := range lens {
		for f := range nFields {
			avg[f] += float64(l[f])
		}
	}
	for f := range nFields {
		avg[f] = max(avg[f]/float64(max(len(docs), 1)), 1)
	}

	// Merge the parts: each covers a range of documents, in order.
	lists := parts[0].lists
	words := parts[0].words
	for _, p := range parts[1:] {
		for k, l := range p.lists {
			lists[k] = append(lists[k], l...)
		}
		for w, t := range p.words {
			words[w] = t
		}
	}
	ix := &Index{Docs: docs, keys: make([]string, 0, len(lists))}
	for k := range lists {
		ix.keys = append(ix.keys, k)
	}
	slices.Sort(ix.keys)
	ix.lists = make([][]Posting, len(ix.keys))
	n := float64(len(docs))
	var iw sync.WaitGroup
	for w := range workers {
		iw.Go(func() {
			for i := w; i < len(ix.keys); i += workers {
				raw := lists[ix.keys[i]]
				df := float64(len(raw))
				idf := math.Log(1 + (n-df+0.5)/(df+0.5))
				out := make([]Posting, len(raw))
				for j, p := range raw {
					l := &lens[p.doc]
					var s float64
					for f := range nFields {
						if tf := float64(p.tf[f]); tf > 0 {
							norm := 1 - fieldB[f] + fieldB[f]*float64(l[f])/avg[f]
							s += fieldWeight[f] * tf * (k1 + 1) / (tf + k1*norm)
						}
					}
					out[j] = Posting{Doc: p.doc, Impact: Quantize(idf * s)}
				}
				ix.lists[i] = out
			}
		})
	}
	iw.Wait()

	ix.words = make([]wordEntry, 0, len(words))
	for w, t := range words {
		e := wordEntry{word: w, term: t}
		if i, ok := slices.BinarySearch(ix.keys, t); ok {
			e.df = len(ix.lists[i])
		}
		ix.words = append(ix.words, e)
	}
	slices.SortFunc(ix.words, func(a, b wordEntry) int { return strings.Compare(a.word, b.word) })
	ix.tagNames = map[string]string{}
	for i := range docs {
		for _, t := range docs[i].Tags {
			if k := guides.TagKey(t); ix.tagNames[k] == "" {
				ix.tagNames[k] = strings.TrimSpace(t)
			}
		}
	}
	ix.texts = make([]string, len(docs))
	for i := range docs {
		ix.texts[i] = docs[i].excerptText()
	}
	return ix
}

// docIndexer counts the keys of one document at a time.
type docIndexer struct {
	an    *Analyzer
	tf    map[string]*[nFields]uint8
	pairs map[string]string // interned "a b" keys
	buf   []byte
}

func newDocIndexer() *docIndexer {
	return &docIndexer{an: NewAnalyzer(), tf: map[string]*[nFields]uint8{}, pairs: map[string]string{}}
}

// add counts the keys of d, document number n, into lists and its words
// into words, and returns the lengths of its fields in tokens.
func (x *docIndexer) add(d *Doc, n uint32, lists map[string][]posting, words map[string]string) [nFields]uint32 {
	clear(x.tf)
	var lens [nFields]uint32
	count := func(key string, f int) {
		c := x.tf[key]
		if c == nil {
			c = new([nFields]uint8)
			x.tf[key] = c
		}
		if c[f] < 255 {
			c[f]++
		}
	}
	field := func(f int, text string) {
		prev := Token{Pos: -2}
		x.an.Each(text, func(t Token) {
			lens[f]++
			count(t.Term, f)
			if _, ok := words[t.Word]; !ok {
				words[t.Word] = t.Term
			}
			if f != fCode && t.Pos == prev.Pos+1 {
				count(x.pair(prev.Term, t.Term), f)
			}
			prev = t
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
	for key, c := range x.tf {
		lists[key] = append(lists[key], posting{doc: n, tf: *c})
	}
	for _, id := range d.Categories {
		k := categoryKey + id
		lists[k] = append(lists[k], posting{doc: n})
	}
	seen := map[string]bool{}
	for _, t := range d.Tags {
		k := tagKey + guides.TagKey(t)
		if !seen[k] {
			seen[k] = true
			lists[k] = append(lists[k], posting{doc: n})
		}
	}
	return lens
}

// pair returns the key of two terms standing together: "a b".
func (x *docIndexer) pair(a, b string) string {
	x.buf = append(append(append(x.buf[:0], a...), ' '), b...)
	if p, ok := x.pairs[string(x.buf)]; ok {
		return p
	}
	p := string(x.buf)
	x.pairs[p] = p
	return p
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
