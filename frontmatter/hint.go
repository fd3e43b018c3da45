package frontmatter

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/visual-guides/guides/internal/textctl"
)

// A fix is a mistake people make in front matter, found on one line, with
// the line as it should be written.
type fix struct {
	line int    // 1-based line of the front matter
	col  int    // 1-based byte column of the mistake
	what string // what is wrong, and how to mend it
	// corrected is the whole line as it should be.
	corrected string
	// spans: YAML reads on past this mistake (an unclosed quote or list, a
	// list item it takes for text), so the error it reports may be on a
	// later line.
	spans bool
	kind  fixKind
	// title says what the change does, for an editor's menu.
	title string
}

type fixKind uint8

const (
	otherFix fixKind = iota
	dashFix
)

// error returns the fix as an error of front matter that starts on line
// firstLine of its file.
func (f fix) error(firstLine int) *Error {
	return &Error{
		Pos: Pos{Line: f.line + firstLine - 1, Col: f.col},
		Msg: textctl.Printable("invalid YAML: " + f.what + ": write: " + f.corrected),
		Fix: &LineFix{Line: f.line + firstLine - 1, Title: f.title, Text: f.corrected},
	}
}

// findFix looks for a mistake that explains a YAML error the library
// reports on line errLine of front (1-based; 0 or past the end when it
// gives none). The mistake is on that line or, as YAML reads on past an
// unclosed quote or a list it cannot place, on one before it: the nearest
// one is taken.
func findFix(front []byte, errLine int) (fix, bool) {
	lines := splitLines(front)
	known := errLine >= 1 && errLine <= len(lines)
	if !known {
		errLine = len(lines)
	}
	for n := errLine; n >= 1; n-- {
		f, ok := fixLine(lines, n-1)
		if !ok || known && n < errLine && !f.spans {
			continue
		}
		if f.kind == dashFix {
			// Point at the first of the items written so.
			for p := previous(lines, f.line-1); p >= 0; p = previous(lines, p) {
				g, ok := fixLine(lines, p)
				if !ok || g.kind != dashFix {
					break
				}
				f = g
			}
		}
		return f, true
	}
	return fix{}, false
}

// splitLines returns the lines of front without their line ends.
func splitLines(front []byte) []string {
	s := string(front)
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}

// fixLine checks lines[i] for each mistake in turn.
func fixLine(lines []string, i int) (fix, bool) {
	s := lines[i]
	indent := len(s) - len(strings.TrimLeft(s, " \t"))
	rest := s[indent:]
	if rest == "" || rest[0] == '#' {
		return fix{}, false
	}
	f := fix{line: i + 1}
	if t := strings.IndexByte(s[:indent], '\t'); t >= 0 {
		want := wantIndent(lines, i, rest)
		f.col = t + 1
		f.corrected = strings.Repeat(" ", want) + rest
		f.what = "a tab indents this line, and YAML indents with spaces only; indent with " + strconv.Itoa(want) + " spaces"
		f.title = "Indent with spaces"
		if want == 0 {
			f.what = "a tab indents this line, and YAML indents with spaces only; a key starts at the margin"
		}
		return f, true
	}
	pad := s[:indent]
	if dash, ok := dashItem(lines, i, rest); ok {
		f.col = indent + 1
		f.what = `a list item needs a space after its "-"`
		f.title = `Put a space after "-"`
		f.corrected = pad + "- " + dash
		f.spans, f.kind = true, dashFix
		return f, true
	}
	key, value, ok := keyValue(rest)
	if !ok {
		return fix{}, false
	}
	col := indent + len(key) + 1
	if value != "" && value[0] != ' ' {
		// "key:value": YAML reads the whole line as one plain value.
		if strings.HasPrefix(value, "//") {
			return fix{}, false
		}
		f.col = col
		f.what = "a key needs a space after its colon"
		f.title = "Put a space after the colon"
		f.corrected = pad + key + ": " + value
		return f, true
	}
	vstart := col + len(value) - len(strings.TrimLeft(value, " "))
	value, comment := cutComment(strings.TrimLeft(value, " "))
	if value == "" {
		return fix{}, false
	}
	f.col = vstart + 1
	return fixValue(f, lines, i, value, func(v string) string { return pad + key + ": " + v + comment })
}

// fixValue checks the value of the "key: value" line lines[i], without
// its comment, for mistakes of quoting; line writes the line with another
// value.
func fixValue(f fix, lines []string, i int, value string, line func(v string) string) (fix, bool) {
	if inner, ok := typographic(value); ok {
		f.what = "typographic quotes do not quote a value in YAML; use straight ones"
		f.title = "Use straight quotes"
		f.corrected = line(quote(inner, '"'))
		return f, true
	}
	switch q := value[0]; q {
	case '"', '\'':
		end := closingQuote(value)
		switch {
		case end < 0 && !continues(lines, i):
			f.what = "the quote that opens this value is never closed"
			f.title = "Close the quote"
			f.corrected = line(quote(value[1:], q))
			f.spans = true
			return f, true
		case end >= 0 && end+1 < len(value) && value[len(value)-1] == q:
			// The value holds its own quote mark, which ends it early.
			f.what = "the value holds the quote mark that encloses it"
			f.title = "Quote the value"
			f.corrected = line(quote(unescape(value[1:len(value)-1], q), q))
			return f, true
		case end >= 0 && end+1 < len(value) && strings.Contains(value[end+1:], ": "):
			// The value starts with a quoted word, and a colon comes
			// after it: the quotes are part of the text.
			f.what = `a value with ": " in it needs quotes, around the whole of it`
			f.title = "Quote the value"
			f.corrected = line(quote(value, q))
			return f, true
		}
		return fix{}, false
	case '[':
		if !strings.Contains(value, "]") && !continues(lines, i) {
			f.what = `the list that "[" opens is never closed`
			f.title = "Close the list"
			f.corrected = line(strings.TrimRight(value, " ,") + "]")
			f.spans = true
			return f, true
		}
		return fix{}, false
	case '{', '|', '>', '&', '*', '!', '%', '@', '`':
		return fix{}, false
	}
	if strings.Contains(value, ": ") || strings.HasSuffix(value, ":") {
		f.what = `a value with ": " in it needs quotes`
		f.title = "Quote the value"
		f.corrected = line(quote(value, '\''))
		return f, true
	}
	return fix{}, false
}

// keyValue splits "key:value" at its colon. The key is a plain word, as
// the keys of front matter are.
func keyValue(s string) (key, value string, ok bool) {
	k := 0
	for k < len(s) && isKeyByte(s[k], k == 0) {
		k++
	}
	if k == 0 || k == len(s) || s[k] != ':' {
		return "", "", false
	}
	return s[:k], s[k+1:], true
}

// cutComment splits a plain value from a comment after it: " #" and what
// follows, kept with its leading space.
func cutComment(v string) (value, comment string) {
	if v != "" && (v[0] == '"' || v[0] == '\'') {
		if end := closingQuote(v); end >= 0 {
			if c := strings.Index(v[end:], " #"); c >= 0 {
				return v[:end+c], v[end+c:]
			}
		}
		return strings.TrimRight(v, " "), ""
	}
	if c := strings.Index(v, " #"); c >= 0 {
		return strings.TrimRight(v[:c], " "), v[c:]
	}
	return strings.TrimRight(v, " "), ""
}

// dashItem reports whether rest is a list item written without the space
// after its dash, such as "-caching" under "categories:", and returns the
// item.
func dashItem(lines []string, i int, rest string) (string, bool) {
	if len(rest) < 2 || rest[0] != '-' || rest[1] == ' ' || rest[1] == '-' || rest[1] == '\t' {
		return "", false
	}
	prev := previous(lines, i)
	if prev < 0 {
		return "", false
	}
	p := strings.TrimLeft(lines[prev], " \t")
	_, v, isKey := keyValue(p)
	inList := strings.HasPrefix(p, "-") && !strings.HasPrefix(p, "--")
	if !inList && !(isKey && strings.TrimSpace(v) == "") {
		return "", false
	}
	return strings.TrimSpace(rest[1:]), true
}

// wantIndent returns the spaces that the line lines[i], whose text after
// its indent is rest, should be indented with.
func wantIndent(lines []string, i int, rest string) int {
	prev := previous(lines, i)
	if prev < 0 {
		return 0
	}
	p := lines[prev]
	pIndent := len(p) - len(strings.TrimLeft(p, " "))
	pTabs := strings.ContainsRune(p[:len(p)-len(strings.TrimLeft(p, " \t"))], '\t')
	pRest := strings.TrimLeft(p, " \t")
	block := strings.HasSuffix(strings.TrimRight(pRest, " "), "|") || strings.HasSuffix(strings.TrimRight(pRest, " "), ">") ||
		strings.HasSuffix(strings.TrimRight(pRest, " "), "|-") || strings.HasSuffix(strings.TrimRight(pRest, " "), ">-")
	if _, _, isKey := keyValue(rest); isKey && !block && !strings.HasPrefix(rest, "-") {
		return 0
	}
	if strings.HasPrefix(rest, "- ") || rest == "-" {
		if strings.HasPrefix(pRest, "- ") && !pTabs {
			return pIndent // the item before it
		}
		return 2
	}
	if !pTabs && pIndent > 0 {
		return pIndent // the line of text before it
	}
	return 2
}

// previous returns the index of the line before lines[i] that is neither
// blank nor a comment, or -1.
func previous(lines []string, i int) int {
	for j := i - 1; j >= 0; j-- {
		t := strings.TrimLeft(lines[j], " \t")
		if t != "" && t[0] != '#' {
			return j
		}
	}
	return -1
}

// continues reports whether the line after lines[i] is indented, and so may
// continue a value that spans lines.
func continues(lines []string, i int) bool {
	for j := i + 1; j < len(lines); j++ {
		t := strings.TrimLeft(lines[j], " \t")
		if t == "" {
			continue
		}
		return len(t) < len(lines[j])
	}
	return false
}

// closingQuote returns the index in v of the quote mark that closes the
// quoted value v starts with, or -1.
func closingQuote(v string) int {
	q := v[0]
	for i := 1; i < len(v); i++ {
		switch {
		case q == '"' && v[i] == '\\':
			i++
		case v[i] == q && q == '\'' && i+1 < len(v) && v[i+1] == '\'':
			i++
		case v[i] == q:
			return i
		}
	}
	return -1
}

// unescape undoes the escapes of a quoted value's text that stand for the
// quote mark itself.
func unescape(s string, q byte) string {
	if q == '\'' {
		return strings.ReplaceAll(s, "''", "'")
	}
	return strings.ReplaceAll(s, `\"`, `"`)
}

// QuoteHint writes s as a quoted YAML scalar that reads back as s, for a
// line a person is told to write: between the quote marks that need no
// escape, double ones when s holds a single quote and single ones when it
// holds a double quote or a backslash; when it holds both, between those
// that need fewer escapes, single ones on a tie (a doubled single quote
// reads as the apostrophe it stands for). Text that YAML would not keep as
// it is on one line is written as QuoteYAML writes it.
func QuoteHint(s string) string { return quote(s, '"') }

// quote is QuoteHint, with the quote mark q for text that holds none.
func quote(s string, q byte) string {
	if !yamlPlain(s) {
		return QuoteYAML(s)
	}
	singles := strings.Count(s, "'")
	doubles := strings.Count(s, `"`) + strings.Count(s, `\`)
	switch {
	case singles == 0 && doubles == 0 && q == '"', singles > 0 && doubles == 0:
		return `"` + s + `"`
	case doubles > 0 && doubles < singles:
		return quoteEscaped(s)
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// typographicOpen and typographicClose are the quotation marks of prose,
// which YAML does not take as quotes.
const (
	typographicOpen  = "“”„‟‘’‚‛«»‹›"
	typographicClose = "“”‟‘’‛«»‹›"
)

// typographic reports whether v is written between typographic quotation
// marks, and returns what is between them.
func typographic(v string) (string, bool) {
	first, n := utf8.DecodeRuneInString(v)
	last, m := utf8.DecodeLastRuneInString(v)
	if n < 2 || m < 2 || len(v) < n+m || !strings.ContainsRune(typographicOpen, first) || !strings.ContainsRune(typographicClose, last) {
		return "", false
	}
	return v[n : len(v)-m], true
}

// Typographic reports whether a plain (unquoted) value is written between
// typographic quotation marks, such as “Caching”, which YAML keeps as part
// of the text; it returns the text between them.
func Typographic(v string) (string, bool) {
	if v == "" || v[0] < utf8.RuneSelf {
		return "", false
	}
	return typographic(v)
}
