package highlight

import (
	"regexp"

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

func pythonRules() chroma.Rules {
	rules := chroma.Rules{}
	root := []chroma.Rule{
		rule(`\s+`, chroma.Text),
		rule(`#[^\n]*`, chroma.CommentSingle),
		rule(`\\\n`, chroma.Text),
		rule(`(?<=^[ \t]*)@[\p{L}_][\w.]*`, chroma.NameDecorator),
	}
	// The string prefixes, each with the state-name suffix of its strings
	// and whether those are raw and formatted.
	prefixes := []struct {
		pattern, name string
		raw, format   bool
	}{
		{`[rR][fF]|[fF][rR]`, "rf", true, true},
		{`[rR][bB]?|[bB][rR]`, "r", true, false},
		{`[fF]`, "f", false, true},
		{`[bBuU]?`, "", false, false},
	}
	// Longer quotes first, so that """ is not read as an empty string.
	for _, q := range []string{`"""`, `'''`, `"`, `'`} {
		for _, p := range prefixes {
			state := "string-" + p.name + q
			root = append(root, rule(`(`+p.pattern+`)(`+regexp.QuoteMeta(q)+`)`,
				groups(chroma.LiteralStringAffix, chroma.LiteralString), push(state)))
			rules[state] = pyString(q, p.raw, p.format)
		}
	}
	root = append(root,
		rule(`0[xX](?:_?[0-9a-fA-F])+`, chroma.LiteralNumberHex),
		rule(`0[bB](?:_?[01])+`, chroma.LiteralNumberBin),
		rule(`0[oO](?:_?[0-7])+`, chroma.LiteralNumberOct),
		rule(`(?:\d(?:_?\d)*\.(?:\d(?:_?\d)*)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?[jJ]?|\d(?:_?\d)*(?:[eE][+-]?\d(?:_?\d)*[jJ]?|[jJ])`, chroma.LiteralNumberFloat),
		rule(`\d(?:_?\d)*`, chroma.LiteralNumberInteger),
		rule(`(def)(\s+)(`+ident+`)`, groups(chroma.Keyword, chroma.Text, chroma.NameFunction)),
		rule(`(class)(\s+)(`+ident+`)`, groups(chroma.Keyword, chroma.Text, chroma.NameClass)),
		rule(words("import", "from"), chroma.KeywordNamespace),
		rule(words("and", "in", "is", "not", "or"), chroma.OperatorWord),
		rule(words("as", "assert", "async", "await", "break", "class", "continue", "def",
			"del", "elif", "else", "except", "finally", "for", "global", "if", "lambda",
			"nonlocal", "pass", "raise", "return", "try", "while", "with", "yield"), chroma.Keyword),
		// match and case are keywords only where they open a block.
		rule(`(?<=^[ \t]*)(?:match|case)\b(?=[ \t]+[^\n]*:[ \t]*(?:#[^\n]*)?$)`, chroma.Keyword),
		rule(words("True", "False", "None"), chroma.KeywordConstant),
		rule(words("self", "cls"), chroma.NameBuiltinPseudo),
		rule(words("abs", "all", "any", "ascii", "bin", "bool", "breakpoint", "bytearray",
			"bytes", "callable", "chr", "classmethod", "compile", "complex", "delattr",
			"dict", "dir", "divmod", "enumerate", "eval", "exec", "filter", "float",
			"format", "frozenset", "getattr", "globals", "hasattr", "hash", "help", "hex",
			"id", "input", "int", "isinstance", "issubclass", "iter", "len", "list",
			"locals", "map", "max", "memoryview", "min", "next", "object", "oct", "open",
			"ord", "pow", "print", "property", "range", "repr", "reversed", "round", "set",
			"setattr", "slice", "sorted", "staticmethod", "str", "sum", "super", "tuple",
			"type", "vars", "zip", "__import__", "NotImplemented", "Ellipsis"), chroma.NameBuiltin),
		rule(`(?<!\.)\b[A-Z]\w*(?:Error|Exception|Warning)\b`, chroma.NameException),
		rule(ident+`(?=\()`, chroma.NameFunction),
		rule(ident, chroma.Text),
		rule(`:=|->|[-+*/%&|^~<>=!@]+`, chroma.Operator),
		rule(`[()\[\]{},;:.]`, chroma.Punctuation),
		rule(anyChar, chroma.Text),
	)
	rules["root"] = root
	return rules
}

// pyString returns the rules inside a string closed by quote q.
func pyString(q string, raw, format bool) []chroma.Rule {
	var rs []chroma.Rule
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
	return append(rs,
		rule(`[^\\{}'"\n]+`, chroma.LiteralString),
		rule(anyChar, chroma.LiteralString))
}
