package markdown

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/visual-guides/guides/internal/golden"
)

// hostile returns bodies of about n bytes of every shape on which goldmark
// spends time growing faster than the size (see limits.go), and the line
// Check reports each at.
func hostile(n int) map[string]struct {
	src  []byte
	line int
} {
	type h = struct {
		src  []byte
		line int
	}
	lines := func(s string) []byte { return bytes.Repeat([]byte(s), n/len(s)) }
	return map[string]h{
		"emphasis":            {lines("*a_"), 1},
		"open links":          {lines("[a]("), 1},
		"open angles":         {lines("[a](<"), 1},
		"open titles":         {lines("[a](b \"\n"), 1},
		"definitions":         {append([]byte("Text.\n\n"), lines("[a]: b\n")...), 3},
		"nested brackets":     {append(lines("[")[:n/2], lines("]")[:n/2]...), 1},
		"quotes":              {append(lines("> "), 'a'), 1},
		"lists":               {append(lines("- "), 'a'), 1},
		"ordered lists":       {append(lines("1. "), 'a'), 1},
		"wide table":          {[]byte(strings.Repeat("|a", 500) + "\n" + strings.Repeat("|-", 500) + "\n" + string(lines("|\n"))), 1},
		"emphasis in a quote": {append([]byte("> x\n"), lines("> *a_\n*a_\n")...), 1},
		"brackets":            {lines("["), 1},
		"headings":            {lines("# a\n"), MaxHeadings + 1},
		"setext headings":     {lines("a\n---\n"), 2*MaxHeadings + 2},
		"emphasis in items":   {append([]byte("- x\n  "), lines("*a_\n      - *a_\n")...), 1},
		// Nodes: 3 a line, over n/4+10,000 at line 20,001.
		"list items": {lines("- a\n"), 20_001},
		// 2 a paragraph of 2 lines, over n/4+10,000 = 59,999 at
		// paragraph 30,000.
		"paragraphs": {lines("a\n\n"), 59_999},
		// 2 a span in one line.
		"code spans": {lines("`a` "), 1},
		// 2 a cell, and 2 the row as a paragraph would be, 6 a row:
		// over n/4+10,000 = 60,005 at row 10,000 (line 10,002).
		"table cells": {append([]byte("| a | b |\n|---|---|\n"), lines("| c | d |\n")...), 10_002},
	}
}

func TestCheckRefusesHostileBodies(t *testing.T) {
	for name, h := range hostile(200_000) {
		l := Check(h.src)
		if l == nil {
			t.Errorf("%s: Check = nil", name)
			continue
		}
		if l.Line != h.line {
			t.Errorf("%s: Check at line %d, want %d: %s", name, l.Line, h.line, l.Msg)
		}
		t.Logf("%s: %d:%d: %s", name, l.Line, l.Col, l.Msg)
	}
}

// ordinary returns bodies of every size that people write: the guides
// under testdata, and long documents made of their paragraphs, lists,
// tables and code.
func ordinary(t testing.TB) map[string][]byte {
	docs := map[string][]byte{}
	guide, err := os.ReadFile(filepath.Join("testdata", "guide.md"))
	if err != nil {
		t.Fatal(err)
	}
	docs["guide"] = guide
	for _, f := range golden.Glob(t, filepath.Join("testdata", "ordinary", "*.md")) {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs[filepath.Base(f)] = src
	}
	docs["long guide"] = bytes.Repeat(guide, 1000) // 4 MB
	var b bytes.Buffer
	b.WriteString("A long paragraph with many links and emphasis:")
	for i := range 300 {
		b.WriteString(" see [the *guide* number](guide-" + strings.Repeat("x", i%7) + ".md) and **this**,\n")
	}
	b.WriteString("\n\n| a | b | c |\n|---|:-:|--:|\n")
	for range 5000 {
		b.WriteString("| [x](y.md) | *z* | `w_v` |\n")
	}
	b.WriteString("\n```c\n")
	for range 5000 {
		b.WriteString("*p++ = a[i] * b[j]; /* [x] */\n")
	}
	b.WriteString("```\n\n")
	for i := range 5000 {
		b.WriteString(strings.Repeat("  ", i%5) + "- [item](" + strings.Repeat("a", i%9) + ".md) with _emphasis_\n")
	}
	b.WriteString("\n[ref]: https://example.org/\n")
	docs["links, tables, code, lists"] = b.Bytes()
	return docs
}

func TestCheckAcceptsOrdinaryBodies(t *testing.T) {
	for name, src := range ordinary(t) {
		if l := Check(src); l != nil {
			t.Errorf("%s (%d bytes): %d:%d: %s", name, len(src), l.Line, l.Col, l.Msg)
		}
		g := guard{src: src}
		g.run()
		t.Logf("%s: %d bytes, work %d (%.1f a byte), a node for every %.1f bytes", name, len(src), g.work, float64(g.work)/float64(max(1, len(src))), float64(len(src))/float64(max(1, g.nodes)))
	}
}

// TestQuickCheckIsSound checks that whatever quickCheck accepts, the full
// pass accepts too.
func TestQuickCheckIsSound(t *testing.T) {
	for name, src := range ordinary(t) {
		if quickCheck(src) {
			g := guard{src: src}
			if l := g.run(); l != nil {
				t.Errorf("%s: quickCheck accepts, the full pass says %s", name, l.Msg)
			}
		}
	}
}

// paragraphWork computes, from goldmark's own blocks, the part of Check's
// work that depends on where paragraphs end: the square of the emphasis
// marks of each, and its brackets times its lines.
func paragraphWork(src []byte) int64 {
	root := scanParser().Parse(text.NewReader(src))
	var w int64
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.(type) {
		case *ast.Paragraph, *ast.Heading, *ast.TextBlock:
			lines := n.Lines()
			var marks, closers int64
			for i := range lines.Len() {
				seg := lines.At(i)
				m, c := lineMarks(seg.Value(src))
				marks += m
				closers += c
			}
			w += marks*marks + closers*int64(lines.Len())
		}
		return ast.WalkContinue, nil
	})
	return w
}

// lineMarks counts the emphasis marks and closing brackets of a line as
// guard.scan does.
func lineMarks(s []byte) (marks, closers int64) {
	s = bytes.TrimRight(s, "\r\n")
	for j := 0; j < len(s); j++ {
		switch c := s[j]; c {
		case '\\':
			j++
		case ']':
			closers++
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
				marks++
			}
			j = k - 1
		}
	}
	return marks, closers
}

// FuzzCheck checks that Check never counts less of the work that depends
// on where paragraphs end than goldmark's own paragraphs give, so that a
// body Check accepts is one whose paragraphs goldmark parses within the
// budget; and that the counts of quickCheck never accept what the full
// pass refuses.
func FuzzCheck(f *testing.F) {
	for _, h := range hostile(200) {
		f.Add(h.src)
	}
	for _, s := range []string{
		"a\n    - *a_\n    - *a_", "> *a_\n*a_\n> *a_", "- x\n\n*a_\n2. *a_\n3. *a_", "```\n*a_\n```\n*a_",
		"> ```\n*a_\n*a_", "- ```\n*a_\n*a_", "a|b\n-|-\n*a_\n*a_", "*a_|\n-|-|-\n*a_\n*a_", "    ```\n*a_\n*a_",
		"# *a_\n*a_\n", "a\n===\n*a_\n*a_", "1. a\n   *a_\n2. *a_", "<div>\n*a_\n\n*a_",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 2000 {
			return
		}
		g := guard{src: src}
		l := g.run()
		if want := paragraphWork(src); l == nil && g.shape < want {
			t.Fatalf("Check counts %d, goldmark's paragraphs %d, for %q", g.shape, want, src)
		}
		if l != nil && quickCheck(src) {
			t.Fatalf("quickCheck accepts %q, the full pass says %s", src, l.Msg)
		}
	})
}

// BenchmarkCheck runs Check on a typical guide body, which quickCheck
// decides, and on a long ordinary document, which takes the full pass.
func BenchmarkCheck(b *testing.B) {
	docs := ordinary(b)
	for _, name := range []string{"guide", "links, tables, code, lists"} {
		src := docs[name]
		b.Run(strings.ReplaceAll(name, " ", "-"), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				Check(src)
			}
		})
	}
}
