package highlight

import "github.com/alecthomas/chroma/v2"

func javaScriptLexer() *chroma.RegexLexer {
	return chroma.MustNewLexer(&chroma.Config{
		Name:      "JavaScript",
		Aliases:   []string{"javascript", "js", "mjs", "cjs", "typescript", "ts"},
		Filenames: []string{"*.js", "*.mjs", "*.cjs", "*.ts", "*.mts", "*.cts"},
		MimeTypes: []string{"text/javascript", "application/javascript", "application/typescript"},
	}, func() chroma.Rules { return javaScriptRules(false) })
}

// jsxLexer lexes JavaScript and TypeScript with JSX elements. Plain
// JavaScript and TypeScript do without them, where a < that starts an
// element could instead start a TypeScript type assertion.
func jsxLexer() *chroma.RegexLexer {
	return chroma.MustNewLexer(&chroma.Config{
		Name:      "JSX",
		Aliases:   []string{"jsx", "tsx"},
		Filenames: []string{"*.jsx", "*.tsx"},
		MimeTypes: []string{"text/jsx", "text/tsx"},
	}, func() chroma.Rules { return javaScriptRules(true) })
}

// javaScriptRules lexes JavaScript and TypeScript, with JSX elements if
// jsx is set. TypeScript's keywords and primitive types are highlighted
// too, which costs plain JavaScript nothing since it cannot use those
// words otherwise except as names.
func javaScriptRules(jsx bool) chroma.Rules {
	const (
		jsIdent = `[\p{L}_$][\p{L}\p{N}_$]*`
		// A JSX element's name, such as div, Card, Foo.Bar or svg:rect.
		jsxName = `[\p{L}_$][\p{L}\p{N}_$.:-]*`
	)
	var jsxStart []chroma.Rule
	if jsx {
		// An element starts where an expression may.
		jsxStart = append(jsxStart, rule(`(?<=(?:^|[(,=:?&|{}\[]|\breturn|=>)\s*)(<)(`+jsxName+`)?(?=[\s/>])`,
			groups(chroma.Punctuation, chroma.NameTag), push("jsx-tag")))
	}
	code := []chroma.Rule{
		rule(`\s+`, chroma.Text),
		rule(`(?<![.$])\b(function\*?)(\s+)(`+jsIdent+`)`, groups(chroma.Keyword, chroma.Text, chroma.NameFunction)),
		rule(`(?<![.$])\b(class|interface|enum|extends|implements|new)(\s+)(`+jsIdent+`)`,
			groups(chroma.Keyword, chroma.Text, chroma.NameClass)),
		rule(`(?<![.$])\b(type)(\s+)(`+jsIdent+`)(?=\s*[=<])`, groups(chroma.Keyword, chroma.Text, chroma.NameClass)),
		// TypeScript's primitive types, where a type is expected.
		rule(`(?<=(?:[:<|&,]|=>|\bextends|\bkeyof)\s*)(?:string|number|boolean|bigint|symbol|object|any|unknown|never)\b(?![$])`, chroma.KeywordType),
		wordRule(jsIdent, javaScriptWord),
		rule(`[()\[\],;]|\.(?![\d.])`, chroma.Punctuation),
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
	}
	code = append(append(code, jsxStart...), rule(`\.\.\.|=>|`+cOperator, chroma.Operator))
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
			rule("[^`\\\\$]+", chroma.LiteralStringBacktick),
			rule(`\\[\s\S]`, chroma.LiteralStringEscape),
			rule("`", chroma.LiteralStringBacktick, pop()),
			rule(`\$\{`, chroma.LiteralStringInterpol, push("interp")),
			rule(anyChar, chroma.LiteralStringBacktick),
		},
	}
	if jsx {
		rules["jsx-tag"] = []chroma.Rule{
			rule(`\s+`, chroma.Text),
			rule(`/>`, chroma.Punctuation, pop()),
			rule(`>`, chroma.Punctuation, pop(), push("jsx-children")),
			rule(jsxName, chroma.NameAttribute),
			rule(`=`, chroma.Operator),
			rule(`"[^"]*"?|'[^']*'?`, chroma.LiteralString),
			brace,
			rule(anyChar, chroma.Text),
		}
		rules["jsx-children"] = []chroma.Rule{
			rule(`[^<{]+`, chroma.Text),
			brace,
			rule(`(</)(`+jsxName+`)?(\s*)(>)`, groups(chroma.Punctuation, chroma.NameTag, chroma.Text, chroma.Punctuation), pop()),
			rule(`(<)(`+jsxName+`)?(?=[\s/>])`, groups(chroma.Punctuation, chroma.NameTag), push("jsx-tag")),
			rule(anyChar, chroma.Text),
		}
	}
	for state, q := range map[string]string{"double": `"`, "single": `'`} {
		rules[state] = []chroma.Rule{
			rule(`[^\\\n`+q+`]+`, chroma.LiteralString),
			rule(`\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|u\{[0-9a-fA-F]+\}|[\s\S])`, chroma.LiteralStringEscape),
			rule(q, chroma.LiteralString, pop()),
			rule(`\n`, chroma.Text, pop()),
			rule(anyChar, chroma.LiteralString),
		}
	}
	return rules
}

func javaScriptWord(w word) chroma.TokenType {
	switch {
	case w.member && w.call:
		return chroma.NameFunction
	case w.member:
		return chroma.Text
	}
	switch w.text {
	case "import", "export", "from":
		return chroma.KeywordNamespace
	case "as", "async", "await", "break", "case", "catch", "class", "const",
		"continue", "debugger", "default", "delete", "do", "else", "extends", "finally",
		"for", "function", "if", "in", "instanceof", "let", "new", "of", "return",
		"static", "switch", "throw", "try", "typeof", "var", "void", "while", "with",
		"yield",
		// TypeScript
		"abstract", "declare", "enum", "implements", "infer", "interface", "keyof",
		"namespace", "override", "private", "protected", "public", "readonly",
		"satisfies":
		return chroma.Keyword
	case "true", "false", "null", "undefined", "NaN", "Infinity":
		return chroma.KeywordConstant
	case "this", "super":
		return chroma.NameBuiltinPseudo
	case "Array", "BigInt", "Boolean", "Date", "Error", "Intl", "JSON", "Map",
		"Math", "Number", "Object", "Promise", "Proxy", "Reflect", "RegExp", "Set",
		"String", "Symbol", "TypeError", "RangeError", "WeakMap", "WeakSet", "clearInterval",
		"clearTimeout", "console", "document", "exports", "fetch", "globalThis", "module",
		"parseFloat", "parseInt", "process", "queueMicrotask", "require", "setInterval",
		"setTimeout", "structuredClone", "window":
		return chroma.NameBuiltin
	}
	if w.call {
		return chroma.NameFunction
	}
	return chroma.Text
}
