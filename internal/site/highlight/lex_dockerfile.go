package highlight

import "github.com/alecthomas/chroma/v2"

func dockerfileLexer(bash chroma.Lexer) *chroma.RegexLexer {
	return chroma.MustNewLexer(&chroma.Config{
		Name:            "Dockerfile",
		Aliases:         []string{"dockerfile", "docker", "containerfile"},
		Filenames:       []string{"Dockerfile", "Dockerfile.*", "*.dockerfile", "Containerfile"},
		MimeTypes:       []string{"text/x-dockerfile-config"},
		CaseInsensitive: true,
	}, func() chroma.Rules { return dockerfileRules(bash) })
}

// dockerfileRules lexes a Dockerfile: instructions, their flags, quoted
// strings and variables, with the shell form of RUN, CMD and ENTRYPOINT
// (and the lines it continues with a backslash) lexed by bash.
// Instructions are case-insensitive.
func dockerfileRules(bash chroma.Lexer) chroma.Rules {
	args := []chroma.Rule{
		rule(`\\\n`, chroma.Text),
		rule(`[ \t]+`, chroma.Text),
		rule(`--[\w-]+`, chroma.NameAttribute),
		rule(`\$\{[^}\n]*\}?|\$[\p{L}_]\w*`, chroma.NameVariable),
		rule(`"`, chroma.LiteralString, push("string")),
		rule(`'[^'\n]*'?`, chroma.LiteralString),
		rule(`(?<![\w.:/-])\d+(?:/(?:tcp|udp))?(?![\w.:/])`, chroma.LiteralNumber),
		rule(`[\[\],]`, chroma.Punctuation),
		rule(`=`, chroma.Operator),
		rule(`[^\s"'$=\[\],\\]+`, chroma.Text),
	}
	return chroma.Rules{
		"root": append([]chroma.Rule{
			rule(`\n`, chroma.Text),
			rule(`^[ \t]*#[^\n]*`, chroma.CommentSingle),
			rule(`^([ \t]*)(RUN|CMD|ENTRYPOINT)((?:[ \t]+--[\w-]+(?:=\S*)?)*)([ \t]+)(?![ \t]*\[)((?:[^\n]*\\\n)*[^\n]*)`,
				groups(chroma.Text, chroma.Keyword, chroma.UsingSelf("flags"), chroma.Text, chroma.UsingLexer(bash))),
			rule(`^([ \t]*)(FROM)\b`, groups(chroma.Text, chroma.Keyword), push("from")),
			// HEALTHCHECK and ONBUILD take an instruction.
			rule(`^([ \t]*)(HEALTHCHECK|ONBUILD)\b`, groups(chroma.Text, chroma.Keyword), push("outer")),
			rule(`^([ \t]*)(ADD|ARG|CMD|COPY|ENTRYPOINT|ENV|EXPOSE|LABEL|MAINTAINER|RUN|SHELL|STOPSIGNAL|USER|VOLUME|WORKDIR)\b`,
				groups(chroma.Text, chroma.Keyword)),
		}, append(args, rule(anyChar, chroma.Text))...),
		"outer": append([]chroma.Rule{
			rule(`\n`, chroma.Text, pop()),
			rule(`\b(?:ADD|CMD|COPY|NONE|RUN)\b`, chroma.Keyword),
		}, append(args, rule(anyChar, chroma.Text))...),
		"from": append([]chroma.Rule{
			rule(`\n`, chroma.Text, pop()),
			rule(`\b(AS)([ \t]+)([\w.-]+)`, groups(chroma.Keyword, chroma.Text, chroma.NameLabel)),
		}, append(args, rule(anyChar, chroma.Text))...),
		"flags": append(args, rule(anyChar, chroma.Text)),
		"string": {
			rule(`\\[\s\S]`, chroma.LiteralStringEscape),
			rule(`"`, chroma.LiteralString, pop()),
			rule(`\$\{[^}\n]*\}?|\$[\p{L}_]\w*`, chroma.NameVariable),
			rule(`\n`, chroma.Text, pop()),
			rule(`[^"\\$\n]+`, chroma.LiteralString),
			rule(anyChar, chroma.LiteralString),
		},
	}
}
