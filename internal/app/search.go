package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/inputs"
	"github.com/visual-guides/guides/internal/search"
)

// SearchOptions are what the search command asks.
type SearchOptions struct {
	// Query holds the words; its last word also stands for the words it
	// starts (see search.Query).
	Query string
	// Category, when set, keeps the guides of the category with this id;
	// Tag those with the tag, however it is spelt.
	Category, Tag string
	// Limit, when positive, is the most guides returned.
	Limit  int
	Drafts bool // search the drafts too
}

// Validate checks the options as the command line gives them: a bad one
// is a *UsageError.
func (o SearchOptions) Validate() error {
	if o.Limit < 0 {
		return usage("", fmt.Errorf("--limit %d: use a number of guides, or 0 for all", o.Limit))
	}
	return nil
}

// SearchHit is a guide found.
type SearchHit struct {
	Guide *guides.Guide
	// Score is the sum of the impacts of the query's words in the guide
	// (BM25 with field weights, see package search).
	Score   float64
	Excerpt search.Excerpt
}

// SearchResult is the outcome of the search command.
type SearchResult struct {
	Hits  []SearchHit // best first
	Total int         // the guides found, Limit aside
	// Findings are the collection's errors and the warnings of the same
	// files: the guides are searched as well as they can be.
	Findings guides.Diagnostics
	// Missing holds the words of the query that no guide has, as written:
	// with any, nothing is found.
	Missing []string
	// Suggestion is the query with the words a typo away from the
	// collection's mended, when some were: what "did you mean" offers.
	Suggestion string
	// Notes are problems with the index kept between searches, which
	// never stop a search.
	Notes []error
}

// Search finds the guides of the collection that o asks for, ranked as
// the site's search ranks them: the same index, built from the files
// instead of from a built site. When no file it read last time changed,
// by their stamps, it loads nothing but the files of the guides it shows
// (see searchKnownFiles).
func (s *Session) Search(ctx context.Context, o SearchOptions) (SearchResult, error) {
	if err := o.Validate(); err != nil {
		return SearchResult{}, err
	}
	start := s.clockNow()
	if res, ok := s.searchKnownFiles(o); ok {
		return res, nil
	}
	rec := inputs.Record(s.fsys)
	l, err := s.loadChecking(ctx, false, rec)
	if err != nil {
		return SearchResult{}, err
	}
	if o.Category != "" && l.Coll.Category(o.Category) == nil {
		return SearchResult{}, usage("--category", errors.New(UnknownCategory(o.Category, l.Coll, s.Config.CategoriesDir)))
	}
	c := l.Coll
	if !o.Drafts {
		c = c.Published()
	}
	res := SearchResult{Findings: l.Refusal()}
	if err := stopped(ctx); err != nil {
		return SearchResult{}, err
	}
	q := search.Query{Text: o.Query, Category: o.Category, Tag: o.Tag}
	for rebuild := false; ; rebuild = true {
		ix, cached, err := s.searchIndex(ctx, c, rebuild)
		if err != nil {
			return res, err
		}
		if ix.note != nil {
			res.Notes = append(res.Notes, ix.note)
		}
		err = runCached(ix.Static, len(c.Guides), func(doc int) (*guides.Guide, error) { return c.Guides[doc], nil }, q, o.Limit, &res)
		ix.close()
		if err == nil && len(res.Findings) == 0 && len(res.Notes) == 0 {
			s.keepSearchInputs(ctx, l, c, rec, start, ix.manifest, o.Drafts)
		}
		// An index of the cache found damaged on the way is made again.
		if err == nil || !cached {
			return res, err
		}
	}
}

// runCached runs q on ix, an index of n guides, into res: guide returns
// the guide the index numbers doc.
func runCached(ix *search.Static, n int, guide func(doc int) (*guides.Guide, error), q search.Query, limit int, res *SearchResult) error {
	show := limit
	if show <= 0 {
		show = n
	}
	found, plan, err := ix.Search(q, show)
	if err != nil {
		return err
	}
	res.Total = len(found)
	res.Missing, res.Suggestion = plan.Missing(), plan.Suggestion()
	res.Hits = nil
	for _, f := range found[:min(show, len(found))] {
		if f.Doc >= n {
			return errors.New("search: the cached index is of more guides than the collection has")
		}
		g, err := guide(f.Doc)
		if err != nil {
			return err
		}
		res.Hits = append(res.Hits, SearchHit{
			Guide:   g,
			Score:   float64(f.Score) / search.ScoreUnit,
			Excerpt: search.MakeExcerpt(f.Text, f.Description, plan),
		})
	}
	return nil
}
