package toc

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/visual-guides/guides"
)

// The marker lines that enclose the table of contents.
const (
	StartMarker = "<!-- TOC -->"
	EndMarker   = "<!-- /TOC -->"
)

// MarkerError is a problem with the markers of a README, at a position.
type MarkerError struct {
	Pos guides.Pos
	Msg string
}

func (e *MarkerError) Error() string { return e.Pos.String() + ": " + e.Msg }

// MarkerErrors holds every marker problem of a README, in line order.
type MarkerErrors []*MarkerError

func (es MarkerErrors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// Splice replaces the table of contents of a README with list. The README
// must hold exactly one start marker line "<!-- TOC -->" followed by one end
// marker line "<!-- /TOC -->"; trailing spaces are allowed on marker lines,
// and markers inside fenced code blocks are not markers. Everything between
// the two lines becomes one empty line, the list, and two empty lines.
// Every byte outside the markers is kept, the marker lines included. When
// the start marker line ends in "\r\n", the new lines do too.
//
// The error is MarkerErrors.
func Splice(readme, list []byte) ([]byte, error) {
	out := bytes.NewBuffer(make([]byte, 0, len(readme)+len(list)+8))
	err := splice(out, readme, func(emit func([]byte) []byte) { emit(append([]byte(nil), list...)) })
	return out.Bytes(), err
}

// Update splices the table of contents of c into readme, as
// Splice(readme, Render(c, links)) does.
func Update(readme []byte, c *guides.Collection, links Linker) ([]byte, error) {
	// The README as it is is the best guess of its new size.
	out := bytes.NewBuffer(make([]byte, 0, len(readme)+4096))
	err := Write(out, readme, c, links)
	return out.Bytes(), err
}

// Write writes what Update returns to w, rendering the list in chunks, so
// that a large README is never held twice in memory. On a MarkerErrors
// error nothing is written.
func Write(w io.Writer, readme []byte, c *guides.Collection, links Linker) error {
	return splice(w, readme, func(emit func([]byte) []byte) {
		renderList(c, links, make([]byte, 0, chunkSize+4096), emit)
	})
}

// Current reports whether readme already holds the table of contents of c,
// comparing as it renders, without building the new README.
func Current(readme []byte, c *guides.Collection, links Linker) (bool, error) {
	cw := compareWriter{old: readme}
	if err := Write(&cw, readme, c, links); err != nil {
		return false, err
	}
	return !cw.differs && cw.off == len(readme), nil
}

// CurrentReader reports what Current reports about the README that r holds,
// of the given size, reading it in pieces instead of whole: a README
// listing a hundred thousand guides is some 12 MB.
func CurrentReader(r io.ReaderAt, size int64, c *guides.Collection, links Linker) (bool, error) {
	var scan markerScanner
	br := bufio.NewReaderSize(io.NewSectionReader(r, 0, size), 64<<10)
	var long []byte // a line longer than the reader's buffer
	pos := 0
	for {
		line, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			long = append(long, line...)
			continue
		}
		if long != nil {
			line = append(long, line...)
			long = long[:0]
		}
		if len(line) > 0 {
			scan.line(line, pos, pos+len(line))
			pos += len(line)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return false, err
		}
	}
	m, err := scan.finish()
	if err != nil {
		return false, err
	}
	cr := readerCompare{r: r, off: int64(m.start)}
	writeList(cr.compare, m, func(emit func([]byte) []byte) {
		renderList(c, links, make([]byte, 0, chunkSize+4096), emit)
	})
	if cr.err != nil {
		return false, cr.err
	}
	return !cr.differs && cr.off == int64(m.end), nil
}

// readerCompare compares what is passed to compare with the bytes of r
// from off on.
type readerCompare struct {
	r       io.ReaderAt
	off     int64
	buf     []byte
	differs bool
	err     error
}

func (c *readerCompare) compare(p []byte) {
	if !c.differs && c.err == nil {
		c.buf = slices.Grow(c.buf[:0], len(p))[:len(p)]
		n, err := c.r.ReadAt(c.buf, c.off)
		switch {
		case n < len(p) && (err == io.EOF || err == nil):
			c.differs = true
		case n < len(p):
			c.err = err
		case !bytes.Equal(p, c.buf):
			c.differs = true
		}
	}
	c.off += int64(len(p))
}

// compareWriter compares what is written to it with old.
type compareWriter struct {
	old     []byte
	off     int
	differs bool
}

func (c *compareWriter) Write(p []byte) (int, error) {
	if !c.differs && (c.off+len(p) > len(c.old) || !bytes.Equal(p, c.old[c.off:c.off+len(p)])) {
		c.differs = true
	}
	c.off += len(p)
	return len(p), nil
}

// splice writes readme to w with the region between its markers replaced
// by an empty line, the list that render passes to emit in chunks, and two
// empty lines.
func splice(w io.Writer, readme []byte, render func(emit func([]byte) []byte)) error {
	m, err := findMarkers(readme)
	if err != nil {
		return err
	}
	var werr error
	write := func(b []byte) {
		if werr == nil {
			_, werr = w.Write(b)
		}
	}
	write(readme[:m.start])
	writeList(write, m, render)
	write(readme[m.end:])
	return werr
}

// writeList passes to write what goes between the markers m: an empty
// line, the list that render passes to emit in chunks, and two empty
// lines.
func writeList(write func([]byte), m markers, render func(emit func([]byte) []byte)) {
	nl := []byte("\n")
	if m.crlf {
		nl = []byte("\r\n")
	}
	write(nl)
	render(func(chunk []byte) []byte {
		if m.crlf {
			write(bytes.ReplaceAll(chunk, []byte("\n"), nl))
		} else {
			write(chunk)
		}
		return chunk[:0]
	})
	write(nl)
	write(nl)
}

// markers locates the region between the marker lines.
type markers struct {
	start int  // offset just after the start marker line
	end   int  // offset of the end marker line
	crlf  bool // the start marker line ends in "\r\n"
}

type markerLine struct {
	line       int
	start, end int // offsets of the line and of the line after it
	isStart    bool
	crlf       bool
}

func findMarkers(src []byte) (markers, error) {
	var scan markerScanner
	for pos := 0; pos < len(src); {
		next := len(src)
		if i := bytes.IndexByte(src[pos:], '\n'); i >= 0 {
			next = pos + i + 1
		}
		scan.line(src[pos:next], pos, next)
		pos = next
	}
	return scan.finish()
}

// markerScanner finds the marker lines of a README, given its lines one
// after the other.
type markerScanner struct {
	found     []markerLine
	fence     fenceState
	fenceLine int
	lineNo    int
}

// line takes the line text, with its line end, which starts at offset pos
// of the README; the next line starts at next.
func (s *markerScanner) line(text []byte, pos, next int) {
	s.lineNo++
	crlf := bytes.HasSuffix(text, []byte("\r\n"))
	if s.lineNo == 1 {
		text = bytes.TrimPrefix(text, []byte("\uFEFF"))
	}
	if s.fence.open {
		s.fence.close(text)
	} else if s.fence.opens(text) {
		s.fenceLine = s.lineNo
	} else {
		switch string(bytes.TrimRight(text, " \t\r\n")) {
		case StartMarker:
			s.found = append(s.found, markerLine{s.lineNo, pos, next, true, crlf})
		case EndMarker:
			s.found = append(s.found, markerLine{s.lineNo, pos, next, false, crlf})
		}
	}
}

// finish returns the markers of the README whose lines s was given, or
// MarkerErrors.
func (s *markerScanner) finish() (markers, error) {
	found, fence, fenceLine := s.found, s.fence, s.fenceLine
	var errs MarkerErrors
	fail := func(line int, format string, args ...any) {
		errs = append(errs, &MarkerError{Pos: guides.Pos{Line: line, Col: 1}, Msg: fmt.Sprintf(format, args...)})
	}
	var pairs []markers
	var open *markerLine
	for i := range found {
		m := &found[i]
		switch {
		case m.isStart && open != nil:
			fail(open.line, "%s on line %d is not closed before the next %s on line %d", StartMarker, open.line, StartMarker, m.line)
			open = m
		case m.isStart:
			open = m
		case open == nil:
			fail(m.line, "%s without a %s before it", EndMarker, StartMarker)
		default:
			if len(pairs) == 1 {
				fail(open.line, "a second table of contents: README may hold one %s ... %s pair, and the first starts on line %d", StartMarker, EndMarker, found[0].line)
			}
			pairs = append(pairs, markers{start: open.end, end: m.start, crlf: open.crlf})
			open = nil
		}
	}
	if open != nil {
		fail(open.line, "%s is never closed: add a line %s after it", StartMarker, EndMarker)
	}
	if len(found) == 0 {
		msg := fmt.Sprintf("no table of contents: add a line %s and a line %s where it belongs", StartMarker, EndMarker)
		if fence.open {
			msg += fmt.Sprintf(" (the code block opened on line %d is never closed)", fenceLine)
		}
		fail(1, "%s", msg)
	}
	if len(errs) > 0 {
		return markers{}, errs
	}
	return pairs[0], nil
}

// fenceState follows fenced code blocks (``` or ~~~), inside which marker
// lines are examples, not markers.
type fenceState struct {
	open  bool
	char  byte
	count int
}

func (f *fenceState) opens(line []byte) bool {
	c, n, rest := fenceRun(line)
	if n < 3 || c == '`' && bytes.IndexByte(rest, '`') >= 0 {
		return false
	}
	*f = fenceState{open: true, char: c, count: n}
	return true
}

func (f *fenceState) close(line []byte) {
	c, n, rest := fenceRun(line)
	if c == f.char && n >= f.count && len(bytes.TrimSpace(rest)) == 0 {
		*f = fenceState{}
	}
}

// fenceRun returns the fence character and run length that a line starts
// with after at most three spaces, and what follows the run.
func fenceRun(line []byte) (c byte, n int, rest []byte) {
	i := 0
	for i < 3 && i < len(line) && line[i] == ' ' {
		i++
	}
	if i == len(line) || line[i] != '`' && line[i] != '~' {
		return 0, 0, nil
	}
	c = line[i]
	j := i
	for j < len(line) && line[j] == c {
		j++
	}
	return c, j - i, line[j:]
}
