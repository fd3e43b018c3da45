package rules_test

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/golden"
	"github.com/visual-guides/guides/internal/load"
	"github.com/visual-guides/guides/internal/rules"
)

// opts loads the collections of the tests, on a clock of their own: fix
// lines that suggest a date suggest its day.
var opts = load.Options{GuidesDir: "data/guides", CategoriesDir: "data/categories", Now: func() time.Time {
	return time.Date(2026, 12, 7, 9, 30, 0, 0, time.UTC)
}}

// findings loads and checks a collection with every rule, as every command
// does, and returns its findings as text lines.
func findings(t testing.TB, fsys fstest.MapFS) []string {
	t.Helper()
	for _, dir := range []string{opts.GuidesDir, opts.CategoriesDir} {
		if _, err := fsys.ReadDir(dir); err != nil {
			fsys[dir+"/.keep"] = &fstest.MapFile{}
		}
	}
	c, ds, err := load.Load(fsys, opts)
	if err != nil {
		t.Fatal(err)
	}
	ds = append(ds, rules.Collection(fsys, c)...)
	ds.Sort()
	lines := []string{}
	for _, d := range ds {
		lines = append(lines, d.String())
	}
	return lines
}

// TestRules runs each archive of testdata/rules, one per rule: the bad/
// collection must give exactly the findings of its want section, each of
// the rule the archive is named after, and the good/ collection none.
func TestRules(t *testing.T) {
	covered := map[string]bool{}
	for _, name := range golden.Glob(t, "testdata/rules/*.txtar") {
		rule := golden.Name(name)
		covered[rule] = true
		t.Run(rule, func(t *testing.T) {
			ar := golden.Load(t, name)
			got := findings(t, ar.FS("bad/"))
			ar.Check(t, "want", []byte(strings.Join(got, "\n")+"\n"))
			if len(got) == 0 {
				t.Errorf("bad/ gave no finding")
			}
			for _, line := range got {
				if !strings.HasSuffix(line, "["+rule+"]") {
					t.Errorf("bad/ finding of another rule: %s", line)
				}
			}
			if got := findings(t, ar.FS("good/")); len(got) != 0 {
				t.Errorf("good/ findings:\n%s", strings.Join(got, "\n"))
			}
		})
	}
	for _, r := range guides.Rules() {
		if !covered[r.Name] && !webRules[r.Name] {
			t.Errorf("rule %s has no archive in testdata/rules", r.Name)
		}
		if covered[r.Name] && webRules[r.Name] {
			t.Errorf("rule %s needs the web, which the archives do not reach", r.Name)
		}
	}
}

// webRules are the rules that only check --links applies: their findings
// depend on what servers answer, so they have no archive here. TestURLs
// covers them with made-up answers, and the scripts of check --links with
// local servers.
var webRules = map[string]bool{
	guides.RuleBrokenURL:      true,
	guides.RuleUnreachableURL: true,
	guides.RuleMovedURL:       true,
}

// FuzzGuide feeds arbitrary bytes as a guide file through loading and
// checking: it must never panic, and every finding must name a known rule
// and a position in the file.
func FuzzGuide(f *testing.F) {
	f.Add([]byte("---\ntitle: G\ncreatedAt: 2024-01-01\ncategories: [c]\n---\nBody\n"))
	f.Add([]byte("---\ntitle: [x\n---\n"))
	f.Add([]byte("\xef\xbb\xbf---\r\ntitle: |\r\n  a\r\ncategories: c\r\ncreatedAt: 2024-02-30\r\n---\r\n"))
	f.Add([]byte("---\na: &a [*a]\n---\n"))
	f.Add([]byte("not front matter \xff"))
	known := map[string]bool{}
	for _, r := range guides.Rules() {
		known[r.Name] = true
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		fsys := fstest.MapFS{
			"data/categories/c.md": &fstest.MapFile{Data: []byte("---\ntitle: C\nsort: 1\n---\n")},
			"data/guides/g.md":     &fstest.MapFile{Data: src},
		}
		c, ds, err := load.Load(fsys, opts)
		if err != nil {
			t.Fatal(err)
		}
		ds = append(ds, rules.Collection(fsys, c)...)
		for _, d := range ds {
			if !known[d.Rule] {
				t.Errorf("finding of unknown rule %q: %s", d.Rule, d)
			}
			if d.Pos.Line < 1 || d.Pos.Col < 1 {
				t.Errorf("finding without a position: %s", d)
			}
		}
	})
}

func TestReservedGuideID(t *testing.T) {
	got := findings(t, fstest.MapFS{
		"data/categories/c.md": &fstest.MapFile{Data: []byte("---\ntitle: C\nsort: 1\n---\n")},
		"data/guides/tags.md":  &fstest.MapFile{Data: []byte("---\ntitle: Tags\ncreatedAt: 2024-01-01\ncategories: [c]\n---\nBody\n")},
	})
	want := []string{`data/guides/tags.md:1:1: error: id "tags" is the name of a file or folder the site writes at its root; rename the file [reserved-id]`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings mismatch (-want +got):\n%s", diff)
	}
}

func TestImageExists(t *testing.T) {
	fsys := fstest.MapFS{
		"images/a.png":          &fstest.MapFile{},
		"data/guides/local.png": &fstest.MapFile{},
		"images/dir/x":          &fstest.MapFile{},
	}
	tests := []struct {
		image string
		want  bool
	}{
		{"/images/a.png", true},
		{"images/a.png", true},
		{"local.png", true},
		{"./local.png", true},
		{"../../images/a.png", true},
		{"/images/a%2Epng", true},
		{"images/a.png?v=2#top", true},
		{"/images/dir", false},
		{"images/b.png", false},
		{"../../../etc/passwd", false},
	}
	for _, tt := range tests {
		if got := rules.ImageExists(fsys, "data/guides/g.md", tt.image); got != tt.want {
			t.Errorf("ImageExists(%q) = %v, want %v", tt.image, got, tt.want)
		}
	}
}

func TestDuplicateTitlesFoldCase(t *testing.T) {
	guide := func(title string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\ncreatedAt: 2024-01-01\ncategories: [c]\n---\nBody\n")}
	}
	got := findings(t, fstest.MapFS{
		"data/categories/c.md": &fstest.MapFile{Data: []byte("---\ntitle: C\nsort: 1\n---\n")},
		"data/guides/a.md":     guide("Straße und ΣΑΣ"),
		"data/guides/b.md":     guide("STRASSE und σας"),
		"data/guides/x.md":     guide("straße UND σας"),
		"data/guides/d.md":     guide("Kelvin K"),
		"data/guides/e.md":     guide("kelvin \u212a"),
	})
	want := []string{
		"data/guides/e.md:2:8: warning: title \"kelvin \u212a\" is also the title of data/guides/d.md [duplicate-title]",
		`data/guides/x.md:2:8: warning: title "straße UND σας" is also the title of data/guides/a.md [duplicate-title]`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings mismatch (-want +got):\n%s", diff)
	}
}
