package search

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/visual-guides/guides/internal/golden"
)

// relevanceCase is a query of the relevance suite and the guides it must
// rank among its first five; none when it must find nothing.
type relevanceCase struct {
	Query string   `json:"query"`
	Want  []string `json:"want"`
}

// relevanceCases reads testdata/relevance.txt.
func relevanceCases(t *testing.T) []relevanceCase {
	t.Helper()
	data, err := os.ReadFile("testdata/relevance.txt")
	if err != nil {
		t.Fatal(err)
	}
	var out []relevanceCase
	for line := range strings.Lines(string(data)) {
		if line = strings.TrimSpace(line); line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		q, want, ok := strings.Cut(line, "→")
		if !ok {
			t.Fatalf("relevance.txt: %q has no →", line)
		}
		c := relevanceCase{Query: strings.TrimSpace(q), Want: strings.Fields(want)}
		if slices.Equal(c.Want, []string{"none"}) {
			c.Want = []string{}
		}
		out = append(out, c)
	}
	return out
}

// syntheticCases returns queries on a synthetic collection: the title of
// every fiftieth guide, as written and with a letter of its first word
// doubled (a typo), each of which must rank its guide among the first
// five; and a word the collection lacks, which must find nothing.
func syntheticCases(docs []Doc) []relevanceCase {
	out := []relevanceCase{{Query: "kubernetes", Want: []string{}}}
	for i := 0; i < len(docs); i += 50 {
		d := docs[i]
		out = append(out, relevanceCase{d.Title, []string{d.ID}})
		w := strings.Fields(d.Title)
		if len(w[0]) >= 4 {
			w[0] = w[0][:2] + w[0][1:]
			out = append(out, relevanceCase{strings.Join(w, " ") + " ", []string{d.ID}})
		}
	}
	return out
}

// judge returns what is wrong with the first five ids found for c.
func judge(c relevanceCase, found []string) string {
	top := found[:min(5, len(found))]
	if len(c.Want) == 0 && len(found) > 0 {
		return fmt.Sprintf("%q finds %d guides (%v…), want none", c.Query, len(found), top)
	}
	for _, id := range c.Want {
		if !slices.Contains(top, id) {
			return fmt.Sprintf("%q ranks %v first, without %s", c.Query, top, id)
		}
	}
	return ""
}

// TestRelevance runs the relevance suite on the collection of
// testdata/relevance.txtar and on a synthetic one, through the index in
// memory and through the site's script reading the static files.
func TestRelevance(t *testing.T) {
	fixture := golden.Load(t, "testdata/relevance.txtar").FS("")
	for _, coll := range []struct {
		name  string
		cases func([]Doc) []relevanceCase
	}{
		{"fixture", func([]Doc) []relevanceCase { return relevanceCases(t) }},
		{"synthetic", syntheticCases},
	} {
		t.Run(coll.name, func(t *testing.T) {
			fsys := fixture
			if coll.name == "synthetic" {
				fsys = synthFS(t, 1000)
			}
			c, docs := collectionDocs(t, fsys)
			ix := Build(docs)
			cases := coll.cases(docs)
			if coll.name == "fixture" && len(cases) < 40 {
				t.Fatalf("the suite has %d queries, want 40 or more", len(cases))
			}
			ids := func(docsFound []int) []string {
				out := []string{}
				for _, d := range docsFound {
					out = append(out, docs[d].ID)
				}
				return out
			}
			for _, rc := range cases {
				var found []int
				for _, r := range ix.Search(Query{Text: rc.Query}) {
					found = append(found, r.Doc)
				}
				if msg := judge(rc, ids(found)); msg != "" {
					t.Errorf("go: %s", msg)
				}
			}
			var got [][]int
			runJS(t, map[string]any{"files": base64Files(staticFiles(t, ix, c)), "cases": cases}, jsRelevance, &got)
			for i, rc := range cases {
				if msg := judge(rc, ids(got[i])); msg != "" {
					t.Errorf("script: %s", msg)
				}
			}
		})
	}
}

const jsRelevance = jsIndexOfFiles + `
result = [];
for (var c of input.cases) {
  var r = await ix.search({text: c.query});
  result.push(r.results.slice(0, 5).map(function (x) { return x.doc; }).concat(r.results.length > 5 ? [r.results.slice(5, 6)[0].doc] : []));
}`
