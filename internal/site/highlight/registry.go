package highlight

import (
	"strings"

	"github.com/alecthomas/chroma/v2"
)

// registry maps language names and aliases, lower-cased, to lexers.
type registry struct {
	byName map[string]chroma.Lexer
	// noHeredoc maps the lexers that lex bash to ones that do not read
	// here-documents (see heredocCost).
	noHeredoc map[chroma.Lexer]chroma.Lexer
}

// newRegistry builds every lexer of the package. Building is cheap: chroma
// compiles a lexer's rules when it first tokenises.
func newRegistry() *registry {
	bash, plainBash := bashLexer(), bashNoHeredocLexer()
	console, dockerfile := consoleLexer(bash), dockerfileLexer(bash)
	r := &registry{byName: map[string]chroma.Lexer{}, noHeredoc: map[chroma.Lexer]chroma.Lexer{
		bash:       plainBash,
		console:    consoleLexer(plainBash),
		dockerfile: dockerfileLexer(plainBash),
	}}
	for _, l := range []*chroma.RegexLexer{
		goLexer(),
		pythonLexer(),
		javaScriptLexer(),
		jsxLexer(),
		javaLexer(),
		sqlLexer(),
		yamlLexer(),
		jsonLexer(),
		bash,
		console,
		httpLexer(),
		dockerfile,
		diffLexer(),
	} {
		cfg := l.Config()
		r.byName[strings.ToLower(cfg.Name)] = l
		for _, a := range cfg.Aliases {
			r.byName[strings.ToLower(a)] = l
		}
	}
	return r
}

// lookup returns the lexer for a lower-case language name, or nil for
// unknown languages and for text, plaintext and none, which are all
// rendered as escaped text.
func (r *registry) lookup(name string) chroma.Lexer {
	return r.byName[name]
}
