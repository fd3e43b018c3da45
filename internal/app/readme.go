package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"

	"github.com/rogpeppe/go-internal/diff"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/atomicfile"
	"github.com/visual-guides/guides/internal/config"
	"github.com/visual-guides/guides/internal/rootfs"
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

// ReadmeOptions are what the readme command asks.
type ReadmeOptions struct {
	// Check only compares README with its update, and writes nothing.
	Check bool
}

// Readme brings the table of contents of README up to date or, with
// Check, only compares it.
func (s *Session) Readme(ctx context.Context, opts ReadmeOptions) (ReadmeResult, error) {
	l, err := s.Load(ctx)
	if err != nil {
		return ReadmeResult{}, err
	}
	target, f, info, problem, err := s.openReadme()
	if err != nil {
		return ReadmeResult{}, err
	}
	if f != nil {
		defer f.Close()
	}
	links := linker(s.Config)
	// Most runs find README current: compare while the collection rules
	// run, reading README in pieces (it is some 12 MB at 100,000 guides),
	// and read it whole, build or write the new README only when it
	// differs.
	var current bool
	if problem == nil {
		current, err = toc.CurrentReader(f, info.Size(), l.Coll, links)
	}
	findings := l.Refusal()
	if err := stopped(ctx); err != nil {
		return ReadmeResult{}, err
	}
	var merrs toc.MarkerErrors
	if problem != nil {
		findings = append(findings, *problem)
		findings.Sort()
	} else if errors.As(err, &merrs) {
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
	}
	old, err := readAll(f, info.Size())
	if err != nil {
		return ReadmeResult{}, fmt.Errorf("reading %s: %w", s.path(s.Config.Readme), unwrap(err))
	}
	switch {
	case opts.Check:
		updated, err := toc.Update(old, l.Coll, links)
		if err != nil {
			return ReadmeResult{}, err
		}
		d := diff.Diff("a/"+s.Config.Readme, old, "b/"+s.Config.Readme, updated)
		return ReadmeResult{Status: Stale, Diff: d}, nil
	}
	// README is replaced only if it is still the file read: an editor's
	// save made meanwhile is never overwritten.
	err = atomicfile.WriteIn(ctx, s.fsys.Root(), target, atomicfile.Options{Expect: info}, func(w io.Writer) error {
		return toc.Write(w, old, l.Coll, links)
	})
	switch {
	case errors.Is(err, atomicfile.ErrChanged):
		return ReadmeResult{}, fmt.Errorf("%s changed while guides ran; run it again", s.Config.Readme)
	case err != nil && ctx.Err() != nil:
		return ReadmeResult{}, context.Cause(ctx)
	case err != nil:
		return ReadmeResult{}, fmt.Errorf("writing %s: %w", s.Config.Readme, unwrap(err))
	}
	return ReadmeResult{Status: Updated}, nil
}

// readmeFile is README, open: it is read at offsets while compared, and
// whole when it must be written.
type readmeFile interface {
	io.ReaderAt
	io.Reader
	Close() error
}

// openReadme opens README through the collection's root: the path it
// leads to, without links, the file, and the file as it was opened. A
// README that leads out of the root or is not a regular file is a problem
// reported with the collection's findings; one that does not exist is an
// error.
func (s *Session) openReadme() (target string, f readmeFile, info fs.FileInfo, problem *guides.Diagnostic, err error) {
	name := s.Config.Readme
	fail := func(err error) (string, readmeFile, fs.FileInfo, *guides.Diagnostic, error) {
		var le *rootfs.LinkError
		var ne *rootfs.NotRegularError
		d := &guides.Diagnostic{Path: name, Pos: guides.FileStart(), Severity: guides.Error}
		switch {
		case errors.As(err, &le):
			d.Rule, d.Message = guides.RuleOutsideRoot, le.Error()+"; it is not read"
		case errors.As(err, &ne):
			d.Rule, d.Message = guides.RuleNotRegularFile, fmt.Sprintf("%s is %s, not a regular file; it is not read", name, rootfs.Kind(ne.Mode))
		default:
			return "", nil, nil, nil, fmt.Errorf("reading %s: %w", s.path(name), unwrap(err))
		}
		return "", nil, nil, d, nil
	}
	target, err = s.fsys.Resolve(name)
	if err != nil {
		return fail(err)
	}
	file, err := s.fsys.Open(target)
	if err != nil {
		return fail(err)
	}
	info, err = file.Stat()
	if err != nil {
		file.Close()
		return fail(err)
	}
	if !info.Mode().IsRegular() {
		file.Close()
		return fail(&rootfs.NotRegularError{Path: name, Mode: info.Mode()})
	}
	f, ok := file.(readmeFile)
	if !ok {
		file.Close()
		return fail(fmt.Errorf("%s cannot be read at offsets", name))
	}
	return target, f, info, nil, nil
}

// readAll reads f from its start, with room for size bytes at first.
func readAll(f io.ReaderAt, size int64) ([]byte, error) {
	var b bytes.Buffer
	b.Grow(int(size) + bytes.MinRead)
	_, err := b.ReadFrom(io.NewSectionReader(f, 0, 1<<62))
	return b.Bytes(), err
}

// linker returns how README links to categories and guides.
func linker(cfg config.Config) toc.Linker {
	if cfg.LinkMode == config.LinkFiles {
		return toc.FileLinks{ReadmeDir: path.Dir(cfg.Readme)}
	}
	return toc.SiteLinks{Base: cfg.BaseURL}
}
