package highlight

import "github.com/alecthomas/chroma/v2"

func javaLexer() *chroma.RegexLexer {
	return chroma.MustNewLexer(&chroma.Config{
		Name:      "Java",
		Aliases:   []string{"java"},
		Filenames: []string{"*.java"},
		MimeTypes: []string{"text/x-java"},
	}, javaRules)
}

func javaRules() chroma.Rules {
	const escape = `\\(?:[btnfrs"'\\]|[0-7]{1,3}|u+[0-9a-fA-F]{4})`
	return chroma.Rules{
		"root": {
			rule(`\s+`, chroma.Text),
			rule(`//[^\n]*`, chroma.CommentSingle),
			rule(blockComment, chroma.CommentMultiline),
			rule(`"""`, chroma.LiteralString, push("textblock")),
			rule(`"`, chroma.LiteralString, push("string")),
			rule(`'(?:`+escape+`|[^\\'\n])'`, chroma.LiteralStringChar),
			rule(`@(?!interface\b)`+ident+`(?:\.`+ident+`)*`, chroma.NameDecorator),
			rule(`0[xX][0-9a-fA-F](?:_*[0-9a-fA-F])*[lL]?`, chroma.LiteralNumberHex),
			rule(`0[bB][01](?:_*[01])*[lL]?`, chroma.LiteralNumberBin),
			rule(`(?:\d(?:_*\d)*\.(?:\d(?:_*\d)*)?|\.\d(?:_*\d)*)(?:[eE][+-]?\d+)?[fFdD]?|\d(?:_*\d)*(?:[eE][+-]?\d+[fFdD]?|[fFdD])`, chroma.LiteralNumberFloat),
			rule(`\d(?:_*\d)*[lL]?`, chroma.LiteralNumberInteger),
			rule(`\b(class|interface|enum|record|extends|implements|new|throws)(\s+)(`+ident+`)`,
				groups(chroma.Keyword, chroma.Text, chroma.NameClass)),
			rule(words("package", "import"), chroma.KeywordNamespace),
			rule(words("abstract", "assert", "break", "case", "catch", "class", "const",
				"continue", "default", "do", "else", "enum", "extends", "final", "finally",
				"for", "goto", "if", "implements", "instanceof", "interface", "native", "new",
				"permits", "private", "protected", "public", "record", "return", "sealed",
				"static", "strictfp", "super", "switch", "synchronized", "this", "throw",
				"throws", "transient", "try", "var", "volatile", "while", "yield"), chroma.Keyword),
			rule(`\bnon-sealed\b`, chroma.Keyword),
			rule(words("true", "false", "null"), chroma.KeywordConstant),
			rule(words("boolean", "byte", "char", "double", "float", "int", "long", "short", "void"), chroma.KeywordType),
			rule(ident+`(?=\()`, chroma.NameFunction),
			// By convention, names of classes start with a capital and are
			// not all capitals, which are constants.
			rule(`[A-Z][\p{L}\p{N}_]*[a-z][\p{L}\p{N}_]*`, chroma.NameClass),
			rule(ident, chroma.Text),
			rule(`->|::|`+cOperator, chroma.Operator),
			rule(`\.\.\.|[(){}\[\],;.]`, chroma.Punctuation),
			rule(anyChar, chroma.Text),
		},
		"string": {
			rule(escape, chroma.LiteralStringEscape),
			rule(`"`, chroma.LiteralString, pop()),
			rule(`\n`, chroma.Text, pop()),
			rule(`[^"\\\n]+`, chroma.LiteralString),
			rule(anyChar, chroma.LiteralString),
		},
		"textblock": {
			rule(escape+`|\\\n`, chroma.LiteralStringEscape),
			rule(`"""`, chroma.LiteralString, pop()),
			rule(`[^"\\]+`, chroma.LiteralString),
			rule(anyChar, chroma.LiteralString),
		},
	}
}
