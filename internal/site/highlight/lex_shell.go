package highlight

import (
	"slices"
	"strings"

	"github.com/alecthomas/chroma/v2"
)

func bashLexer() *chroma.RegexLexer {
	return chroma.MustNewLexer(&chroma.Config{
		Name:      "Bash",
		Aliases:   []string{"bash", "sh", "shell", "zsh"},
		Filenames: []string{"*.sh", "*.bash", "*.zsh", ".bashrc", ".zshrc"},
		MimeTypes: []string{"application/x-sh", "text/x-shellscript"},
	}, func() chroma.Rules { return bashRules(true) })
}

// bashNoHeredocLexer is bash without its rule for here-documents, whose
// regular expression reads from every "<<" to the line that ends the
// here-document, or to the end of the code when there is none: the
// renderer takes it for code where that would be slow (see heredocCost).
func bashNoHeredocLexer() *chroma.RegexLexer {
	return chroma.MustNewLexer(&chroma.Config{Name: "Bash"}, func() chroma.Rules { return bashRules(false) })
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
// Here-documents are strings unless heredocs is false.
func bashRules(heredocs bool) chroma.Rules {
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
	// A here-document: the rest of its first line is code, then the body
	// runs to the line holding only the delimiter word.
	heredoc := rule(`(<<-?)([ \t]*)(['"]?)([\p{L}_][\w-]*)(\3)([^\n]*\n)((?:[^\n]*\n)*?)(^[ \t]*\4)$`,
		groups(chroma.Operator, chroma.Text, chroma.LiteralStringDelimiter, chroma.LiteralStringDelimiter,
			chroma.LiteralStringDelimiter, chroma.UsingSelf("root"), chroma.LiteralStringHeredoc, chroma.LiteralStringDelimiter))
	code := []chroma.Rule{
		rule(`\\\n`, chroma.Text),
		rule(`\s+`, chroma.Text),
		rule(`^#![^\n]*`, chroma.CommentHashbang),
		rule(`(?<=^|[\s;|&()])#[^\n]*`, chroma.CommentSingle),
		heredoc,
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
	if !heredocs {
		// "<<" is then an operator.
		code = slices.DeleteFunc(code, func(r chroma.Rule) bool { return r.Pattern == heredoc.Pattern })
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

// heredocCost estimates, in characters, how far the here-document rule of
// bashRules reads in src: from every "<<WORD" to the first line after it
// holding only WORD, or to the end of src. It counts every "<<", even
// those the lexer passes over in strings and comments, so the estimate is
// never less than the lexer's work. It takes time linear in the size of
// src: the lines that hold a lone word are indexed once.
func heredocCost(src string) int64 {
	if !strings.Contains(src, "<<") {
		return 0
	}
	type line struct{ start, end int }
	var lines []line
	ends := map[string][]int{} // word → indexes of the lines holding only it
	for start := 0; start < len(src); {
		end := strings.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start
		}
		if w := strings.TrimLeft(src[start:end], " \t"); isShellWord(w) {
			ends[w] = append(ends[w], len(lines))
		}
		lines = append(lines, line{start, end})
		start = end + 1
	}
	var cost int64
	for i, l := range lines {
		text := src[l.start:l.end]
		for k := 0; ; {
			j := strings.Index(text[k:], "<<")
			if j < 0 {
				break
			}
			k += j + 2
			w := strings.TrimLeft(strings.TrimPrefix(text[k:], "-"), " \t'\"")
			n := 0
			for n < len(w) && isShellWordByte(w[n], n == 0) {
				n++
			}
			if n == 0 {
				continue
			}
			end := len(src)
			list := ends[w[:n]]
			if x, _ := slices.BinarySearch(list, i+1); x < len(list) {
				end = lines[list[x]].end
			}
			cost += int64(end - (l.start + k))
		}
	}
	return cost
}

// isShellWord reports whether s is a word a here-document may end with,
// as bashRules reads one (with ASCII letters standing for any).
func isShellWord(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isShellWordByte(s[i], i == 0) {
			return false
		}
	}
	return true
}

func isShellWordByte(c byte, first bool) bool {
	switch {
	case c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c >= 0x80:
		return true
	case '0' <= c && c <= '9', c == '-':
		return !first
	}
	return false
}
