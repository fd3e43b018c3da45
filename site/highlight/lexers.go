package highlight

import "github.com/alecthomas/chroma/v2"

// Patterns shared by several lexers. Every state of every lexer ends with a
// rule that matches any character, so that no input yields chroma's error
// tokens, and no rule matches the empty string unless it changes state.
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

// words returns a pattern matching any of ws as a whole word that does not
// follow a dot, so that a field or method named like a keyword is left
// alone.
func words(ws ...string) string {
	return chroma.Words(`(?<!\.)\b`, `\b`, ws...)
}

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
