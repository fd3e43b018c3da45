package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// inertDelimiters is an inline parser that takes as text the runs of "*",
// "_" and "~" that can neither open nor close emphasis or strikethrough,
// before goldmark's own parsers see them.
//
// goldmark makes a delimiter node of every such run, though it can match
// nothing: "a_b_c_…" (a name in snake case, a path, an identifier), or "*"
// and "~" between spaces. A node and a text segment for every two bytes
// took a megabyte of such text 0.6 s and 214 MB to parse, against 10 ms and
// 3 MB for a megabyte of words. This parser adds the run to the text before
// it, as goldmark would once it had found the run matches nothing, and
// makes no node: the document, and its HTML, are the same.
//
// A run can open emphasis when it is left-flanking, close it when it is
// right-flanking, and "_" inside a word does neither (CommonMark 0.31,
// 6.2); goldmark's ScanDelimiter decides so, and this parser decides
// exactly as it does. A run of "~" longer than two, or after a "~", is
// not strikethrough, and is left to the parsers after goldmark's (GFM's
// linkify), as it would be.
type inertDelimiters struct{}

// inertPriority puts the parser before goldmark's emphasis and
// strikethrough parsers (500): a lower value runs first.
const inertPriority = 499

func (inertDelimiters) Trigger() []byte { return []byte{'*', '_', '~'} }

func (inertDelimiters) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	before := block.PrecendingCharacter()
	line, seg := block.PeekLine()
	if len(line) == 0 || seg.Padding != 0 {
		return nil
	}
	c := line[0]
	n := 1
	for n < len(line) && line[n] == c {
		n++
	}
	if c == '~' && (n > 2 || before == '~') {
		return nil
	}
	after := ' '
	if n != len(line) {
		after = util.ToRune(line, n)
	}
	if canOpen, canClose := flanking(c, before, after); canOpen || canClose {
		return nil
	}
	ast.MergeOrAppendTextSegment(parent, seg.WithStop(seg.Start+n))
	block.Advance(n)
	// The text the run is now part of: parseBlock appends it again, as
	// the last child it is already.
	return parent.LastChild()
}

// flanking says whether a run of c between the characters before and
// after can open and close emphasis, as goldmark's ScanDelimiter does.
func flanking(c byte, before, after rune) (canOpen, canClose bool) {
	beforePunct, beforeSpace := util.IsPunctRune(before), util.IsSpaceRune(before)
	afterPunct, afterSpace := util.IsPunctRune(after), util.IsSpaceRune(after)
	left := !afterSpace && (!afterPunct || beforeSpace || beforePunct)
	right := !beforeSpace && (!beforePunct || afterSpace || afterPunct)
	if c == '_' {
		return left && (!right || beforePunct), right && (!left || afterPunct)
	}
	return left, right
}
