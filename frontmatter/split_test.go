package frontmatter

import (
	"errors"
	"strings"
	"testing"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		front     string
		frontLine int
		body      string
		bodyLine  int
		err       string // substring of the error, "" for none
	}{
		{name: "plain", src: "---\ntitle: x\n---\nbody\n", front: "title: x\n", frontLine: 2, body: "body\n", bodyLine: 4},
		{name: "crlf", src: "---\r\ntitle: x\r\n---\r\nbody\r\n", front: "title: x\r\n", frontLine: 2, body: "body\r\n", bodyLine: 4},
		{name: "bom", src: "\uFEFF---\ntitle: x\n---\nbody", front: "title: x\n", frontLine: 2, body: "body", bodyLine: 4},
		{name: "bom crlf", src: "\uFEFF---\r\na: 1\r\n---\r\n", front: "a: 1\r\n", frontLine: 2, body: "", bodyLine: 4},
		{name: "empty front matter", src: "---\n---\nbody", front: "", frontLine: 2, body: "body", bodyLine: 3},
		{name: "no body, no final newline", src: "---\na: 1\n---", front: "a: 1\n", frontLine: 2, body: "", bodyLine: 4},
		{name: "trailing blanks on delimiters", src: "--- \t\na: 1\n---  \nb", front: "a: 1\n", frontLine: 2, body: "b", bodyLine: 4},
		{name: "dashes inside values are not delimiters", src: "---\na: ----\nb: '---'\n---\n", front: "a: ----\nb: '---'\n", frontLine: 2, body: "", bodyLine: 5},
		{name: "second front matter stays in the body", src: "---\na: 1\n---\n---\nb: 2\n---\n", front: "a: 1\n", frontLine: 2, body: "---\nb: 2\n---\n", bodyLine: 4},
		{name: "missing", src: "# Title\n", err: "front matter missing"},
		{name: "missing: blank line first", src: "\n---\na: 1\n---\n", err: "front matter missing"},
		{name: "missing: four dashes", src: "----\na: 1\n----\n", err: "front matter missing"},
		{name: "missing: empty file", src: "", err: "front matter missing"},
		{name: "missing: BOM only", src: "\uFEFF", err: "front matter missing"},
		{name: "unclosed", src: "---\ntitle: x\n", err: "never closed"},
		{name: "unclosed: opening line only", src: "---", err: "never closed"},
		{name: "unclosed: indented close", src: "---\na: 1\n ---\n", err: "never closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Split([]byte(tt.src), true)
			if tt.err != "" {
				var fe *Error
				if !errors.As(err, &fe) || !strings.Contains(fe.Msg, tt.err) {
					t.Fatalf("Split() error = %v, want *Error containing %q", err, tt.err)
				}
				if fe.Pos.Line != 1 || fe.Pos.Col != 1 {
					t.Errorf("error position = %v, want 1:1", fe.Pos)
				}
				return
			}
			if err != nil {
				t.Fatalf("Split() error = %v", err)
			}
			if got := string(p.Front); got != tt.front {
				t.Errorf("Front = %q, want %q", got, tt.front)
			}
			if p.FrontLine != tt.frontLine {
				t.Errorf("FrontLine = %d, want %d", p.FrontLine, tt.frontLine)
			}
			if got := tt.src[p.Body:]; got != tt.body {
				t.Errorf("body = %q, want %q", got, tt.body)
			}
			if p.BodyLine != tt.bodyLine {
				t.Errorf("BodyLine = %d, want %d", p.BodyLine, tt.bodyLine)
			}
		})
	}
}

// TestSplitPrefixes feeds every prefix of a file and checks that Split asks
// for more until the closing delimiter line is complete, and then agrees
// with a split of the whole file.
func TestSplitPrefixes(t *testing.T) {
	for _, src := range []string{
		"---\ntitle: x\ncategories: [a]\n---\nbody text\n",
		"\uFEFF---\r\ntitle: x\r\n---\r\n\r\nbody\r\n",
		"# no front matter\n",
		"---\nnever closed\n",
	} {
		whole, wholeErr := Split([]byte(src), true)
		for n := 0; n <= len(src); n++ {
			p, err := Split([]byte(src[:n]), n == len(src))
			if err == ErrNeedMore {
				if n == len(src) {
					t.Fatalf("%q: ErrNeedMore at EOF", src)
				}
				continue
			}
			if (err == nil) != (wholeErr == nil) {
				t.Fatalf("%q[:%d]: error %v, whole file error %v", src, n, err, wholeErr)
			}
			if err == nil && (string(p.Front) != string(whole.Front) || p.Body != whole.Body || p.BodyLine != whole.BodyLine) {
				t.Fatalf("%q[:%d]: got %+v, whole file %+v", src, n, p, whole)
			}
		}
	}
}

func FuzzSplit(f *testing.F) {
	f.Add([]byte("---\ntitle: x\n---\nbody\n"))
	f.Add([]byte("\uFEFF---\r\ntitle: x\r\n---\r\n"))
	f.Add([]byte("---\n---\n"))
	f.Add([]byte("---"))
	f.Add([]byte("# heading\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		p, err := Split(src, true)
		if err == ErrNeedMore {
			t.Fatal("ErrNeedMore at EOF")
		}
		if err != nil {
			var fe *Error
			if !errors.As(err, &fe) {
				t.Fatalf("error %T is not *Error", err)
			}
			return
		}
		if p.Body < 0 || p.Body > len(src) || p.BodyLine < 3 {
			t.Fatalf("bad parts %+v for %d bytes", p, len(src))
		}
		// Front is a slice of src before the body.
		if len(p.Front) > p.Body {
			t.Fatalf("front longer than the offset of the body")
		}
		// A prefix ending anywhere before the body needs more or agrees.
		for _, n := range []int{p.Body / 2, p.Body - 1} {
			if n < 0 {
				continue
			}
			q, err := Split(src[:n], false)
			if err == nil && q.Body != p.Body {
				t.Fatalf("prefix %d split at %d, whole at %d", n, q.Body, p.Body)
			}
		}
	})
}
