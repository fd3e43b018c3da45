package highlight

import (
	"regexp"
	"strings"

	"github.com/alecthomas/chroma/v2"
)

func pythonLexer() *chroma.RegexLexer {
	return chroma.MustNewLexer(&chroma.Config{
		Name:      "Python",
		Aliases:   []string{"python", "py", "python3"},
		Filenames: []string{"*.py", "*.pyi"},
		MimeTypes: []string{"text/x-python"},
	}, pythonRules)
}

// pyQuotes are Python's string quotes, longest first.
func pyQuotes() []string { return []string{`"""`, `'''`, `"`, `'`} }

// pyStringState names the state inside a string opened by prefix and
// quote: a prefix with r is raw, one with f formatted.
func pyStringState(prefix, quote string) string {
	p := strings.ToLower(prefix)
	state := "string"
	if strings.Contains(p, "r") {
		state += "-r"
	}
	if strings.Contains(p, "f") {
		state += "-f"
	}
	return state + quote
}

func pythonRules() chroma.Rules {
	rules := chroma.Rules{
		"root": {
			rule(`\s+`, chroma.Text),
			// A string's prefix is up to two of r, b, u and f; the state
			// after its quote depends on both.
			rule(`([rRbBuUfF]{0,2})("""|'''|"|')`, groups(chroma.LiteralStringAffix, chroma.LiteralString),
				chroma.MutatorFunc(func(s *chroma.LexerState) error {
					s.Stack = append(s.Stack, pyStringState(s.Groups[1], s.Groups[2]))
					return nil
				})),
			rule(`(def)(\s+)(`+ident+`)`, groups(chroma.Keyword, chroma.Text, chroma.NameFunction)),
			rule(`(class)(\s+)(`+ident+`)`, groups(chroma.Keyword, chroma.Text, chroma.NameClass)),
			// match and case are keywords only where they open a block.
			rule(`(?<=^[ \t]*)(?:match|case)\b(?=[ \t]+[^\n]*:[ \t]*(?:#[^\n]*)?$)`, chroma.Keyword),
			wordRule(ident, pythonWord),
			rule(`[()\[\]{},;:]|\.(?!\d)`, chroma.Punctuation),
			rule(`#[^\n]*`, chroma.CommentSingle),
			rule(`(?<=^[ \t]*)@[\p{L}_][\w.]*`, chroma.NameDecorator),
			rule(`0[xX](?:_?[0-9a-fA-F])+`, chroma.LiteralNumberHex),
			rule(`0[bB](?:_?[01])+`, chroma.LiteralNumberBin),
			rule(`0[oO](?:_?[0-7])+`, chroma.LiteralNumberOct),
			rule(`(?:\d(?:_?\d)*\.(?:\d(?:_?\d)*)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?[jJ]?|\d(?:_?\d)*(?:[eE][+-]?\d(?:_?\d)*[jJ]?|[jJ])`, chroma.LiteralNumberFloat),
			rule(`\d(?:_?\d)*`, chroma.LiteralNumberInteger),
			rule(`:=|->|[-+*/%&|^~<>=!@]+`, chroma.Operator),
			rule(`\\\n`, chroma.Text),
			rule(anyChar, chroma.Text),
		},
	}
	for _, q := range pyQuotes() {
		for _, prefix := range []string{"", "r", "f", "rf"} {
			rules[pyStringState(prefix, q)] = pyString(q, strings.Contains(prefix, "r"), strings.Contains(prefix, "f"))
		}
	}
	return rules
}

// pyString returns the rules inside a string closed by quote q.
func pyString(q string, raw, format bool) []chroma.Rule {
	rs := []chroma.Rule{rule(`[^\\{}'"\n]+`, chroma.LiteralString)}
	if raw {
		// A backslash keeps the next character in the string, itself included.
		rs = append(rs, rule(`\\[\s\S]`, chroma.LiteralString))
	} else {
		rs = append(rs, rule(`\\(?:\n|[\\'"abfnrtv]|[0-7]{1,3}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}\n]*\})`, chroma.LiteralStringEscape))
	}
	if format {
		rs = append(rs,
			rule(`\{\{|\}\}`, chroma.LiteralStringEscape),
			rule(`\{[^{}\n]*\}`, chroma.LiteralStringInterpol))
	}
	rs = append(rs, rule(regexp.QuoteMeta(q), chroma.LiteralString, pop()))
	if len(q) == 1 {
		rs = append(rs, rule(`\n`, chroma.Text, pop()))
	}
	return append(rs, rule(anyChar, chroma.LiteralString))
}

func pythonWord(w word) chroma.TokenType {
	switch {
	case w.member && w.call:
		return chroma.NameFunction
	case w.member:
		return chroma.Text
	}
	switch w.text {
	case "import", "from":
		return chroma.KeywordNamespace
	case "and", "in", "is", "not", "or":
		return chroma.OperatorWord
	case "as", "assert", "async", "await", "break", "class", "continue", "def",
		"del", "elif", "else", "except", "finally", "for", "global", "if", "lambda",
		"nonlocal", "pass", "raise", "return", "try", "while", "with", "yield":
		return chroma.Keyword
	case "True", "False", "None":
		return chroma.KeywordConstant
	case "self", "cls":
		return chroma.NameBuiltinPseudo
	case "abs", "all", "any", "ascii", "bin", "bool", "breakpoint", "bytearray",
		"bytes", "callable", "chr", "classmethod", "compile", "complex", "delattr",
		"dict", "dir", "divmod", "enumerate", "eval", "exec", "filter", "float",
		"format", "frozenset", "getattr", "globals", "hasattr", "hash", "help", "hex",
		"id", "input", "int", "isinstance", "issubclass", "iter", "len", "list",
		"locals", "map", "max", "memoryview", "min", "next", "object", "oct", "open",
		"ord", "pow", "print", "property", "range", "repr", "reversed", "round", "set",
		"setattr", "slice", "sorted", "staticmethod", "str", "sum", "super", "tuple",
		"type", "vars", "zip", "__import__", "NotImplemented", "Ellipsis":
		return chroma.NameBuiltin
	}
	if t := w.text; t[0] >= 'A' && t[0] <= 'Z' &&
		(strings.HasSuffix(t, "Error") || strings.HasSuffix(t, "Exception") || strings.HasSuffix(t, "Warning")) {
		return chroma.NameException
	}
	if w.call {
		return chroma.NameFunction
	}
	return chroma.Text
}
