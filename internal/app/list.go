package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/visual-guides/guides"
)

// ListFilter selects the guides of the list command.
type ListFilter struct {
	// Category, when set, keeps the guides of the category with this id.
	Category string
	// Tag, when set, keeps the guides with this tag, however it is spelt
	// (see guides.TagKey).
	Tag    string
	Drafts bool // keep the drafts too
}

// ListResult is the outcome of the list command.
type ListResult struct {
	Guides []*guides.Guide
	// Findings are the collection's errors and the warnings of the same
	// files: the guides are listed as well as they can be.
	Findings guides.Diagnostics
}

// List returns the guides that f selects, in production order. A
// category that the collection does not have, or a tag that no guide has
// (drafts included), is a *UsageError.
func (s *Session) List(ctx context.Context, f ListFilter) (ListResult, error) {
	l, err := s.Load(ctx)
	if err != nil {
		return ListResult{}, err
	}
	if f.Category != "" && l.Coll.Category(f.Category) == nil {
		return ListResult{}, usage("--category", errors.New(UnknownCategory(f.Category, l.Coll, s.Config.CategoriesDir)))
	}
	list := l.Coll.Guides
	if f.Category != "" {
		list = l.Coll.GuidesIn(f.Category)
	}
	key := ""
	if f.Tag != "" {
		key = guides.TagKey(f.Tag)
		if !slices.ContainsFunc(l.Coll.Guides, func(g *guides.Guide) bool { return HasTag(g, key) }) {
			return ListResult{}, usage("--tag", errors.New(UnknownTag(f.Tag, l.Coll)))
		}
	}
	var keep []*guides.Guide
	for _, g := range list {
		if (f.Drafts || !g.Draft) && (key == "" || HasTag(g, key)) {
			keep = append(keep, g)
		}
	}
	findings := l.Refusal()
	if err := stopped(ctx); err != nil {
		return ListResult{}, err
	}
	return ListResult{Guides: keep, Findings: findings}, nil
}

// UnknownTag describes a tag that no guide has, with the closest tags, or
// every tag when there are few and none is close.
func UnknownTag(tag string, c *guides.Collection) string {
	msg := fmt.Sprintf("unknown tag %s: no guide has it", guides.Quote(tag))
	return msg + didYouMean(tag, Tags(c), "no guide has a tag yet", "tag", "tags")
}

// HasTag reports whether g has the tag whose key is key.
func HasTag(g *guides.Guide, key string) bool {
	return slices.ContainsFunc(g.Tags, func(t string) bool { return guides.TagKey(t) == key })
}

// Tags returns the tags of a collection's guides, each tag once, spelt as
// it is first written in production order, sorted by key.
func Tags(c *guides.Collection) []string {
	type entry struct{ key, name string }
	seen := map[string]bool{}
	var out []entry
	for _, g := range c.Guides {
		for _, t := range g.Tags {
			key := guides.TagKey(t)
			if !seen[key] {
				seen[key] = true
				out = append(out, entry{key, strings.TrimSpace(t)})
			}
		}
	}
	slices.SortFunc(out, func(a, b entry) int { return strings.Compare(a.key, b.key) })
	names := make([]string, len(out))
	for i, e := range out {
		names[i] = e.name
	}
	return names
}
