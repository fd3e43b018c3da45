package highlight

import "github.com/alecthomas/chroma/v2"

func httpLexer() *chroma.RegexLexer {
	return chroma.MustNewLexer(&chroma.Config{
		Name:    "HTTP",
		Aliases: []string{"http"},
	}, httpRules)
}

// httpRules lexes HTTP/1 messages: a request or status line, header
// fields, and after an empty line the body as plain text. A request or
// status line in a body starts the next message.
func httpRules() chroma.Rules {
	const (
		version = `(HTTP/\d(?:\.\d)?)`
		request = `^([A-Z][A-Z-]*)([ \t]+)(\S+)`
		status  = `^` + version + `([ \t]+)(\d{3})([^\n]*)`
	)
	requestTypes := []chroma.Emitter{chroma.Keyword, chroma.Text, chroma.NameNamespace}
	statusTypes := groups(chroma.KeywordReserved, chroma.Text, chroma.LiteralNumber, chroma.Text)
	return chroma.Rules{
		"root": {
			rule(request+`(?:([ \t]+)`+version+`)?(?=[ \t]*$)`,
				groups(append(requestTypes, chroma.Text, chroma.KeywordReserved)...), push("headers")),
			rule(status, statusTypes, push("headers")),
			rule(`[^\n]+|\n`, chroma.Text),
		},
		"headers": {
			rule(`^([!#$%&'*+.^_`+"`"+`|~0-9A-Za-z-]+)([ \t]*)(:)([ \t]*)([^\n]*)`,
				groups(chroma.NameAttribute, chroma.Text, chroma.Punctuation, chroma.Text, chroma.LiteralString)),
			rule(`\n[ \t]*\n`, chroma.Text, push("body")),
			rule(`[^\n]+|\n`, chroma.Text),
		},
		"body": {
			rule(request+`([ \t]+)`+version+`(?=[ \t]*$)`,
				groups(append(requestTypes, chroma.Text, chroma.KeywordReserved)...), pop()),
			rule(status, statusTypes, pop()),
			rule(`[^\n]+|\n`, chroma.Text),
		},
	}
}
