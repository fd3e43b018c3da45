package search

import (
	"cmp"
	"slices"
	"strings"

	"github.com/visual-guides/guides"
)

// The limits of a query: words past maxQueryWords are ignored; the word
// being typed matches at most maxExpansions other terms, and a word the
// collection lacks at most maxTypos terms a typo away.
const (
	maxQueryWords = 10
	maxExpansions = 5
	maxTypos      = 5
)

// Query is what a reader asks for.
type Query struct {
	// Text holds the words. Its last word, unless white space or
	// punctuation follows it, is taken as the start of a word as well:
	// "cach" finds "caching". Words between double quotes are a phrase:
	// they must stand together, in that order, and are matched exactly.
	Text string
	// Category, when set, keeps the guides of the category with this id;
	// Tag those with this tag, however it is spelt.
	Category, Tag string
}

// Word is one word of a query, as the index looks it up.
type Word struct {
	Term string `json:"term"`
	// Word is the word folded, before stemming; Written is the word as the
	// query first writes it.
	Word    string `json:"word"`
	Written string `json:"written"`
	// Prefix marks the word being typed, which also stands for the words
	// it starts, common ones aside: their terms are in Expand.
	Prefix bool     `json:"prefix,omitempty"`
	Expand []string `json:"expand,omitempty"`
	// Exact marks a word of a phrase: neither a prefix nor open to typos.
	Exact bool `json:"exact,omitempty"`
	// Common marks a word so common in English ("the", "vs") that it
	// counts only where it stands beside another word of the query. A
	// query of common words alone searches them as any other.
	Common bool `json:"common,omitempty"`
	// Typos holds, for a word whose term the collection lacks, the terms
	// of the collection's words one edit away (for words of 4 to 7
	// letters) or two (8 or more), the closest first; Fix is the closest
	// of those words.
	Typos []string `json:"typos,omitempty"`
	Fix   string   `json:"fix,omitempty"`
	// Missing marks a word that the collection has not, in any form.
	Missing bool `json:"missing,omitempty"`
}

// Pair is two words of a query that stand together, by their indexes in
// Plan.Words; a Phrase pair must stand together in a guide for it to be
// found.
type Pair struct {
	A, B   int
	Phrase bool
}

// Plan is a query as the index runs it: its words, each once, and the
// pairs of words that stand together in it.
type Plan struct {
	Text     string `json:"text"`
	Words    []Word `json:"words"`
	Pairs    []Pair `json:"pairs,omitempty"`
	Category string `json:"category,omitempty"`
	Tag      string `json:"tag,omitempty"` // as guides.TagKey gives it
}

// stopWords are the words of English, and the few of other languages
// that titles borrow, too common to tell guides apart.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an and are as at be but by de des du en et for from has have how i if in
		into is it its la le les of on or so than that the their then there these this to und versus vs was
		we what when where which who why will with you your`) {
		m[w] = true
	}
	return m
}()

// ParsePlan splits q into the words of a plan, without looking them up:
// Resolve does that.
func ParsePlan(q Query) Plan {
	toks := NewAnalyzer().Tokens(q.Text)
	if len(toks) > maxQueryWords {
		toks = toks[:maxQueryWords]
	}
	p := Plan{Text: q.Text, Category: q.Category}
	if q.Tag != "" {
		p.Tag = guides.TagKey(q.Tag)
	}
	phrase := phraseOf(q.Text, toks)
	index := make([]int, len(toks)) // of each token's word in p.Words
	for i, t := range toks {
		k := slices.IndexFunc(p.Words, func(w Word) bool { return w.Term == t.Term })
		if k < 0 {
			k = len(p.Words)
			p.Words = append(p.Words, Word{Term: t.Term, Word: t.Word, Written: q.Text[t.Start:t.End]})
		}
		if phrase[i] > 0 {
			p.Words[k].Exact = true
		}
		index[i] = k
	}
	if n := len(toks); n > 0 {
		last := toks[n-1]
		w := &p.Words[len(p.Words)-1]
		if last.End == len(q.Text) && index[n-1] == len(p.Words)-1 && !w.Exact {
			w.Prefix = true
		}
	}
	rare := slices.ContainsFunc(p.Words, func(w Word) bool { return !stopWords[w.Word] })
	for i := range p.Words {
		p.Words[i].Common = rare && stopWords[p.Words[i].Word]
	}
	for i := 1; i < len(toks); i++ {
		if toks[i].Pos != toks[i-1].Pos+1 || index[i] == index[i-1] {
			continue
		}
		pair := Pair{A: index[i-1], B: index[i], Phrase: phrase[i] > 0 && phrase[i] == phrase[i-1]}
		if k := slices.IndexFunc(p.Pairs, func(x Pair) bool { return x.A == pair.A && x.B == pair.B }); k >= 0 {
			p.Pairs[k].Phrase = p.Pairs[k].Phrase || pair.Phrase
		} else {
			p.Pairs = append(p.Pairs, pair)
		}
	}
	return p
}

// phraseOf returns, for each token of text, the number of the quoted
// phrase it stands in, from 1, or 0. A phrase opens and closes at a
// double quote (" “ or ”); one left open runs to the end.
func phraseOf(text string, toks []Token) []int {
	out := make([]int, len(toks))
	n, open, k := 0, false, 0
	for i, r := range text {
		for k < len(toks) && toks[k].Start < i {
			if open {
				out[k] = n
			}
			k++
		}
		if r == '"' || r == '“' || r == '”' {
			if open = !open; open {
				n++
			}
		}
	}
	for ; k < len(toks) && open; k++ {
		out[k] = n
	}
	return out
}

// Lexicon is what a plan looks its words up in: an index in memory, or
// the files of a static one.
type Lexicon interface {
	// Has reports whether some guide has term.
	Has(term string) (bool, error)
	// Words calls f with every word of the collection that starts with
	// prefix, in order, with its term and the term's weight: its best
	// impact in a guide.
	Words(prefix string, f func(word, term string, weight int)) error
}

// Resolve looks the words of p up in lx: the terms the word being typed
// stands for, the terms of the words a typo away from a word the
// collection lacks, and the words it has not at all.
func (p *Plan) Resolve(lx Lexicon) error {
	for i := range p.Words {
		w := &p.Words[i]
		if w.Common {
			continue
		}
		if w.Prefix {
			df := map[string]int{}
			err := lx.Words(w.Word, func(word, term string, n int) {
				if term != w.Term && !stopWords[word] {
					df[term] = n
				}
			})
			if err != nil {
				return err
			}
			w.Expand = topTerms(df, maxExpansions)
		}
		has, err := lx.Has(w.Term)
		if err != nil {
			return err
		}
		if has || len(w.Expand) > 0 {
			continue
		}
		if !w.Exact {
			if err := w.findTypos(lx); err != nil {
				return err
			}
		}
		w.Missing = len(w.Typos) == 0
	}
	return nil
}

// typoLimit returns the edits a word of n characters may be away from the
// words it is taken for: none under 4, one up to 7, two from 8.
func typoLimit(n int) int {
	switch {
	case n >= 8:
		return 2
	case n >= 4:
		return 1
	}
	return 0
}

// findTypos fills in the terms of the words of lx that start with the
// same character as w and are at most typoLimit edits away from it: the
// closest first, then the weightiest, then in order.
func (w *Word) findTypos(lx Lexicon) error {
	word := []rune(w.Word)
	limit := typoLimit(len(word))
	if limit == 0 {
		return nil
	}
	type candidate struct {
		word, term  string
		dist, df, n int
	}
	var cands []candidate
	err := lx.Words(string(word[0]), func(c, term string, df int) {
		rc := []rune(c)
		if abs(len(rc)-len(word)) > limit {
			return
		}
		if d := editDistance(word, rc, limit); d <= limit {
			cands = append(cands, candidate{c, term, d, df, len(cands)})
		}
	})
	if err != nil {
		return err
	}
	slices.SortFunc(cands, func(a, b candidate) int {
		return cmp.Or(a.dist-b.dist, b.df-a.df, a.n-b.n)
	})
	for _, c := range cands {
		if len(w.Typos) == maxTypos {
			break
		}
		if !slices.Contains(w.Typos, c.term) {
			if len(w.Typos) == 0 {
				w.Fix = c.word
			}
			w.Typos = append(w.Typos, c.term)
		}
	}
	return nil
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// editDistance returns the number of edits (a character inserted,
// deleted or replaced, or two neighbours swapped) that make a into b, or
// limit+1 when that is more than limit.
func editDistance(a, b []rune, limit int) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		least := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			least = min(least, v)
		}
		if least > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], limit+1)
}

// topTerms returns the n terms of df with the most weight, the most
// first, then in order.
func topTerms(df map[string]int, n int) []string {
	terms := make([]string, 0, len(df))
	for t := range df {
		terms = append(terms, t)
	}
	slices.SortFunc(terms, func(a, b string) int { return cmp.Or(df[b]-df[a], strings.Compare(a, b)) })
	if len(terms) > n {
		terms = terms[:n]
	}
	return terms
}

// Missing returns the words of p, as written, that the collection has
// not: a plan with any finds nothing.
func (p Plan) Missing() []string {
	var out []string
	for _, w := range p.Words {
		if w.Missing {
			out = append(out, w.Written)
		}
	}
	return out
}

// Suggestion returns the text of the query with each word the collection
// lacks replaced by the closest word it has, or "" when no word was taken
// for another.
func (p Plan) Suggestion() string {
	fixes := map[string]string{}
	for _, w := range p.Words {
		if w.Fix != "" {
			fixes[w.Term] = w.Fix
		}
	}
	if len(fixes) == 0 {
		return ""
	}
	var b strings.Builder
	at := 0
	toks := NewAnalyzer().Tokens(p.Text)
	for i, t := range toks {
		if i == maxQueryWords {
			break
		}
		if fix, ok := fixes[t.Term]; ok {
			b.WriteString(p.Text[at:t.Start])
			b.WriteString(fix)
			at = t.End
		}
	}
	b.WriteString(p.Text[at:])
	return b.String()
}

// Plan returns the plan of q, its words looked up in the index.
func (ix *Index) Plan(q Query) Plan {
	p := ParsePlan(q)
	p.Resolve(indexLexicon{ix}) // an index in memory cannot fail
	return p
}

// indexLexicon looks words up in an Index.
type indexLexicon struct{ ix *Index }

func (l indexLexicon) Has(term string) (bool, error) {
	return len(l.ix.list(term)) > 0, nil
}

func (l indexLexicon) Words(prefix string, f func(word, term string, weight int)) error {
	words := l.ix.words
	i, _ := slices.BinarySearchFunc(words, prefix, func(e wordEntry, p string) int { return strings.Compare(e.word, p) })
	for ; i < len(words) && strings.HasPrefix(words[i].word, prefix); i++ {
		f(words[i].word, words[i].term, words[i].weight)
	}
	return nil
}
