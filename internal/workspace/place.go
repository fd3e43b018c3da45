package workspace

import (
	"bytes"
	"strings"

	"github.com/visual-guides/guides/frontmatter"
)

// region is the part of a file a place is in.
type region uint8

const (
	outside region = iota // before the front matter, or in a file without one
	inFront
	inBody
)

// place is what is around a byte offset of a buffer: a key of the front
// matter being written, an item of a key's value, or a place of the body.
// It is read from the text alone, which may be half written.
type place struct {
	region region
	// atKey reports a key being written, or under the offset.
	atKey bool
	// key is the key at the offset or whose value holds it.
	key string
	// start and end are the bytes of the key or value item around the
	// offset; prefix is what of it comes before the offset.
	start, end int
	prefix     string
	// quote is the quote mark the item is written in, or 0.
	quote byte
	// flow reports an item of a list written in brackets.
	flow bool
	// body is where the body starts, when there is one.
	body int
}

// frontBounds returns where the front matter of text is: from the line
// after the opening "---" to the start of the closing line, or to the end
// of text while none closes it, and where the body starts. ok is false
// when text does not start with a "---" line.
func frontBounds(text []byte) (start, end, body int, ok bool) {
	i := 0
	if bytes.HasPrefix(text, []byte(frontmatter.BOM)) {
		i = len(frontmatter.BOM)
	}
	first, next := lineAt(text, i)
	if !isDelimiter(first) || next == len(text) && !bytes.HasSuffix(text, []byte("\n")) {
		return 0, 0, 0, false
	}
	start = next
	for p := next; p < len(text); {
		l, n := lineAt(text, p)
		if isDelimiter(l) {
			return start, p, n, true
		}
		p = n
	}
	return start, len(text), len(text), true
}

// lineAt returns the line that starts at i, without its line end, and
// where the next line starts.
func lineAt(text []byte, i int) (line []byte, next int) {
	nl := bytes.IndexByte(text[i:], '\n')
	if nl < 0 {
		return bytes.TrimSuffix(text[i:], []byte("\r")), len(text)
	}
	return bytes.TrimSuffix(text[i:i+nl], []byte("\r")), i + nl + 1
}

// lineBounds returns the start and the end (before its line end) of the
// line that holds offset off.
func lineBounds(text []byte, off int) (start, end int) {
	start = bytes.LastIndexByte(text[:off], '\n') + 1
	line, _ := lineAt(text, start)
	return start, start + len(line)
}

func isDelimiter(line []byte) bool {
	return string(bytes.TrimRight(line, " \t")) == "---"
}

// locate returns the place of offset off in text.
func locate(text []byte, off int) place {
	off = min(max(off, 0), len(text))
	start, end, body, ok := frontBounds(text)
	closed := body > end
	switch {
	case !ok:
		return place{region: inBody, body: 0}
	case closed && off >= body:
		return place{region: inBody, body: body}
	case off < start || closed && off >= end || off > end:
		return place{region: outside, body: body} // on a delimiter line
	}
	p := frontPlace(text, start, off)
	p.region, p.body = inFront, body
	return p
}

// frontPlace returns the place of off in the front matter that starts at
// start.
func frontPlace(text []byte, start, off int) place {
	ls, le := lineBounds(text, off)
	line := text[ls:le]
	valueStart := ls
	var p place
	switch {
	case len(line) == 0:
		return place{atKey: true, start: ls, end: ls} // a key to write
	case line[0] == ' ' || line[0] == '\t' || line[0] == '-':
		// An item of a block list, or a value that goes on: the key is
		// the last one written at the margin.
		p.key = enclosingKey(text, start, ls)
		trimmed := bytes.TrimLeft(line, " \t")
		valueStart = le - len(trimmed)
		if bytes.HasPrefix(trimmed, []byte("-")) && (len(trimmed) == 1 || trimmed[1] == ' ') {
			valueStart++
		}
	case line[0] == '#':
		return place{}
	default:
		k := keyEnd(line)
		if k < 0 || off <= ls+k {
			// A key being written, or the cursor on one.
			n := k
			if n < 0 {
				n = wordEnd(line)
			}
			return place{atKey: true, key: string(line[:n]), start: ls, end: ls + n, prefix: string(text[ls:min(off, ls+n)])}
		}
		p.key = string(line[:k])
		valueStart = ls + k + 1
	}
	if off < valueStart {
		return place{key: p.key}
	}
	p.start, p.end, p.quote, p.flow = item(text, valueStart, le, off)
	p.prefix = string(text[p.start:off])
	return p
}

// keyEnd returns the index of the colon that ends the key of a line at
// the margin, or -1.
func keyEnd(line []byte) int {
	for i, c := range line {
		switch {
		case c == ':' && (i+1 == len(line) || line[i+1] == ' ' || line[i+1] == '\t'):
			return i
		case c == ' ' || c == '\t' || c == '#' || c == '"' || c == '\'' || c == '[' || c == '{':
			return -1
		}
	}
	return -1
}

// wordEnd returns the length of the word a line starts with.
func wordEnd(line []byte) int {
	i := 0
	for i < len(line) && line[i] != ' ' && line[i] != '\t' && line[i] != ':' {
		i++
	}
	return i
}

// enclosingKey returns the last key written at the margin before the line
// that starts at ls, in the front matter that starts at start.
func enclosingKey(text []byte, start, ls int) string {
	for ls > start {
		ps := bytes.LastIndexByte(text[:ls-1], '\n') + 1
		ps = max(ps, start)
		line, _ := lineAt(text, ps)
		if len(line) > 0 && line[0] != ' ' && line[0] != '\t' && line[0] != '-' && line[0] != '#' {
			if k := keyEnd(line); k >= 0 {
				return string(line[:k])
			}
			return ""
		}
		ls = ps
	}
	return ""
}

// item returns the bytes of the item of a value around off: what is
// between the delimiters of YAML's flow lists and quotes, or the whole
// rest of the line, on the line from valueStart to le; quote is the quote
// mark it is written in, and flow reports an item in brackets.
func item(text []byte, valueStart, le, off int) (start, end int, quote byte, flow bool) {
	start = off
	for start > valueStart && !strings.ContainsRune("[],{}\"'", rune(text[start-1])) {
		start--
	}
	if start > valueStart {
		switch c := text[start-1]; c {
		case '"', '\'':
			quote = c
		}
	}
	flow = bytes.ContainsAny(text[valueStart:start], "[,")
	for start < off && (text[start] == ' ' || text[start] == '\t') {
		start++
	}
	end = off
	stops := "],}\"'"
	if quote != 0 {
		stops = string(quote)
	}
	for end < le && !strings.ContainsRune(stops, rune(text[end])) && !(text[end] == '#' && end > 0 && text[end-1] == ' ') {
		end++
	}
	for end > off && (text[end-1] == ' ' || text[end-1] == '\t') {
		end--
	}
	return start, end, quote, flow
}
