package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/config"
	"github.com/visual-guides/guides/internal/outdir"
	"github.com/visual-guides/guides/internal/site"
	"github.com/visual-guides/guides/internal/site/highlight"
)

// BuildResult is the outcome of the build command.
type BuildResult struct {
	// Findings, when not empty, are why nothing was built: the
	// collection's errors and the warnings of the same files.
	Findings guides.Diagnostics
	// Dir is the folder written, and Files the number of files written.
	Dir   string
	Files int64
	// Note, when set, says what the site could not show as the settings
	// ask: guides whose last change the history does not give.
	Note string
	// Updated says that the folder of an earlier build was updated in
	// place: Files were written, Removed removed, and Kept left as they
	// were. Otherwise the folder was replaced whole.
	Updated       bool
	Removed, Kept int64
}

// BuildOptions are what the build command asks.
type BuildOptions struct {
	// Drafts includes the draft guides.
	Drafts bool
	// Whole builds the whole site into a new folder, even where an
	// earlier build's folder could be updated in place.
	Whole bool
	// noSearch leaves the search index out, for benchmarks.
	noSearch bool
}

// Build builds the website into the output folder of the settings,
// relative to the root unless absolute. A folder an earlier build made is
// updated in place: only the files whose inputs changed are made and
// written (see site.Builder.Update and outdir.Update); any other folder
// is replaced whole, as is one that cannot be updated (another version of
// guides made it, or a build stopped while changing it).
func (s *Session) Build(ctx context.Context, opts BuildOptions) (BuildResult, error) {
	l, err := s.Load(ctx)
	if err != nil {
		return BuildResult{}, err
	}
	refusal := l.Refusal()
	if err := stopped(ctx); err != nil {
		return BuildResult{}, err
	}
	if len(refusal) > 0 {
		return BuildResult{Findings: refusal}, nil
	}
	updated, note, err := s.readUpdated(ctx)
	if err != nil {
		return BuildResult{}, err
	}
	siteOpts := s.siteOptions(opts.Drafts, "")
	siteOpts.Brand = s.siteBrand(updated)
	siteOpts.KeepState, siteOpts.Version, siteOpts.NoSearch = true, programVersion(), opts.noSearch
	b, err := site.NewBuilder(s.fsys, siteOpts)
	if err != nil {
		return BuildResult{}, err
	}
	dir := s.outputDir()
	if !opts.Whole {
		res, err := s.update(ctx, b, l.Coll, dir)
		if !errors.Is(err, errWhole) {
			if err := stopped(ctx); err != nil {
				return BuildResult{}, err
			}
			return res, err
		}
	}
	var n atomic.Int64
	err = outdir.Replace(ctx, dir, func(f *outdir.Folder) error {
		// The folder's context is done when a write into it fails: the
		// build stops at the first, which is the error.
		return b.BuildContext(f.Context(), l.Coll, countingSink{f: f, n: &n})
	})
	if err := stopped(ctx); err != nil {
		return BuildResult{}, err
	}
	if err != nil {
		return BuildResult{}, err
	}
	return BuildResult{Dir: dir, Files: n.Load(), Note: note}, nil
}

// errWhole says that a folder cannot be updated in place.
var errWhole = errors.New("the site is to be built whole")

// update updates the folder dir of an earlier build in place, or returns
// errWhole when it cannot.
func (s *Session) update(ctx context.Context, b *site.Builder, c *guides.Collection, dir string) (BuildResult, error) {
	state, err := outdir.ReadFile(dir, site.StateFile)
	if errors.Is(err, outdir.ErrNotUpdatable) {
		return BuildResult{}, errWhole
	}
	if err != nil {
		return BuildResult{}, err
	}
	prev := site.Earlier{State: state}
	// The search index the earlier build kept, if any: without it, the
	// index is made again from every guide. Windows cannot replace a file
	// that is open: it is read whole there.
	if kept, err := outdir.OpenFile(dir, site.SearchFile); err == nil && runtime.GOOS == "windows" {
		data, err := io.ReadAll(kept)
		kept.Close()
		if err == nil {
			prev.Search, prev.SearchSize = bytes.NewReader(data), int64(len(data))
		}
	} else if err == nil {
		defer kept.Close()
		if info, err := kept.Stat(); err == nil {
			prev.Search, prev.SearchSize = kept, info.Size()
		}
	}
	var res site.UpdateResult
	err = outdir.Update(ctx, dir, func(ch *outdir.Changes) error {
		res, err = b.Update(ctx, c, prev, ch)
		return err
	})
	if errors.Is(err, site.ErrStale) || errors.Is(err, site.ErrEveryPage) {
		return BuildResult{}, errWhole
	}
	if err != nil {
		return BuildResult{}, err
	}
	return BuildResult{Dir: dir, Files: int64(res.Written), Updated: true, Removed: int64(res.Removed), Kept: int64(res.Kept)}, nil
}

// programVersion names the program that runs, for the state of a build,
// which a build by another program does not use: the path, size and time
// of its executable, which change whenever it is built again; "" when they
// cannot be read.
func programVersion() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	info, err := os.Stat(exe)
	if err != nil {
		return ""
	}
	return fmt.Sprintf("%s %d %d", exe, info.Size(), info.ModTime().UnixNano())
}

// outputDir returns the folder a build writes: the settings' output,
// relative to the root unless absolute.
func (s *Session) outputDir() string {
	if filepath.IsAbs(s.Config.Output) {
		return s.Config.Output
	}
	return filepath.Join(s.Root, s.Config.Output)
}

// siteOptions are the options of the collection's website.
func (s *Session) siteOptions(drafts bool, liveReload string) site.Options {
	return siteOptions(s.Config, drafts, liveReload)
}

// siteOptions are the options of the website of the settings cfg.
func siteOptions(cfg config.Config, drafts bool, liveReload string) site.Options {
	return site.Options{
		BaseURL:    cfg.BaseURL,
		Title:      cfg.Title,
		Author:     cfg.Author,
		Language:   cfg.Language,
		Drafts:     drafts,
		LiveReload: liveReload,
		Code:       highlight.New(highlight.Options{}),
		CodeCSS:    highlight.CSS(),
		Brand:      siteBrand(cfg, nil),
		// A server shows the findings of a broken template over the
		// site, built with the theme's blocks in its stead.
		SkipBrokenLayouts: liveReload != "",
	}
}

// basePath is the URL path at which the site lives, such as "/guides/".
func (s *Session) basePath() string { return basePath(s.Config.BaseURL) }

// basePath is the URL path of the base URL u, such as "/guides/".
func basePath(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return "/"
	}
	return p.Path + "/"
}

// countingSink counts the files put into it, from any goroutine.
type countingSink struct {
	f *outdir.Folder
	n *atomic.Int64
}

func (s countingSink) Put(name string, data []byte) error {
	s.n.Add(1)
	return s.f.Put(name, data)
}

// Create makes countingSink a site.WriterSink.
func (s countingSink) Create(name string) (io.WriteCloser, error) {
	s.n.Add(1)
	return s.f.Create(name)
}
