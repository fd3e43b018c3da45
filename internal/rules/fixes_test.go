package rules_test

import (
	"testing"
	"testing/fstest"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/load"
	"github.com/visual-guides/guides/internal/rules"
)

// judge loads and checks a collection of one category, caching, and the
// guide src at data/guides/g.md, and returns the findings.
func judge(t *testing.T, src string) guides.Diagnostics {
	t.Helper()
	fsys := fstest.MapFS{
		"data/categories/caching.md": {Data: []byte("---\ntitle: Caching\nsort: \"10\"\n---\n")},
		"data/guides/g.md":           {Data: []byte(src)},
	}
	c, ds, err := load.Load(fsys, opts)
	if err != nil {
		t.Fatal(err)
	}
	return append(ds, rules.Collection(fsys, c)...)
}

// TestFixes applies the fix of each finding that has one, and judges the
// file again: the fix must write what the message says, and the finding
// must be gone.
func TestFixes(t *testing.T) {
	const tail = "createdAt: 2024-01-26\n---\nBody.\n"
	for _, tt := range []struct {
		name, rule, src, want string
	}{
		{"colon in a value", guides.RuleYAML, "---\ntitle: A: B\ncategories: [caching]\n" + tail, "---\ntitle: 'A: B'\ncategories: [caching]\n" + tail},
		{"tab indent", guides.RuleYAML, "---\ntitle: T\ncategories:\n\t- caching\n" + tail, "---\ntitle: T\ncategories:\n  - caching\n" + tail},
		{"unclosed quote", guides.RuleYAML, "---\ntitle: \"Caching\ncategories: [caching]\n" + tail, "---\ntitle: \"Caching\"\ncategories: [caching]\n" + tail},
		{"unclosed list", guides.RuleYAML, "---\ntitle: T\ncategories: [caching\n" + tail, "---\ntitle: T\ncategories: [caching]\n" + tail},
		{"dash without a space", guides.RuleType, "---\ntitle: T\ncategories:\n-caching\n" + tail, "---\ntitle: T\ncategories:\n- caching\n" + tail},
		{"CRLF line", guides.RuleYAML, "---\r\ntitle: A: B\r\ncategories: [caching]\r\ncreatedAt: 2024-01-26\r\n---\r\nBody.\r\n", "---\r\ntitle: 'A: B'\r\ncategories: [caching]\r\ncreatedAt: 2024-01-26\r\n---\r\nBody.\r\n"},
		{"typographic value", guides.RuleTypographicQuotes, "---\ntitle: T\ndescription: “Why”\ncategories: [caching]\n" + tail, "---\ntitle: T\ndescription: \"Why\"\ncategories: [caching]\n" + tail},
		{"typographic item", guides.RuleTypographicQuotes, "---\ntitle: T\ncategories: [caching]\ntags: [a, «b»]\n" + tail, "---\ntitle: T\ncategories: [caching]\ntags: [a, \"b\"]\n" + tail},
		{"text for a list", guides.RuleType, "---\ntitle: T\ncategories: caching\n" + tail, "---\ntitle: T\ncategories: [caching]\n" + tail},
		{"boolean item", guides.RuleType, "---\ntitle: T\ncategories: [caching, true]\n" + tail, "---\ntitle: T\ncategories: [caching, \"true\"]\n" + tail},
		{"mapping item", guides.RuleType, "---\ntitle: T\ncategories: [caching]\ntags:\n  - Caching: basics\n" + tail, "---\ntitle: T\ncategories: [caching]\ntags:\n  - \"Caching: basics\"\n" + tail},
		{"misspelt key", guides.RuleUnknownKey, "---\ntitle: T\ncatgories: [caching]\ncategories: [caching]\n" + tail, "---\ntitle: T\ncategories: [caching]\ncategories: [caching]\n" + tail},
		{"block title", guides.RuleTitleLineBreak, "---\ntitle: |\n  Two\n  lines\ncategories: [caching]\n" + tail, "---\ntitle: >-\n  Two\n  lines\ncategories: [caching]\n" + tail},
		{"folded title", guides.RuleTitleLineBreak, "---\ntitle: >+\n  Two\ncategories: [caching]\n" + tail, "---\ntitle: >-\n  Two\ncategories: [caching]\n" + tail},
		{"unknown category", guides.RuleUnknownCategory, "---\ntitle: T\ncategories: [cachng]\n" + tail, "---\ntitle: T\ncategories: [caching]\n" + tail},
		{"unknown category in quotes", guides.RuleUnknownCategory, "---\ntitle: T\ncategories:\n  - 'cachng'\n" + tail, "---\ntitle: T\ncategories:\n  - caching\n" + tail},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var fix *guides.Fix
			for _, d := range judge(t, tt.src) {
				if d.Rule == tt.rule && d.Path == "data/guides/g.md" {
					if d.Fix == nil {
						t.Fatalf("%s has no fix", d)
					}
					fix = d.Fix
				}
			}
			if fix == nil {
				t.Fatalf("no finding of %s", tt.rule)
			}
			got, ok := fix.Apply([]byte(tt.src))
			if !ok {
				t.Fatalf("fix %+v does not apply", fix)
			}
			if string(got) != tt.want {
				t.Fatalf("fix %q wrote\n%q\nwant\n%q", fix.Title, got, tt.want)
			}
			for _, d := range judge(t, string(got)) {
				if d.Rule == tt.rule && d.Path == "data/guides/g.md" {
					t.Errorf("after the fix: %s", d)
				}
			}
		})
	}
}

// TestCategoryFix removes the quotes of a sort written as text.
func TestCategoryFix(t *testing.T) {
	for _, d := range judge(t, "---\ntitle: T\ncategories: [caching]\ncreatedAt: 2024-01-26\n---\nBody.\n") {
		if d.Path != "data/categories/caching.md" || d.Rule != guides.RuleType {
			continue
		}
		got, ok := d.Fix.Apply([]byte("---\ntitle: Caching\nsort: \"10\"\n---\n"))
		if want := "---\ntitle: Caching\nsort: 10\n---\n"; !ok || string(got) != want {
			t.Errorf("fix of %s wrote %q, want %q", d, got, want)
		}
		return
	}
	t.Error("no finding of the type rule")
}
