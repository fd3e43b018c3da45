package highlight

import (
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
)

// Patterns shared by several lexers. Every state of every lexer has a rule
// for any character, often a last rule matching anyChar, so that no input
// yields chroma's error tokens; and no rule matches the empty string, which
// would stop the lexer where it is.
const (
	// ident matches a Unicode identifier.
	ident = `[\p{L}_][\p{L}\p{N}_]*`

	// cOperator matches a run of C-family operator characters. A slash
	// that starts a comment is left to the comment rules.
	cOperator = `(?:[-+*%&|^<>=!:~?]|/(?![/*]))+`

	// blockComment matches a /* */ comment, or an unterminated one to the
	// end of the input.
	blockComment = `/\*(?:[\s\S]*?\*/|[\s\S]*)`

	// anyChar matches one character, newline included.
	anyChar = `[\s\S]`
)

// rule returns a chroma rule; it keeps rule tables short.
func rule(pattern string, emit chroma.Emitter, m ...chroma.Mutator) chroma.Rule {
	r := chroma.Rule{Pattern: pattern, Type: emit}
	switch len(m) {
	case 0:
	case 1:
		r.Mutator = m[0]
	default:
		r.Mutator = chroma.Mutators(m...)
	}
	return r
}

// groups is chroma.ByGroups under a shorter name.
func groups(emit ...chroma.Emitter) chroma.Emitter { return chroma.ByGroups(emit...) }

// pop leaves the current state.
func pop() chroma.Mutator { return chroma.Pop(1) }

// push enters a state.
func push(state string) chroma.Mutator { return chroma.Push(state) }

// A word is an identifier the lexer met, and what surrounds it.
type word struct {
	text   string
	call   bool // an opening parenthesis follows it
	member bool // a dot precedes it, as it does a field or method
}

// wordRule returns a rule that matches an identifier with the pattern
// identifier and gives it the token type classify returns. One rule and a
// switch cost far less than a rule per class of words, since chroma tries
// a token's rules one regular expression at a time.
func wordRule(identifier string, classify func(word) chroma.TokenType) chroma.Rule {
	return rule(`(`+identifier+`)(?=(\()?)`, chroma.EmitterFunc(func(groups []string, state *chroma.LexerState) chroma.Iterator {
		w := word{text: groups[1], call: groups[2] != ""}
		if start := state.Pos - utf8.RuneCountInString(groups[0]); start > 0 && start <= len(state.Text) {
			w.member = state.Text[start-1] == '.'
		}
		return chroma.Literator(chroma.Token{Type: classify(w), Value: groups[1]})
	}))
}

// wordSet returns the set of ws.
func wordSet(ws ...string) map[string]bool {
	set := make(map[string]bool, len(ws))
	for _, w := range ws {
		set[w] = true
	}
	return set
}
