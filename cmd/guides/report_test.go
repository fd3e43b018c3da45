package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/visual-guides/guides/internal/app"
)

func sample() app.Diagnostics {
	return app.Diagnostics{
		{Path: "data/guides/a,b.md", Pos: app.Pos{Line: 3, Col: 12}, Severity: app.Error, Rule: "date", Message: "createdAt \"2024-02-30\" is not a date: 100% wrong\nsecond line"},
		{Path: "data/categories/c.md", Pos: app.Pos{Line: 1, Col: 1}, Severity: app.Warning, Rule: "empty-category", Message: "category \"c\" has no published guide"},
	}
}

func TestText(t *testing.T) {
	var b strings.Builder
	if err := writeReport(&b, formatText, sample(), 5); err != nil {
		t.Fatal(err)
	}
	want := "data/guides/a,b.md:3:12: error: createdAt \"2024-02-30\" is not a date: 100% wrong\\nsecond line [date]\n" +
		"data/categories/c.md:1:1: warning: category \"c\" has no published guide [empty-category]\n" +
		"1 error, 1 warning in 2 files\n"
	if b.String() != want {
		t.Errorf("text =\n%s\nwant\n%s", b.String(), want)
	}
}

// TestStyle checks the text format as a terminal shows it: paths mapped,
// and the severity words, and only they, in colour.
func TestStyle(t *testing.T) {
	ds := sample()
	ds[1].Path = "data/categories/\x1b[2J: error: c.md"
	var b strings.Builder
	s := findingStyle{Color: true, Path: func(p string) string { return "../../" + p }}
	if err := writeTextStyled(&b, ds, 5, s); err != nil {
		t.Fatal(err)
	}
	want := "../../data/guides/a,b.md:3:12: \x1b[1;31merror\x1b[0m: createdAt \"2024-02-30\" is not a date: 100% wrong\\nsecond line [date]\n" +
		"../../data/categories/\\x1b[2J: error: c.md:1:1: \x1b[1;35mwarning\x1b[0m: category \"c\" has no published guide [empty-category]\n" +
		"1 error, 1 warning in 2 files\n"
	if b.String() != want {
		t.Errorf("text =\n%q\nwant\n%q", b.String(), want)
	}
	for _, d := range ds {
		if got, want := (findingStyle{}).Line(d), d.String(); got != want {
			t.Errorf("Line without style = %q, want %q", got, want)
		}
	}
}

func TestSummary(t *testing.T) {
	if got := summary(nil, 12); got != "no problems in 12 files" {
		t.Errorf("summary(nil) = %q", got)
	}
	if got := summary(nil, 1); got != "no problems in 1 file" {
		t.Errorf("summary(nil, 1) = %q", got)
	}
	ds := sample()
	ds = append(ds, ds[0])
	if got := summary(ds, 9); got != "2 errors, 1 warning in 2 files" {
		t.Errorf("summary() = %q", got)
	}
}

func TestGitHub(t *testing.T) {
	var b strings.Builder
	if err := writeReport(&b, formatGitHub, sample(), 0); err != nil {
		t.Fatal(err)
	}
	want := "::error file=data/guides/a%2Cb.md,line=3,col=12,title=date::createdAt \"2024-02-30\" is not a date: 100%25 wrong\\nsecond line\n" +
		"::warning file=data/categories/c.md,line=1,col=1,title=empty-category::category \"c\" has no published guide\n"
	if b.String() != want {
		t.Errorf("github =\n%s\nwant\n%s", b.String(), want)
	}
}

func TestJSON(t *testing.T) {
	var b strings.Builder
	if err := writeReport(&b, formatJSON, sample(), 0); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(b.String()), &got); err != nil {
		t.Fatalf("output is not formatJSON: %v\n%s", err, b.String())
	}
	if len(got) != 2 || got[0]["path"] != "data/guides/a,b.md" || got[0]["line"] != 3.0 || got[0]["column"] != 12.0 ||
		got[0]["severity"] != "error" || got[0]["rule"] != "date" || !strings.Contains(got[0]["message"].(string), "\nsecond line") {
		t.Errorf("json = %s", b.String())
	}
	b.Reset()
	if err := writeReport(&b, formatJSON, nil, 0); err != nil || b.String() != "[]\n" {
		t.Errorf("empty json = %q, %v", b.String(), err)
	}
}

func TestParseFormat(t *testing.T) {
	for _, s := range []string{"text", "github", "json"} {
		if f, err := parseFormat(s); err != nil || string(f) != s {
			t.Errorf("parseFormat(%q) = %q, %v", s, f, err)
		}
	}
	if _, err := parseFormat("xml"); err == nil {
		t.Error("parseFormat(xml) succeeded")
	}
}
