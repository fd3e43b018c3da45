package scaffold_test

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/load"
	"github.com/visual-guides/guides/internal/rules"
	"github.com/visual-guides/guides/internal/scaffold"
	"github.com/visual-guides/guides/internal/textctl"
)

var opts = load.Options{GuidesDir: "data/guides", CategoriesDir: "data/categories"}

// hostile are texts that break naive YAML: each must come back exactly.
var hostile = []string{
	"Cache Eviction Policies",
	`She said "hi"`,
	`C:\Users\path\`,
	"key: value",
	"a # not a comment",
	"#hashtag first",
	"- looks like a list item",
	"[looks, like, a, list]",
	"{looks: like a map}",
	"? a question",
	"! a tag",
	"& an anchor",
	"* an alias",
	"| a block",
	"> folded",
	"% directive",
	"@ at",
	"` backtick",
	"'single' quotes",
	"'",
	`"`,
	`\`,
	"---",
	"...",
	"42",
	"-7",
	"0x1F",
	"1e3",
	"3.14",
	".inf",
	".nan",
	"true",
	"False",
	"yes",
	"no",
	"on",
	"off",
	"null",
	"~",
	"2024-01-26",
	"2024-01-26T09:30:00Z",
	"12:30:00",
	"  leading and trailing spaces  ",
	"tab\tinside",
	"Crème brûlée, Straße, Łódź",
	"東京 and Москва",
	"emoji 🦀 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
	"zero\u200bwidth and no-break\u00a0space",
	"bell\x07and escape\x1b and delete\x7f",
	"next line\u0085 separator\u2028 paragraph\u2029 bom\ufeff",
	"private \ue000 use and \ufffd replacement",
	"$& $1 $$ are kept",
	"<script>alert(1)</script>",
	"ends with a colon:",
	"percent %20 and plus +",
}

func TestGuideRoundTrip(t *testing.T) {
	for _, title := range hostile {
		t.Run(title, func(t *testing.T) {
			want := &guides.Guide{
				ID:          "g",
				Path:        "data/guides/g.md",
				Title:       title,
				Description: title,
				Image:       "https://example.org/" + title,
				CreatedAt:   time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC),
				DateOnly:    true,
				Categories:  []string{"c"},
				Tags:        []string{title, "Go"},
			}
			cat := &guides.Category{ID: "c", Path: "data/categories/c.md", Title: title, Description: title, Icon: "https://example.org/" + title, Sort: 10}
			fsys := fstest.MapFS{
				"data/guides/g.md":     {Data: scaffold.Guide(want)},
				"data/categories/c.md": {Data: scaffold.Category(cat)},
			}
			// Control characters are written and read back as they are, and
			// the rules refuse them.
			var allow []string
			if textctl.Find(title, "") >= 0 {
				allow = append(allow, guides.RuleControlCharacter)
			}
			coll := mustLoad(t, fsys, allow...)
			if len(coll.Guides) != 1 || len(coll.Categories) != 1 {
				t.Fatalf("loaded %d guides and %d categories, want 1 and 1", len(coll.Guides), len(coll.Categories))
			}
			ignore := cmpopts.IgnoreFields(guides.Guide{}, "Body", "Src")
			if diff := cmp.Diff(want, coll.Guides[0], ignore); diff != "" {
				t.Errorf("guide read back differs (-written +read):\n%s\nfile:\n%s", diff, fsys["data/guides/g.md"].Data)
			}
			got := coll.Categories[0]
			if got.Title != cat.Title || got.Description != cat.Description || got.Icon != cat.Icon || got.Sort != cat.Sort {
				t.Errorf("category read back as %+v, want %+v\nfile:\n%s", got, cat, fsys["data/categories/c.md"].Data)
			}
		})
	}
}

// mustLoad loads fsys and fails on any finding of the rules, warnings
// included, but of the rules in allow and of the placeholder rule: new
// files hold placeholders.
func mustLoad(t *testing.T, fsys fstest.MapFS, allow ...string) *guides.Collection {
	t.Helper()
	allow = append(allow, guides.RulePlaceholder)
	coll, diags, err := load.Load(fsys, opts)
	if err != nil {
		t.Fatal(err)
	}
	diags = append(diags, rules.Collection(fsys, coll)...)
	for _, d := range diags {
		if !slices.Contains(allow, d.Rule) {
			t.Errorf("finding: %s", d)
		}
	}
	return coll
}

func TestGuideDates(t *testing.T) {
	paris := time.FixedZone("", 2*60*60)
	tests := []struct {
		name     string
		t        time.Time
		dateOnly bool
		want     string
	}{
		{"date", time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC), true, "createdAt: 2026-03-14\n"},
		{"time in UTC", time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC), false, "createdAt: 2026-03-14T15:09:26Z\n"},
		{"time with an offset", time.Date(2026, 3, 14, 15, 9, 26, 500_000_000, paris), false, "createdAt: 2026-03-14T15:09:26.5+02:00\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := &guides.Guide{Title: "T", CreatedAt: tt.t, DateOnly: tt.dateOnly, Categories: []string{"c"}}
			src := scaffold.Guide(g)
			if !strings.Contains(string(src), tt.want) {
				t.Fatalf("file does not hold %q:\n%s", tt.want, src)
			}
			fsys := fstest.MapFS{
				"data/guides/g.md":     {Data: src},
				"data/categories/c.md": {Data: scaffold.Category(&guides.Category{Title: "C", Sort: 1})},
			}
			got := mustLoad(t, fsys).Guides[0]
			if !got.CreatedAt.Equal(tt.t) || got.DateOnly != tt.dateOnly {
				t.Errorf("createdAt read back as %v (date only %v), want %v (%v)", got.CreatedAt, got.DateOnly, tt.t, tt.dateOnly)
			}
		})
	}
}

// TestEveryKey checks that a guide and a category with every field set
// write every key the loader knows, in its order: a key added to the
// format must be added here too.
func TestEveryKey(t *testing.T) {
	g := &guides.Guide{Title: "T", Description: "D", Image: "I", CreatedAt: time.Now(), UpdatedAt: time.Now(), Draft: true, Categories: []string{"c"}, Tags: []string{"t"}}
	c := &guides.Category{Title: "T", Description: "D", Image: "I", Icon: "I", Sort: 1}
	tests := []struct {
		name string
		src  []byte
		keys []string
	}{
		{"guide", scaffold.Guide(g), guides.KeyNames(guides.GuideKeys())},
		{"category", scaffold.Category(c), guides.KeyNames(guides.CategoryKeys())},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			front, _, _ := strings.Cut(strings.TrimPrefix(string(tt.src), "---\n"), "---\n")
			var got []string
			for _, line := range strings.Split(strings.TrimSuffix(front, "\n"), "\n") {
				key, _, _ := strings.Cut(line, ":")
				got = append(got, key)
			}
			if diff := cmp.Diff(tt.keys, got); diff != "" {
				t.Errorf("keys (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPlaceholders checks that every placeholder of a new file starts with
// the mark the placeholder rule looks for, and that the body of each new
// file holds one.
func TestPlaceholders(t *testing.T) {
	for _, d := range []string{scaffold.GuideDescription, scaffold.CategoryDescription} {
		if !strings.HasPrefix(d, scaffold.PlaceholderMark) {
			t.Errorf("description %q does not start with %q", d, scaffold.PlaceholderMark)
		}
	}
	ps := scaffold.Placeholders()
	if len(ps) < 2 {
		t.Fatalf("scaffold.Placeholders() = %q, want those of guides and categories", ps)
	}
	g := string(scaffold.Guide(&guides.Guide{Title: "G", Categories: []string{"c"}}))
	c := string(scaffold.Category(&guides.Category{Title: "C", Sort: 1}))
	for _, file := range []string{g, c} {
		if !slices.ContainsFunc(ps, func(p string) bool { return strings.Contains(file, "\n"+p+"\n") }) {
			t.Errorf("no placeholder line in the new file:\n%s", file)
		}
	}
	for _, p := range ps {
		if strings.Contains(p, "\n") || !strings.HasPrefix(p, scaffold.PlaceholderMark) {
			t.Errorf("placeholder %q is not one line starting with %q", p, scaffold.PlaceholderMark)
		}
	}
}
