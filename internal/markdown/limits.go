package markdown

import (
	"bytes"
	"fmt"
)

// goldmark (v1.8.7) spends time growing with the square of the size of a
// few shapes of markdown, each in one paragraph (docs/goldmark-limits.md
// has the measurements and where in goldmark the time goes):
//
//   - emphasis marks that never match: every closer looks back through
//     every earlier opener (parser.ProcessDelimiters);
//   - link destinations that never end: after every "](" the destination
//     is read up to the next space or the end of the line, and link titles
//     up to their closing quote, across lines;
//   - brackets in a paragraph of many lines: the text of a label or a
//     title is gathered by looking through every line of the paragraph
//     (text.blockReader.Value), and so is every reference definition's;
//   - brackets nested in brackets: the label of every "]" is copied;
//   - block quotes and list items opened on one line, each inside the one
//     before;
//   - tables, whose every row gets as many cells as the header has.
//
// And goldmark makes an object (a node of its tree) for every paragraph,
// line, list item, table cell and inline construct, of a hundred bytes
// and more, and a microsecond or two of work with what the site does with
// it: a megabyte of one-word list items took ten times the time and
// memory of a megabyte of words to build. So a body may make at most one
// node for every 4 bytes, and 10,000: the guides of the tests make one for
// every 15 to 22 bytes.
//
// Check estimates that work in one pass over the text, with counts that
// are never smaller than goldmark's, and refuses a body whose work would
// not be linear in its size. Ordinary documents are far below every
// limit: a long paragraph with a hundred links and as many emphasised
// words is a few thousand units of work, against a budget of 64 per byte.

// The limits of Check.
const (
	// MaxNesting bounds the block quotes and list items opened on one
	// line.
	MaxNesting = 100
	// workPerByte is the parsing work a body may need per byte, beyond
	// baseWork; a unit is about a nanosecond of goldmark's time.
	workPerByte = 64
	baseWork    = 1 << 16
	// baseCells is the number of table cells every body may have, beyond
	// one for every two bytes.
	baseCells = 1000
	// MaxBrackets and MaxHeadings bound the "[" and the headings of a
	// body: goldmark makes nodes for each, which take microseconds and
	// hundreds of bytes apiece, many more than plain text does.
	MaxBrackets = 100_000
	MaxHeadings = 10_000
	// bytesPerNode and baseNodes bound the nodes of a body: one for every
	// bytesPerNode bytes, and baseNodes.
	bytesPerNode = 4
	baseNodes    = 10_000
)

// Limit is a place where a body crosses a limit of Check.
type Limit struct {
	Line, Col int // 1-based; Col counts bytes
	Msg       string
}

// Check reports the first limit that src, a markdown body, crosses, or
// nil. It reads src once, or, for most bodies, only counts a few bytes
// in it.
func Check(src []byte) *Limit {
	if quickCheck(src) {
		return nil
	}
	g := guard{src: src}
	return g.run()
}

// quickCheck reports whether counts of a few bytes of src prove it within
// every limit, without looking at its structure: the work of any shape is
// bounded by them.
func quickCheck(src []byte) bool {
	n := int64(len(src))
	if n < 64 {
		return true
	}
	count := func(c byte) int64 { return int64(bytes.Count(src, []byte{c})) }
	lines := count('\n') + 1
	closers := count(']')
	marks := count('*') + count('_') + count('~')
	if closers > 0 {
		// Every destination, title and label ends within the body.
		if marks*marks+closers*(lines+6*n) > budget(n) {
			return false
		}
	} else if marks*marks > budget(n) {
		return false
	}
	// Each level of nesting takes a mark of its own on its line, and a
	// table has no more columns than the body has pipes.
	nesting := marks + count('>') + count('-') + count('+') + count('.') + count(')')
	pipes := count('|')
	// A line makes four nodes at most (a list item, the paragraph in it,
	// its text, and the text after an inline construct), besides those
	// of its markers, which nesting bounds, and of its cells.
	nodes := 4*lines + nesting + count('`') + count('<') + count('&') + count('[') + 3*closers + marks
	if pipes > 0 {
		nodes += 2 * (pipes + 1) * lines
	}
	return nesting <= MaxNesting && (pipes == 0 || (pipes+1)*lines <= maxCells(n)) &&
		count('[') <= MaxBrackets && count('#')+count('=')+count('-') <= MaxHeadings &&
		nodes <= maxNodes(n)
}

func budget(n int64) int64   { return workPerByte*n + baseWork }
func maxCells(n int64) int64 { return n/2 + baseCells }
func maxNodes(n int64) int64 { return n/bytesPerNode + baseNodes }

// guard is the state of one pass of Check.
type guard struct {
	src       []byte
	line      int // of the line being read
	lineStart int // its offset
	stop      *Limit
	work      int64
	shape     int64 // the part of work that depends on where paragraphs end, for tests
	// The paragraph being read: where it starts, its size, and its
	// counts.
	inPara      bool
	paraLine    int
	paraLines   int64
	paraMarks   int64
	paraClosers int64
	paraWork    int64 // work counted as it is read
	openers     []int // offsets of the "[" not closed yet
	titles      int64 // link titles open, waiting for their quote
	titleQuote  byte
	// The costliest paragraph so far.
	worst     int64
	worstLine int
	worstWhy  string
	// Blocks.
	fence       byte // the fence character of an open code block, or 0
	fenceLen    int
	fenceQuotes int // the quotes that hold it
	fenceCol    int // the column a list item that holds it indents by
	contentCol  int // the column of the text of the last list item
	inTable     bool
	tableCols   int64
	tableLine   int // of the header of the table being read
	cells       int64
	cellsLine   int // of the header of the table that crossed the limit
	brackets    int // "[" read
	headings    int
	nodes       int64 // of goldmark's tree, estimated
	maxNodes    int64
	nodesLine   int  // where nodes went over maxNodes
	everList    bool // a list item anywhere before
	prevList    bool // a list item on the last line that is not blank
	prevPipes   bool // the last line of the paragraph had a "|"
	prevCells   int
}

func (g *guard) run() *Limit {
	src := g.src
	g.maxNodes = maxNodes(int64(len(src)))
	for start := 0; start <= len(src); {
		end := bytes.IndexByte(src[start:], '\n')
		next := 0
		if end < 0 {
			end = len(src)
			next = len(src) + 1
		} else {
			end += start
			next = end + 1
		}
		g.line++
		g.lineStart = start
		if l := g.lineOf(start, src[start:end]); l != nil {
			return l
		}
		if g.stop != nil {
			return g.stop
		}
		start = next
	}
	g.endPara()
	if g.cellsLine > 0 {
		return &Limit{Line: g.cellsLine, Col: 1, Msg: fmt.Sprintf("the tables have %d cells, more than the %d this body may have (one for every two bytes, and %d): every row has as many cells as the header of its table", g.cells, maxCells(int64(len(src))), baseCells)}
	}
	if g.work > budget(int64(len(src))) {
		return &Limit{Line: g.worstLine, Col: 1, Msg: "this paragraph would take the markdown parser time growing with the square of its size: " + g.worstWhy}
	}
	if g.nodesLine > 0 {
		return &Limit{Line: g.nodesLine, Col: 1, Msg: fmt.Sprintf("the body has more than %d paragraphs, lines, list items, table cells and inline elements (one for every %d bytes, and %d), each of which the markdown parser makes an object for; join short lines and items, or split the body", g.maxNodes, bytesPerNode, baseNodes)}
	}
	return nil
}

// lineOf reads one line, which starts at offset off.
func (g *guard) lineOf(off int, line []byte) *Limit {
	lead := 0
	for lead < len(line) && (line[lead] == ' ' || line[lead] == '\t') {
		lead++
	}
	indent := advance(0, line[:lead])
	if g.fence != 0 && g.inFence(line, indent) {
		return nil
	}
	// Most lines start with text: their markers are not looked for.
	m := lineMarkers{firstAt: -1}
	rest, textCol, pre := line[lead:], indent, indent
	if lead < len(line) && mayMark(line[lead]) {
		if l := g.markers(line, &m); l != nil {
			return l
		}
		rest, textCol, pre = g.text(line, &m)
		g.node(int64(m.depth)) // a block quote or list item each
	}
	restOff := off + len(line) - len(rest)
	// Whether the text may start a block (a heading, a break, a fence), by
	// its indentation: else it can only continue a paragraph.
	block := m.depth == 0 && g.startsBlock(textCol) || m.depth > 0 && pre <= 4
	if c, n := fenceOpen(rest); n > 0 && block {
		g.node(1)
		g.endPara()
		g.fence, g.fenceLen, g.fenceQuotes = c, n, m.quotes
		g.fenceCol = 0
		if m.list || g.everList {
			g.fenceCol = textCol
		}
		return nil
	}
	g.followList(&m, rest, indent)
	if len(rest) == 0 {
		g.endPara()
		return nil
	}
	g.textLine(restOff, rest, &m, block, indent)
	return nil
}

// inFence reads a line, indented by indent columns, while a code fence is
// open. It reports whether the line belongs to the fence, its closing line
// among them, which then ends; a fence also ends where the quote or list
// item that holds it ends, and the line is then read as any other (ending
// it early only counts more).
func (g *guard) inFence(line []byte, indent int) bool {
	quotes := 0
	for j := 0; j < len(line); j++ {
		if line[j] == '>' {
			quotes++
		} else if line[j] != ' ' && line[j] != '\t' {
			break
		}
	}
	blankLine := len(bytes.TrimSpace(line)) == 0
	if quotes < g.fenceQuotes || !blankLine && g.fenceCol > 0 && indent < g.fenceCol {
		g.fence = 0
		return false
	}
	if isFence(bytes.TrimLeft(line, " \t>"), g.fence, g.fenceLen) {
		g.fence = 0
	}
	return true
}

// lineMarkers are the block quote and list markers a line starts with.
type lineMarkers struct {
	end     int  // the offset after the last marker
	endCol  int  // its column
	depth   int  // the levels the markers open
	quotes  int  // the block quote markers among them
	list    bool // a list marker among them
	listCol int  // the column of the text of the last list item
	// The first list marker: its byte, offset (-1 for none) and column,
	// and the quote markers before it.
	first        byte
	firstAt      int
	firstCol     int
	quotesBefore int
}

// markers reads into m the block quote and list markers a line starts with, each
// opening a level. A list marker counts when it is indented less than
// code would be, and an ordered one other than 1 only inside a list: else
// it continues the paragraph, and so does the rest of the line.
func (g *guard) markers(line []byte, m *lineMarkers) *Limit {
	for {
		j := m.end
		for j < len(line) && (line[j] == ' ' || line[j] == '\t') {
			j++
		}
		colJ := advance(m.endCol, line[m.end:j])
		if j == len(line) || m.depth > 0 && colJ-m.endCol > 4 || m.depth == 0 && !g.startsBlock(colJ) {
			return nil
		}
		c := line[j]
		switch {
		case c == '>':
			m.end = j + 1
			m.quotes++
		case (c == '-' || c == '+' || c == '*') && (j+1 == len(line) || line[j+1] == ' ' || line[j+1] == '\t'):
			m.end, m.list, m.listCol = j+1, true, contentColumn(line, j+1, colJ+1)
		case isDigit(c):
			k := j
			for k < len(line) && k-j < 9 && isDigit(line[k]) {
				k++
			}
			if k == len(line) || line[k] != '.' && line[k] != ')' || k+1 < len(line) && line[k+1] != ' ' && line[k+1] != '\t' {
				return nil
			}
			if g.inPara && !g.prevList && string(line[j:k]) != "1" {
				return nil
			}
			m.end, m.list, m.listCol = k+1, true, contentColumn(line, k+1, colJ+k+1-j)
		default:
			return nil
		}
		if c != '>' && m.firstAt < 0 {
			m.first, m.firstAt, m.firstCol, m.quotesBefore = c, j, colJ, m.quotes
		}
		m.endCol = colJ + m.end - j
		m.depth++
		if m.depth > MaxNesting {
			return &Limit{Line: g.line, Col: j + 1, Msg: fmt.Sprintf("block quotes and lists are nested more than %d deep on one line", MaxNesting)}
		}
	}
}

// mayMark reports whether a line whose text starts with c may start with
// a block quote or list marker.
func mayMark(c byte) bool {
	return c == '>' || c == '-' || c == '+' || c == '*' || isDigit(c)
}

// text returns the text of a line after its markers m, the column it
// starts at, and the columns between the markers and it. An empty list
// item cannot interrupt a paragraph: the line is then its text, and m is
// changed to say so. (A lone "-" ends it as a setext underline.)
func (g *guard) text(line []byte, m *lineMarkers) (rest []byte, textCol, pre int) {
	rest = line[m.end:]
	for len(rest) > 0 && (rest[0] == ' ' || rest[0] == '\t') {
		rest = rest[1:]
	}
	textCol = advance(m.endCol, line[m.end:len(line)-len(rest)])
	pre = textCol - m.endCol
	if len(rest) == 0 && g.inPara && m.firstAt >= 0 && m.first != '-' {
		rest, m.depth, m.list, m.quotes, pre = line[m.firstAt:], m.quotesBefore, false, m.quotesBefore, 0
		textCol = m.firstCol
	}
	return rest, textCol, pre
}

// followList notes where the last list item may have ended: the text of
// lines is then no longer taken to be indented in it, and fewer lines
// start blocks.
func (g *guard) followList(m *lineMarkers, rest []byte, indent int) {
	if m.list {
		g.everList, g.prevList, g.contentCol = true, true, m.listCol
	} else if len(rest) > 0 {
		g.prevList = false
		if m.depth == 0 && indent < g.contentCol {
			g.contentCol = 0
		}
	}
}

// textLine reads the text rest of a line, at offset off, that is not
// blank: as indented code, a thematic break, a heading, the delimiter row
// or a row of a table, or a line of a paragraph. A list item ends the
// paragraph before it. block says whether the text may start a block.
func (g *guard) textLine(off int, rest []byte, m *lineMarkers, block bool, indent int) {
	switch {
	case !g.inPara && m.depth == 0 && !g.everList && indent >= 4:
		return // indented code, where no list item may hold it
	case block && isBreak(rest):
		g.node(1)
		if g.inPara && isUnderline(rest) {
			g.heading() // "---" under a paragraph makes it a heading
		}
		g.endPara() // a thematic break
		return
	case block && (isHeading(rest) || g.inPara && isUnderline(rest)):
		g.heading()
		if !isHeading(rest) {
			g.paraLines++ // the underline of a setext heading: text, for the count
			g.node(1)
			g.scan(off, rest)
			return
		}
		g.endPara()
		g.startPara()
		g.scan(off, rest)
		g.endPara()
		return
	case m.list:
		// A list item ends the paragraph before it. (A quote's lines
		// may continue a paragraph: they are counted in it.)
		g.endPara()
	}
	if g.inPara && !g.inTable && g.prevPipes && m.depth == 0 {
		if n, ok := delimiterRow(rest); ok && n == g.prevCells {
			// The line before is the header of a table: its rows are
			// parsed one by one.
			g.endPara()
			g.inTable, g.tableCols, g.tableLine = true, int64(n), g.line-1
			g.node(2 * g.tableCols) // the header's cells, and their text
			return
		}
	}
	if g.inTable {
		g.cells += g.tableCols
		g.node(2 * g.tableCols) // a cell and its text each
		if g.cellsLine == 0 && g.cells > maxCells(int64(len(g.src))) {
			g.cellsLine = g.tableLine
		}
		g.startPara()
		g.scan(off, rest)
		g.endPara()
		g.inTable = true
		return
	}
	if !g.inPara {
		g.startPara()
	} else {
		g.paraLines++
		g.node(1) // the line's text
	}
	g.prevCells, g.prevPipes = cellCount(rest)
	g.scan(off, rest)
}

// contentColumn returns the column at which the text of a list item whose
// marker ends at e starts: after the spaces that follow the marker, or one
// space after it when they are more than four (the text is then code) or
// there is no text.
// col is the column of line[e].
func contentColumn(line []byte, e, col int) int {
	n := 0
	for e+n < len(line) && (line[e+n] == ' ' || line[e+n] == '\t') {
		n++
	}
	start, text := col, advance(col, line[e:e+n])
	if n == 0 || text-start > 4 || e+n == len(line) {
		return start + 1
	}
	return text
}

// advance returns the column after b, which starts at column c, with tabs
// stopping at every fourth column, as markdown counts.
func advance(c int, b []byte) int {
	for _, x := range b {
		if x == '\t' {
			c += 4 - c%4
		} else {
			c++
		}
	}
	return c
}

// node counts k nodes of goldmark's tree, and notes the first line where
// they are more than the body may have.
func (g *guard) node(k int64) {
	g.nodes += k
	if g.nodes > g.maxNodes && g.nodesLine == 0 {
		g.nodesLine = g.line
	}
}

// heading counts a heading.
func (g *guard) heading() {
	if g.headings++; g.headings > MaxHeadings && g.stop == nil {
		g.stop = &Limit{Line: g.line, Col: 1, Msg: fmt.Sprintf("the body has more than %d headings", MaxHeadings)}
	}
}

// startsBlock reports whether text indented by n spaces may start a block:
// it is indented by less than code would be, at the top level or in the
// last list item.
func (g *guard) startsBlock(n int) bool {
	return n <= 3 || g.contentCol > 0 && n >= g.contentCol && n-g.contentCol <= 3
}

func (g *guard) startPara() {
	g.node(2) // the paragraph and its first line's text
	g.inPara = true
	g.paraLine = g.line
	g.paraLines, g.paraMarks, g.paraClosers, g.paraWork = 1, 0, 0, 0
	g.prevPipes = false
	g.openers = g.openers[:0]
	g.titles = 0
}

// endPara adds the work of the paragraph read.
func (g *guard) endPara() {
	g.inTable = false
	if !g.inPara {
		return
	}
	g.inPara = false
	g.prevPipes = false
	emphasis := g.paraMarks * g.paraMarks
	lines := g.paraClosers * g.paraLines
	w := emphasis + lines + g.paraWork
	g.work += w
	g.shape += emphasis + lines
	if w > g.worst {
		g.worst, g.worstLine = w, g.paraLine
		switch {
		case emphasis >= lines && emphasis >= g.paraWork:
			g.worstWhy = fmt.Sprintf("%d emphasis marks (*, _, ~) that it matches with each other; split the paragraph, or escape the marks that are not emphasis (\\*)", g.paraMarks)
		case lines >= g.paraWork:
			g.worstWhy = fmt.Sprintf("%d brackets in %d lines; split the paragraph, or escape the brackets that are not links (\\])", g.paraClosers, g.paraLines)
		default:
			g.worstWhy = "links and brackets that are never closed; close them, or escape the brackets that are not links (\\])"
		}
	}
}

// scan counts what costs work in a line of a paragraph, or a heading or a
// table row, which starts at offset off.
func (g *guard) scan(off int, s []byte) {
	if g.titles > 0 {
		g.openTitles(s)
	}
	ends := destEnds{plain: -1, angle: -1}
	for j := 0; j < len(s); j++ {
		c := s[j]
		if special[c] == 0 {
			continue
		}
		switch c {
		case '\\':
			j++
		case '`', '<', '&':
			// A code span's, an autolink's or HTML's edge, or an
			// entity: a node at most, and the text after it.
			g.node(1)
		case '[':
			g.node(1) // what goldmark keeps of a "[" while it looks for its "]"
			g.openers = append(g.openers, off+j)
			if g.brackets++; g.brackets > MaxBrackets && g.stop == nil {
				g.stop = &Limit{Line: g.line, Col: off + j - g.lineStart + 1, Msg: fmt.Sprintf("the body has more than %d \"[\", each of which the markdown parser makes objects for; escape those that are not links (\\[)", MaxBrackets)}
			}
		case ']':
			// A link is an object, and its text, and the text after
			// it, besides what goldmark kept of its "[", and reading
			// its destination costs as much again.
			g.node(3)
			g.paraClosers++
			if n := len(g.openers); n > 0 {
				g.paraWork += int64(off+j-g.openers[n-1]) / 8
				g.openers = g.openers[:n-1]
			}
			if j+1 < len(s) && s[j+1] == '(' {
				g.destination(off, s, j+2, &ends)
			}
		case '*', '_', '~':
			k := j
			for k < len(s) && s[k] == c {
				k++
			}
			var before, after byte = ' ', ' '
			if j > 0 {
				before = s[j-1]
			}
			if k < len(s) {
				after = s[k]
			}
			if delimiter(c, before, after) {
				g.paraMarks++
				g.node(1)
			}
			j = k - 1
		}
	}
}

// openTitles counts the work of the link titles still open from a line
// before: each reads the line s whole if its quote is not on it.
func (g *guard) openTitles(s []byte) {
	if k := bytes.IndexByte(s, g.titleQuote); k >= 0 {
		g.paraWork += g.titles * int64(k)
		g.titles = 0
	} else {
		g.paraWork += g.titles * int64(len(s))
	}
}

// destEnds are where the link destinations of a line that scan has read
// end, plain and in angle brackets, or -1: each "](" reads to the end of
// the destination that follows it, and those that share one are counted
// without reading it again.
type destEnds struct{ plain, angle int }

// destination counts the work of the link destination that starts at d in
// the line s, at offset off, after a "](", and of its title.
func (g *guard) destination(off int, s []byte, d int, ends *destEnds) {
	for d < len(s) && (s[d] == ' ' || s[d] == '\t') {
		d++
	}
	if d < len(s) && s[d] == '<' {
		if ends.angle < d {
			if k := bytes.IndexByte(s[d:], '>'); k >= 0 {
				ends.angle = d + k
			} else {
				ends.angle = len(s)
			}
		}
		g.paraWork += 2 * int64(ends.angle-d)
		return
	}
	if ends.plain < d {
		ends.plain = d
		for ends.plain < len(s) && s[ends.plain] != ' ' && s[ends.plain] != '\t' {
			ends.plain++
		}
	}
	g.paraWork += 2 * int64(ends.plain-d)
	g.title(off, s, ends.plain)
}

// title counts the work of a link title that may follow a destination
// ending at t in the line s, at offset off: to its closing quote, or, when
// that is not on the line, to the end of the line and of those after it,
// until one holds the quote.
func (g *guard) title(off int, s []byte, t int) {
	lineEnd := off + len(s)
	for t < len(s) && (s[t] == ' ' || s[t] == '\t') {
		t++
	}
	if t == len(s) || s[t] != '"' && s[t] != '\'' && s[t] != '(' {
		return
	}
	q := s[t]
	if q == '(' {
		q = ')'
	}
	if k := bytes.IndexByte(s[t+1:], q); k >= 0 {
		g.paraWork += 2 * int64(k)
		return
	}
	g.paraWork += 2 * int64(lineEnd-(off+t))
	if g.titles == 0 || g.titleQuote == q {
		g.titles++
		g.titleQuote = q
	} else {
		// Counted once more, as if read to the end of the line twice.
		g.paraWork += 2 * int64(lineEnd-(off+t))
	}
}

// special marks the bytes scan looks at.
var special = func() (t [256]uint8) {
	for _, c := range []byte("\\[]*_~`<&") {
		t[c] = 1
	}
	return t
}()

// delimiter reports whether a run of c between before and after may open
// or close emphasis: it is left- or right-flanking, and for "_" not inside
// a word. Bytes of non-ASCII characters count as punctuation, which makes
// the answer true more often than goldmark's, never less.
func delimiter(c, before, after byte) bool {
	space := func(b byte) bool { return b == ' ' || b == '\t' }
	alnum := func(b byte) bool { return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' }
	if space(before) && space(after) {
		return false
	}
	if c == '_' && alnum(before) && alnum(after) {
		return false
	}
	return true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// fenceOpen returns the character and length of the fence that s opens,
// or 0.
func fenceOpen(s []byte) (byte, int) {
	if len(s) < 3 || s[0] != '`' && s[0] != '~' {
		return 0, 0
	}
	n := 0
	for n < len(s) && s[n] == s[0] {
		n++
	}
	if n < 3 || s[0] == '`' && bytes.IndexByte(s[n:], '`') >= 0 {
		return 0, 0
	}
	return s[0], n
}

// isFence reports whether s closes a fence of n characters c.
func isFence(s []byte, c byte, n int) bool {
	k := 0
	for k < len(s) && s[k] == c {
		k++
	}
	return k >= n && len(bytes.TrimRight(s[k:], " \t")) == 0
}

// isBreak reports whether s is a thematic break: three or more "-", "*"
// or "_", spaces between them allowed. (A setext underline may instead
// continue a paragraph lazily: it is taken as text, which counts more.)
func isBreak(s []byte) bool {
	c := s[0]
	if c != '-' && c != '*' && c != '_' {
		return false
	}
	n := 0
	for _, b := range s {
		switch b {
		case c:
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3
}

// isUnderline reports whether s may underline a setext heading: "=" or
// "-" only, spaces after.
func isUnderline(s []byte) bool {
	t := bytes.TrimRight(s, " \t")
	return len(t) > 0 && (t[0] == '=' || t[0] == '-') && len(bytes.Trim(t, string(t[:1]))) == 0
}

// isHeading reports whether s is an ATX heading.
func isHeading(s []byte) bool {
	n := 0
	for n < len(s) && s[n] == '#' {
		n++
	}
	return n >= 1 && n <= 6 && (n == len(s) || s[n] == ' ' || s[n] == '\t')
}

// cellCount returns the number of cells of s read as a table row, and
// whether it has a pipe at all.
func cellCount(s []byte) (int, bool) {
	if bytes.IndexByte(s, '|') < 0 {
		return 0, false
	}
	t := bytes.TrimSpace(s)
	t = bytes.TrimPrefix(t, []byte("|"))
	if len(t) > 0 && t[len(t)-1] == '|' && (len(t) < 2 || t[len(t)-2] != '\\') {
		t = t[:len(t)-1]
	}
	n := 1
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case '\\':
			i++
		case '|':
			n++
		}
	}
	return n, true
}

// delimiterRow returns the number of cells of s when it is the delimiter
// row of a table: cells of dashes with optional colons at either end, and
// a pipe (without one, the line underlines a setext heading).
func delimiterRow(s []byte) (int, bool) {
	if bytes.IndexByte(s, '-') < 0 || bytes.IndexByte(s, '|') < 0 {
		return 0, false
	}
	t := bytes.TrimSpace(s)
	t = bytes.TrimPrefix(t, []byte("|"))
	t = bytes.TrimSuffix(t, []byte("|"))
	n := 0
	for cell := range bytes.SplitSeq(t, []byte("|")) {
		cell = bytes.TrimSpace(cell)
		cell = bytes.TrimPrefix(cell, []byte(":"))
		cell = bytes.TrimSuffix(cell, []byte(":"))
		if len(cell) == 0 || len(bytes.Trim(cell, "-")) != 0 {
			return 0, false
		}
		n++
	}
	return n, n > 0
}
