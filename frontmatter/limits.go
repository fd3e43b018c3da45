package frontmatter

import (
	"fmt"
	"strconv"
)

// The limits of front matter. The YAML library's time grows with the
// square of the nesting depth (it builds a path string for every level of
// every value) and of the number of keys: 1 MB of nested flow lists takes
// minutes and gigabytes. Parse checks the limits on the text, in one
// linear pass, before the library sees it, and reports the first one
// crossed as an *Error whose Limit is set, at the place it is crossed.
const (
	// MaxSize bounds the front matter, in bytes.
	MaxSize = 64 << 10
	// MaxKeys bounds the keys of all the mappings of a front matter.
	MaxKeys = 1000
	// MaxDepth bounds the nesting of lists and mappings.
	MaxDepth = 100
)

// limits are the bounds checkLimits applies; tests use small ones.
type limits struct{ depth, keys int }

var defaultLimits = limits{depth: MaxDepth, keys: MaxKeys}

func limitError(line, col int, msg string) *Error {
	return &Error{Pos: Pos{Line: line, Col: col}, Msg: msg, Limit: true}
}

// checkSize refuses front matter larger than MaxSize.
func checkSize(src string, firstLine int) error {
	if len(src) > MaxSize {
		return limitError(firstLine, 1, fmt.Sprintf("the front matter is %d KiB, more than the %d KiB front matter may be", len(src)>>10, MaxSize>>10))
	}
	return nil
}

// checkLimits scans YAML for its nesting depth and number of keys, as the
// YAML library will read them, and returns an *Error at the first place
// where one exceeds lim. It reads the text once and allocates only for
// the stack of indentations.
//
// It counts from the marks that make structure: in block context, every
// deeper indentation and every "- ", "? " or ": " that opens a level at
// the start of a line; in flow context, every "[" and "{"; and a key for
// every ":" that ends one, and every "?" that starts one. Quoted scalars,
// comments and the lines of block scalars are passed over. The count may
// exceed the library's by one level or key here and there; it is never
// smaller (FuzzLimits checks that against the library).
func checkLimits(src string, firstLine int, lim limits) error {
	s := limitScan{src: src, lim: lim, line: firstLine}
	for s.i < len(src) {
		s.start = s.i
		indent := 0
		for s.i < len(src) && src[s.i] == ' ' {
			s.i++
			indent++
		}
		if s.i == len(src) || src[s.i] == '\n' || src[s.i] == '\r' || src[s.i] == '#' && s.flow == 0 {
			s.i = lineEnd(src, s.i)
			s.line++
			continue
		}
		depth := len(s.indents)
		if s.flow == 0 {
			var err error
			if depth, err = s.blockMarks(indent); err != nil {
				return err
			}
		}
		blockScalar, err := s.rest(depth)
		if err != nil {
			return err
		}
		s.i = lineEnd(src, s.i)
		s.line++
		if blockScalar {
			s.skipBlockScalar(indent)
		}
	}
	return nil
}

// limitScan is where checkLimits is in the text, and what it has counted.
type limitScan struct {
	src     string
	lim     limits
	indents []int // the indentations of the open block levels
	flow    int   // open flow collections
	keys    int
	line    int
	start   int // the offset of the line, or of the last line a quoted scalar spans
	i       int
}

// blockMarks reads the marks of block structure at the start of a line
// indented by indent, outside flow collections, and returns the depth of
// the line's content: the open block levels, and "- - x", "? x", ": x",
// each mark of which opens a level.
func (s *limitScan) blockMarks(indent int) (int, error) {
	src := s.src
	for len(s.indents) > 0 && s.indents[len(s.indents)-1] > indent {
		s.indents = s.indents[:len(s.indents)-1]
	}
	if len(s.indents) == 0 || indent > s.indents[len(s.indents)-1] {
		s.indents = append(s.indents, indent)
	}
	depth := len(s.indents)
	for s.i+1 < len(src) && (src[s.i] == '-' || src[s.i] == '?' || src[s.i] == ':') && isBlankByte(src[s.i+1]) {
		depth++
		if src[s.i] == '?' {
			s.keys++
		}
		if depth > s.lim.depth {
			return 0, tooDeep(s.line, s.i-s.start+1, s.lim)
		}
		if s.keys > s.lim.keys {
			return 0, tooManyKeys(s.line, s.i-s.start+1, s.lim)
		}
		s.i++
		for s.i < len(src) && (src[s.i] == ' ' || src[s.i] == '\t') {
			s.i++
		}
	}
	if depth > s.lim.depth {
		return 0, tooDeep(s.line, s.i-s.start+1, s.lim)
	}
	return depth, nil
}

// rest reads the rest of a line whose content is at depth, and of the
// lines a quoted scalar spans, up to its line end: the flow collections
// it opens and closes and the keys it has. It reports whether a block
// scalar starts on the line.
func (s *limitScan) rest(depth int) (blockScalar bool, err error) {
	// The loop keeps the scan in variables of its own, which stay in
	// registers, and gives them back at the end.
	src, i, start, line, flow, keys := s.src, s.i, s.start, s.line, s.flow, s.keys
	prev := byte(0) // the last character that is not a space
	for i < len(src) && src[i] != '\n' {
		c := src[i]
		switch {
		case c == '#' && (i == start || src[i-1] == ' ' || src[i-1] == '\t'):
			i = lineEnd(src, i) - 1
		case (c == '"' || c == '\'') && opensScalar(prev):
			end, lines := quotedEnd(src, i)
			if lines > 0 {
				line += lines
				start = end // columns now count from the last line
				for start > 0 && src[start-1] != '\n' {
					start--
				}
			}
			i = end - 1
			c = '"'
		case c == '[' || c == '{':
			flow++
			if depth+flow > s.lim.depth {
				return false, tooDeep(line, i-start+1, s.lim) // the scan ends
			}
		case c == ']' || c == '}':
			if flow > 0 {
				flow--
			}
		case c == ':' && (i+1 == len(src) || isBlankByte(src[i+1]) || flow > 0 || prev == '"' || prev == '\''),
			c == '?' && flow > 0 && (i+1 == len(src) || isBlankByte(src[i+1])):
			keys++
			if keys > s.lim.keys {
				return false, tooManyKeys(line, i-start+1, s.lim) // the scan ends
			}
		case (c == '|' || c == '>') && flow == 0 && opensScalar(prev):
			blockScalar = true
		}
		if c != ' ' && c != '\t' {
			prev = c
		}
		i++
	}
	s.i, s.start, s.line, s.flow, s.keys = i, start, line, flow, keys
	return blockScalar, nil
}

// skipBlockScalar passes over the lines of a block scalar opened on a line
// indented by indent: those more indented than it, and blank ones.
func (s *limitScan) skipBlockScalar(indent int) {
	src := s.src
	for s.i < len(src) {
		j, n := s.i, 0
		for j < len(src) && src[j] == ' ' {
			j++
			n++
		}
		if j < len(src) && src[j] != '\n' && src[j] != '\r' && n <= indent {
			break
		}
		s.i = lineEnd(src, j)
		s.line++
	}
}

func tooDeep(line, col int, lim limits) error {
	return limitError(line, col, "the front matter nests lists and mappings more than "+strconv.Itoa(lim.depth)+" deep")
}

func tooManyKeys(line, col int, lim limits) error {
	return limitError(line, col, "the front matter has more than "+strconv.Itoa(lim.keys)+" keys")
}

// lineEnd returns the offset after the line end at or after i.
func lineEnd(src string, i int) int {
	for i < len(src) && src[i] != '\n' {
		i++
	}
	if i < len(src) {
		i++
	}
	return i
}

func isBlankByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// opensScalar reports whether a scalar may start after prev, the last
// character before it on its line that is not a space: at the start of a
// line's content, or after an indicator.
func opensScalar(prev byte) bool {
	switch prev {
	case 0, ':', '-', '?', '[', '{', ',', '!', '&':
		return true
	}
	return false
}

// quotedEnd returns the offset after the quoted scalar that starts at i,
// or the end of src when it is never closed, and the line ends inside it.
func quotedEnd(src string, i int) (end, lines int) {
	q := src[i]
	for j := i + 1; j < len(src); j++ {
		switch c := src[j]; {
		case c == '\n':
			lines++
		case q == '"' && c == '\\':
			if j+1 < len(src) && src[j+1] == '\n' {
				lines++
			}
			j++
		case c == q:
			if q == '\'' && j+1 < len(src) && src[j+1] == '\'' {
				j++
				continue
			}
			return j + 1, lines
		}
	}
	return len(src), lines
}
