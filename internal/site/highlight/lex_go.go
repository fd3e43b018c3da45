package highlight

import "github.com/alecthomas/chroma/v2"

func goLexer() *chroma.RegexLexer {
	return chroma.MustNewLexer(&chroma.Config{
		Name:      "Go",
		Aliases:   []string{"go", "golang"},
		Filenames: []string{"*.go"},
		MimeTypes: []string{"text/x-gosrc"},
	}, goRules)
}

func goRules() chroma.Rules {
	return chroma.Rules{
		"root": {
			rule(`\s+`, chroma.Text),
			rule(`\b(func)(\s+)(`+ident+`)`, groups(chroma.Keyword, chroma.Text, chroma.NameFunction)),
			wordRule(ident, goWord),
			rule(`\.\.\.|[(){}\[\],;]|\.(?!\d)`, chroma.Punctuation),
			rule(`//[^\n]*`, chroma.CommentSingle),
			rule(blockComment, chroma.CommentMultiline),
			rule(`"`, chroma.LiteralString, push("string")),
			rule("`[^`]*`?", chroma.LiteralStringBacktick),
			rule(`'(?:\\'|\\[^'\n]+|[^\\'\n])'`, chroma.LiteralStringChar),
			rule(`0[xX](?:_?[0-9a-fA-F])+(?:\.[0-9a-fA-F_]*)?(?:[pP][+-]?\d+)?i?`, chroma.LiteralNumberHex),
			rule(`0[bB](?:_?[01])+i?`, chroma.LiteralNumberBin),
			rule(`0[oO](?:_?[0-7])+i?`, chroma.LiteralNumberOct),
			rule(`(?:\d(?:_?\d)*\.(?:\d(?:_?\d)*)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?i?|\d(?:_?\d)*[eE][+-]?\d(?:_?\d)*i?`, chroma.LiteralNumberFloat),
			rule(`\d(?:_?\d)*i?`, chroma.LiteralNumberInteger),
			rule(cOperator, chroma.Operator),
			rule(anyChar, chroma.Text),
		},
		"string": {
			rule(`[^"\\\n]+`, chroma.LiteralString),
			rule(`\\(?:[abfnrtv\\'"]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3})`, chroma.LiteralStringEscape),
			rule(`"`, chroma.LiteralString, pop()),
			rule(`\n`, chroma.Text, pop()),
			rule(anyChar, chroma.LiteralString),
		},
	}
}

func goWord(w word) chroma.TokenType {
	if w.member {
		if w.call {
			return chroma.NameFunction
		}
		return chroma.Text
	}
	switch w.text {
	case "package", "import":
		return chroma.KeywordNamespace
	case "break", "case", "chan", "const", "continue", "default", "defer", "else",
		"fallthrough", "for", "func", "go", "goto", "if", "interface", "map", "range",
		"return", "select", "struct", "switch", "type", "var":
		return chroma.Keyword
	case "true", "false", "nil", "iota":
		return chroma.KeywordConstant
	case "any", "bool", "byte", "comparable", "complex64", "complex128", "error",
		"float32", "float64", "int", "int8", "int16", "int32", "int64", "rune",
		"string", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr":
		return chroma.KeywordType
	case "append", "cap", "clear", "close", "complex", "copy", "delete", "imag",
		"len", "make", "max", "min", "new", "panic", "print", "println", "real",
		"recover":
		if w.call {
			return chroma.NameBuiltin
		}
	}
	if w.call {
		return chroma.NameFunction
	}
	return chroma.Text
}
