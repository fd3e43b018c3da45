package lsp

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
)

// The base protocol frames each message with a header: lines of
// "Name: value" ended by "\r\n", then an empty line, then Content-Length
// bytes of JSON.

// errTooLarge is a message larger than the reader takes, which it skips.
var errTooLarge = errors.New("message too large")

// errBadHeader is a header without a Content-Length the reader can take,
// which it skips.
var errBadHeader = errors.New("message header without a valid Content-Length")

// frameReader reads the messages of a stream. A message it cannot take (a
// header without a length, a length over max) is skipped, and the reader
// finds the next header: one bad message from a client does not end the
// session.
type frameReader struct {
	r   *bufio.Reader
	max int
}

func newFrameReader(r io.Reader, max int) *frameReader {
	return &frameReader{r: bufio.NewReaderSize(r, 64<<10), max: max}
}

// maxHeaderLine bounds a line of a header: longer lines are not headers.
const maxHeaderLine = 4 << 10

// next returns the body of the next message. errTooLarge and errBadHeader
// are for a message skipped: the next call reads the one after it. io.EOF
// is the end of the stream between messages; io.ErrUnexpectedEOF within
// one.
func (f *frameReader) next() ([]byte, error) {
	length, err := f.header()
	if err != nil {
		return nil, err
	}
	if length > f.max {
		if _, err := f.r.Discard(length); err != nil {
			return nil, io.ErrUnexpectedEOF
		}
		return nil, fmt.Errorf("%w: %d bytes, at most %d are read", errTooLarge, length, f.max)
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(f.r, body); err != nil {
		return nil, io.ErrUnexpectedEOF
	}
	return body, nil
}

// header reads a header and returns its Content-Length. Lines before a
// Content-Length line that are not headers (what is left of a message the
// reader could not take) are skipped; so is text before "Content-Length"
// on its line.
func (f *frameReader) header() (int, error) {
	length, seen, started := -1, false, false
	for {
		line, err := f.line()
		if err != nil {
			if err == io.EOF && started {
				return 0, io.ErrUnexpectedEOF
			}
			return 0, err
		}
		if len(line) == 0 {
			if !seen {
				continue // blank lines, or the end of a header without a length
			}
			if length < 0 {
				return 0, errBadHeader
			}
			return length, nil
		}
		if i := indexFold(line, "content-length:"); i >= 0 {
			// A new header starts here, whatever came before it.
			started, seen = true, true
			length = parseLength(bytes.TrimSpace(line[i+len("content-length:"):]))
			continue
		}
		if seen && bytes.IndexByte(line, ':') < 0 {
			return 0, errBadHeader
		}
		started = started || seen
	}
}

// line returns the next line without its line end. A line longer than
// maxHeaderLine is returned cut short: it is no header, but it may end
// with the start of one.
func (f *frameReader) line() ([]byte, error) {
	var line []byte
	for {
		chunk, err := f.r.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > maxHeaderLine {
			line = line[len(line)-maxHeaderLine:] // keep the end, where a header may start
		}
		switch {
		case err == nil:
			return bytes.TrimRight(line, "\r\n"), nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case len(line) > 0 && err == io.EOF:
			return nil, io.ErrUnexpectedEOF
		default:
			return nil, err
		}
	}
}

// parseLength parses a Content-Length value: decimal digits, or -1.
func parseLength(v []byte) int {
	if len(v) == 0 || len(v) > 10 {
		return -1
	}
	n, err := strconv.Atoi(string(v))
	if err != nil || n < 0 || v[0] == '+' {
		return -1
	}
	return n
}

// indexFold returns the index of the ASCII lower-case word in b, in any
// case, or -1.
func indexFold(b []byte, word string) int {
	for i := 0; i+len(word) <= len(b); i++ {
		if bytes.EqualFold(b[i:i+len(word)], []byte(word)) {
			return i
		}
	}
	return -1
}

// frameWriter writes messages, one at a time.
type frameWriter struct {
	mu sync.Mutex
	w  io.Writer
}

// write writes body as one message.
func (f *frameWriter) write(body []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	msg := make([]byte, 0, len(body)+32)
	msg = fmt.Appendf(msg, "Content-Length: %d\r\n\r\n", len(body))
	msg = append(msg, body...)
	_, err := f.w.Write(msg)
	return err
}
