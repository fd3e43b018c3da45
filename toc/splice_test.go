package toc

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/visual-guides/guides"
)

const list = "* [A](u/a)\n  * [B](u/b)\n"

func TestSplice(t *testing.T) {
	tests := []struct {
		name   string
		readme string
		list   string
		want   string
	}{
		{"replaces the region",
			"# T\n\n<!-- TOC -->\nold\nlines\n<!-- /TOC -->\n\nafter\n", list,
			"# T\n\n<!-- TOC -->\n\n" + list + "\n\n<!-- /TOC -->\n\nafter\n"},
		{"one line between markers",
			"<!-- TOC -->\n\n<!-- /TOC -->\n", list,
			"<!-- TOC -->\n\n" + list + "\n\n<!-- /TOC -->\n"},
		{"adjacent markers",
			"<!-- TOC -->\n<!-- /TOC -->\n", list,
			"<!-- TOC -->\n\n" + list + "\n\n<!-- /TOC -->\n"},
		{"empty list is three empty lines",
			"x\n<!-- TOC -->\nold\n<!-- /TOC -->\ny\n", "",
			"x\n<!-- TOC -->\n\n\n\n<!-- /TOC -->\ny\n"},
		{"end marker is the last line, without newline",
			"<!-- TOC -->\nold\n<!-- /TOC -->", list,
			"<!-- TOC -->\n\n" + list + "\n\n<!-- /TOC -->"},
		{"crlf file keeps crlf",
			"# T\r\n<!-- TOC -->\r\nold\r\n<!-- /TOC -->\r\nafter\r\n", list,
			"# T\r\n<!-- TOC -->\r\n\r\n* [A](u/a)\r\n  * [B](u/b)\r\n\r\n\r\n<!-- /TOC -->\r\nafter\r\n"},
		{"bom is kept, marker on the first line",
			"\uFEFF<!-- TOC -->\nold\n<!-- /TOC -->\n", list,
			"\uFEFF<!-- TOC -->\n\n" + list + "\n\n<!-- /TOC -->\n"},
		{"trailing blanks on marker lines are kept",
			"<!-- TOC -->  \nold\n<!-- /TOC -->\t\n", list,
			"<!-- TOC -->  \n\n" + list + "\n\n<!-- /TOC -->\t\n"},
		{"markers inside fenced code are examples",
			"```\n<!-- TOC -->\n<!-- /TOC -->\n```\n<!-- TOC -->\nold\n<!-- /TOC -->\n~~~md\n<!-- TOC -->\n~~~\n", list,
			"```\n<!-- TOC -->\n<!-- /TOC -->\n```\n<!-- TOC -->\n\n" + list + "\n\n<!-- /TOC -->\n~~~md\n<!-- TOC -->\n~~~\n"},
		{"a longer fence is closed only by a fence as long",
			"````\n```\n<!-- TOC -->\n````\n<!-- TOC -->\n<!-- /TOC -->\n", "",
			"````\n```\n<!-- TOC -->\n````\n<!-- TOC -->\n\n\n\n<!-- /TOC -->\n"},
		{"markers in running text are not markers",
			"Write <!-- TOC --> and <!-- /TOC --> on lines of their own.\n<!-- TOC -->\n<!-- /TOC -->\n", "",
			"Write <!-- TOC --> and <!-- /TOC --> on lines of their own.\n<!-- TOC -->\n\n\n\n<!-- /TOC -->\n"},
		{"dollar signs are literal",
			"<!-- TOC -->\n<!-- /TOC -->\n", "* [Save $$ and $1 with $&](u/x)\n",
			"<!-- TOC -->\n\n* [Save $$ and $1 with $&](u/x)\n\n\n<!-- /TOC -->\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Splice([]byte(tt.readme), []byte(tt.list))
			if err != nil {
				t.Fatalf("Splice() error = %v", err)
			}
			if string(got) != tt.want {
				t.Errorf("Splice() =\n%q\nwant\n%q", got, tt.want)
			}
			again, err := Splice(got, []byte(tt.list))
			if err != nil || !bytes.Equal(again, got) {
				t.Errorf("a second Splice() changed the result: %q, %v", again, err)
			}
		})
	}
}

func TestSpliceErrors(t *testing.T) {
	tests := []struct {
		name   string
		readme string
		want   []string // "line:col: message substring"
	}{
		{"no markers", "# Title\n\ntext\n", []string{"1:1: no table of contents"}},
		{"empty file", "", []string{"1:1: no table of contents"}},
		{"unclosed fence hides the markers", "```\n<!-- TOC -->\n<!-- /TOC -->\n", []string{"1:1: no table of contents: add a line <!-- TOC --> and a line <!-- /TOC --> where it belongs (the code block opened on line 1 is never closed)"}},
		{"unclosed", "a\n<!-- TOC -->\nb\n", []string{"2:1: <!-- TOC --> is never closed"}},
		{"end only", "a\n<!-- /TOC -->\n", []string{"2:1: <!-- /TOC --> without a <!-- TOC --> before it"}},
		{"end before start", "<!-- /TOC -->\n<!-- TOC -->\n", []string{
			"1:1: <!-- /TOC --> without a <!-- TOC --> before it",
			"2:1: <!-- TOC --> is never closed"}},
		{"two pairs", "<!-- TOC -->\n<!-- /TOC -->\nx\n<!-- TOC -->\n<!-- /TOC -->\n", []string{
			"4:1: a second table of contents: README may hold one <!-- TOC --> ... <!-- /TOC --> pair, and the first starts on line 1"}},
		{"nested start", "<!-- TOC -->\n<!-- TOC -->\n<!-- /TOC -->\n", []string{
			"1:1: <!-- TOC --> on line 1 is not closed before the next <!-- TOC --> on line 2"}},
		{"old marker with options is not a marker", "<!-- TOC toc.levels=2 -->\n<!-- /TOC -->\n", []string{
			"2:1: <!-- /TOC --> without a <!-- TOC --> before it"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Splice([]byte(tt.readme), []byte(list))
			var errs MarkerErrors
			if !errors.As(err, &errs) {
				t.Fatalf("Splice() error = %v, want MarkerErrors", err)
			}
			if len(errs) != len(tt.want) {
				t.Fatalf("Splice() errors = %v, want %d", errs, len(tt.want))
			}
			for i, e := range errs {
				got := e.Pos.String() + ": " + e.Msg
				if !strings.HasPrefix(got, tt.want[i]) {
					t.Errorf("error %d = %q, want %q...", i, got, tt.want[i])
				}
			}
		})
	}
}

func FuzzSplice(f *testing.F) {
	f.Add([]byte("# T\n<!-- TOC -->\nold\n<!-- /TOC -->\nafter\n"), []byte(list))
	f.Add([]byte("\uFEFF<!-- TOC -->\r\n<!-- /TOC -->\r\n"), []byte(list))
	f.Add([]byte("```\n<!-- TOC -->\n```\n<!-- TOC -->\n<!-- /TOC -->"), []byte(""))
	f.Add([]byte("<!-- TOC -->\n<!-- TOC -->\n<!-- /TOC -->\n"), []byte(list))
	f.Fuzz(func(t *testing.T, readme, list []byte) {
		out, err := Splice(readme, list)
		if err != nil {
			var errs MarkerErrors
			if !errors.As(err, &errs) || len(errs) == 0 {
				t.Fatalf("error %v is not MarkerErrors", err)
			}
			return
		}
		m, err := findMarkers(readme)
		if err != nil {
			t.Fatal(err)
		}
		// Every byte outside the markers is kept.
		if !bytes.HasPrefix(out, readme[:m.start]) || !bytes.HasSuffix(out, readme[m.end:]) {
			t.Fatalf("bytes outside the markers changed")
		}
		// The region holds an empty line, the list and two empty lines.
		region := out[m.start : len(out)-(len(readme)-m.end)]
		nl := "\n"
		if m.crlf {
			nl = "\r\n"
		}
		want := nl + strings.ReplaceAll(string(list), "\n", nl) + nl + nl
		if string(region) != want {
			t.Fatalf("region = %q, want %q", region, want)
		}
		// A list of whole lines without markers or fences splices again to
		// the same bytes.
		if isPlainList(list) {
			again, err := Splice(out, list)
			if err != nil || !bytes.Equal(again, out) {
				t.Fatalf("second Splice() = %q, %v; want %q", again, err, out)
			}
		}
	})
}

// isPlainList reports whether list is whole lines that hold no marker, fence
// or carriage return, as a rendered list is.
func isPlainList(list []byte) bool {
	if len(list) > 0 && list[len(list)-1] != '\n' {
		return false
	}
	for _, line := range strings.SplitAfter(string(list), "\n") {
		trimmed := strings.TrimRight(line, " \t\r\n")
		if trimmed == StartMarker || trimmed == EndMarker || strings.ContainsAny(line, "\r`~") {
			return false
		}
	}
	return true
}

func TestCurrent(t *testing.T) {
	c := guides.NewCollection([]*guides.Category{{ID: "a", Title: "A", Sort: 1}}, nil)
	links := SiteLinks{Base: "https://x.org"}
	for _, tt := range []struct {
		readme string
		want   bool
	}{
		{"<!-- TOC -->\n\n* [A](https://x.org/a)\n\n\n<!-- /TOC -->\n", true},
		{"<!-- TOC -->\r\n\r\n* [A](https://x.org/a)\r\n\r\n\r\n<!-- /TOC -->\r\n", true},
		{"<!-- TOC -->\n\n* [A](https://x.org/a)\n\n<!-- /TOC -->\n", false},
		{"<!-- TOC -->\n\n* [A](https://x.org/a)\n\n\n\n<!-- /TOC -->\n", false},
		{"<!-- TOC -->\n\n* [B](https://x.org/a)\n\n\n<!-- /TOC -->\n", false},
		{"<!-- TOC -->\n<!-- /TOC -->\n", false},
	} {
		got, err := Current([]byte(tt.readme), c, links)
		if err != nil || got != tt.want {
			t.Errorf("Current(%q) = %v, %v; want %v", tt.readme, got, err, tt.want)
		}
		updated, _ := Update([]byte(tt.readme), c, links)
		if again, _ := Current(updated, c, links); !again {
			t.Errorf("Current(Update(%q)) = false", tt.readme)
		}
	}
	if _, err := Current([]byte("no markers"), c, links); err == nil {
		t.Error("Current() of a README without markers succeeded")
	}
}

// bigCollection has a list longer than a chunk of rendering.
func bigCollection() *guides.Collection {
	var gs []*guides.Guide
	for i := range 5000 {
		id := fmt.Sprintf("guide-%04d", i)
		gs = append(gs, &guides.Guide{ID: id, Title: "Guide " + id, Categories: []string{"a"}})
	}
	return guides.NewCollection([]*guides.Category{{ID: "a", Title: "A", Sort: 1}}, gs)
}

// currentAgree checks that CurrentReader says what Current says about
// readme.
func currentAgree(t *testing.T, readme []byte, c *guides.Collection, links Linker) {
	t.Helper()
	want, wantErr := Current(readme, c, links)
	got, err := CurrentReader(bytes.NewReader(readme), int64(len(readme)), c, links)
	if got != want || fmt.Sprint(err) != fmt.Sprint(wantErr) {
		t.Fatalf("CurrentReader(%.80q...) = %v, %v; Current says %v, %v", readme, got, err, want, wantErr)
	}
}

func TestCurrentReader(t *testing.T) {
	c := bigCollection()
	links := SiteLinks{Base: "https://x.org"}
	current, err := Update([]byte("# T\n<!-- TOC -->\n<!-- /TOC -->\nafter\n"), c, links)
	if err != nil {
		t.Fatal(err)
	}
	if len(current) < 3*chunkSize {
		t.Fatalf("the list is %d bytes, shorter than three chunks", len(current))
	}
	crlf, _ := Update([]byte("\uFEFF<!-- TOC -->\r\n<!-- /TOC -->\r\n"), c, links)
	long := append([]byte(strings.Repeat("x", 200<<10)+"\n"), current...)
	changed := bytes.Clone(current)
	changed[len(changed)/2] ^= 1
	for _, readme := range [][]byte{
		current, crlf, long, changed,
		current[:len(current)-10],
		append(bytes.Clone(current), "more\n"...),
		append(bytes.Clone(current[:len(current)-len("after\n")-len("<!-- /TOC -->\n")-5]), "<!-- /TOC -->\nafter\n"...),
		[]byte("no markers"),
		[]byte("```\n<!-- TOC -->\n<!-- /TOC -->\n"),
		[]byte("<!-- TOC -->\n<!-- TOC -->\n<!-- /TOC -->\n"),
		{},
	} {
		currentAgree(t, readme, c, links)
	}
	if ok, err := CurrentReader(bytes.NewReader(current), int64(len(current)), c, links); !ok || err != nil {
		t.Errorf("CurrentReader of a current README = %v, %v", ok, err)
	}
}

func FuzzCurrentReader(f *testing.F) {
	c := guides.NewCollection([]*guides.Category{{ID: "a", Title: "A", Sort: 1}}, nil)
	links := SiteLinks{Base: "https://x.org"}
	f.Add([]byte("<!-- TOC -->\n\n* [A](https://x.org/a)\n\n\n<!-- /TOC -->\n"))
	f.Add([]byte("\uFEFF<!-- TOC -->\r\n\r\n* [A](https://x.org/a)\r\n\r\n\r\n<!-- /TOC -->\r\n"))
	f.Add([]byte("```\n<!-- TOC -->\n```\n<!-- TOC -->\n<!-- /TOC -->"))
	f.Fuzz(func(t *testing.T, readme []byte) {
		currentAgree(t, readme, c, links)
	})
}
