package highlight

import "github.com/alecthomas/chroma/v2"

func yamlLexer() *chroma.RegexLexer {
	return chroma.MustNewLexer(&chroma.Config{
		Name:      "YAML",
		Aliases:   []string{"yaml", "yml"},
		Filenames: []string{"*.yaml", "*.yml"},
		MimeTypes: []string{"text/x-yaml", "application/yaml"},
	}, yamlRules)
}

// yamlRules lexes block and flow YAML. Plain scalars are strings, except
// those that are wholly a number, a date or a constant. A block scalar (|
// or >) runs over the lines indented deeper than the node that holds it.
func yamlRules() chroma.Rules {
	const (
		quotedKey = `"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'`
		// A plain key starts like a plain scalar and ends before the first
		// ": "; inside it, a colon is followed by a character other than a
		// space, and spaces by one other than # or a colon.
		plainKey = `(?:[^\s#'"\[\]{},|>!&*%@` + "`" + `?:-]|[?:-](?=\S))(?:[^\s:]|:(?=\S)|[ \t]+(?=[^\s:#]|:\S))*`
		key      = `(` + quotedKey + `|` + plainKey + `)([ \t]*)(:)(?=[ \t]|$)`
		// A block scalar's header: indicator, then an optional comment.
		header = `([|>][-+1-9]*)([ \t]*(?:#[^\n]*)?)`
		// The end of a scalar in block and in flow context.
		blockEnd = `(?=[ \t]+#|[ \t]*$)`
		flowEnd  = `(?=[ \t]*(?:[,\]}]|$)|[ \t]+#|:(?:[\s,\]}]|$))`
		// Plain scalars in block and in flow context. A block scalar runs
		// to the end of the line or a comment; a flow scalar also stops at
		// a flow indicator or a colon and a space. Spaces are taken only
		// with the text after them, so that matching takes linear time.
		blockPlain = `[^\s](?:[^\s]|[ \t]+(?=[^\s#]))*`
		flowPlain  = `[^\s,\[\]{}#](?:[^\s,\[\]{}:]|:(?=[^\s,\[\]{}])|[ \t]+(?=[^\s,\[\]{}#:]))*`
	)
	// body matches the lines of a block scalar: blank lines, and lines
	// indented deeper than indent, a pattern for the holder's indentation.
	body := func(indent string) string {
		return `((?:\n(?:[ \t]*(?=\n)|` + indent + `[ \t]+[^\n]*))*)`
	}
	keyTypes := []chroma.Emitter{chroma.NameTag, chroma.Text, chroma.Punctuation}
	blockBody := []chroma.Emitter{chroma.Punctuation, chroma.CommentSingle, chroma.LiteralString}
	emit := func(es ...[]chroma.Emitter) chroma.Emitter {
		var all []chroma.Emitter
		for _, e := range es {
			all = append(all, e...)
		}
		return chroma.ByGroups(all...)
	}
	rules := chroma.Rules{
		"root": append([]chroma.Rule{
			// key: |
			rule(`^([ \t]*)`+key+`([ \t]+)`+header+body(`\1`),
				emit([]chroma.Emitter{chroma.Text}, keyTypes, []chroma.Emitter{chroma.Text}, blockBody)),
			// - key: |
			rule(`^([ \t]*)(-)([ \t]+)`+key+`([ \t]+)`+header+body(`\1 \3`),
				emit([]chroma.Emitter{chroma.Text, chroma.Punctuation, chroma.Text}, keyTypes, []chroma.Emitter{chroma.Text}, blockBody)),
			// - |
			rule(`^([ \t]*)(-)([ \t]+)`+header+body(`\1`),
				emit([]chroma.Emitter{chroma.Text, chroma.Punctuation, chroma.Text}, blockBody)),
			rule(`\n|[ \t]+`, chroma.Text),
			rule(`#[^\n]*`, chroma.CommentSingle),
			rule(`^%[^\n]*`, chroma.CommentPreproc),
			rule(`^(?:---|\.\.\.)(?=[ \t]|$)`, chroma.Punctuation),
			rule(`-(?=[ \t]|$)`, chroma.Punctuation),
			rule(key, emit(keyTypes), push("value")),
		}, yamlNode(blockEnd, blockPlain)...),
		"value": append([]chroma.Rule{
			rule(`\n`, chroma.Text, pop()),
			rule(`[ \t]+`, chroma.Text),
			rule(`[|>][-+1-9]*`+blockEnd, chroma.Punctuation),
		}, yamlNode(blockEnd, blockPlain)...),
		"flow": append([]chroma.Rule{
			rule(`\s+`, chroma.Text),
			rule(`[\]}]`, chroma.Punctuation, pop()),
			rule(`[,:?]`, chroma.Punctuation),
			rule(`(`+quotedKey+`|`+flowPlain+`)([ \t]*)(:)(?=[\s,\]}]|$)`, emit(keyTypes)),
		}, yamlNode(flowEnd, flowPlain)...),
		"double": {
			rule(`\\(?:[0abtnvfre "/\\N_LP\t\n]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})`, chroma.LiteralStringEscape),
			rule(`"`, chroma.LiteralString, pop()),
			rule(`[^"\\]+`, chroma.LiteralString),
			rule(anyChar, chroma.LiteralString),
		},
		"single": {
			rule(`''`, chroma.LiteralStringEscape),
			rule(`'`, chroma.LiteralString, pop()),
			rule(`[^']+`, chroma.LiteralString),
		},
	}
	return rules
}

// yamlNode returns the rules for a YAML node where end is the lookahead
// that ends a scalar and plain matches a plain scalar.
func yamlNode(end, plain string) []chroma.Rule {
	return []chroma.Rule{
		rule(`#[^\n]*`, chroma.CommentSingle),
		rule(`"`, chroma.LiteralString, push("double")),
		rule(`'`, chroma.LiteralString, push("single")),
		rule(`&[^\s,\[\]{}]+`, chroma.NameLabel),
		rule(`\*[^\s,\[\]{}]+`, chroma.NameVariable),
		rule(`!(?:<[^>\n]*>|[^\s,\[\]{}]*)`, chroma.KeywordType),
		rule(`[\[{]`, chroma.Punctuation, push("flow")),
		rule(`(?:true|True|TRUE|false|False|FALSE|null|Null|NULL|~)`+end, chroma.KeywordConstant),
		rule(`\d{4}-\d\d?-\d\d?(?:(?:[Tt]|[ \t]+)\d\d?:\d\d:\d\d(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d\d?(?::\d\d)?))?)?`+end, chroma.LiteralDate),
		rule(`(?:[-+]?(?:0x[0-9a-fA-F]+|0o[0-7]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][-+]?\d+)?|\.(?:inf|Inf|INF))|\.(?:nan|NaN|NAN))`+end, chroma.LiteralNumber),
		rule(plain, chroma.LiteralString),
		rule(anyChar, chroma.Text),
	}
}
