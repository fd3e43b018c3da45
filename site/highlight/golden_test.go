package highlight_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/diff"
	"github.com/rogpeppe/go-internal/txtar"
)

var update = flag.Bool("update", false, "rewrite the want.html files of testdata archives with the current output")

// TestGolden renders the code of each archive of testdata, in the file
// input.LANG, as a fenced block of language LANG, and compares the HTML
// with want.html.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no archives: %v", err)
	}
	for _, name := range files {
		t.Run(strings.TrimSuffix(filepath.Base(name), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(name)
			if err != nil {
				t.Fatal(err)
			}
			var input, want *txtar.File
			for i, f := range ar.Files {
				switch {
				case strings.HasPrefix(f.Name, "input."):
					input = &ar.Files[i]
				case f.Name == "want.html":
					want = &ar.Files[i]
				}
			}
			if input == nil {
				t.Fatal("no input.LANG file in the archive")
			}
			lang := strings.TrimPrefix(input.Name, "input.")
			got := []byte(renderMarkdown(t, fence(lang, string(input.Data))))
			if *update {
				if want == nil {
					ar.Files = append(ar.Files, txtar.File{Name: "want.html"})
					want = &ar.Files[len(ar.Files)-1]
				}
				want.Data = got
				if err := os.WriteFile(name, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if want == nil {
				t.Fatal("no want.html in the archive; run with -update")
			}
			if !bytes.Equal(got, want.Data) {
				t.Errorf("HTML differs:\n%s", diff.Diff("want.html", want.Data, "got", got))
			}
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
