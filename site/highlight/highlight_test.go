package highlight_test

import (
	"bytes"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"github.com/visual-guides/guides/site/highlight"
)

// renderMarkdown renders src with GitHub-flavoured markdown and the
// highlighter, as the site does.
func renderMarkdown(tb testing.TB, src string) string {
	tb.Helper()
	md := goldmark.New(goldmark.WithExtensions(extension.GFM, highlight.New(highlight.Options{})))
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		tb.Fatalf("Convert: %v", err)
	}
	return buf.String()
}
