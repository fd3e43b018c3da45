package guides

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Slug turns a title or a tag into a lower-case URL path segment and file
// name of ASCII letters, digits and dashes. The same text always gives the
// same slug, and a slug is its own slug:
//
//   - the text is put in lower case;
//   - compatibility forms are spelt plainly and accents dropped: the text
//     is decomposed in Unicode's compatibility form (NFKD), put in lower
//     case again, and its combining marks removed, so "é" gives "e", the
//     ligature "ﬁ" gives "fi", the black-letter "ℌ" gives "h" and "ǅ"
//     gives "dz";
//   - letters that do not decompose are spelt in ASCII: ß as ss, æ as ae,
//     ø as o, œ as oe, ł as l, đ and ð as d, þ as th, ı as i;
//   - anything else that is not an ASCII letter or digit separates words,
//     and a run of separators becomes one "-";
//   - no "-" is left at either end.
//
// Text without any letter or digit that survives these rules, such as
// "!!!" or "東京", gives "".
func Slug(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	pending := false // a separator was seen since the last letter or digit
	word := func(w string) {
		if pending && b.Len() > 0 {
			b.WriteByte('-')
		}
		pending = false
		b.WriteString(w)
	}
	for _, r := range norm.NFKD.String(strings.ToLower(s)) {
		// A compatibility form may decompose to capitals: "ℌ" is "H".
		r = unicode.ToLower(r)
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			word(string(r))
		case unicode.Is(unicode.M, r):
			// A combining mark: the accent of the letter before it.
		case spell(r) != "":
			word(spell(r))
		default:
			pending = true
		}
	}
	return b.String()
}

// spell returns the ASCII spelling of a lower-case letter that NFKD does
// not decompose, and "" for anything else.
func spell(r rune) string {
	switch r {
	case 'ß':
		return "ss"
	case 'æ':
		return "ae"
	case 'ø':
		return "o"
	case 'œ':
		return "oe"
	case 'ł':
		return "l"
	case 'đ', 'ð':
		return "d"
	case 'þ':
		return "th"
	case 'ı':
		return "i"
	}
	return ""
}
