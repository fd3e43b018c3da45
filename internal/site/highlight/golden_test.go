package highlight_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/visual-guides/guides/internal/golden"
)

// TestGolden renders the code of each archive of testdata, in the file
// input.LANG, as a fenced block of language LANG, and compares the HTML
// with want.html.
func TestGolden(t *testing.T) {
	for _, name := range golden.Glob(t, "testdata/*.txtar") {
		t.Run(golden.Name(name), func(t *testing.T) {
			ar := golden.Load(t, name)
			var input *txtar.File
			for i, f := range ar.Files {
				if strings.HasPrefix(f.Name, "input.") {
					input = &ar.Files[i]
				}
			}
			if input == nil {
				t.Fatal("no input.LANG file in the archive")
			}
			lang := strings.TrimPrefix(input.Name, "input.")
			got := []byte(renderMarkdown(t, fence(lang, string(input.Data))))
			ar.Check(t, "want.html", got)
			if text, err := codeText(string(got)); err != nil {
				t.Error(err)
			} else if text != string(input.Data) {
				t.Errorf("the block holds %q, want the input %q", text, input.Data)
			}
			if bytes.Contains(got, []byte(`class="err"`)) {
				t.Errorf("the lexer found characters it could not place:\n%s", got)
			}
		})
	}
}

// fence returns code as a fenced block of markdown with info string info,
// fenced by more backticks than any run inside code.
func fence(info, code string) string {
	longest, run := 0, 0
	for _, c := range code {
		if c == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	f := strings.Repeat("`", max(3, longest+1))
	if code != "" && !strings.HasSuffix(code, "\n") {
		code += "\n"
	}
	return f + info + "\n" + code + f + "\n"
}
