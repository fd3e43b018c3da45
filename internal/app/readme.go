package app

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path"

	"github.com/rogpeppe/go-internal/diff"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/atomicfile"
	"github.com/visual-guides/guides/internal/config"
	"github.com/visual-guides/guides/toc"
)

// ReadmeStatus is what the readme command found, or did.
type ReadmeStatus int

// The outcomes of the readme command.
const (
	// Refused: the collection has errors, or README's markers are not
	// one pair; nothing was written.
	Refused ReadmeStatus = iota
	// UpToDate: README's table of contents is current; nothing was
	// written.
	UpToDate
	// Updated: README was replaced.
	Updated
	// Stale: README is out of date, and was not written (check mode).
	Stale
)

// ReadmeResult is the outcome of the readme command.
type ReadmeResult struct {
	Status ReadmeStatus
	// Findings are shown when Status is Refused: the collection's errors,
	// the warnings of the same files, and README's marker problems.
	Findings guides.Diagnostics
	// Diff is a unified diff from README to its update, in check mode.
	Diff []byte
}

// Readme brings the table of contents of README up to date or, with check
// set, only compares it.
func (s *Session) Readme(check bool) (ReadmeResult, error) {
	l, err := s.Load()
	if err != nil {
		return ReadmeResult{}, err
	}
	name := s.path(s.Config.Readme)
	info, err := os.Stat(name)
	if err != nil {
		return ReadmeResult{}, fmt.Errorf("reading %s: %w", name, unwrap(err))
	}
	old, err := os.ReadFile(name)
	if err != nil {
		return ReadmeResult{}, fmt.Errorf("reading %s: %w", name, unwrap(err))
	}
	links := s.linker()
	// Most runs find README current: compare while the collection rules
	// run, and build or write the new README only when it differs.
	current, err := toc.Current(old, l.Coll, links)
	findings := l.Refusal()
	var merrs toc.MarkerErrors
	if errors.As(err, &merrs) {
		// Reported with the collection's errors, all at once.
		for _, e := range merrs {
			findings.Add(s.Config.Readme, e.Pos, guides.Error, "", "%s", e.Msg)
		}
		findings.Sort()
	} else if err != nil {
		return ReadmeResult{}, err
	}
	switch {
	case len(findings) > 0:
		return ReadmeResult{Status: Refused, Findings: findings}, nil
	case current:
		return ReadmeResult{Status: UpToDate}, nil
	case check:
		updated, err := toc.Update(old, l.Coll, links)
		if err != nil {
			return ReadmeResult{}, err
		}
		d := diff.Diff("a/"+s.Config.Readme, old, "b/"+s.Config.Readme, updated)
		return ReadmeResult{Status: Stale, Diff: d}, nil
	}
	err = atomicfile.Write(name, info.Mode().Perm(), func(w io.Writer) error { return toc.Write(w, old, l.Coll, links) })
	if err != nil {
		return ReadmeResult{}, err
	}
	return ReadmeResult{Status: Updated}, nil
}

// linker returns how README links to categories and guides.
func (s *Session) linker() toc.Linker {
	if s.Config.LinkMode == config.LinkFiles {
		return toc.FileLinks{ReadmeDir: path.Dir(s.Config.Readme)}
	}
	return toc.SiteLinks{Base: s.Config.BaseURL}
}
