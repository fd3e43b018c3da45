package highlight

import "github.com/alecthomas/chroma/v2"

func diffLexer() *chroma.RegexLexer {
	return chroma.MustNewLexer(&chroma.Config{
		Name:      "Diff",
		Aliases:   []string{"diff", "patch", "udiff"},
		Filenames: []string{"*.diff", "*.patch"},
		MimeTypes: []string{"text/x-diff", "text/x-patch"},
	}, diffRules)
}

// diffRules lexes unified diffs, such as git's, and the lines of normal
// diffs: file headers, hunk headers, and inserted and deleted lines. A
// line "--- x" is a file header only when "+++ y" follows it; otherwise it
// deletes "-- x".
func diffRules() chroma.Rules {
	return chroma.Rules{
		"root": {
			rule(`^(--- [^\n]*)(\n)(\+\+\+ [^\n]*)`, groups(chroma.GenericHeading, chroma.Text, chroma.GenericHeading)),
			rule(`^(?:diff|index|new file mode|deleted file mode|old mode|new mode|similarity index|dissimilarity index|rename from|rename to|copy from|copy to|Binary files|Only in)\b[^\n]*`, chroma.GenericHeading),
			rule(`^@@[^\n]*`, chroma.GenericSubheading),
			rule(`^[+>][^\n]*`, chroma.GenericInserted),
			rule(`^[-<][^\n]*`, chroma.GenericDeleted),
			rule(`^\\[^\n]*`, chroma.CommentSingle),
			rule(`[^\n]+|\n`, chroma.Text),
		},
	}
}
