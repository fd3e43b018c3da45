package search

import (
	"cmp"
	"slices"
	"strings"
)

// Result is one guide found.
type Result struct {
	Doc   int   // its number in Index.Docs
	Score int64 // the sum of its words' impacts (see Scale)
	// Matched is how many of the query's words it has.
	Matched int
}

// List returns the postings of key, for Rank.
func (ix *Index) List(key string) []Posting {
	return ix.list(key)
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

// Keys returns the keys whose postings Rank reads to run p.
func (p Plan) Keys() []string {
	var keys []string
	for _, w := range p.Words {
		if !w.Common {
			keys = append(keys, w.Term)
			keys = append(keys, w.Expand...)
			keys = append(keys, w.Typos...)
		}
	}
	for _, pr := range p.Pairs {
		keys = append(keys, p.pairKeys(pr)...)
	}
	if p.Category != "" {
		keys = append(keys, categoryKey+p.Category)
	}
	if p.Tag != "" {
		keys = append(keys, tagKey+p.Tag)
	}
	return keys
}

// pairKeys returns the keys of a pair of words: the two terms, then the
// first with each term the second, being typed, stands for.
func (p Plan) pairKeys(pr Pair) []string {
	a, b := p.Words[pr.A], p.Words[pr.B]
	keys := []string{pairKey(a.Term, b.Term)}
	for _, e := range b.Expand {
		keys = append(keys, pairKey(a.Term, e))
	}
	return keys
}

// Rank runs plan p on the postings that list returns for each key, over n
// documents. Each word of a document scores the impact of its term, or
// three quarters of the best impact of the terms the word being typed
// expands to, or half of the best of the terms a typo away; common words
// score nothing alone. Each pair of words standing together in the
// document adds the impact of the pair likewise, and a document without
// a pair of a phrase is not found. The guides found are those with the
// most of the query's words that are not common; they are ranked by
// score, then the newest (the highest number) first. A plan with a word
// the collection lacks finds nothing; one without words but with a
// filter finds every guide the filter keeps.
func Rank(p Plan, list func(key string) []Posting, n int) []Result {
	if len(p.Missing()) > 0 {
		return nil
	}
	r := ranker{list: list, scale: Scale(), keep: filter(p, list, n)}
	docs := map[uint32]*docScore{}
	for _, w := range p.Words {
		if w.Common {
			continue
		}
		r.best(w.Term, w.Expand, w.Typos, func(d uint32, v int64) {
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
		keys := p.pairKeys(pr)
		has := map[uint32]bool{}
		r.best(keys[0], keys[1:], nil, func(d uint32, v int64) {
			if a := docs[d]; a != nil {
				a.score += v
				has[d] = true
			}
		})
		if pr.Phrase {
			for d := range docs {
				if !has[d] {
					delete(docs, d)
				}
			}
		}
	}
	var out []Result
	if !slices.ContainsFunc(p.Words, func(w Word) bool { return !w.Common }) {
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

// best adds, for each document kept, the best of the impacts of exact,
// of the other keys at three quarters and of the typos at half.
func (r *ranker) best(exact string, others, typos []string, add func(d uint32, v int64)) {
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
	for _, k := range typos {
		for _, post := range r.list(k) {
			if v := r.scale[post.Impact] / 2; v > b[post.Doc] {
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

// matches reports whether term is one the word finds: its own, or one of
// those it stands for. A common word finds none.
func (w Word) matches(term string) bool {
	return !w.Common && (term == w.Term || slices.Contains(w.Expand, term) || slices.Contains(w.Typos, term))
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
			if w.matches(t.Term) {
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
