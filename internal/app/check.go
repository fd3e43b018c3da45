package app

import (
	"context"

	"github.com/visual-guides/guides"
)

// CheckOptions are what the check command asks.
type CheckOptions struct {
	// Strict fails the check on warnings too.
	Strict bool
	// Links, when set, checks every http(s) URL of the collection too.
	Links *LinkOptions
}

// CheckResult is the outcome of the check command.
type CheckResult struct {
	// Diags holds every finding, sorted.
	Diags guides.Diagnostics
	// Checked is the number of files checked: categories and guides.
	Checked int
	// Links says what the link check did, under CheckOptions.Links.
	Links *LinkReport
	// Failed reports that the check fails: an error, or under Strict a
	// warning.
	Failed bool
}

// Check judges the collection with every rule, and with the rules of the
// web under opts.Links. A bad link option is a *UsageError, returned
// before anything is read.
func (s *Session) Check(ctx context.Context, opts CheckOptions) (CheckResult, error) {
	if opts.Links != nil {
		if err := opts.Links.Validate(); err != nil {
			return CheckResult{}, err
		}
	}
	l, err := s.Load(ctx)
	if err != nil {
		return CheckResult{}, err
	}
	l.Wait()
	if err := stopped(ctx); err != nil {
		return CheckResult{}, err
	}
	res := CheckResult{Checked: len(l.Coll.Categories) + len(l.Coll.Guides)}
	if opts.Links != nil {
		rep, err := s.CheckLinks(ctx, l, *opts.Links)
		res.Links = &rep
		if err != nil {
			return res, err
		}
	}
	res.Diags = l.Diags
	errs, warns := l.Diags.Count()
	res.Failed = errs > 0 || opts.Strict && warns > 0
	return res, nil
}
