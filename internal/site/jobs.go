package site

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/cespare/xxhash/v2"
	"github.com/visual-guides/guides"
)

// pageSpec is one page of the site: its file, its template, and how its
// data is made. Whole builds render every page of a site, Update the pages
// whose inputs changed, and a Model the page asked for, all from the same
// pageSpec.
type pageSpec struct {
	name, kind string
	// data makes the page's data with the body it shows; a page without
	// a body is given none.
	data func(body renderedBody) *pageData
	// owner is the category or guide whose body the page shows, or nil.
	owner *bodyOwner
}

// bodyOwner is a category or guide whose body a page shows.
type bodyOwner struct {
	path  string
	ref   guides.BodyRef
	image string // the image field, as written
	cover string // the URL of a guide's cover image, which the body does not repeat
	doc   int    // the guide's number, or -1 for a category
}

// singleSpecs returns the pages of the site that are not a category's, a
// guide's or a tag's.
func (s *site) singleSpecs(sd *siteData) []pageSpec {
	page := func(name, kind string, data func(sd *siteData) *pageData) pageSpec {
		return pageSpec{name: name, kind: kind, data: func(renderedBody) *pageData { return data(sd) }}
	}
	return []pageSpec{
		page(guides.SiteIndex, "index", s.indexPage),
		page(guides.SiteNotFound, "404", s.notFoundPage),
		page(guides.SiteTags+"/index.html", "tags", s.tagsPage),
		page(searchDir+"index.html", "search", s.searchPage),
	}
}

// categorySpecs returns the pages of a category: the first shows its body.
func (s *site) categorySpecs(sd *siteData, cat *guides.Category) []pageSpec {
	pages := categoryPages(len(s.coll.GuidesIn(cat.ID)))
	out := make([]pageSpec, pages)
	for k := 1; k <= pages; k++ {
		out[k-1] = pageSpec{name: s.categoryFile(cat.ID, k), kind: "category", data: func(body renderedBody) *pageData {
			return s.categoryPage(sd, cat, k, pages, body)
		}}
	}
	out[0].owner = &bodyOwner{path: cat.Path, ref: cat.Body, image: cat.Image, doc: -1}
	return out
}

// guideSpec returns the page of the guide at index i.
func (s *site) guideSpec(sd *siteData, i int) pageSpec {
	g := s.coll.Guides[i]
	return pageSpec{
		name: g.ID + "/index.html", kind: "guide",
		data:  func(body renderedBody) *pageData { return s.guidePage(sd, g, body) },
		owner: &bodyOwner{path: g.Path, ref: g.Body, image: g.Image, cover: s.imageURL(g.Path, g.Image, &refRecorder{}), doc: i},
	}
}

// tagSpec returns the page of a tag.
func (s *site) tagSpec(sd *siteData, t *tag) pageSpec {
	return pageSpec{name: guides.SiteTags + "/" + t.segment + "/index.html", kind: "tag", data: func(renderedBody) *pageData {
		return s.tagPage(sd, t)
	}}
}

// renderPages executes the templates for every page and puts them into
// out as they are done, on every core, then adds the feed, the sitemap and
// the JSON index.
func (s *site) renderPages(b *Builder, out Sink) error {
	sd := s.siteData()
	md := newMarkdown(s, b.opts.Code, false)
	s.sd, s.md = sd, md
	var specs []pageSpec
	specs = append(specs, s.singleSpecs(sd)...)
	for _, cat := range s.coll.Categories {
		specs = append(specs, s.categorySpecs(sd, cat)...)
	}
	for _, t := range s.tags {
		specs = append(specs, s.tagSpec(sd, t))
	}
	files := s.fileJobs(out)
	// The guides' pages are jobs by their number: their specs are made as
	// each is rendered, not all at once.
	n := len(s.coll.Guides)
	return s.runJobs(len(specs)+n+len(files), func(k int) error {
		switch {
		case k < len(specs):
			return s.renderSpec(out, md, specs[k])
		case k < len(specs)+n:
			return s.renderSpec(out, md, s.guideSpec(sd, k-len(specs)))
		}
		return files[k-len(specs)-n]()
	})
}

// fileJobs returns the jobs of the feed, the sitemap and the JSON index.
// The sitemap and the JSON index list every guide: they are written as
// they are encoded, where out can take them so.
func (s *site) fileJobs(out Sink) []func() error {
	jobs := []func() error{func() error {
		data, err := s.feed()
		if err != nil {
			return fmt.Errorf("site: %s: %w", guides.SiteFeed, err)
		}
		return s.putFile(out, guides.SiteFeed, data)
	}}
	for _, f := range s.listFiles() {
		jobs = append(jobs, func() error {
			shown, write := f.make()
			if err := writeFile(out, f.name, write); err != nil {
				return fmt.Errorf("site: %s: %w", f.name, err)
			}
			if s.state != nil {
				s.state.output(f.name, keyOf(shown))
			}
			return nil
		})
	}
	return jobs
}

// renderSpec renders the page of spec, with its body, and puts it into
// out.
func (s *site) renderSpec(out Sink, md *markdown, spec pageSpec) error {
	html, in, err := s.renderPage(md, spec)
	if err != nil {
		return err
	}
	if s.state != nil {
		kd := spec.data(renderedBody{})
		s.state.output(spec.name, s.pageKey(spec.kind, kd, in))
	}
	return out.Put(spec.name, html)
}

// renderPage renders the page of spec, with its body; in is the key of the
// inputs of that body (see site.inputs), or 0 for a page without one.
func (s *site) renderPage(md *markdown, spec pageSpec) (html []byte, in key, err error) {
	var body renderedBody
	if o := spec.owner; o != nil {
		if body, err = s.body(md, o); err != nil {
			return nil, 0, err
		}
		in = body.in
	}
	d := spec.data(body)
	s.finish(spec.kind, d)
	html, err = s.th.execute(spec.kind, d)
	return html, in, err
}

// finish gives d what every page has: the site's data, its kind, and the
// image link previews show.
func (s *site) finish(kind string, d *pageData) {
	d.Site, d.Kind = s.sd, kind
	if d.Image == "" {
		d.Image = s.abs(s.sd.Asset("preview.png"))
	}
}

// pageKey returns the key of a page of the template kind whose data,
// without the body it shows, is d, and the key of whose body's inputs is
// in: the theme, and every value of the data a template can reach.
func (s *site) pageKey(kind string, d *pageData, in key) key {
	s.finish(kind, d)
	return keyOf(s.th.sum, kind, d, in)
}

// putFile puts a file that is not a page into out; the state keeps a hash
// of its bytes.
func (s *site) putFile(out Sink, name string, data []byte) error {
	if s.state != nil {
		s.state.output(name, key(sum64(data)))
	}
	return out.Put(name, data)
}

// writeFile gives out the file at name that write writes, as writeFile
// does; the state keeps a hash of its bytes.
func (s *site) writeFile(out Sink, name string, write func(io.Writer) error) error {
	if s.state == nil {
		return writeFile(out, name, write)
	}
	h := xxhash.New()
	err := writeFile(out, name, func(w io.Writer) error { return write(io.MultiWriter(w, h)) })
	if err == nil {
		s.state.output(name, key(h.Sum64()))
	}
	return err
}

// runJobs runs the jobs [0, n) on twice as many workers as cores: writing
// a page waits on the file system as much as rendering it keeps a core
// busy. It stops handing out jobs when the build's context is done, and
// returns its cause, or when a job fails, and returns that job's error:
// a full disk fails every job alike, and says so once.
func (s *site) runJobs(n int, run func(k int) error) error {
	var (
		wg     sync.WaitGroup
		once   sync.Once
		first  error
		failed = make(chan struct{})
	)
	work := make(chan int)
	for range 2 * runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range work {
				if err := run(i); err != nil {
					once.Do(func() { first = err; close(failed) })
				}
			}
		})
	}
hand:
	for i := 0; i < n && s.ctx.Err() == nil; i++ {
		select {
		case work <- i:
		case <-failed:
			break hand
		}
	}
	close(work)
	wg.Wait()
	if s.ctx.Err() != nil {
		return context.Cause(s.ctx)
	}
	return first
}
