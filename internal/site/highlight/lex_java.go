package highlight

import (
	"strings"
	"unicode"

	"github.com/alecthomas/chroma/v2"
)

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
			rule(`\b(class|interface|enum|record|extends|implements|new|throws)(\s+)(`+ident+`)`,
				groups(chroma.Keyword, chroma.Text, chroma.NameClass)),
			rule(`\bnon-sealed\b`, chroma.Keyword),
			wordRule(ident, javaWord),
			rule(`\.\.\.|[(){}\[\],;]|\.(?!\d)`, chroma.Punctuation),
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
			rule(`->|::|`+cOperator, chroma.Operator),
			rule(anyChar, chroma.Text),
		},
		"string": {
			rule(`[^"\\\n]+`, chroma.LiteralString),
			rule(escape, chroma.LiteralStringEscape),
			rule(`"`, chroma.LiteralString, pop()),
			rule(`\n`, chroma.Text, pop()),
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

func javaWord(w word) chroma.TokenType {
	switch {
	case w.call:
		if !w.member && isJavaKeyword(w.text) {
			return chroma.Keyword
		}
		return chroma.NameFunction
	case isJavaClass(w.text):
		return chroma.NameClass
	case w.member:
		return chroma.Text
	}
	switch w.text {
	case "package", "import":
		return chroma.KeywordNamespace
	case "abstract", "assert", "break", "case", "catch", "class", "const",
		"continue", "default", "do", "else", "enum", "extends", "final", "finally",
		"for", "goto", "if", "implements", "instanceof", "interface", "native", "new",
		"permits", "private", "protected", "public", "record", "return", "sealed",
		"static", "strictfp", "super", "switch", "synchronized", "this", "throw",
		"throws", "transient", "try", "var", "volatile", "while", "yield":
		return chroma.Keyword
	case "true", "false", "null":
		return chroma.KeywordConstant
	case "boolean", "byte", "char", "double", "float", "int", "long", "short", "void":
		return chroma.KeywordType
	}
	return chroma.Text
}

// isJavaKeyword reports whether a word followed by a parenthesis is a
// keyword rather than a method name.
func isJavaKeyword(w string) bool {
	switch w {
	case "catch", "for", "if", "new", "return", "super", "switch", "synchronized",
		"this", "throw", "try", "while", "yield":
		return true
	}
	return false
}

// isJavaClass reports whether a word names a class: by convention, names
// of classes start with a capital and are not all capitals, which are
// constants.
func isJavaClass(w string) bool {
	return w[0] >= 'A' && w[0] <= 'Z' && strings.ContainsFunc(w, unicode.IsLower)
}
