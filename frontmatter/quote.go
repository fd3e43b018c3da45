package frontmatter

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// QuoteYAML writes s as a YAML double-quoted scalar that reads back as s:
// the way to write a value that is meant as text. Printable characters are
// written as they are, except " and \, which are escaped; everything else
// is escaped: tabs and line breaks by name, other characters YAML does not
// allow as they are, or may fold or drop, as \uXXXX. A byte that is not
// UTF-8 cannot be written in YAML and becomes U+FFFD.
func QuoteYAML(s string) string {
	if yamlPlain(s) && !strings.ContainsAny(s, `"\`) {
		return `"` + s + `"`
	}
	return quoteEscaped(s)
}

// yamlPlain reports whether s is UTF-8 and holds only characters that YAML
// keeps as they are in a quoted scalar on one line.
func yamlPlain(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || !yamlPrintable(r) {
			return false // RuneError: perhaps a byte that is not UTF-8
		}
	}
	return true
}

// quoteEscaped writes s as a YAML double-quoted scalar with escapes (see
// QuoteYAML).
func quoteEscaped(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == utf8.RuneError || yamlPrintable(r):
			b.WriteRune(r) // RuneError is written as U+FFFD, which is printable
		case r <= 0xffff:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			fmt.Fprintf(&b, `\U%08X`, r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// yamlPrintable reports whether YAML keeps r as it is in a quoted scalar:
// a printable character that is neither a line break YAML may fold (NEL,
// LS, PS) nor a byte order mark it may drop.
func yamlPrintable(r rune) bool {
	switch {
	case 0x20 <= r && r <= 0x7e:
		return true
	case r == 0x85, r == 0x2028, r == 0x2029, r == 0xfeff:
		return false
	case 0xa0 <= r && r <= 0xd7ff, 0xe000 <= r && r <= 0xfffd, 0x10000 <= r && r <= 0x10ffff:
		return true
	}
	return false
}
