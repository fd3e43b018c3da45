package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
	"github.com/clipperhouse/uax29/v2/words"
	"golang.org/x/text/unicode/norm"
)

// Token is one word of a text as the index knows it.
type Token struct {
	// Term is what the index keys the word by: the English stem of the
	// folded word, or a pair of characters of a script written without
	// spaces.
	Term string
	// Word is the folded word before stemming, which prefix matching
	// compares with what is being typed.
	Word string
	// Start and End are the byte offsets of the word in the text.
	Start, End int
	// Pos is the position of the word: consecutive words have consecutive
	// positions, and the end of a sentence or a line leaves a gap, so that
	// words on either side of it do not stand together.
	Pos int
}

// maxWord is the longest word indexed, in characters: longer ones are
// identifiers, hashes or encoded data, which nobody types.
const maxWord = 40

// Analyzer splits texts into tokens. It remembers the stems it has
// computed (up to maxCached words), so it is not safe for concurrent use:
// use one per goroutine.
type Analyzer struct {
	cache map[string]analyzed // by the word as written
	env   *snowballstem.Env
}

// NewAnalyzer returns an Analyzer.
func NewAnalyzer() *Analyzer {
	return &Analyzer{cache: map[string]analyzed{}, env: snowballstem.NewEnv("")}
}

// Tokens returns the tokens of s. The rules, which the site's script
// follows too (see engine.js), are:
//
//   - Runs of characters of the scripts written without spaces between
//     words (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar) become
//     the pairs of characters that stand next to each other in them, or
//     the character alone in a run of one.
//   - Other text is split into words at the Unicode word boundaries of
//     UAX #29, and words are split again at anything that is not a letter,
//     a digit, a mark, a formatting character or an apostrophe: "node.js"
//     is "node" and "js", "don't" stays one word.
//   - Each word is folded: compatibility forms decomposed (NFKD), accents
//     (U+0300 to U+036F) and formatting characters dropped, lower-cased
//     (final sigma as sigma), and composed again (NFC).
//   - A word of ASCII letters, digits and apostrophes is stemmed with the
//     Snowball English (Porter2) stemmer; then apostrophes are dropped.
//     Words longer than 40 characters are left out.
//   - A line break, or one of . ! ? ; : followed by white space, between
//     two words leaves a gap between their positions.
func (a *Analyzer) Tokens(s string) []Token {
	var out []Token
	a.Each(s, func(t Token) { out = append(out, t) })
	return out
}

// Each calls f with each token of s, in order (see Tokens).
func (a *Analyzer) Each(s string, f func(Token)) {
	pos := 0
	last := 0 // end of the previous token
	emit := func(t Token) {
		if last > 0 && t.Start > last && isBreak(s[last:t.Start]) {
			pos++
		}
		t.Pos = pos
		pos++
		last = t.End
		f(t)
	}
	for start := 0; start < len(s); {
		// A run of text outside the scripts without spaces.
		end := start
		for end < len(s) {
			r, size := utf8.DecodeRuneInString(s[end:])
			if isDense(r) {
				break
			}
			end += size
		}
		if end > start {
			a.words(s, start, end, emit)
		}
		if end == len(s) {
			break
		}
		// A run of the scripts without spaces.
		runEnd := end
		for runEnd < len(s) {
			r, size := utf8.DecodeRuneInString(s[runEnd:])
			if !isDense(r) {
				break
			}
			runEnd += size
		}
		a.dense(s, end, runEnd, emit)
		start = runEnd
	}
}

// words emits the words of s[start:end], which holds no character of the
// scripts without spaces.
func (a *Analyzer) words(s string, start, end int, emit func(Token)) {
	if isASCII(s[start:end]) {
		a.asciiWords(s, start, end, emit)
		return
	}
	a.segmentWords(s, start, end, emit)
}

// asciiWords is words for ASCII text, without the cost of the segmenter:
// in ASCII, the rules of UAX #29 and the splitting after them come down to
// runs of letters and digits, joined by an apostrophe between two letters
// or two digits (rules WB6, WB7, WB11 and WB12). The tests compare it with
// the segmenter.
func (a *Analyzer) asciiWords(s string, start, end int, emit func(Token)) {
	for i := start; i < end; {
		if !isAlnum(s[i]) {
			i++
			continue
		}
		j := i + 1
		for {
			for j < end && isAlnum(s[j]) {
				j++
			}
			if j+1 < end && s[j] == '\'' {
				if k := asciiKind(s[j-1]); k != 0 && k == asciiKind(s[j+1]) {
					j += 2
					continue
				}
			}
			break
		}
		if term, word, ok := a.word(s[i:j]); ok {
			emit(Token{Term: term, Word: word, Start: i, End: j})
		}
		i = j
	}
}

func isAlnum(c byte) bool { return asciiKind(c) != 0 }

// asciiKind is 1 for an ASCII letter, 2 for a digit, 0 for anything else.
func asciiKind(c byte) int {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		return 1
	case '0' <= c && c <= '9':
		return 2
	}
	return 0
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// segmentWords is words for any text, split by the UAX #29 segmenter.
func (a *Analyzer) segmentWords(s string, start, end int, emit func(Token)) {
	seg := words.FromString(s[start:end])
	for seg.Next() {
		w := seg.Value()
		base := start + seg.Start()
		// Split the segment at characters no word has.
		for i := 0; i < len(w); {
			r, size := utf8.DecodeRuneInString(w[i:])
			if !inWord(r) {
				i += size
				continue
			}
			j := i + size
			for j < len(w) {
				r, size := utf8.DecodeRuneInString(w[j:])
				if !inWord(r) {
					break
				}
				j += size
			}
			if term, word, ok := a.word(w[i:j]); ok {
				emit(Token{Term: term, Word: word, Start: base + i, End: base + j})
			}
			i = j
		}
	}
}

// dense emits the pairs of characters of s[start:end], a run of the
// scripts without spaces.
func (a *Analyzer) dense(s string, start, end int, emit func(Token)) {
	prev, prevStart := "", -1
	n := 0
	for i := start; i < end; {
		_, size := utf8.DecodeRuneInString(s[i:])
		c := Fold(s[i : i+size])
		if prevStart >= 0 {
			pair := prev + c
			emit(Token{Term: pair, Word: pair, Start: prevStart, End: i + size})
		}
		prev, prevStart = c, i
		n++
		i += size
	}
	if n == 1 {
		emit(Token{Term: prev, Word: prev, Start: start, End: end})
	}
}

// word folds and stems one word; ok is false when it is not indexed.
func (a *Analyzer) word(w string) (term, word string, ok bool) {
	if e, ok := a.cache[w]; ok {
		return e.term, e.word, e.term != ""
	}
	var e analyzed
	if hasLetter(w) && utf8.RuneCountInString(w) <= maxWord {
		folded := Fold(w)
		// Clone: a word the text holds in lower case would otherwise keep
		// the whole text alive in the cache.
		e.word = strings.Clone(strings.ReplaceAll(folded, "'", ""))
		e.term = e.word
		if isStemmable(folded) {
			a.env.SetCurrent(folded)
			english.Stem(a.env)
			if stem := strings.ReplaceAll(a.env.Current(), "'", ""); stem != e.word {
				e.term = stem
			}
		}
	}
	if len(a.cache) >= maxCached {
		// A collection's words, numbers and names have no end: the
		// cache starts afresh rather than grow with them.
		clear(a.cache)
	}
	a.cache[strings.Clone(w)] = e
	return e.term, e.word, e.term != ""
}

// maxCached is how many words an Analyzer remembers at most.
const maxCached = 1 << 16

// analyzed is a word as the index knows it.
type analyzed struct{ term, word string }

// hasLetter reports whether w has a letter or a digit.
func hasLetter(w string) bool {
	for _, r := range w {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			return true
		}
	}
	return false
}

// Fold returns s compatibility-decomposed, without accents (U+0300 to
// U+036F) or formatting characters, in lower case, with final sigma as
// sigma, composed again, and with the right single quotation mark as an
// apostrophe.
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	d := norm.NFKD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	for _, r := range d {
		switch {
		case 0x300 <= r && r <= 0x36f, unicode.Is(unicode.Cf, r):
			continue
		case r == 'ς':
			r = 'σ'
		case r == '’':
			r = '\''
		default:
			r = unicode.ToLower(r)
			if r == 'ς' {
				r = 'σ'
			}
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

// isStemmable reports whether w is made of ASCII lower-case letters, digits
// and apostrophes: an English word for the stemmer.
func isStemmable(w string) bool {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '\'') {
			return false
		}
	}
	return true
}

// inWord reports whether r may be part of a word.
func inWord(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '\''
	}
	return r == '’' || unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) || unicode.Is(unicode.Cf, r)
}

// isDense reports whether r belongs to a script written without spaces
// between words, or written in syllables: Hangul too, whose words browsers
// and UAX #29 split differently.
func isDense(r rune) bool {
	if r < 0x0e00 {
		return false
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar) ||
		r == 0x30fc || r == 0xff70
}

// isBreak reports whether the text between two words ends a sentence or a
// line.
func isBreak(gap string) bool {
	for i := 0; i < len(gap); i++ {
		switch gap[i] {
		case '\n':
			return true
		case '.', '!', '?', ';', ':':
			if i+1 < len(gap) && (gap[i+1] == ' ' || gap[i+1] == '\t' || gap[i+1] == '\r' || gap[i+1] == '\n') {
				return true
			}
		}
	}
	return false
}
