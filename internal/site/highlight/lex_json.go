package highlight

import "github.com/alecthomas/chroma/v2"

func jsonLexer() *chroma.RegexLexer {
	return chroma.MustNewLexer(&chroma.Config{
		Name:      "JSON",
		Aliases:   []string{"json", "jsonc"},
		Filenames: []string{"*.json", "*.jsonc"},
		MimeTypes: []string{"application/json"},
	}, jsonRules)
}

// jsonRules lexes JSON, and the comments JSONC allows. A string followed
// by a colon is a key.
func jsonRules() chroma.Rules {
	return chroma.Rules{
		"root": {
			rule(`\s+`, chroma.Text),
			rule(`//[^\n]*`, chroma.CommentSingle),
			rule(blockComment, chroma.CommentMultiline),
			rule(`("(?:[^"\\\n]|\\.)*")(\s*)(:)`, groups(chroma.NameTag, chroma.Text, chroma.Punctuation)),
			rule(`"`, chroma.LiteralString, push("string")),
			rule(`-?(?:0|[1-9]\d*)(?:\.\d+)?[eE][-+]?\d+|-?(?:0|[1-9]\d*)\.\d+`, chroma.LiteralNumberFloat),
			rule(`-?(?:0|[1-9]\d*)`, chroma.LiteralNumberInteger),
			rule(`\b(?:true|false|null)\b`, chroma.KeywordConstant),
			rule(`[{}\[\],:]`, chroma.Punctuation),
			rule(`[^\s"/{}\[\],:]+|`+anyChar, chroma.Text),
		},
		"string": {
			rule(`\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})`, chroma.LiteralStringEscape),
			rule(`"`, chroma.LiteralString, pop()),
			rule(`\n`, chroma.Text, pop()),
			rule(`[^"\\\n]+`, chroma.LiteralString),
			rule(anyChar, chroma.LiteralString),
		},
	}
}
