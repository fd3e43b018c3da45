package search

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/visual-guides/guides"
)

// The limits of a query: words past maxQueryWords are ignored, and the
// word being typed matches at most maxExpansions other terms.
const (
	maxQueryWords = 10
	maxExpansions = 5
)

// Query is what a reader asks for.
type Query struct {
	// Text holds the words. Its last word, unless white space or
	// punctuation follows it, is taken as the start of a word as well:
	// "cach" finds "caching".
	Text string
	// Category, when set, keeps the guides of the category with this id;
	// Tag those with this tag, however it is spelt.
	Category, Tag string
}

// Word is one word of a query, as the index looks it up.
type Word struct {
	Term string `json:"term"`
	// Prefix is the folded word being typed, whose other terms Expand
	// holds; empty for a complete word.
	Prefix string   `json:"prefix,omitempty"`
	Expand []string `json:"expand,omitempty"`
}

// Plan is a query as the index runs it: its words, each once, and the
// pairs of words that stand together in it.
type Plan struct {
	Words []Word `json:"words"`
	// Pairs holds, for each pair of consecutive words, the index in Words
	// of each.
	Pairs    [][2]int `json:"pairs,omitempty"`
	Category string   `json:"category,omitempty"`
	Tag      string   `json:"tag,omitempty"` // as guides.TagKey gives it
}

// Result is one guide found.
type Result struct {
	Doc   int   // its number in Index.Docs
	Score int64 // the sum of its words' impacts (see Scale)
	// Matched is how many of the query's words it has.
	Matched int
}

// Plan returns the plan of q.
func (ix *Index) Plan(q Query) Plan {
	an := NewAnalyzer()
	toks := an.Tokens(q.Text)
	if len(toks) > maxQueryWords {
		toks = toks[:maxQueryWords]
	}
	p := Plan{Category: q.Category}
	if q.Tag != "" {
		p.Tag = guides.TagKey(q.Tag)
	}
	index := make([]int, len(toks)) // of each token's word in p.Words
	for i, t := range toks {
		k := slices.IndexFunc(p.Words, func(w Word) bool { return w.Term == t.Term })
		if k < 0 {
			k = len(p.Words)
			p.Words = append(p.Words, Word{Term: t.Term})
		}
		index[i] = k
	}
	if n := len(toks); n > 0 {
		last := toks[n-1]
		if last.End == len(q.Text) && index[n-1] == len(p.Words)-1 && isPrefix(last.Word) {
			w := &p.Words[len(p.Words)-1]
			w.Prefix = last.Word
			w.Expand = ix.expand(last.Word, last.Term)
		}
	}
	for i := 1; i < len(toks); i++ {
		if toks[i].Pos != toks[i-1].Pos+1 || index[i] == index[i-1] {
			continue
		}
		pair := [2]int{index[i-1], index[i]}
		if !slices.Contains(p.Pairs, pair) {
			p.Pairs = append(p.Pairs, pair)
		}
	}
	return p
}

// isPrefix reports whether a word being typed is long enough to stand for
// the words it starts: two characters, or one of a script without spaces.
func isPrefix(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return utf8.RuneCountInString(w) >= 2 || isDense(r)
}

// expand returns the terms, other than exact, of the words that start with
// prefix: the maxExpansions most frequent, the most frequent first, then
// in order.
func (ix *Index) expand(prefix, exact string) []string {
	i, _ := slices.BinarySearchFunc(ix.words, prefix, func(e wordEntry, p string) int { return strings.Compare(e.word, p) })
	df := map[string]int{}
	for ; i < len(ix.words) && strings.HasPrefix(ix.words[i].word, prefix); i++ {
		if e := ix.words[i]; e.term != exact {
			df[e.term] = e.df
		}
	}
	return topExpansions(df)
}

// topExpansions returns the maxExpansions terms of df with the most
// documents, the most first, then in order.
func topExpansions(df map[string]int) []string {
	terms := make([]string, 0, len(df))
	for t := range df {
		terms = append(terms, t)
	}
	slices.SortFunc(terms, func(a, b string) int { return cmp.Or(df[b]-df[a], strings.Compare(a, b)) })
	if len(terms) > maxExpansions {
		terms = terms[:maxExpansions]
	}
	return terms
}

// list returns the postings of key.
func (ix *Index) list(key string) []Posting {
	if i, ok := slices.BinarySearch(ix.keys, key); ok {
		return ix.lists[i]
	}
	return nil
}

// Search returns the guides that q finds, best first.
func (ix *Index) Search(q Query) []Result {
	return Rank(ix.Plan(q), ix.list, len(ix.Docs))
}

// Rank runs plan p on the postings that list returns for each key, over n
// documents. Each word of a document scores the impact of its term, or
// three quarters of the best impact of the terms the word being typed
// expands to; each pair of words standing together in the document adds
// the impact of the pair likewise. The guides found are those with the
// most of the query's words; they are ranked by score, then the newest
// (the highest number) first. A query without words but with a filter
// finds every guide the filter keeps.
func Rank(p Plan, list func(key string) []Posting, n int) []Result {
	r := ranker{list: list, scale: Scale(), keep: filter(p, list, n)}
	docs := map[uint32]*docScore{}
	for _, w := range p.Words {
		r.best(w.Term, w.Expand, func(d uint32, v int64) {
			a := docs[d]
			if a == nil {
				a = &docScore{}
				docs[d] = a
			}
			a.score += v
			a.matched++
		})
	}
	for _, pr := range p.Pairs {
		a, b := p.Words[pr[0]], p.Words[pr[1]]
		var others []string
		for _, e := range b.Expand {
			others = append(others, a.Term+" "+e)
		}
		r.best(a.Term+" "+b.Term, others, func(d uint32, v int64) {
			if a := docs[d]; a != nil {
				a.score += v
			}
		})
	}
	var out []Result
	if len(p.Words) == 0 {
		if p.Category == "" && p.Tag == "" {
			return nil
		}
		for d := range n {
			if r.keep(uint32(d)) {
				out = append(out, Result{Doc: d})
			}
		}
	} else {
		out = mostMatched(docs)
	}
	slices.SortFunc(out, func(a, b Result) int { return cmp.Or(cmp.Compare(b.Score, a.Score), b.Doc-a.Doc) })
	return out
}

// docScore is what a query has found of a document so far.
type docScore struct {
	score   int64
	matched int // words
}

// ranker looks up the impacts of keys in the documents a filter keeps.
type ranker struct {
	list  func(key string) []Posting
	scale [256]int64
	keep  func(doc uint32) bool
}

// best adds, for each document kept, the best of the impacts of exact and
// (at three quarters) of the other keys.
func (r *ranker) best(exact string, others []string, add func(d uint32, v int64)) {
	b := map[uint32]int64{}
	for _, post := range r.list(exact) {
		b[post.Doc] = r.scale[post.Impact]
	}
	for _, k := range others {
		for _, post := range r.list(k) {
			if v := r.scale[post.Impact] * 3 / 4; v > b[post.Doc] {
				b[post.Doc] = v
			}
		}
	}
	for d, v := range b {
		if r.keep(d) {
			add(d, v)
		}
	}
}

// filter returns whether the category and tag of plan p, where it names
// them, keep a document, out of n.
func filter(p Plan, list func(key string) []Posting, n int) func(doc uint32) bool {
	if p.Category == "" && p.Tag == "" {
		return func(uint32) bool { return true }
	}
	in := make([]bool, n)
	first := true
	for _, key := range []string{categoryKey + p.Category, tagKey + p.Tag} {
		if key == categoryKey || key == tagKey {
			continue
		}
		next := make([]bool, n)
		for _, post := range list(key) {
			next[post.Doc] = first || in[post.Doc]
		}
		in, first = next, false
	}
	return func(d uint32) bool { return in[d] }
}

// mostMatched returns the results of the documents that match the most
// words of the query, in no order.
func mostMatched(docs map[uint32]*docScore) []Result {
	most := 0
	for _, a := range docs {
		most = max(most, a.matched)
	}
	var out []Result
	for d, a := range docs {
		if a.matched == most {
			out = append(out, Result{Doc: int(d), Score: a.score, Matched: a.matched})
		}
	}
	return out
}

// Excerpt is a short passage of a guide, with the words that match marked.
type Excerpt struct {
	Text string
	// Marks holds the byte offsets in Text of the start and end of each
	// word that matches, in order.
	Marks [][2]int
}

// excerptWords is the length of an excerpt in words, and excerptLead how
// many words before the first match it shows.
const (
	excerptWords = 24
	excerptLead  = 4
)

// Excerpt returns the passage of document d that best shows the words of
// p: the stretch of excerptWords words with the most different words of
// the query, then the most matches, the first such.
func (ix *Index) Excerpt(p Plan, d int) Excerpt {
	return MakeExcerpt(ix.Docs[d].excerptText(), ix.Docs[d].Description, p)
}

// MakeExcerpt cuts the excerpt of p from text, or from description when
// the text has no word.
func MakeExcerpt(text, description string, p Plan) Excerpt {
	an := NewAnalyzer()
	toks := an.Tokens(text)
	if len(toks) == 0 {
		return Excerpt{Text: cutText(strings.Join(strings.Fields(description), " "), 200)}
	}
	match := make([]int, len(toks)) // the word each token matches, plus one
	for i, t := range toks {
		for k, w := range p.Words {
			if t.Term == w.Term || slices.Contains(w.Expand, t.Term) {
				match[i] = k + 1
				break
			}
		}
	}
	start, bestDistinct, bestCount := 0, 0, 0
	seen := make([]bool, len(p.Words)+1)
	for i := range toks {
		if match[i] == 0 {
			continue
		}
		clear(seen)
		distinct, count := 0, 0
		for j := i; j < len(toks) && j < i+excerptWords; j++ {
			if m := match[j]; m > 0 {
				count++
				if !seen[m] {
					seen[m] = true
					distinct++
				}
			}
		}
		if distinct > bestDistinct || distinct == bestDistinct && count > bestCount {
			start, bestDistinct, bestCount = i, distinct, count
		}
	}
	a := max(0, start-excerptLead)
	if bestDistinct == 0 {
		a = 0
	}
	b := min(len(toks), a+excerptWords) - 1
	var e Excerpt
	var sb strings.Builder
	if a > 0 {
		sb.WriteString("…")
	}
	base := toks[a].Start
	lead := sb.Len()
	sb.WriteString(strings.ReplaceAll(text[base:toks[b].End], "\n", " "))
	if b < len(toks)-1 {
		sb.WriteString("…")
	}
	e.Text = sb.String()
	for i := a; i <= b; i++ {
		if match[i] > 0 {
			e.Marks = append(e.Marks, [2]int{lead + toks[i].Start - base, lead + toks[i].End - base})
		}
	}
	return e
}
