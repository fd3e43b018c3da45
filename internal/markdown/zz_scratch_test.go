package markdown

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/yuin/goldmark/text"
)

func BenchmarkScratch(b *testing.B) {
	shape := os.Getenv("SHAPE")
	n := 1 << 20
	var src []byte
	switch shape {
	case "intraword":
		src = []byte(strings.Repeat("a_", n/2))
	case "plain":
		src = []byte(strings.Repeat("abcdefgh ", n/9))
	case "star":
		src = []byte(strings.Repeat("a*", n/2))
	}
	md := siteMarkdown()
	p := md.Parser()
	for b.Loop() {
		doc := p.Parse(text.NewReader(src))
		var buf bytes.Buffer
		md.Renderer().Render(&buf, src, doc)
	}
}
