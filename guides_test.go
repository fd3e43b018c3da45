package guides

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

func mustDate(t *testing.T, s string) time.Time {
	t.Helper()
	d, _, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func ids[T interface{ *Category | *Guide }](items []T) string {
	var out []string
	for _, it := range items {
		switch v := any(it).(type) {
		case *Category:
			out = append(out, v.ID)
		case *Guide:
			out = append(out, v.ID)
		}
	}
	return strings.Join(out, " ")
}

func TestCategoryOrder(t *testing.T) {
	tests := []struct {
		name string
		cats []*Category // in any order
		want string
	}{
		{"by sort", []*Category{{ID: "c", Sort: 30}, {ID: "a", Sort: 20}, {ID: "b", Sort: 10}}, "b a c"},
		{"negative and zero", []*Category{{ID: "zero", Sort: 0}, {ID: "neg", Sort: -5}, {ID: "pos", Sort: 5}}, "neg zero pos"},
		{"ties by file name", []*Category{{ID: "b", Sort: 1}, {ID: "a", Sort: 1}, {ID: "c", Sort: 0}}, "c a b"},
		// "queue-x.md" < "queue.md" because '-' < '.', although "queue" < "queue-x".
		{"ties by file name, not id", []*Category{{ID: "queue", Sort: 1}, {ID: "queue-x", Sort: 1}}, "queue-x queue"},
		{"ties by byte order", []*Category{{ID: "b", Sort: 1}, {ID: "B", Sort: 1}, {ID: "_", Sort: 1}}, "B _ b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, perm := range permutations(len(tt.cats)) {
				in := make([]*Category, len(tt.cats))
				for i, p := range perm {
					in[i] = tt.cats[p]
				}
				if got := ids(NewCollection(in, nil).Categories); got != tt.want {
					t.Fatalf("order = %q, want %q (input order %v)", got, tt.want, perm)
				}
			}
		})
	}
}

func TestGuideOrder(t *testing.T) {
	g := func(id, date string) *Guide { return &Guide{ID: id, CreatedAt: mustDate(t, date)} }
	tests := []struct {
		name   string
		guides []*Guide
		want   string
	}{
		{"by date", []*Guide{g("c", "2024-03-01"), g("a", "2024-01-01"), g("b", "2024-02-01")}, "a b c"},
		{"date is midnight UTC", []*Guide{g("late", "2024-01-01T23:59:59Z"), g("day", "2024-01-01"), g("prev", "2023-12-31T23:59:59Z")}, "prev day late"},
		{"offsets compare as instants", []*Guide{g("utc", "2024-01-02T00:30:00Z"), g("east", "2024-01-02T01:00:00+02:00"), g("west", "2024-01-01T20:00:00-05:00")}, "east utc west"},
		{"equal instants by file name", []*Guide{g("c", "2024-05-01"), g("b", "2024-05-01T00:00:00Z"), g("a", "2024-05-01T02:00:00+02:00")}, "a b c"},
		{"equal dates by file name, not id", []*Guide{g("cdn", "2024-05-01"), g("cdn-edge", "2024-05-01"), g("cdn2", "2024-05-01")}, "cdn-edge cdn cdn2"},
		{"fractions of seconds", []*Guide{g("b", "2024-05-01T00:00:00.5Z"), g("a", "2024-05-01T00:00:00.25Z")}, "a b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, perm := range permutations(len(tt.guides)) {
				in := make([]*Guide, len(tt.guides))
				for i, p := range perm {
					in[i] = tt.guides[p]
				}
				if got := ids(NewCollection(nil, in).Guides); got != tt.want {
					t.Fatalf("order = %q, want %q (input order %v)", got, tt.want, perm)
				}
			}
		})
	}
}

func TestCompareFileNames(t *testing.T) {
	ids := []string{"a", "a-b", "a.b", "a.md", "a.mdx", "a0", "ab", "A", "", "é", "z"}
	for _, a := range ids {
		for _, b := range ids {
			want := strings.Compare(a+".md", b+".md")
			if got := compareFileNames(a, b); got != want {
				t.Errorf("compareFileNames(%q, %q) = %d, want %d", a, b, got, want)
			}
		}
	}
}

func TestCollectionIndexes(t *testing.T) {
	d := mustDate(t, "2024-01-01")
	cats := []*Category{{ID: "net", Sort: 2}, {ID: "db", Sort: 1}}
	gs := []*Guide{
		{ID: "two", CreatedAt: d.Add(2 * time.Hour), Categories: []string{"db", "net"}},
		{ID: "one", CreatedAt: d, Categories: []string{"db", "db"}},
		{ID: "draft", CreatedAt: d.Add(time.Hour), Categories: []string{"db"}, Draft: true},
		{ID: "orphan", CreatedAt: d, Categories: []string{"missing"}},
	}
	c := NewCollection(cats, gs)
	if got := ids(c.GuidesIn("db")); got != "one draft two" {
		t.Errorf("GuidesIn(db) = %q", got)
	}
	if got := ids(c.GuidesIn("net")); got != "two" {
		t.Errorf("GuidesIn(net) = %q", got)
	}
	if c.Category("db") == nil || c.Category("two") != nil || c.Guide("two") == nil || c.Guide("db") != nil {
		t.Error("lookups by id mixed up categories and guides")
	}
	p := c.Published()
	if got := ids(p.GuidesIn("db")); got != "one two" {
		t.Errorf("Published().GuidesIn(db) = %q", got)
	}
	if got := ids(p.Guides); got != "one orphan two" {
		t.Errorf("Published().Guides = %q", got)
	}
	if p.Guide("draft") != nil {
		t.Error("Published() kept the draft in its index")
	}
	if got := ids(c.Guides); got != "one orphan draft two" {
		t.Errorf("Published() changed the original collection: %q", got)
	}
	var unknown []string
	for _, u := range c.UnknownCategories() {
		unknown = append(unknown, u.Guide.ID+":"+u.ID)
	}
	if got := strings.Join(unknown, " "); got != "orphan:missing" {
		t.Errorf("UnknownCategories() = %q", got)
	}
	if c2 := NewCollection(nil, []*Guide{{ID: "x"}}); c2.Published() != c2 {
		t.Error("Published() of a collection without drafts is not the collection itself")
	}
}

func TestDiagnostics(t *testing.T) {
	var ds Diagnostics
	ds.Add("b.md", Pos{Line: 2, Col: 1}, Warning, RuleUnknownKey, "unknown key %q", "x")
	ds.Add("a.md", Pos{Line: 10, Col: 3}, Error, RuleDate, "bad date")
	ds.Add("a.md", Pos{Line: 9, Col: 30}, Error, RuleType, "bad type")
	ds.Add("a.md", Pos{}, Warning, RuleIDFormat, "bad id")
	ds.Add("a.md", Pos{Line: 9}, Error, RuleRequired, "missing")
	ds.Sort()
	var got []string
	for _, d := range ds {
		got = append(got, d.String())
	}
	want := []string{
		"a.md: warning: bad id [id-format]",
		"a.md:9: error: missing [required]",
		"a.md:9:30: error: bad type [type]",
		"a.md:10:3: error: bad date [date]",
		`b.md:2:1: warning: unknown key "x" [unknown-key]`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("sorted diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if e, w := ds.Count(); e != 3 || w != 2 || !ds.HasErrors() {
		t.Errorf("Count() = %d, %d", e, w)
	}
}

func TestRulesAreDocumented(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Rules() {
		if seen[r.Name] {
			t.Errorf("rule %s listed twice", r.Name)
		}
		seen[r.Name] = true
		if r.Summary == "" || r.Example == "" {
			t.Errorf("rule %s lacks a summary or an example", r.Name)
		}
	}
}

// permutations returns every order of n items (n is small in tests).
func permutations(n int) [][]int {
	if n == 0 {
		return [][]int{{}}
	}
	var out [][]int
	for _, p := range permutations(n - 1) {
		for i := 0; i <= len(p); i++ {
			q := slices.Insert(slices.Clone(p), i, n-1)
			out = append(out, q)
		}
	}
	return out
}

// BenchmarkNewCollection orders and indexes guides that come in file-name
// order, as from a folder listing. With -short, only the smallest size.
func BenchmarkNewCollection(b *testing.B) {
	sizes := []int{1000, 10_000, 100_000}
	if testing.Short() {
		sizes = sizes[:1]
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("guides=%d", n), func(b *testing.B) {
			base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
			cats := []string{"a", "b", "c", "d"}
			gs := make([]*Guide, n)
			for i := range gs {
				gs[i] = &Guide{ID: fmt.Sprintf("guide-%07d", i), CreatedAt: base.AddDate(0, 0, (i*7919)%2500), Categories: cats[i%4 : i%4+1]}
			}
			in := make([]*Guide, n)
			b.ReportAllocs()
			for b.Loop() {
				copy(in, gs)
				NewCollection(nil, in)
			}
		})
	}
}
