package main

import (
	"strings"
	"testing"

	"github.com/visual-guides/guides/internal/app"
)

func TestBreakLines(t *testing.T) {
	tests := []struct {
		text        string
		first, rest int
		want        []string
	}{
		{"", 10, 10, []string{""}},
		{"one two three", 20, 20, []string{"one two three"}},
		{"one two three", 7, 7, []string{"one two", "three"}},
		{"one two three", 3, 9, []string{"one", "two three"}},
		{"a word-longer-than-the-line here", 6, 6, []string{"a", "word-longer-than-the-line", "here"}},
		{"東京 の 回線", 5, 5, []string{"東京", "の", "回線"}},
		{"bell\x07 x", 6, 6, []string{"bell\x07", "x"}}, // shown as bell\x07
	}
	for _, tt := range tests {
		var got []string
		for _, l := range breakLines(tt.text, tt.first, tt.rest) {
			got = append(got, tt.text[l[0]:l[1]])
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("breakLines(%q, %d, %d) = %q, want %q", tt.text, tt.first, tt.rest, got, tt.want)
		}
	}
}

// TestWriteSearchWidth prints a hit at a width: the title goes on under an
// indent of two, the excerpt under its indent of four, every line within
// the width, and the marks stay on the words they mark, across lines.
func TestWriteSearchWidth(t *testing.T) {
	text := "A connection starts with a three-way handshake, then every byte is numbered so that what is lost is sent again."
	at := strings.Index(text, "handshake")
	res := app.SearchResult{Total: 1, Hits: []app.SearchHit{{
		Guide:   &app.Guide{ID: "tcp-basics", Title: "TCP Basics: Connections, Handshakes and Retransmission"},
		Score:   12.5,
		Excerpt: app.Excerpt{Text: text, Marks: [][2]int{{at, at + len("handshake")}}},
	}}}
	var b strings.Builder
	if err := writeSearch(&b, res, false, 40); err != nil {
		t.Fatal(err)
	}
	want := `tcp-basics  12.50  TCP Basics:
  Connections, Handshakes and
  Retransmission
    A connection starts with a three-way
    handshake, then every byte is
    numbered so that what is lost is
    sent again.
1 guide found
`
	if b.String() != want {
		t.Errorf("at 40 columns:\n%s\nwant\n%s", b.String(), want)
	}
	b.Reset()
	if err := writeSearch(&b, res, true, 40); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "\n    \x1b[1mhandshake\x1b[0m, then every byte is\n") {
		t.Errorf("at 40 columns, in bold:\n%q", b.String())
	}
	b.Reset()
	if err := writeSearch(&b, res, false, 0); err != nil {
		t.Fatal(err)
	}
	if want := "tcp-basics  12.50  " + res.Hits[0].Guide.Title + "\n    " + text + "\n1 guide found\n"; b.String() != want {
		t.Errorf("without a width:\n%s\nwant\n%s", b.String(), want)
	}
}
