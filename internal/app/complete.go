package app

import (
	"context"
	"strings"

	"github.com/visual-guides/guides"
)

// Choice is a value a shell may complete, with what it is.
type Choice struct {
	Value, Description string
}

// Complete returns the values of the option flag ("category" or "tag")
// that start with prefix: the collection's category ids, with their titles,
// or the tags its guides have, each once however it is spelt (see
// guides.TagKey), as first written. The collection is read as leniently as
// the commands that add to it read it, and its findings are not shown.
func (s *Session) Complete(ctx context.Context, flag, prefix string) []Choice {
	l, err := s.LoadLenient(ctx)
	if err != nil {
		return nil
	}
	var out []Choice
	switch flag {
	case "category":
		for _, cat := range l.Coll.Categories {
			if strings.HasPrefix(cat.ID, prefix) {
				out = append(out, Choice{cat.ID, cat.Title})
			}
		}
	case "tag":
		want := guides.TagKey(prefix)
		for _, t := range Tags(l.Coll) {
			if strings.HasPrefix(guides.TagKey(t), want) || strings.HasPrefix(t, prefix) {
				out = append(out, Choice{Value: t})
			}
		}
	}
	return out
}
