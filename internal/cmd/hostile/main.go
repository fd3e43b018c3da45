// Command hostile writes collections that attack the time and memory of
// guides: in each, one file of about 1 MB (or -size) of one shape, beside a
// valid category and guide. The shapes are those a parser, an index or a
// site may spend more on than on plain text: delimiters inside and beside
// words, scripts without spaces, long tokens, many distinct words, nested
// containers, and the constructs each markdown parser makes a node of.
// "plain", paragraphs of ordinary words with a link to another guide each,
// is the shape every other is held against. bench/hostile.sh times every command on each; the limits of
// guides keep them all within 8 times plain text, or refuse them.
//
// Usage:
//
//	go run ./internal/cmd/hostile -o DIR [-size BYTES] [-kinds K1,K2]
//
// It writes DIR/KIND/ for each kind, and prints the kinds.
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

func main() {
	out := flag.String("o", "", "the `folder` to write the collections in")
	size := flag.Int("size", 1<<20, "the size of each hostile file, in `bytes`")
	only := flag.String("kinds", "", "the `kinds` to write, separated by commas; all when empty")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "hostile: -o is required")
		os.Exit(2)
	}
	kinds := shapes(*size)
	names := make([]string, 0, len(kinds))
	for name := range kinds {
		if *only == "" || slices.Contains(strings.Split(*only, ","), name) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		dir := filepath.Join(*out, name)
		files := map[string]string{
			"data/categories/c.md": "---\ntitle: C\nsort: 1\n---\nIntro.\n",
			"data/guides/g.md":     body("Body.\n"),
			"data/guides/x.md":     kinds[name],
			"README.md":            "# Guides\n\n<!-- TOC -->\n<!-- /TOC -->\n",
		}
		for p, content := range files {
			full := filepath.Join(dir, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				fail(err)
			}
			if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
				fail(err)
			}
		}
		fmt.Println(name)
	}
}

const front = "---\ntitle: Hostile\ncreatedAt: 2024-01-01\ncategories: [c]\n"

// body returns a guide whose body is b.
func body(b string) string { return front + "---\n" + b }

// rep returns s repeated to about n bytes.
func rep(s string, n int) string { return strings.Repeat(s, max(n/len(s), 1)) }

// shapes returns every kind of file, of about n bytes each.
func shapes(n int) map[string]string {
	return map[string]string{
		// The shape the others are held against.
		"plain": body(plain(n)),

		// Front matter.
		"front-nested-lists": front + "tags: " + rep("[", n/2) + rep("]", n/2) + "\n---\nBody.\n",
		"front-keys":         front + keys(n) + "---\nBody.\n",
		"front-keys-64k":     front + "a: &x {b: 1}\n" + keys(60<<10) + "---\nBody.\n",
		"front-dashes":       front + "extra:\n" + rep("- ", n) + "x\n---\nBody.\n",
		"front-tags-64k":     front + "tags: [" + tags(60<<10) + "]\n---\nBody.\n",
		"front-tags-1000":    front + "tags: [" + tagList(1000, 8) + "]\n---\n" + plain(n),
		"front-long-tags":    front + "tags: [" + tagList(300, 200) + "]\n---\n" + plain(n),

		// Bodies on which goldmark is quadratic, refused by the limits.
		"body-open-links":      body(rep("[a](", n)),
		"body-open-angles":     body(rep("[a](<", n)),
		"body-open-titles":     body(rep("[a](b \"\n", n)),
		"body-emphasis":        body(rep("*a_", n)),
		"body-definitions":     body("Text.\n\n" + rep("[a]: b\n", n)),
		"body-brackets":        body(rep("[", n)),
		"body-headings":        body(rep("# a\n", n)),
		"body-nested-brackets": body(rep("[", n/2) + rep("]", n/2)),
		"body-quotes":          body(rep("> ", n) + "a\n"),
		"body-lists":           body(rep("- ", n) + "a\n"),
		"body-wide-table":      body(rep("|a", 2000) + "\n" + rep("|-", 2000) + "\n" + rep("|\n", n-8000)),

		// Delimiters inside and beside words, which match nothing.
		"body-intraword":      body(lines(rep("a_b_c_", n), 78)),
		"body-intraword-line": body(rep("a_", n) + "\n"),
		"body-spaced-marks":   body(lines(rep("a * b _ c ~ ", n), 78)),
		"body-emphasis-short": body(paragraphs(rep("*a* **b** _c_ ~~d~~ ", n), 78, 6)),

		// Scripts without spaces, long tokens, many words.
		"body-cjk":            body(paragraphs(cjk(n), 120, 8)),
		"body-cjk-line":       body(cjk(n) + "\n"),
		"body-long-token":     body(strings.Repeat("a", n) + "\n"),
		"body-long-line":      body(plainLine(n) + "\n"),
		"body-distinct-words": body(paragraphs(distinct(n), 78, 6)),
		"body-emoji":          body(paragraphs(rep("🦀🐹🚀 ", n), 80, 6)),

		// Containers nested deep, across lines.
		"body-nested-lists":  body(nestedLists(n)),
		"body-nested-quotes": body(nestedQuotes(n)),

		// Constructs each of which is a node.
		"body-paragraphs":    body(rep("a\n\n", n)),
		"body-lines":         body(rep("a\n", n)),
		"body-list-items":    body(rep("- a\n", n)),
		"body-links":         body(paragraphs(rep("[a](g.md) ", n), 78, 6)),
		"body-code-spans":    body(paragraphs(rep("`a` ", n), 78, 6)),
		"body-autolinks":     body(paragraphs(rep("www.example.com ", n), 78, 6)),
		"body-entities":      body(paragraphs(rep("&amp; &#123; &copy; ", n), 78, 6)),
		"body-raw-html":      body(paragraphs(rep("<span>a</span> ", n), 78, 6)),
		"body-small-tables":  body(rep("| a | b |\n|---|---|\n| c | d |\n\n", n)),
		"body-same-headings": body(rep("# a\n\n", 9000*5) + plain(n-9000*5)),
		"body-fences":        body(rep("```go\nx := f(1)\n```\n\n", n)),

		// The same constructs, as dense as the limits let them be.
		"body-list-items-max": body(rep("- abcdefghi\n", n)),
		"body-paragraphs-max": body(rep("abcdef\n\n", n)),
		"body-lines-max":      body(rep("abc\n", n)),
		"body-code-spans-max": body(paragraphs(rep("`abcde` ", n), 78, 6)),
		"body-links-max":      body(paragraphs(rep("[abcdefghi](g.md) ", n), 78, 6)),
		"body-table-max":      body("| h1 | h2 |\n|---|---|\n" + rep("| abcdefghij | klmnopqrst |\n", n)),

		// Code the highlighter would be slow on.
		"code-bash-heredocs": body("```bash\n" + rep("cat <<EOF x\n", n) + "```\n"),
		"code-go-quotes":     body("```go\n" + rep(`"`, n) + "\n```\n"),
		"code-java":          body("```java\n" + rep("`", n) + "\n```\n"),

		// An ordinary body of the size: paragraphs, lists, links and code.
		"ordinary": body(ordinary(n)),
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "hostile:", err)
	os.Exit(1)
}

// keys returns about n bytes of distinct keys, one a line.
func keys(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "k%d: %d\n", i, i)
	}
	return b.String()
}

// tags returns about n bytes of distinct tags, separated by commas.
func tags(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "t%d", i)
	}
	return b.String()
}

// tagList returns k distinct tags of about size bytes each, separated by
// commas.
func tagList(k, size int) string {
	var b strings.Builder
	for i := range k {
		if i > 0 {
			b.WriteString(", ")
		}
		t := fmt.Sprintf("tag %d ", i)
		b.WriteString(t + strings.Repeat("x", max(size-len(t), 1)))
	}
	return b.String()
}

// words are the words of plain text.
var words = strings.Fields("the a of to and in is that for it as with was on be by at this are from or " +
	"which an but not have has were had their they all one two more some when what there can each about " +
	"request server client cache index page guide system data network value time order memory")

// plain returns about n bytes of paragraphs of ordinary words, in lines
// of about 78 bytes, six lines a paragraph, each with a link to another
// guide, as guides are written: so every command reads it as it reads the
// other shapes, check included, which parses a body only when it may link
// to a file of the collection.
func plain(n int) string {
	s := strings.ReplaceAll(paragraphs(plainLine(n), 78, 6), "\n\n", " See [the guide](g.md).\n\n")
	if len(s) > n {
		s = s[:strings.LastIndexByte(s[:n], '\n')+1]
	}
	return s
}

// plainLine returns about n bytes of ordinary words on one line.
func plainLine(n int) string {
	r := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	for b.Len() < n {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[r.IntN(len(words))])
	}
	return b.String()
}

// distinct returns about n bytes of words that are each another word.
func distinct(n int) string {
	r := rand.New(rand.NewPCG(3, 4))
	var b strings.Builder
	for b.Len() < n {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		for range 4 + r.IntN(6) {
			b.WriteByte(byte('a' + r.IntN(26)))
		}
	}
	return b.String()
}

// cjk returns about n bytes of Chinese and Japanese characters without
// spaces, as those scripts are written.
func cjk(n int) string {
	r := rand.New(rand.NewPCG(5, 6))
	var b strings.Builder
	for b.Len() < n {
		if r.IntN(3) == 0 {
			b.WriteRune(rune(0x3041 + r.IntN(0x56))) // hiragana
		} else {
			b.WriteRune(rune(0x4E00 + r.IntN(0x5000))) // CJK ideographs
		}
		if r.IntN(40) == 0 {
			b.WriteString("。")
		}
	}
	return b.String()
}

// lines breaks s, at spaces where it has them, into lines of about width
// bytes, in one paragraph.
func lines(s string, width int) string { return paragraphs(s, width, 0) }

// paragraphs breaks s into lines of about width bytes, at spaces where it
// has them and else between characters, and the lines into paragraphs of
// per lines (0: one paragraph).
func paragraphs(s string, width, per int) string {
	var b strings.Builder
	line, count := 0, 0
	for i, r := range s {
		if line >= width && (r == ' ' || !strings.Contains(s[max(i-width, 0):i], " ")) {
			b.WriteByte('\n')
			line = 0
			if count++; per > 0 && count%per == 0 {
				b.WriteByte('\n')
			}
			if r == ' ' {
				continue
			}
		}
		b.WriteRune(r)
		line += len(string(r))
	}
	b.WriteByte('\n')
	return b.String()
}

// nestedLists returns about n bytes of lists nested 100 deep, one item a
// line, each indented under the one before.
func nestedLists(n int) string {
	var b strings.Builder
	for b.Len() < n {
		for d := range 100 {
			b.WriteString(strings.Repeat("  ", d) + "- item\n")
		}
		b.WriteString("\nText.\n\n")
	}
	return b.String()
}

// nestedQuotes returns about n bytes of block quotes nested up to 100
// deep, one level more on each line.
func nestedQuotes(n int) string {
	var b strings.Builder
	for b.Len() < n {
		for d := 1; d <= 100; d++ {
			b.WriteString(strings.Repeat("> ", d) + "quoted\n")
		}
		b.WriteString("\nText.\n\n")
	}
	return b.String()
}

// ordinary returns about n bytes of paragraphs, lists, links and code.
func ordinary(n int) string {
	const part = "## A section\n\nA paragraph with *emphasis*, a [link](g.md) and `code`,\nwrapped over two lines.\n\n- an item\n- another, with **strong** text\n\n```go\nfunc f() { return }\n```\n\n"
	return strings.Repeat(part, n/len(part))
}
