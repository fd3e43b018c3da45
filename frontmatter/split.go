// Package frontmatter splits a markdown file into its YAML front matter and
// its body, and parses the front matter into a tree of values that keeps the
// line and column of every key and value.
package frontmatter

import (
	"bytes"
	"errors"
	"fmt"
)

// BOM is the UTF-8 byte order mark, accepted before the first delimiter.
const BOM = "\uFEFF"

// ErrNeedMore is returned by Split when the closing delimiter was not found
// in a source that is not known to be complete: read more and call again.
var ErrNeedMore = errors.New("frontmatter: need more input")

// Error is a problem at a position of a file.
type Error struct {
	Pos Pos
	Msg string
	// Limit reports that the front matter exceeds one of the limits
	// (MaxSize, MaxKeys, MaxDepth) rather than being invalid YAML.
	Limit bool
	// Fix, when set, is the line the message says how to mend, as it
	// should be written.
	Fix *LineFix
}

// LineFix is a line of a file as it should be written.
type LineFix struct {
	Line int // 1-based, in the file
	// Title says what the change does, such as "Quote the value".
	Title string
	// Text is the whole line, without its line end.
	Text string
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Pos, e.Msg) }

// Parts locates the front matter and the body of a file.
type Parts struct {
	// Front is the YAML between the delimiter lines, without them.
	Front []byte
	// FrontLine is the line of the file on which Front starts.
	FrontLine int
	// Body is the byte offset at which the body starts.
	Body int
	// BodyLine is the line of the file on which the body starts.
	BodyLine int
}

// Split finds the front matter at the start of src: an optional UTF-8 BOM,
// a first line "---", the YAML, and a closing line "---". Delimiter lines may
// carry trailing spaces or tabs, and lines may end in "\n" or "\r\n".
//
// src may be a prefix of the file. When the closing delimiter is not in it
// and atEOF is false, Split returns ErrNeedMore. Other errors are *Error.
func Split(src []byte, atEOF bool) (Parts, error) {
	start := 0
	if !atEOF && len(src) < len(BOM) && bytes.HasPrefix([]byte(BOM), src) {
		return Parts{}, ErrNeedMore // may be the start of a BOM
	}
	if bytes.HasPrefix(src, []byte(BOM)) {
		start = len(BOM)
	}
	line, next, complete := nextLine(src, start)
	if !complete && !atEOF && (bytes.HasPrefix([]byte("---"), line) || isDelimiter(line)) {
		return Parts{}, ErrNeedMore // the first line may still be "---"
	}
	if !isDelimiter(line) {
		return Parts{}, &Error{
			Pos: Pos{Line: 1, Col: 1},
			Msg: `front matter missing: the file must start with a line "---"`,
		}
	}
	if !complete {
		return Parts{}, unclosed()
	}
	frontStart := next
	lineNo := 2
	for pos := next; ; lineNo++ {
		if pos == len(src) {
			if !atEOF {
				return Parts{}, ErrNeedMore
			}
			return Parts{}, unclosed()
		}
		line, next, complete := nextLine(src, pos)
		if !complete && !atEOF {
			return Parts{}, ErrNeedMore
		}
		if isDelimiter(line) {
			return Parts{
				Front:     src[frontStart:pos],
				FrontLine: 2,
				Body:      next,
				BodyLine:  lineNo + 1,
			}, nil
		}
		pos = next
	}
}

func unclosed() error {
	return &Error{
		Pos: Pos{Line: 1, Col: 1},
		Msg: `front matter is never closed: no line "---" follows the one on line 1`,
	}
}

// nextLine returns the line that starts at offset pos without its line end,
// the offset of the next line, and whether the line end was found.
func nextLine(src []byte, pos int) (line []byte, next int, complete bool) {
	i := bytes.IndexByte(src[pos:], '\n')
	if i < 0 {
		return src[pos:], len(src), false
	}
	line = src[pos : pos+i]
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return line, pos + i + 1, true
}

// isDelimiter reports whether a line is "---" followed only by spaces, tabs
// and a carriage return.
func isDelimiter(line []byte) bool {
	if !bytes.HasPrefix(line, []byte("---")) {
		return false
	}
	for _, c := range line[3:] {
		if c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}
