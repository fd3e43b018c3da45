package app

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// TestSearch searches the fixture collection with filters, drafts and
// limits.
func TestSearch(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	s := openAt(t, collection(t, nil))
	tests := []struct {
		name      string
		o         SearchOptions
		want      []string // the ids found, in any order
		wantTotal int
	}{
		{"published", SearchOptions{Query: "packets"}, []string{"alpha", "beta"}, 2},
		{"drafts", SearchOptions{Query: "packets", Drafts: true}, []string{"alpha", "beta", "gamma"}, 3},
		{"a word's start", SearchOptions{Query: "rout"}, []string{"alpha"}, 1},
		{"category", SearchOptions{Query: "packets", Category: "db"}, []string{"beta"}, 1},
		{"tag", SearchOptions{Query: "packets", Tag: "GO", Drafts: true}, []string{"alpha", "gamma"}, 2},
		{"limit", SearchOptions{Query: "packets", Drafts: true, Limit: 2}, nil, 3},
		{"limit above the total", SearchOptions{Query: "packets", Limit: 5}, []string{"alpha", "beta"}, 2},
		{"nothing", SearchOptions{Query: "zebra"}, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := s.Search(context.Background(), tt.o)
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != tt.wantTotal {
				t.Errorf("total %d, want %d", res.Total, tt.wantTotal)
			}
			var got []string
			for i, h := range res.Hits {
				got = append(got, h.Guide.ID)
				if i > 0 && h.Score > res.Hits[i-1].Score {
					t.Errorf("hit %d scores %v, above the one before it", i, h.Score)
				}
				if h.Score <= 0 || !marks(h.Excerpt, tt.o.Query) {
					t.Errorf("hit %s: score %v, excerpt %+v; want the query marked", h.Guide.ID, h.Score, h.Excerpt)
				}
			}
			if tt.o.Limit > 0 && tt.o.Limit < tt.wantTotal {
				if len(got) != tt.o.Limit {
					t.Errorf("%d hits, want the limit %d", len(got), tt.o.Limit)
				}
				return
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("found %q, want %q", got, tt.want)
			}
		})
	}
}

// marks reports whether the excerpt marks words, each starting with
// query.
func marks(e Excerpt, query string) bool {
	for _, m := range e.Marks {
		if !strings.HasPrefix(strings.ToLower(e.Text[m[0]:m[1]]), query) {
			return false
		}
	}
	return len(e.Marks) > 0
}

// TestSearchLimitKeepsBest checks that a limit keeps the best hits.
func TestSearchLimitKeepsBest(t *testing.T) {
	s := openAt(t, collection(t, nil))
	all, err := s.Search(context.Background(), SearchOptions{Query: "packets", Drafts: true})
	if err != nil {
		t.Fatal(err)
	}
	some, err := s.Search(context.Background(), SearchOptions{Query: "packets", Drafts: true, Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Hits) != 3 || len(some.Hits) != 2 {
		t.Fatalf("%d and %d hits, want 3 and 2", len(all.Hits), len(some.Hits))
	}
	for i, h := range some.Hits {
		if h.Guide.ID != all.Hits[i].Guide.ID {
			t.Errorf("hit %d is %s, want %s", i, h.Guide.ID, all.Hits[i].Guide.ID)
		}
	}
}

// TestSearchRefusals searches with a bad limit, which is refused before
// the collection is read, and a collection with an error, which is
// searched as well as it can be.
func TestSearchRefusals(t *testing.T) {
	s, err := Open(OpenOptions{Dir: t.TempDir(), Starting: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = s.Search(context.Background(), SearchOptions{Query: "x", Limit: -1})
	wantUsage(t, err, "", "--limit -1: use a number of guides, or 0 for all")

	s = openAt(t, collection(t, map[string]string{"data/guides/broken.md": brokenGuide}))
	res, err := s.Search(context.Background(), SearchOptions{Query: "packets"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 2 || !strings.HasPrefix(findingLines(res.Findings), "data/guides/broken.md:2:8: error: invalid YAML") {
		t.Errorf("total %d, findings:\n%s\nwant 2 guides and the error of broken.md", res.Total, findingLines(res.Findings))
	}
}
