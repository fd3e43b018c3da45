package app

import (
	"context"
	"io"
	"net/url"
	"path/filepath"
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
	// Dir is the folder written, and Files the number of files in it.
	Dir   string
	Files int64
}

// BuildOptions are what the build command asks.
type BuildOptions struct {
	// Drafts includes the draft guides.
	Drafts bool
}

// Build builds the website into the output folder of the settings,
// relative to the root unless absolute, replacing it whole.
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
	b, err := site.NewBuilder(s.fsys, s.siteOptions(opts.Drafts, ""))
	if err != nil {
		return BuildResult{}, err
	}
	dir := s.outputDir()
	var n atomic.Int64
	err = outdir.Replace(ctx, dir, func(f *outdir.Folder) error {
		return b.BuildContext(ctx, l.Coll, countingSink{f: f, n: &n})
	})
	if err := stopped(ctx); err != nil {
		return BuildResult{}, err
	}
	if err != nil {
		return BuildResult{}, err
	}
	return BuildResult{Dir: dir, Files: n.Load()}, nil
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
