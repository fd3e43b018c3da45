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
			rule(`\b(func)(\s+)(`+ident+`)`, groups(chroma.Keyword, chroma.Text, chroma.NameFunction)),
			rule(words("package", "import"), chroma.KeywordNamespace),
			rule(words("break", "case", "chan", "const", "continue", "default", "defer",
				"else", "fallthrough", "for", "func", "go", "goto", "if", "interface",
				"map", "range", "return", "select", "struct", "switch", "type", "var"), chroma.Keyword),
			rule(words("true", "false", "nil", "iota"), chroma.KeywordConstant),
			rule(words("any", "bool", "byte", "comparable", "complex64", "complex128", "error",
				"float32", "float64", "int", "int8", "int16", "int32", "int64", "rune",
				"string", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr"), chroma.KeywordType),
			rule(words("append", "cap", "clear", "close", "complex", "copy", "delete", "imag",
				"len", "make", "max", "min", "new", "panic", "print", "println", "real",
				"recover")+`(?=\()`, chroma.NameBuiltin),
			rule(ident+`(?=\()`, chroma.NameFunction),
			rule(ident, chroma.Text),
			rule(cOperator, chroma.Operator),
			rule(`\.\.\.|[(){}\[\],;.]`, chroma.Punctuation),
			rule(anyChar, chroma.Text),
		},
		"string": {
			rule(`\\(?:[abfnrtv\\'"]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3})`, chroma.LiteralStringEscape),
			rule(`"`, chroma.LiteralString, pop()),
			rule(`\n`, chroma.Text, pop()),
			rule(`[^"\\\n]+`, chroma.LiteralString),
			rule(anyChar, chroma.LiteralString),
		},
	}
}
