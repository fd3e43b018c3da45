package highlight

import "github.com/alecthomas/chroma/v2"

func javaScriptLexer() *chroma.RegexLexer {
	return chroma.MustNewLexer(&chroma.Config{
		Name:      "JavaScript",
		Aliases:   []string{"javascript", "js", "jsx", "mjs", "cjs", "typescript", "ts", "tsx"},
		Filenames: []string{"*.js", "*.jsx", "*.mjs", "*.cjs", "*.ts", "*.tsx", "*.mts", "*.cts"},
		MimeTypes: []string{"text/javascript", "application/javascript", "application/typescript"},
	}, javaScriptRules)
}

// jsWords is words for JavaScript, where $ is part of identifiers.
func jsWords(ws ...string) string {
	return chroma.Words(`(?<![.$])\b`, `\b(?!\$)`, ws...)
}

// javaScriptRules lexes JavaScript and TypeScript: TypeScript's keywords
// and primitive types are highlighted too, which costs plain JavaScript
// nothing since it cannot use those words otherwise except as names.
func javaScriptRules() chroma.Rules {
	const jsIdent = `[\p{L}_$][\p{L}\p{N}_$]*`
	code := []chroma.Rule{
		rule(`\s+`, chroma.Text),
		rule(`//[^\n]*`, chroma.CommentSingle),
		rule(blockComment, chroma.CommentMultiline),
		rule(`"`, chroma.LiteralString, push("double")),
		rule(`'`, chroma.LiteralString, push("single")),
		rule("`", chroma.LiteralStringBacktick, push("template")),
		// A slash starts a regular expression where an expression may begin.
		rule(`(?<=(?:^|[(,=:\[!&|?{};]|\b(?:return|typeof|case|do|else|in|of|delete|void|throw|yield|await))[ \t]*)/(?![/*])(?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\\n\[])+/[dgimsuyv]*`, chroma.LiteralStringRegex),
		rule(`0[xX][0-9a-fA-F](?:_?[0-9a-fA-F])*n?`, chroma.LiteralNumberHex),
		rule(`0[bB][01](?:_?[01])*n?`, chroma.LiteralNumberBin),
		rule(`0[oO][0-7](?:_?[0-7])*n?`, chroma.LiteralNumberOct),
		rule(`(?:\d(?:_?\d)*\.(?:\d(?:_?\d)*)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d+)?|\d(?:_?\d)*[eE][+-]?\d+`, chroma.LiteralNumberFloat),
		rule(`\d(?:_?\d)*n?`, chroma.LiteralNumberInteger),
		rule(`@`+jsIdent+`(?:\.`+jsIdent+`)*`, chroma.NameDecorator),
		rule(`(?<![.$])\b(class|interface|enum|extends|implements|new)(\s+)(`+jsIdent+`)`,
			groups(chroma.Keyword, chroma.Text, chroma.NameClass)),
		rule(`(?<![.$])\b(type)(\s+)(`+jsIdent+`)(?=\s*[=<])`, groups(chroma.Keyword, chroma.Text, chroma.NameClass)),
		rule(`(?<![.$])\b(function\*?)(\s+)(`+jsIdent+`)`, groups(chroma.Keyword, chroma.Text, chroma.NameFunction)),
		rule(jsWords("import", "export", "from"), chroma.KeywordNamespace),
		rule(jsWords("as", "async", "await", "break", "case", "catch", "class", "const",
			"continue", "debugger", "default", "delete", "do", "else", "extends", "finally",
			"for", "function", "if", "in", "instanceof", "let", "new", "of", "return",
			"static", "switch", "throw", "try", "typeof", "var", "void", "while", "with",
			"yield",
			// TypeScript
			"abstract", "declare", "enum", "implements", "infer", "interface", "keyof",
			"namespace", "override", "private", "protected", "public", "readonly",
			"satisfies"), chroma.Keyword),
		rule(jsWords("true", "false", "null", "undefined", "NaN", "Infinity"), chroma.KeywordConstant),
		rule(jsWords("this", "super"), chroma.NameBuiltinPseudo),
		// TypeScript's primitive types, where a type is expected.
		rule(`(?<=(?:[:<|&,]|=>|\bextends|\bkeyof)\s*)(?:string|number|boolean|bigint|symbol|object|any|unknown|never)\b(?![$])`, chroma.KeywordType),
		rule(jsWords("Array", "BigInt", "Boolean", "Date", "Error", "Intl", "JSON", "Map",
			"Math", "Number", "Object", "Promise", "Proxy", "Reflect", "RegExp", "Set",
			"String", "Symbol", "TypeError", "RangeError", "WeakMap", "WeakSet", "clearInterval",
			"clearTimeout", "console", "document", "exports", "fetch", "globalThis", "module",
			"parseFloat", "parseInt", "process", "queueMicrotask", "require", "setInterval",
			"setTimeout", "structuredClone", "window"), chroma.NameBuiltin),
		rule(jsIdent+`(?=\()`, chroma.NameFunction),
		rule(jsIdent, chroma.Text),
		rule(`\.\.\.|=>|`+cOperator, chroma.Operator),
		rule(`[()\[\],;.]`, chroma.Punctuation),
	}
	// Braces are counted inside template substitutions, so that the brace
	// closing a substitution can be told from one closing an object.
	brace := rule(`\{`, chroma.Punctuation, push("brace"))
	rules := chroma.Rules{
		"root": append(append([]chroma.Rule{}, code...),
			rule(`[{}]`, chroma.Punctuation),
			rule(anyChar, chroma.Text)),
		"brace": append(append([]chroma.Rule{rule(`\}`, chroma.Punctuation, pop()), brace}, code...),
			rule(anyChar, chroma.Text)),
		"interp": append(append([]chroma.Rule{rule(`\}`, chroma.LiteralStringInterpol, pop()), brace}, code...),
			rule(anyChar, chroma.Text)),
		"template": {
			rule(`\\[\s\S]`, chroma.LiteralStringEscape),
			rule("`", chroma.LiteralStringBacktick, pop()),
			rule(`\$\{`, chroma.LiteralStringInterpol, push("interp")),
			rule("[^`\\\\$]+", chroma.LiteralStringBacktick),
			rule(anyChar, chroma.LiteralStringBacktick),
		},
	}
	for state, q := range map[string]string{"double": `"`, "single": `'`} {
		rules[state] = []chroma.Rule{
			rule(`\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|u\{[0-9a-fA-F]+\}|[\s\S])`, chroma.LiteralStringEscape),
			rule(q, chroma.LiteralString, pop()),
			rule(`\n`, chroma.Text, pop()),
			rule(`[^\\\n`+q+`]+`, chroma.LiteralString),
			rule(anyChar, chroma.LiteralString),
		}
	}
	return rules
}
