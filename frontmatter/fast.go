package frontmatter

import (
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml/token"
)

// parseFast parses the plain shape that nearly all front matter has: one
// "key: value" per line at the left margin, where a value is a scalar on
// one line (plain, 'single' or "double" quoted, with YAML's escapes), a
// flow list [a, 'b'] on one line, or a block list of such scalars on the
// lines that follow. Blank lines and whole-line comments may come between
// entries and between the items of a block list, and trailing comments
// after values; lines may end in LF or CRLF.
//
// It returns ok false for anything else, and the caller parses the whole
// front matter with the YAML library instead. Where it returns ok true, its
// result equals the library's, positions included: FuzzParseFast checks
// that. It exists because the library takes about 20 µs for a typical
// guide, most of the time of loading a large collection.
//
// Texts without escapes are substrings of src. The fields and the items of
// lists live in the Parser's memory until its next use.
func (pp *Parser) parseFast(src string, firstLine int) (fields []Field, ok bool) {
	p := fastParser{src: src, line: firstLine - 1, items: pp.items[:0]}
	fields = pp.fields[:0]
	var seen map[string]int
	defer func() { pp.fields, pp.items = fields[:0], p.items[:0] }()
	for {
		line, ok := p.nextLine()
		if !ok {
			break
		}
		if isBlank(line) || isComment(line) {
			continue
		}
		f, ok := p.entry(line)
		if !ok {
			return nil, false
		}
		if findKey(fields, &seen, f.Key) >= 0 {
			return nil, false // the library reports duplicates
		}
		fields = append(fields, f)
		if len(fields) > MaxKeys {
			return fields, true // the caller reports the limit
		}
	}
	if p.bad {
		return nil, false
	}
	return fields, true
}

// parseFast parses src with a Parser of its own, for tests.
func parseFast(src []byte, firstLine int) ([]Field, bool) {
	var p Parser
	return p.parseFast(string(src), firstLine)
}

type fastParser struct {
	src  string
	pos  int  // offset of the next line
	line int  // number of the line last returned
	end  int  // offset in its line of the end of the last scalar
	bad  bool // a line end the fast path does not handle
	skip int  // lines before the one peekItem returned
	eol  bool // the line last returned ends with a line break

	items []Node // the items of every list, one after the other
}

// nextLine returns the next line without its line end.
func (p *fastParser) nextLine() (string, bool) {
	if p.pos >= len(p.src) {
		return "", false
	}
	rest := p.src[p.pos:]
	i := strings.IndexByte(rest, '\n')
	p.eol = i >= 0
	if i < 0 {
		i = len(rest)
		p.pos = len(p.src)
	} else {
		p.pos += i + 1
	}
	p.line++
	line := rest[:i]
	if strings.HasSuffix(line, "\r") {
		// parseYAML gives the library LF line ends (see there); a CR
		// alone at the end is a line break too.
		line = line[:len(line)-1]
		p.eol = true
	}
	if strings.IndexByte(line, '\r') >= 0 {
		p.bad = true
	}
	return line, true
}

// isComment reports whether a line holds a comment alone, after any
// spaces.
func isComment(line string) bool {
	t := strings.TrimLeft(line, " ")
	return t != "" && t[0] == '#'
}

func isBlank(line string) bool {
	for i := 0; i < len(line); i++ {
		if line[i] != ' ' {
			return false
		}
	}
	return true
}

// entry parses "key: value", or "key:" and the block list after it.
func (p *fastParser) entry(line string) (Field, bool) {
	k := 0
	for k < len(line) && isKeyByte(line[k], k == 0) {
		k++
	}
	if k == 0 || k == len(line) || line[k] != ':' {
		return Field{}, false
	}
	f := Field{Key: line[:k], KeyPos: Pos{Line: p.line, Col: 1}}
	rest := line[k+1:]
	if isBlank(rest) || rest[0] == ' ' && isComment(rest) {
		return p.blockList(f)
	}
	if rest[0] != ' ' {
		return Field{}, false
	}
	start := k + 1
	for start < len(line) && line[start] == ' ' {
		start++
	}
	var ok bool
	var after string
	if line[start] == '[' {
		f.Value, after, ok = p.flowList(line, start)
	} else {
		f.Value, after, ok = p.scalar(line, start, false)
	}
	if !ok || !isTrailer(after) {
		return Field{}, false
	}
	return f, true
}

func isKeyByte(c byte, first bool) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', c == '_':
		return true
	case '0' <= c && c <= '9', c == '-':
		return !first
	}
	return false
}

// isTrailer reports whether what follows a value is nothing, spaces, or a
// comment after a space.
func isTrailer(s string) bool {
	t := strings.TrimLeft(s, " ")
	return t == "" || t[0] == '#' && len(t) < len(s)
}

// blockList parses the "- item" lines after "key:", which blank lines and
// comment lines may come before and between. Without them the value is
// null, at the key's position.
func (p *fastParser) blockList(f Field) (Field, bool) {
	next, ok := p.peekItem()
	indent := 0
	for indent < len(next) && next[indent] == ' ' {
		indent++
	}
	if !ok || !strings.HasPrefix(next[indent:], "- ") {
		if ok && indent > 0 {
			return Field{}, false // an indented value on a later line
		}
		f.Value = Node{Kind: Null, Pos: f.KeyPos}
		return f, true
	}
	f.Value = Node{Kind: List, Pos: Pos{Line: p.line + p.skip + 1, Col: indent + 1}}
	first := len(p.items)
	for {
		next, ok := p.peekItem()
		if !ok || next[0] != ' ' && next[0] != '-' {
			break // the list ends at a key or at the end
		}
		if len(next) < indent+2 || !isBlank(next[:indent]) || next[indent] != '-' || next[indent+1] != ' ' {
			return Field{}, false
		}
		for range p.skip + 1 {
			p.nextLine()
		}
		start := indent + 2
		for start < len(next) && next[start] == ' ' {
			start++
		}
		if start == len(next) {
			return Field{}, false
		}
		item, after, ok := p.scalar(next, start, false)
		if !ok || !isTrailer(after) {
			return Field{}, false
		}
		p.items = append(p.items, item)
	}
	f.Value.Items = p.items[first:len(p.items):len(p.items)]
	return f, true
}

// peekItem returns the next line that is neither blank nor a comment,
// without consuming it, and leaves in p.skip the number of lines before it.
func (p *fastParser) peekItem() (string, bool) {
	saved := *p
	defer func() { skip := p.line - saved.line - 1; *p = saved; p.skip = skip }()
	for {
		line, ok := p.nextLine()
		if !ok || !isBlank(line) && !isComment(line) {
			return line, ok
		}
	}
}

// flowList parses "[a, 'b', "c"]" starting at line[start].
func (p *fastParser) flowList(line string, start int) (Node, string, bool) {
	n := Node{Kind: List, Pos: Pos{Line: p.line, Col: start + 1}}
	i := start + 1
	for i < len(line) && line[i] == ' ' {
		i++
	}
	if i < len(line) && line[i] == ']' {
		n.Items = []Node{}
		return n, line[i+1:], true
	}
	first := len(p.items)
	for {
		item, _, ok := p.scalar(line, i, true)
		if !ok {
			return Node{}, "", false
		}
		p.items = append(p.items, item)
		n.Items = p.items[first:len(p.items):len(p.items)]
		i = p.end
		for i < len(line) && line[i] == ' ' {
			i++
		}
		if i == len(line) {
			return Node{}, "", false
		}
		switch line[i] {
		case ']':
			return n, line[i+1:], true
		case ',':
			i++
			for i < len(line) && line[i] == ' ' {
				i++
			}
			if i == len(line) || line[i] == ']' || line[i] == ',' {
				return Node{}, "", false
			}
		default:
			return Node{}, "", false
		}
	}
}

// scalar parses the scalar at line[start]: quoted, or plain up to the end
// of the line, a comment, or (in a flow list) "," or "]". It returns what
// follows the scalar, and leaves its end offset in p.end.
func (p *fastParser) scalar(line string, start int, flow bool) (Node, string, bool) {
	if start >= len(line) {
		return Node{}, "", false
	}
	pos := Pos{Line: p.line, Col: start + 1}
	switch line[start] {
	case '"':
		return p.doubleQuoted(line, start, pos)
	case '\'':
		return p.singleQuoted(line, start, pos)
	}
	if !plainStart(line, start) {
		return Node{}, "", false
	}
	end := start
	for end < len(line) {
		c := line[end]
		if c == ':' && (end+1 == len(line) || line[end+1] == ' ') {
			return Node{}, "", false // a mapping inside the value
		}
		if c == '#' && line[end-1] == ' ' {
			break
		}
		if flow && (c == ',' || c == ']') {
			break
		}
		if c == '{' || c == '}' || flow && (c == '[' || c == '#') || !isPlainByte(c) {
			// The library misplaces plain scalars with braces.
			return Node{}, "", false
		}
		end++
	}
	text := strings.TrimRight(line[start:end], " ")
	if !validText(text) {
		return Node{}, "", false
	}
	p.end = start + len(text)
	if !flow && end == len(line) && p.eol {
		// The library places a plain scalar followed by spaces and a
		// line break that many columns too far right; so does this
		// parser, so that a finding's place never depends on which of the
		// two read the file.
		pos.Col += end - p.end
	}
	n := Node{Kind: plainKind(text), Text: text, Pos: pos}
	if n.Kind == Null {
		n.Text = ""
	}
	return n, line[p.end:], true
}

// plainStart reports whether a plain scalar may start at line[start]
// without the fast path having to know more YAML.
func plainStart(line string, start int) bool {
	switch c := line[start]; c {
	case '-':
		return start+1 < len(line) && line[start+1] != ' '
	case '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '%', '@', '`', ' ':
		return false
	}
	return true
}

// isPlainByte rejects control characters and tabs, which the fast path
// leaves to the library.
func isPlainByte(c byte) bool { return c >= ' ' && c != 0x7f }

// validText rejects runes the YAML library treats specially: C1 controls,
// the byte order mark and the non-characters U+FFFE and U+FFFF.
func validText(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if !isPlainByte(c) {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || 0x80 <= r && r <= 0x9f || r == 0xfeff || r == 0xfffe || r == 0xffff {
			return false
		}
		i += size
	}
	return true
}

// plainKind resolves a plain scalar as the YAML library does.
func plainKind(text string) Kind {
	// Only nulls, booleans and numbers are not strings, and they all start
	// with one of these bytes; asking the library allocates. The commonest
	// values, booleans and dates, are answered here.
	if text == "" || strings.IndexByte("0123456789+-.~nNtTfF", text[0]) < 0 {
		return String
	}
	switch text {
	case "true", "True", "TRUE", "false", "False", "FALSE":
		return Bool
	case "null", "Null", "NULL", "~":
		return Null
	}
	if isDateLike(text) {
		return String
	}
	switch token.New(text, text, nil).Type {
	case token.NullType, token.ImplicitNullType:
		return Null
	case token.BoolType:
		return Bool
	case token.IntegerType, token.BinaryIntegerType, token.OctetIntegerType, token.HexIntegerType:
		return Int
	case token.FloatType, token.InfinityType, token.NanType:
		return Float
	}
	return String
}

// isDateLike reports whether text is "dddd-dd-dd", with anything after it:
// no number looks like that.
func isDateLike(text string) bool {
	if len(text) < 10 || text[4] != '-' || text[7] != '-' {
		return false
	}
	for _, i := range [...]int{0, 1, 2, 3, 5, 6, 8, 9} {
		if !isDigit(text[i]) {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func (p *fastParser) doubleQuoted(line string, start int, pos Pos) (Node, string, bool) {
	var b *strings.Builder
	from := start + 1
	for i := start + 1; i < len(line); i++ {
		switch line[i] {
		case '"':
			var text string
			if b == nil {
				text = line[start+1 : i]
			} else {
				b.WriteString(line[from:i])
				text = b.String()
			}
			if !validText(line[start+1 : i]) {
				return Node{}, "", false
			}
			p.end = i + 1
			return Node{Kind: String, Text: text, Quoted: true, Pos: pos}, line[i+1:], true
		case '\\':
			r, n := decodeEscape(line[i+1:])
			if n == 0 {
				return Node{}, "", false
			}
			if b == nil {
				b = new(strings.Builder)
			}
			b.WriteString(line[from:i])
			b.WriteRune(r)
			i += n
			from = i + 1
		}
	}
	return Node{}, "", false // closed on a later line, or never
}

// decodeEscape decodes the escape sequence of a double-quoted scalar that
// s holds after its backslash, as the YAML library does, and returns its
// rune and length. n is 0 for what the fast path leaves to the library:
// unknown escapes, hexadecimal digits too few, and UTF-16 surrogates.
func decodeEscape(s string) (r rune, n int) {
	if s == "" {
		return 0, 0
	}
	digits := 0
	switch s[0] {
	case '0':
		return 0, 1
	case 'a':
		return '\a', 1
	case 'b':
		return '\b', 1
	case 't', '\t':
		return '\t', 1
	case 'n':
		return '\n', 1
	case 'v':
		return '\v', 1
	case 'f':
		return '\f', 1
	case 'r':
		return '\r', 1
	case 'e':
		return 0x1b, 1
	case ' ', '"', '/', '\\':
		return rune(s[0]), 1
	case 'N':
		return 0x85, 1
	case '_':
		return 0xa0, 1
	case 'L':
		return 0x2028, 1
	case 'P':
		return 0x2029, 1
	case 'x':
		digits = 2
	case 'u':
		digits = 4
	case 'U':
		digits = 8
	default:
		return 0, 0
	}
	if len(s) < 1+digits {
		return 0, 0
	}
	v := 0
	for i := 1; i <= digits; i++ {
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			v = v<<4 | int(c-'0')
		case 'a' <= c && c <= 'f':
			v = v<<4 | int(c-'a'+10)
		case 'A' <= c && c <= 'F':
			v = v<<4 | int(c-'A'+10)
		default:
			return 0, 0
		}
	}
	if 0xd800 <= v && v <= 0xdfff || v > utf8.MaxRune {
		return 0, 0
	}
	return rune(v), 1 + digits
}

func (p *fastParser) singleQuoted(line string, start int, pos Pos) (Node, string, bool) {
	for i := start + 1; i < len(line); i++ {
		if line[i] != '\'' {
			continue
		}
		if i+1 < len(line) && line[i+1] == '\'' {
			i++
			continue
		}
		raw := line[start+1 : i]
		if !validText(raw) {
			return Node{}, "", false
		}
		p.end = i + 1
		return Node{Kind: String, Text: strings.ReplaceAll(raw, "''", "'"), Quoted: true, Pos: pos}, line[i+1:], true
	}
	return Node{}, "", false
}
