package highlight_test

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/visual-guides/guides/internal/site/highlight"
)

// languages are the canonical names of the package's languages.
var languages = []string{"go", "python", "javascript", "jsx", "java", "sql", "yaml", "json",
	"bash", "console", "http", "dockerfile", "diff", "text"}

// FuzzHighlight renders arbitrary code under one of the languages and
// under an arbitrary info string. Rendering must not fail or panic, and
// must yield one well-formed block that holds the code, escaped, with no
// tag of its own but closed, unnested spans. (Chroma reads invalid UTF-8
// as U+FFFD, so only valid code is compared with the block's text.)
func FuzzHighlight(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txtar")
	for _, name := range files {
		ar, err := txtar.ParseFile(name)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range ar.Files {
			if lang, ok := strings.CutPrefix(file.Name, "input."); ok {
				f.Add(string(file.Data), uint8(0), lang)
			}
		}
	}
	for i := range languages {
		f.Add(hostile, uint8(i), "</code></pre><script>alert(1)</script>")
		f.Add("\"unterminated\n'also\n`and this\n/* and this\n", uint8(i), "x")
	}
	md := newMarkdown(highlight.Options{})
	f.Fuzz(func(t *testing.T, code string, pick uint8, info string) {
		// A fence's info string holds no backtick and no line break, and
		// goldmark passes code on as lines, so a NUL or CR is not kept.
		info = strings.NewReplacer("`", "", "\n", "", "\r", "").Replace(info)
		code = strings.NewReplacer("\r", "", "\x00", "").Replace(code)
		if code != "" && !strings.HasSuffix(code, "\n") {
			code += "\n"
		}
		for _, lang := range []string{languages[int(pick)%len(languages)], info} {
			got := convert(t, md, fence(lang, code))
			if scriptTag.MatchString(got) {
				t.Fatalf("a script tag in %q", got)
			}
			text, err := codeText(got)
			if err != nil {
				t.Fatalf("%s: %v", lang, err)
			}
			if utf8.ValidString(code) && text != code {
				t.Fatalf("%s: the block holds %q, want %q", lang, text, code)
			}
			if strings.Contains(got, `class="err"`) {
				t.Fatalf("%s: the lexer found characters it could not place: %q", lang, got)
			}
		}
	})
}
