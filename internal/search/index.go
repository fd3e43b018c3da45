package search

import (
	"context"
	"errors"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

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

	// excerpt and textSize stand for Body once an Indexer has let it go:
	// the text excerpts are cut from, and the size WriteFiles counts.
	excerpt  string
	textSize int
	compact  bool
}

// maxExcerptText is how much of a body's text, in bytes, excerpts are
// cut from; maxCodeText is how much of each code block it keeps. Matches
// further on still count for ranking.
const (
	maxExcerptText = 3 << 10
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
// blocks on one line, code blocks shortened, at most maxExcerptText bytes
// cut at the end of a block. A block that does not end a sentence (a
// heading, an item, a caption) is set apart from the next by a dash.
func (d *Doc) excerptText() string {
	if d.compact {
		return d.excerpt
	}
	var b strings.Builder
	for _, bl := range d.Body {
		t := bl.Text
		if bl.Kind == Code {
			t = strings.Join(strings.Fields(cutText(t, maxCodeText)), " ")
		}
		sep := ""
		if b.Len() > 0 {
			sep = " "
			if !strings.ContainsAny(lastRune(b.String()), ".!?:;…") {
				sep = separator
			}
		}
		if b.Len()+len(sep)+len(t) > maxExcerptText {
			if b.Len() == 0 {
				b.WriteString(cutText(t, maxExcerptText))
			}
			break
		}
		b.WriteString(sep)
		b.WriteString(t)
	}
	return b.String()
}

// lastRune returns the last character of s, or "".
func lastRune(s string) string {
	_, n := utf8.DecodeLastRuneInString(s)
	return s[len(s)-n:]
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

// pairPrefix starts the key of a pair of terms, which no term can start
// with: it sorts the pairs before the filters and the terms, so that the
// terms a prefix starts stand together in the shards of the static index
// instead of among the pairs that begin with them.
const pairPrefix = "!"

// pairKey returns the key of the pair of terms a and b, standing together
// in that order.
func pairKey(a, b string) string { return pairPrefix + a + " " + b }

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
	// weight is the best impact of the term in a document, quantized:
	// what tells the words a prefix starts, or a typo stands for, apart.
	// A word that names what a guide is about weighs more than one that
	// many guides use in passing.
	weight int
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

// Build indexes docs, on every core, in memory.
//
// A word's impact in a document is BM25's, summed over the fields with
// their weights: idf × Σ weight × tf × (k1 + 1) / (tf + k1 × (1 − b + b ×
// length / average length)), where lengths are counted in bytes.
func Build(docs []Doc) *Index {
	ix, _ := BuildContext(context.Background(), docs)
	return ix
}

// BuildContext is Build, stopping soon with the context's cause when ctx
// is done.
func BuildContext(ctx context.Context, docs []Doc) (*Index, error) {
	x, err := NewIndexer(len(docs), IndexerOptions{})
	if err != nil {
		return nil, err
	}
	defer x.Close()
	errs := make([]error, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for w := range errs {
		wg.Go(func() {
			for i := w; i < len(docs) && ctx.Err() == nil && errs[w] == nil; i += len(errs) {
				errs[w] = x.Add(i, docs[i])
			}
		})
	}
	wg.Wait()
	if ctx.Err() != nil {
		return nil, context.Cause(ctx)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return x.Index(ctx)
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

// quantizer is Quantize without a logarithm for each impact: an index
// quantizes millions. bounds holds the impacts (in impactUnit) at which
// Quantize steps up; an impact within a billionth of one of them is
// quantized by Quantize itself, so that the two never differ.
type quantizer struct {
	bounds [255]float64
}

func newQuantizer() *quantizer {
	q := &quantizer{}
	for k := range q.bounds {
		q.bounds[k] = impactFloor * math.Exp((float64(k)+0.5)/impactSteps)
	}
	return q
}

// quantize returns Quantize(impact).
func (q *quantizer) quantize(impact float64) uint8 {
	u := impact * impactUnit
	if u <= impactFloor {
		return 0
	}
	// i is the number of bounds under u.
	i := 0
	for step := 128; step > 0; step >>= 1 {
		if j := i + step; j <= len(q.bounds) && q.bounds[j-1] < u {
			i = j
		}
	}
	if i < len(q.bounds) && u > q.bounds[i]*(1-1e-9) || i > 0 && u < q.bounds[i-1]*(1+1e-9) {
		return Quantize(impact)
	}
	return uint8(i)
}

// Scale returns the value each quantized impact stands for.
func Scale() [256]int64 {
	var s [256]int64
	for q := range s {
		s[q] = int64(math.Round(impactFloor * math.Exp(float64(q)/impactSteps)))
	}
	return s
}
