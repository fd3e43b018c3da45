// Command hostile writes collections that attack the time and memory of
// guides: in each, one file of about 1 MB of one pathological kind, beside
// a valid category and guide. bench/hostile.sh times every command on
// each; the limits of guides keep them all linear.
//
// Usage:
//
//	go run ./internal/cmd/hostile -o DIR [-size BYTES]
//
// It writes DIR/KIND/ for each kind, and prints the kinds.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	out := flag.String("o", "", "the `folder` to write the collections in")
	size := flag.Int("size", 1<<20, "the size of each hostile file, in `bytes`")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "hostile: -o is required")
		os.Exit(2)
	}
	n := *size
	rep := func(s string, n int) string { return strings.Repeat(s, n/len(s)) }
	const front = "---\ntitle: Hostile\ncreatedAt: 2024-01-01\ncategories: [c]\n"
	body := func(b string) string { return front + "---\n" + b }
	kinds := map[string]string{
		// Front matter.
		"front-nested-lists": front + "tags: " + rep("[", n/2) + rep("]", n/2) + "\n---\nBody.\n",
		"front-keys":         front + keys(n) + "---\nBody.\n",
		"front-keys-64k":     front + "a: &x {b: 1}\n" + keys(60<<10) + "---\nBody.\n",
		"front-dashes":       front + "extra:\n" + rep("- ", n) + "x\n---\nBody.\n",
		"front-tags-64k":     front + "tags: [" + tags(60<<10) + "]\n---\nBody.\n",
		// Bodies on which goldmark is quadratic.
		"body-open-links":      body(rep("[a](", n)),
		"body-open-angles":     body(rep("[a](<", n)),
		"body-open-titles":     body(rep("[a](b \"\n", n)),
		"body-emphasis":        body(rep("*a_", n)),
		"body-definitions":     body("Text.\n\n" + rep("[a]: b\n", n)),
		"body-brackets":        body(rep("[", n)),
		"body-headings":        body(rep("# a\n", n)),
		"body-lines":           body(rep("a\n", n)),
		"body-nested-brackets": body(rep("[", n/2) + rep("]", n/2)),
		"body-quotes":          body(rep("> ", n) + "a\n"),
		"body-lists":           body(rep("- ", n) + "a\n"),
		"body-wide-table":      body(rep("|a", 2000) + "\n" + rep("|-", 2000) + "\n" + rep("|\n", n-8000)),
		// Code the highlighter would be slow on.
		"code-bash-heredocs": body("```bash\n" + rep("cat <<EOF x\n", n) + "```\n"),
		"code-go-quotes":     body("```go\n" + rep(`"`, n) + "\n```\n"),
		"code-java":          body("```java\n" + rep("`", n) + "\n```\n"),
		// An ordinary body of the size, for comparison.
		"ordinary": body(ordinary(n)),
	}
	names := make([]string, 0, len(kinds))
	for name := range kinds {
		names = append(names, name)
	}
	sort.Strings(names)
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

// ordinary returns about n bytes of paragraphs, lists, links and code.
func ordinary(n int) string {
	const part = "## A section\n\nA paragraph with *emphasis*, a [link](g.md) and `code`,\nwrapped over two lines.\n\n- an item\n- another, with **strong** text\n\n```go\nfunc f() { return }\n```\n\n"
	return strings.Repeat(part, n/len(part))
}
