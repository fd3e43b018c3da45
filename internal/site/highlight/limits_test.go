package highlight_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/visual-guides/guides/internal/site/highlight"
)

func fenced(lang, code string) string { return "```" + lang + "\n" + code + "```\n" }

// hostileCode returns code blocks of about n bytes on which the lexers
// would take time growing faster than their size, or many microseconds a
// byte: here-documents that never end, and runs of one-character tokens.
func hostileCode(n int) map[string]string {
	rep := func(s string) string { return strings.Repeat(s, n/len(s)) }
	return map[string]string{
		"bash here-documents":    fenced("bash", rep("cat <<EOF x\n")),
		"console here-documents": fenced("console", "$ "+rep("cat <<EOF x \\\n")+"\n"),
		"java backticks":         fenced("java", rep("`")+"\n"),
		"go quotes":              fenced("go", rep(`"`)+"\n"),
		"jsx arrows":             fenced("jsx", rep("=>")+"\n"),
		"yaml braces":            fenced("yaml", rep("{/*")+"\n"),
		"many blocks":            strings.Repeat(fenced("go", rep(`"`)[:n/100]+"\n"), 100),
	}
}

// TestHostileCodeIsEscapedText checks that every hostile block renders as
// one code block whose text is the code: highlighted as far as the budget
// goes, escaped text after.
func TestHostileCodeIsEscapedText(t *testing.T) {
	for name, src := range hostileCode(100_000) {
		out := renderMarkdown(t, src)
		for block := range strings.SplitAfterSeq(out, "</code></pre>\n") {
			if block == "" {
				continue
			}
			if _, err := codeText(block); err != nil {
				t.Errorf("%s: %v", name, err)
				break
			}
		}
	}
}

// TestHeredocsStillHighlighted checks that ordinary here-documents are
// still strings, and that a script whose here-documents never end is
// lexed as code, with "<<" an operator.
func TestHeredocsStillHighlighted(t *testing.T) {
	out := renderMarkdown(t, fenced("bash", "cat <<EOF > f\nhello $name\nEOF\necho done\n"))
	if !strings.Contains(out, `<span class="sh">hello $name
</span>`) {
		t.Errorf("the here-document is not a string:\n%s", out)
	}
	out = renderMarkdown(t, fenced("bash", strings.Repeat("cat <<EOF x\n", 20_000)))
	if strings.Contains(out, `class="sh"`) || !strings.Contains(out, `<span class="o">&lt;&lt;</span>`) {
		t.Errorf("never-ending here-documents:\n%s", out[:500])
	}
}

// TestBudgetWritesTheRestAsText runs a document out of its token budget:
// the code after is plain escaped text, in every later block too.
func TestBudgetWritesTheRestAsText(t *testing.T) {
	code := strings.Repeat("x := \"<b>\"\n", 10_000) // 50,000 tokens
	out := renderMarkdown(t, fenced("go", code)+"\n"+fenced("go", "y := 1\n"))
	blocks := strings.SplitAfter(out, "</code></pre>\n")
	first, err := codeText(blocks[0])
	if err != nil || first != code {
		t.Fatalf("first block: %v", err)
	}
	if !strings.HasSuffix(blocks[0], "x := &#34;&lt;b&gt;&#34;\n</code></pre>\n") {
		t.Errorf("the end of the first block is highlighted:\n%s", blocks[0][len(blocks[0])-200:])
	}
	if !strings.Contains(blocks[1], `<code class="language-go" data-lang="go">y := 1`) {
		t.Errorf("the second block is highlighted: %s", blocks[1])
	}
}

// BenchmarkHostileCode renders documents of 1 MB of hostile code: the
// budget and the here-document guard keep each within a fraction of a
// second.
func BenchmarkHostileCode(b *testing.B) {
	md := newMarkdown(highlight.Options{})
	for name, src := range hostileCode(1 << 20) {
		b.Run(strings.ReplaceAll(name, " ", "-"), func(b *testing.B) {
			var buf bytes.Buffer
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				buf.Reset()
				if err := md.Convert([]byte(src), &buf); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
