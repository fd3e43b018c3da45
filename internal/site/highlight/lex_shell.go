package highlight

import "github.com/alecthomas/chroma/v2"

func bashLexer() *chroma.RegexLexer {
	return chroma.MustNewLexer(&chroma.Config{
		Name:      "Bash",
		Aliases:   []string{"bash", "sh", "shell", "zsh"},
		Filenames: []string{"*.sh", "*.bash", "*.zsh", ".bashrc", ".zshrc"},
		MimeTypes: []string{"application/x-sh", "text/x-shellscript"},
	}, bashRules)
}

// consoleLexer lexes a terminal session: a line starting with "$ " or
// "# " is a prompt and a command, lexed by bash (with the lines it
// continues with a backslash), and any other line is output.
func consoleLexer(bash chroma.Lexer) *chroma.RegexLexer {
	return chroma.MustNewLexer(&chroma.Config{
		Name:    "Console",
		Aliases: []string{"console", "shell-session"},
	}, func() chroma.Rules {
		return chroma.Rules{
			"root": {
				rule(`^([$#] )((?:[^\n]*\\\n)*[^\n]*)`, groups(chroma.GenericPrompt, chroma.UsingLexer(bash))),
				rule(`^[$#](?=\n|$)`, chroma.GenericPrompt),
				rule(`[^\n]+`, chroma.GenericOutput),
				rule(`\n`, chroma.Text),
			},
		}
	})
}

// bashRules lexes POSIX shell and bash. The first word of a command is a
// command name (class nf), or a builtin or keyword where it is one.
func bashRules() chroma.Rules {
	const (
		// cmd is the lookbehind for the place of a command's first word:
		// the start of a line that does not continue the one before, or
		// after an operator, an opening parenthesis that is not an array's,
		// a word that runs the command that follows, or an assignment.
		cmd = `(?<=(?:(?<!\\\n)^|[;&|!{]|(?<!=)\(|\b(?:then|do|else|elif|if|while|until|time|sudo|exec|command|xargs|env|nohup))(?:[ \t]|\\\n)*|(?<![\w$-])[\p{L}_]\w*\+?=[^\s;|&()]*(?:[ \t]|\\\n)+)`
		// end is the lookahead for the end of a keyword or builtin.
		end  = `(?![\w./=+:@~-])`
		dvar = `\$\{[^}\n]*\}?|\$(?:[\p{L}_]\w*|[0-9@*#?$!-])`
	)
	code := []chroma.Rule{
		rule(`\\\n`, chroma.Text),
		rule(`\s+`, chroma.Text),
		rule(`^#![^\n]*`, chroma.CommentHashbang),
		rule(`(?<=^|[\s;|&()])#[^\n]*`, chroma.CommentSingle),
		// A here-document: the rest of its first line is code, then the
		// body runs to the line holding only the delimiter word.
		rule(`(<<-?)([ \t]*)(['"]?)([\p{L}_][\w-]*)(\3)([^\n]*\n)((?:[^\n]*\n)*?)(^[ \t]*\4)$`,
			groups(chroma.Operator, chroma.Text, chroma.LiteralStringDelimiter, chroma.LiteralStringDelimiter,
				chroma.LiteralStringDelimiter, chroma.UsingSelf("root"), chroma.LiteralStringHeredoc, chroma.LiteralStringDelimiter)),
		rule(`"`, chroma.LiteralString, push("double")),
		rule(`\$'(?:\\[\s\S]|[^'\\])*'?`, chroma.LiteralString),
		rule(`'[^']*'?`, chroma.LiteralString),
		rule("`[^`]*`?", chroma.LiteralStringBacktick),
		rule(`\$\(`, chroma.Operator, push("subst")),
		rule(dvar, chroma.NameVariable),
		rule(`(?<=^|[\s;|&(])([\p{L}_]\w*)(\+?=)`, groups(chroma.NameVariable, chroma.Operator)),
		rule(cmd+`(?:if|then|else|elif|fi|case|esac|for|while|until|do|done|function|select|time|coproc)`+end, chroma.Keyword),
		rule(`(?<=\b(?:for|select|case)[ \t]+[^\s;]+[ \t]+)in`+end, chroma.Keyword),
		rule(`\[\[|\]\]`, chroma.Keyword),
		rule(cmd+`(?:alias|bg|bind|break|builtin|cd|command|continue|declare|echo|eval|exec|exit|export|false|fg|getopts|hash|jobs|kill|let|local|mapfile|popd|printf|pushd|pwd|read|readarray|readonly|return|set|shift|source|test|trap|true|type|typeset|ulimit|umask|unalias|unset|wait)`+end, chroma.NameBuiltin),
		rule(cmd+`[\p{L}_./~][\w./+:@~-]*(?=[\s;|&)<>]|$)`, chroma.NameFunction),
		rule(`(?<![\w.:-])\d+(?![\w.])`, chroma.LiteralNumberInteger),
		rule(`&&|\|\||;;&?|;&|>>|<<<|<<|[<>]&|&>>?|[|&;<>!]`, chroma.Operator),
		rule(`\\[\s\S]`, chroma.LiteralStringEscape),
		rule(`[{}\[\]]`, chroma.Punctuation),
		rule("[^\\s$\"'`\\\\|&;<>(){}\\[\\]]+", chroma.Text),
	}
	return chroma.Rules{
		"root": append(append([]chroma.Rule{}, code...),
			rule(`[()]`, chroma.Punctuation),
			rule(anyChar, chroma.Text)),
		"subst": append(append([]chroma.Rule{
			rule(`\)`, chroma.Operator, pop()),
			rule(`\(`, chroma.Punctuation, push("paren")),
		}, code...), rule(anyChar, chroma.Text)),
		"paren": append(append([]chroma.Rule{
			rule(`\)`, chroma.Punctuation, pop()),
			rule(`\(`, chroma.Punctuation, push("paren")),
		}, code...), rule(anyChar, chroma.Text)),
		"double": {
			rule(`\\[$`+"`"+`"\\\n]`, chroma.LiteralStringEscape),
			rule(`"`, chroma.LiteralString, pop()),
			rule(`\$\(`, chroma.Operator, push("subst")),
			rule(dvar, chroma.NameVariable),
			rule("`[^`]*`?", chroma.LiteralStringBacktick),
			rule("[^\"\\\\$`]+", chroma.LiteralString),
			rule(anyChar, chroma.LiteralString),
		},
	}
}
