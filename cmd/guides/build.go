package main

import (
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"

	"github.com/spf13/cobra"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/config"
	"github.com/visual-guides/guides/internal/outdir"
	"github.com/visual-guides/guides/site"
	"github.com/visual-guides/guides/site/highlight"
)

func (a *app) buildCommand() *cobra.Command {
	var (
		out    string
		drafts bool
	)
	c := &cobra.Command{
		Use:   "build [-o DIR] [--drafts]",
		Short: "Build the collection as a website",
		Long: `Build the collection as a static website whose URLs are the README's links:
the index of every category at the base URL's path, each category and guide
at ID/, each tag at tags/TAG/, with an Atom feed (feed.xml), a sitemap, a
JSON index of the guides (index.json) and a 404 page. Any static host
serves the folder as it is, at the base URL's path.

The site is written to a new folder beside the output folder, then swapped
in; an output folder that holds files but was not made by guides build is
never removed. Drafts are left out unless --drafts. Nothing is written when
the collection has errors.

Templates and assets may be overridden by files of the same name in the
collection's layouts/ folder (base.html, partials.html, index.html,
category.html, guide.html, tag.html, tags.html, 404.html, assets/*).`,
		RunE: func(c *cobra.Command, _ []string) error { return a.runBuild(c, out, drafts) },
	}
	c.Flags().StringVarP(&out, "output", "o", "public", "output `folder`, relative to the collection root")
	c.Flags().BoolVar(&drafts, "drafts", false, "include draft guides")
	return c
}

func (a *app) runBuild(c *cobra.Command, out string, drafts bool) error {
	l, err := a.load(c)
	if err != nil {
		return err
	}
	if err := a.refuseErrors(l); err != nil {
		return err
	}
	b, err := site.NewBuilder(os.DirFS(a.dir), siteOptions(l.cfg, drafts, ""))
	if err != nil {
		return err
	}
	dir := out
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(a.dir, out)
	}
	var diags guides.Diagnostics
	var pages atomic.Int64
	err = outdir.Replace(dir, func(f *outdir.Folder) error {
		counter := countingSink{Sink: f, n: &pages}
		var err error
		diags, err = b.Build(l.coll, counter)
		if err == nil && diags.HasErrors() {
			return errProblems
		}
		return err
	})
	for _, d := range diags {
		a.printf(a.stderr, "%s\n", d)
	}
	if err != nil {
		return err
	}
	a.printf(a.stdout, "built %d files into %s for %s/\n", pages.Load(), dir, l.cfg.BaseURL)
	return nil
}

// siteOptions are the options of the site of a collection.
func siteOptions(cfg config.Config, drafts bool, liveReload string) site.Options {
	return site.Options{
		BaseURL:    cfg.BaseURL,
		Title:      cfg.Title,
		Drafts:     drafts,
		LiveReload: liveReload,
		Code:       highlight.New(highlight.Options{}),
		CodeCSS:    highlight.CSS(),
	}
}

// basePath is the URL path at which the site of cfg lives, such as
// "/guides/".
func basePath(cfg config.Config) string {
	u, err := url.Parse(cfg.BaseURL)
	if err != nil {
		return "/"
	}
	return u.Path + "/"
}

// countingSink counts the files put into it, from any goroutine.
type countingSink struct {
	site.Sink
	n *atomic.Int64
}

func (s countingSink) Put(name string, data []byte) error {
	s.n.Add(1)
	return s.Sink.Put(name, data)
}
