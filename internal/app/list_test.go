package app

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/visual-guides/guides"
)

// ids returns the ids of gs, in order.
func ids(gs []*Guide) string {
	var out []string
	for _, g := range gs {
		out = append(out, g.ID)
	}
	return strings.Join(out, " ")
}

// TestList lists the guides of the fixture collection by category, tag
// however spelt, and with the drafts.
func TestList(t *testing.T) {
	s := openAt(t, collection(t, nil))
	tests := []struct {
		name string
		f    ListFilter
		want string
	}{
		{"all", ListFilter{}, "alpha beta"},
		{"drafts", ListFilter{Drafts: true}, "alpha beta gamma"},
		{"category", ListFilter{Category: "net"}, "alpha"},
		{"category and drafts", ListFilter{Category: "net", Drafts: true}, "alpha gamma"},
		{"tag", ListFilter{Tag: "caching"}, "alpha beta"},
		{"tag spelt otherwise", ListFilter{Tag: " CACHING "}, "alpha beta"},
		{"tag of a draft", ListFilter{Tag: "go", Drafts: true}, "alpha gamma"},
		{"tag of drafts alone", ListFilter{Tag: "drafting"}, ""},
		{"category and tag", ListFilter{Category: "db", Tag: "Go"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := s.List(context.Background(), tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(res.Guides); got != tt.want {
				t.Errorf("listed %q, want %q", got, tt.want)
			}
			if res.Findings != nil {
				t.Errorf("findings %v", res.Findings)
			}
		})
	}
}

// TestListFindings lists a collection with an error: the guides are
// listed as well as they can be, with the error.
func TestListFindings(t *testing.T) {
	s := openAt(t, collection(t, map[string]string{"data/guides/eps.md": warnedBadDate}))
	res, err := s.List(context.Background(), ListFilter{Category: "db"})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(res.Guides); got != "beta" {
		t.Errorf("listed %q, want beta", got)
	}
	if got := findingLines(res.Findings); !strings.Contains(got, "data/guides/eps.md:5:12: error: createdAt \"2024-02-30\" is not a date") ||
		!strings.Contains(got, "eps.md:4:1: warning: unknown key") {
		t.Errorf("findings:\n%s\nwant the error of eps.md, with its warning", got)
	}
}

// TestUnknownCategory asks for a category that is not there, by the
// commands that filter by category, and by its message alone for
// collections of several sizes.
func TestUnknownCategory(t *testing.T) {
	s := openAt(t, collection(t, nil))
	const want = `--category: unknown category "nte": there is no data/categories/nte.md; did you mean "net"?`
	_, err := s.List(context.Background(), ListFilter{Category: "nte"})
	wantUsage(t, err, "--category", want)
	_, err = s.Search(context.Background(), SearchOptions{Query: "packets", Category: "nte"})
	wantUsage(t, err, "--category", want)

	cats := func(ids ...string) *guides.Collection {
		var cs []*guides.Category
		for i, id := range ids {
			cs = append(cs, &guides.Category{ID: id, Title: id, Sort: int64(i)})
		}
		return guides.NewCollection(cs, nil)
	}
	many := make([]string, 11)
	for i := range many {
		many[i] = strings.Repeat(string(rune('a'+i)), 6)
	}
	const head = `unknown category "web": there is no topics/web.md`
	tests := []struct {
		name string
		coll *guides.Collection
		want string
	}{
		{"none", cats(), head + `; there are no categories yet: write one with "guides new category TITLE --sort N"`},
		{"one", cats("databases"), head + `; the only category is "databases"`},
		{"few", cats("databases", "caching", "security"), head + `; the categories are "databases", "caching" and "security"`},
		{"many", cats(many...), head},
		{"close", cats("databases", "webs", "wab"), head + `; did you mean "wab" or "webs"?`},
		{"three close", cats("wet", "databases", "webs", "wab"), head + `; did you mean "wab", "webs" or "wet"?`},
	}
	for _, tt := range tests {
		if got := UnknownCategory("web", tt.coll, "topics"); got != tt.want {
			t.Errorf("%s:\n\t%s\nwant\n\t%s", tt.name, got, tt.want)
		}
	}
}

// TestTags lists the tags of the fixture collection: each once, spelt as
// first written, by key.
func TestTags(t *testing.T) {
	s := openAt(t, collection(t, nil))
	l, err := s.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := Tags(l.Coll), []string{"Caching", "Drafting", "Go"}; !slices.Equal(got, want) {
		t.Errorf("tags %q, want %q", got, want)
	}
	alpha := l.Coll.Guide("alpha")
	for tag, want := range map[string]bool{"caching": true, "go": true, "drafting": false} {
		if HasTag(alpha, tag) != want {
			t.Errorf("HasTag(alpha, %q) = %v", tag, !want)
		}
	}
}

// TestUnknownTag lists by a tag that no guide has, and checks its message
// alone for collections of several sizes.
func TestUnknownTag(t *testing.T) {
	s := openAt(t, collection(t, nil))
	_, err := s.List(context.Background(), ListFilter{Tag: "cachng"})
	wantUsage(t, err, "--tag", `--tag: unknown tag "cachng": no guide has it; did you mean "Caching"?`)

	tagged := func(tags ...string) *guides.Collection {
		return guides.NewCollection(nil, []*guides.Guide{{ID: "g", Title: "G", Tags: tags}})
	}
	many := make([]string, 11)
	for i := range many {
		many[i] = strings.Repeat(string(rune('a'+i)), 6)
	}
	const head = `unknown tag "web": no guide has it`
	tests := []struct {
		name string
		coll *guides.Collection
		want string
	}{
		{"none", tagged(), head + "; no guide has a tag yet"},
		{"one", tagged("Databases"), head + `; the only tag is "Databases"`},
		{"few", tagged("Databases", "caching"), head + `; the tags are "caching" and "Databases"`},
		{"many", tagged(many...), head},
		{"close", tagged("Databases", "Webs", "WAB"), head + `; did you mean "WAB" or "Webs"?`},
	}
	for _, tt := range tests {
		if got := UnknownTag("web", tt.coll); got != tt.want {
			t.Errorf("%s:\n\t%s\nwant\n\t%s", tt.name, got, tt.want)
		}
	}
}
