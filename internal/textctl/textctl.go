// Package textctl finds and escapes control characters: the runes a
// terminal may take as commands rather than text. Text from a collection
// passes through it before it is shown, so that no value of a file can
// clear a screen or rewrite what was printed before.
//
// The package imports nothing of the project, so that every other one,
// frontmatter and the domain model among them, may use it.
package textctl

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// IsControl reports whether r is a C0 or C1 control character, or DEL.
func IsControl(r rune) bool { return r < 0x20 || 0x7f <= r && r <= 0x9f }

// Find returns the byte offset of the first control character of s (see
// IsControl) other than those in allow, or -1.
func Find(s, allow string) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 || c == 0x7f) && strings.IndexByte(allow, c) < 0 {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if IsControl(r) && !strings.ContainsRune(allow, r) {
			return i
		}
		i += size
	}
	return -1
}

// Printable returns s with every control character and every byte that is
// not UTF-8 written as a Go escape (\n, \x1b, \u0085), so that one message
// is one line and a terminal shows it as text. Backslashes are left as
// they are. Text without such characters is returned as it is.
func Printable(s string) string {
	if Find(s, "") < 0 && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x`)
			b.WriteString(strconv.FormatUint(uint64(s[i])>>4, 16))
			b.WriteString(strconv.FormatUint(uint64(s[i])&0xf, 16))
		case IsControl(r):
			q := strconv.QuoteRune(r) // 'x', with the escape inside
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
