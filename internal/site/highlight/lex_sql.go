package highlight

import (
	"strings"

	"github.com/alecthomas/chroma/v2"
)

func sqlLexer() *chroma.RegexLexer {
	return chroma.MustNewLexer(&chroma.Config{
		Name:            "SQL",
		Aliases:         []string{"sql", "postgresql", "postgres", "psql", "mysql", "sqlite"},
		Filenames:       []string{"*.sql"},
		MimeTypes:       []string{"text/x-sql"},
		CaseInsensitive: true,
	}, sqlRules)
}

// sqlRules lexes the common ground of PostgreSQL, MySQL and SQLite. Rules
// and words are case-insensitive.
func sqlRules() chroma.Rules {
	constants := wordSet("true", "false", "null", "unknown")
	types := wordSet("array", "bigint", "bigserial", "binary", "bit", "blob", "bool",
		"boolean", "bytea", "char", "character", "cidr", "clob", "date", "datetime",
		"decimal", "double", "enum", "float", "inet", "int", "int2", "int4", "int8",
		"integer", "interval", "json", "jsonb", "longtext", "mediumint", "money",
		"numeric", "precision", "real", "serial", "smallint", "smallserial", "text",
		"time", "timestamp", "timestamptz", "tinyint", "tinytext", "uuid",
		"varbinary", "varchar", "varying", "xml", "zone")
	keywords := wordSet("add", "after", "all", "alter", "analyze", "and", "any", "as", "asc",
		"authorization", "auto_increment", "before", "begin", "between", "by",
		"cascade", "case", "cast", "check", "collate", "column", "commit",
		"concurrently", "conflict", "constraint", "create", "cross", "current_date",
		"current_time", "current_timestamp", "cursor", "database", "declare",
		"default", "deferrable", "delete", "desc", "distinct", "do", "drop", "each",
		"else", "end", "escape", "except", "exclude", "execute", "exists", "explain",
		"extension", "fetch", "filter", "first", "following", "for", "foreign", "from",
		"full", "function", "grant", "group", "having", "if", "ilike", "in", "index",
		"inner", "insert", "intersect", "into", "is", "isolation", "join", "key",
		"language", "last", "lateral", "left", "level", "like", "limit", "lock",
		"materialized", "natural", "next", "not", "nothing", "nulls", "of", "offset",
		"on", "only", "or", "order", "outer", "over", "partition", "preceding",
		"primary", "procedure", "range", "read", "recursive", "references",
		"refresh", "release", "rename", "replace", "restrict", "return", "returning",
		"returns", "revoke", "right", "rollback", "row", "rows", "savepoint", "schema",
		"select", "sequence", "serializable", "set", "share", "show", "similar",
		"skip", "table", "temp", "temporary", "then", "ties", "to", "transaction",
		"trigger", "truncate", "unbounded", "union", "unique", "unlogged", "until",
		"update", "using", "vacuum", "values", "view", "when", "where", "window",
		"with", "without", "work")
	classify := func(w word) chroma.TokenType {
		if w.member {
			return chroma.Text
		}
		switch lower := strings.ToLower(w.text); {
		case constants[lower]:
			return chroma.KeywordConstant
		case types[lower]:
			return chroma.KeywordType
		case keywords[lower]:
			return chroma.Keyword
		case w.call:
			return chroma.NameFunction
		}
		return chroma.Text
	}
	return chroma.Rules{
		"root": {
			rule(`\s+`, chroma.Text),
			rule(`(e)(')`, groups(chroma.LiteralStringAffix, chroma.LiteralString), push("escaped")),
			wordRule(ident, classify),
			rule(`[(),;\[\]]|\.(?!\d)`, chroma.Punctuation),
			rule(`--[^\n]*`, chroma.CommentSingle),
			rule(blockComment, chroma.CommentMultiline),
			rule(`'`, chroma.LiteralString, push("string")),
			// A PostgreSQL dollar-quoted string, such as a function body, is
			// lexed as SQL between its delimiters. (The tag's group always
			// takes part, possibly empty: a backreference to a group that
			// did not would never match.)
			rule(`(\$([\p{L}_]\w*|)\$)([\s\S]*?)(\$\2\$)`, groups(chroma.LiteralStringDelimiter, nil, chroma.UsingSelf("root"), chroma.LiteralStringDelimiter)),
			rule(`\$\d+|(?<!:):`+ident+`|@@?`+ident+`|\?`, chroma.NameVariable),
			rule(`"(?:[^"]|"")*"|`+"`[^`]*`", chroma.NameVariable),
			rule(`0x[0-9a-f]+`, chroma.LiteralNumberHex),
			rule(`(?:\d+\.\d*|\.\d+)(?:e[+-]?\d+)?|\d+e[+-]?\d+`, chroma.LiteralNumberFloat),
			rule(`\d+`, chroma.LiteralNumberInteger),
			rule(`[-+*/%<>=!|&~^#:@]+`, chroma.Operator),
			rule(anyChar, chroma.Text),
		},
		"string": {
			rule(`[^']+`, chroma.LiteralString),
			rule(`''`, chroma.LiteralStringEscape),
			rule(`'`, chroma.LiteralString, pop()),
		},
		"escaped": {
			rule(`[^'\\]+`, chroma.LiteralString),
			rule(`''|\\(?:[0-7]{1,3}|x[0-9a-f]{1,2}|u[0-9a-f]{4}|U[0-9a-f]{8}|[\s\S])`, chroma.LiteralStringEscape),
			rule(`'`, chroma.LiteralString, pop()),
			rule(anyChar, chroma.LiteralString),
		},
	}
}
