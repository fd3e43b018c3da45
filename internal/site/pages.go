package site

import (
	"cmp"
	"context"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/rootfs"
	"github.com/visual-guides/guides/internal/search"
	sitetheme "github.com/visual-guides/guides/internal/site/theme"
)

// site is one build's view of a collection: the URL of everything, the
// tags, and the rendered bodies.
type site struct {
	ctx  context.Context // stops the build when done
	b    *Builder
	th   *theme // the theme pages are rendered with
	fsys fs.FS  // the collection's root, as this version of it has it
	coll *guides.Collection
	// pageOf maps the repository path of a category or guide file to its
	// id; it is made on first use (see pageID).
	pageOf     map[string]string
	pageOfOnce sync.Once
	tags       []*tag          // by name
	tagOf      map[string]*tag // by key (guides.TagKey)
	// lists holds, by the number of each guide, where it stands in the
	// lists of its tags and categories.
	lists []guideLists
	// index is given the text of each guide's body, by its number in the
	// collection, as pages render; nil without search.
	index *search.Indexer
	mu    sync.Mutex
	refs  []string // repository files the bodies link to
	// sd and md are what pages are rendered with.
	sd *siteData
	md *markdown
	// docByID holds the number of each guide in the collection and the
	// search index, by its id (see doc).
	docByID map[string]int32
	// state, when set, records what each output is made from (see
	// Options.KeepState).
	state *stateRecorder
	// onDemand says that pages are made one at a time as they are asked
	// for (Model): nothing is gathered from them for the whole site.
	onDemand bool
}

// guideLists tells where a guide stands in the lists of its tags and
// categories, for previous, next and related guides.
type guideLists struct {
	tags []tagAt // each tag once, in the guide's order
	// cats holds, for each of the guide's categories, its place in the
	// category's list; -1 for an id the collection has not or has already
	// given.
	cats []int32
}

// tagAt is a tag of a guide, and the guide's place in its list.
type tagAt struct {
	t   *tag
	pos int
}

// tag is one tag of the site: every guide that has it, however it is
// spelt (see guides.TagKey). Its name is its first spelling in production
// order.
type tag struct {
	key, segment, name string
	guides             []*guides.Guide // in production order
}

// newSite returns the view of c, whose files are read from fsys, that pages
// are rendered from with the theme th.
func (b *Builder) newSite(c *guides.Collection, fsys fs.FS, th *theme) *site {
	s := &site{ctx: context.Background(), b: b, th: th, fsys: fsys, coll: c, tagOf: map[string]*tag{}, docByID: make(map[string]int32, len(c.Guides)), lists: make([]guideLists, len(c.Guides))}
	for i, g := range c.Guides {
		s.docByID[g.ID] = int32(i)
	}
	// Collections spell a few tags many times: each spelling's key is made
	// once. The guides' lists share two allocations.
	keyOf := map[string]string{}
	nTags, nCats := 0, 0
	for _, g := range c.Guides {
		nTags += len(g.Tags)
		nCats += len(g.Categories)
	}
	tagsAt, catsAt := make([]tagAt, 0, nTags), make([]int32, nCats)
	for i, g := range c.Guides {
		from := len(tagsAt)
		for _, name := range g.Tags {
			key, ok := keyOf[name]
			if !ok {
				key = guides.TagKey(name)
				keyOf[name] = key
			}
			t := s.tagOf[key]
			if t == nil {
				t = &tag{key: key, segment: guides.TagSegment(key), name: strings.TrimSpace(name)}
				s.tagOf[key] = t
				s.tags = append(s.tags, t)
			}
			// A tag written twice by one guide is its tag once: the guide
			// is then the last of the tag's list already.
			if len(t.guides) == 0 || t.guides[len(t.guides)-1] != g {
				tagsAt = append(tagsAt, tagAt{t, len(t.guides)})
				t.guides = append(t.guides, g)
			}
		}
		if len(tagsAt) > from {
			s.lists[i].tags = tagsAt[from:len(tagsAt):len(tagsAt)]
		}
		if n := len(g.Categories); n > 0 {
			cats := catsAt[:n:n]
			catsAt = catsAt[n:]
			for k := range cats {
				cats[k] = -1
			}
			s.lists[i].cats = cats
		}
	}
	for _, cat := range c.Categories {
		for k, g := range c.GuidesIn(cat.ID) {
			i := s.doc(g)
			if j := slices.Index(g.Categories, cat.ID); j >= 0 {
				s.lists[i].cats[j] = int32(k)
			}
		}
	}
	slices.SortFunc(s.tags, func(a, b *tag) int { return strings.Compare(a.key, b.key) })
	return s
}

// doc returns the number of the guide g of the site: its place in the
// collection and in the search index.
func (s *site) doc(g *guides.Guide) int { return int(s.docByID[g.ID]) }

// pageID returns the id of the category or guide whose file is at the
// repository path p, if the site has one. Only bodies that link to other
// guides' files ask: the map is made on the first question.
func (s *site) pageID(p string) (string, bool) {
	s.pageOfOnce.Do(func() {
		s.pageOf = make(map[string]string, len(s.coll.Categories)+len(s.coll.Guides))
		for _, cat := range s.coll.Categories {
			s.pageOf[cat.Path] = cat.ID
		}
		for _, g := range s.coll.Guides {
			s.pageOf[g.Path] = g.ID
		}
	})
	id, ok := s.pageOf[p]
	return id, ok
}

// idPath is the URL path of the page of a category or guide.
func (s *site) idPath(id string) string { return s.b.root + url.PathEscape(id) + "/" }

// tagPath is the URL path of a tag's page.
func (s *site) tagPath(t *tag) string {
	return s.b.root + guides.SiteTags + "/" + url.PathEscape(t.segment) + "/"
}

// abs makes a URL path, already escaped, absolute on the site's host.
func (s *site) abs(p string) string { return s.b.origin + p }

// resolve implements resolver: links to the files of categories and guides
// go to their pages, and media files of the repository are published.
func (s *site) resolve(from, dest string, rec *refRecorder) (string, bool) {
	p, rest := splitRef(dest)
	if p == "" {
		return "", false
	}
	for _, candidate := range guides.RepoPaths(from, p) {
		if id, ok := s.pageID(candidate); ok {
			return s.idPath(id) + rest, true
		}
		if !guides.Publishable(candidate) {
			continue
		}
		// The file must be a regular file inside the root, and what its
		// links lead to publishable too (package rootfs refuses links
		// out of the root and to hidden files).
		target, err := rootfs.Resolve(s.fsys, candidate)
		if err != nil || !guides.Publishable(target) {
			continue
		}
		if info, err := fs.Stat(s.fsys, target); err == nil && info.Mode().IsRegular() {
			rec.add(candidate)
			return s.filePath(candidate) + rest, true
		}
	}
	return "", false
}

// filePath is the URL path of a published repository file.
func (s *site) filePath(p string) string {
	segs := strings.Split(p, "/")
	for i, seg := range segs {
		segs[i] = url.PathEscape(seg)
	}
	return s.b.root + filesDir + strings.Join(segs, "/")
}

// imageURL returns the URL of a category's or guide's image field: an
// http(s) URL as written, or a published repository file. The file is
// added to rec; "" means there is no image to show.
func (s *site) imageURL(from, image string, rec *refRecorder) string {
	switch guides.Scheme(image) {
	case "http", "https":
		return image
	case "":
		if u, ok := s.resolve(from, image, rec); ok && !strings.HasSuffix(u, "/") {
			return u
		}
	}
	return ""
}

// publishedFiles returns every repository file the site links to.
func (s *site) publishedFiles() []string {
	set := map[string]bool{}
	s.addPublished(set)
	return sortedKeys(set)
}

// addPublished adds to set the repository files the site publishes
// whatever the bodies link to: those the settings' brand and the site's
// data recorded (s.refs), and the images of categories and guides.
func (s *site) addPublished(set map[string]bool) {
	s.mu.Lock()
	for _, f := range s.refs {
		set[f] = true
	}
	s.mu.Unlock()
	rec := &refRecorder{}
	for _, cat := range s.coll.Categories {
		s.imageURL(cat.Path, cat.Image, rec)
	}
	for _, g := range s.coll.Guides {
		s.imageURL(g.Path, g.Image, rec)
	}
	for _, f := range rec.files {
		set[f] = true
	}
}

// The values templates receive, declared in package theme, which checks a
// collection's templates against them.
type (
	pageData     = sitetheme.Page
	pagerData    = sitetheme.Pager
	pageLink     = sitetheme.PageLink
	siteData     = sitetheme.Site
	link         = sitetheme.Link
	tagLink      = sitetheme.TagLink
	guideItem    = sitetheme.Item
	categoryData = sitetheme.Category
	guideData    = sitetheme.Guide
	imageData    = sitetheme.Image
	navData      = sitetheme.Nav
	tagData      = sitetheme.Tag
	tocEntry     = sitetheme.TOCEntry
)

func (s *site) siteData() *siteData {
	d := &siteData{
		Title:      s.b.opts.Title,
		Home:       s.b.root,
		Feed:       s.b.root + guides.SiteFeed,
		JSON:       s.b.root + guides.SiteJSON,
		Tags:       s.b.root + guides.SiteTags + "/",
		Search:     s.b.root + searchDir,
		Lang:       cmp.Or(s.b.opts.Language, "en"),
		LiveReload: s.b.opts.LiveReload,
		Assets:     map[string]string{},
		GuideCount: len(s.coll.Guides),
	}
	for name, v := range s.th.versions {
		d.Assets[name] = s.b.root + assetsDir + name + "?v=" + v
	}
	d.Guides = countWord(d.GuideCount, "guide")
	d.CustomStyle = d.Assets[sitetheme.CustomCSS]
	rec := &refRecorder{}
	d.Brand = s.brandData(rec)
	s.mu.Lock()
	s.refs = append(s.refs, rec.files...)
	s.mu.Unlock()
	d.Style, d.Script, d.Icon, d.CodeStyle = d.Assets["style.css"], d.Assets["site.js"], d.Assets["favicon.svg"], d.Assets["code.css"]
	return d
}

func (s *site) item(g *guides.Guide) guideItem {
	return guideItem{
		ID: g.ID, Title: g.Title, Description: g.Description, URL: s.idPath(g.ID), Doc: s.doc(g),
		Date: g.CreatedAt, DateOnly: g.DateOnly, Draft: g.Draft,
		DateText: formatDate(g.CreatedAt, g.DateOnly), DateISO: isoDate(g.CreatedAt, g.DateOnly),
	}
}

func (s *site) items(gs []*guides.Guide) []guideItem {
	out := make([]guideItem, len(gs))
	for i, g := range gs {
		out[i] = s.item(g)
	}
	return out
}

// tagLinks returns the links to the tags of a guide, each tag once, named
// as the site names it.
func (s *site) tagLinks(g *guides.Guide) []tagLink {
	var out []tagLink
	for _, t := range s.lists[s.doc(g)].tags {
		out = append(out, tagLink{Name: t.t.name, URL: s.tagPath(t.t)})
	}
	return out
}

// tagNames returns the names of the tags of a guide, each tag once.
func (s *site) tagNames(g *guides.Guide) []string {
	tags := s.lists[s.doc(g)].tags
	out := make([]string, 0, len(tags))
	for _, t := range tags {
		out = append(out, t.t.name)
	}
	return out
}

// notFoundPage is the page that answers every address that has none: it
// has no canonical URL of its own.
func (s *site) notFoundPage(sd *siteData) *pageData {
	d := &pageData{Title: "Page not found", HeadTitle: "Page not found · " + sd.Title, Description: "There is no page at this address."}
	for _, cat := range s.coll.Categories {
		d.Index = append(d.Index, categoryData{ID: cat.ID, Title: cat.Title, Description: cat.Description, URL: s.idPath(cat.ID)})
	}
	return d
}

// indexListed is how many guides of each category the index lists: the
// index stays a page of categories however many guides they hold, and each
// links to its category's page for the rest.
const indexListed = 5

// perPage is how many guides a category's page lists; a category with more
// has pages of its own at ID/page/N/.
const perPage = 100

// categoryPages is the number of pages of a category of n guides.
func categoryPages(n int) int { return max(1, (n+perPage-1)/perPage) }

// categoryFile is the file of page k of a category.
func (s *site) categoryFile(id string, k int) string {
	if k == 1 {
		return id + "/index.html"
	}
	return fmt.Sprintf("%s/page/%d/index.html", id, k)
}

// categoryURL is the URL path of page k of a category.
func (s *site) categoryURL(id string, k int) string {
	if k == 1 {
		return s.idPath(id)
	}
	return fmt.Sprintf("%spage/%d/", s.idPath(id), k)
}

func (s *site) indexPage(sd *siteData) *pageData {
	d := &pageData{
		Title:       sd.Title,
		HeadTitle:   sd.Title,
		Description: fmt.Sprintf("%s in %s.", countWord(len(s.coll.Guides), "visual guide"), countWord(len(s.coll.Categories), "category")),
		Canonical:   s.abs(sd.Home),
	}
	for _, cat := range s.coll.Categories {
		list := s.coll.GuidesIn(cat.ID)
		d.Index = append(d.Index, categoryData{
			ID: cat.ID, Title: cat.Title, Description: cat.Description, URL: s.idPath(cat.ID),
			Guides: s.items(list[:min(len(list), indexListed)]), Count: len(list),
		})
	}
	return d
}

func (s *site) categoryPage(sd *siteData, cat *guides.Category, page, pages int, body renderedBody) *pageData {
	list := s.coll.GuidesIn(cat.ID)
	from := (page - 1) * perPage
	cd := &categoryData{
		ID: cat.ID, Title: cat.Title, Description: cat.Description, URL: s.idPath(cat.ID),
		Image:  s.image(cat.Path, cat.Image, cat.Title),
		Guides: s.items(list[from:min(len(list), from+perPage)]),
		Count:  len(list),
	}
	d := &pageData{
		Title: cat.Title, HeadTitle: cat.Title + " · " + sd.Title,
		Description: cmp.Or(cat.Description, cat.Title),
		Canonical:   s.abs(s.categoryURL(cat.ID, page)), Image: s.previewImage(cd.Image.URL), Category: cd,
	}
	if page == 1 {
		cd.Body = template.HTML(body.html)
		if body.code {
			d.CodeStyle = sd.CodeStyle
		}
	}
	if pages > 1 {
		p := &pagerData{Page: page, Pages: pages}
		if page > 1 {
			p.Prev = s.categoryURL(cat.ID, page-1)
		}
		if page < pages {
			p.Next = s.categoryURL(cat.ID, page+1)
		}
		for k := 1; k <= pages; k++ {
			p.Links = append(p.Links, pageLink{Number: k, URL: s.categoryURL(cat.ID, k), Current: k == page})
		}
		d.Pager = p
		if page > 1 {
			d.HeadTitle = fmt.Sprintf("%s, page %d of %d · %s", cat.Title, page, pages, sd.Title)
		}
	}
	return d
}

// image returns the image of a category or guide to show, with its size
// when it is a file of the repository.
func (s *site) image(from, field, alt string) imageData {
	u := s.imageURL(from, field, &refRecorder{})
	if u == "" {
		return imageData{}
	}
	w, h := s.imageSize(from, field)
	return imageData{URL: u, Alt: alt, Width: w, Height: h}
}

// previewImage is the absolute URL of the image link previews show for a
// page with the image u: u itself, unless it is an SVG image, which
// previews do not show; "" for the site's own.
func (s *site) previewImage(u string) string {
	if isSVG(u) {
		return ""
	}
	return absImage(s, u)
}

func (s *site) guidePage(sd *siteData, g *guides.Guide, body renderedBody) *pageData {
	gd := &guideData{
		Item:    s.item(g),
		Image:   s.image(g.Path, g.Image, g.Title),
		Tags:    s.tagLinks(g),
		Body:    template.HTML(body.html),
		Related: s.items(s.related(g, 5)),
	}
	if body.coverShown && body.coverAlt != "" {
		gd.Image.Alt = body.coverAlt
	}
	if len(body.toc) >= tocMin {
		gd.TOC = body.toc
	}
	for i, id := range g.Categories {
		cat := s.coll.Category(id)
		if cat == nil || slices.Contains(g.Categories[:i], id) {
			continue
		}
		gd.Categories = append(gd.Categories, link{Title: cat.Title, URL: s.idPath(cat.ID)})
		list := s.coll.GuidesIn(id)
		k := int(s.lists[s.doc(g)].cats[i])
		nav := navData{Category: link{Title: cat.Title, URL: s.idPath(cat.ID)}}
		if k > 0 {
			prev := s.item(list[k-1])
			nav.Prev = &prev
		}
		if k+1 < len(list) {
			next := s.item(list[k+1])
			nav.Next = &next
		}
		gd.Nav = append(gd.Nav, nav)
	}
	gd.EditURL = s.editURL(g)
	if t, dateOnly, ok := s.updated(g); ok {
		gd.UpdatedText, gd.UpdatedISO = formatDate(t, dateOnly), isoDate(t, dateOnly)
	}
	d := &pageData{
		Title: g.Title, HeadTitle: g.Title + " · " + sd.Title,
		Description: cmp.Or(g.Description, g.Title),
		Canonical:   s.abs(gd.URL), Image: s.previewImage(gd.Image.URL), Guide: gd,
	}
	d.Article = s.article(g, gd, d.Canonical, absImage(s, gd.Image.URL))
	if body.code {
		d.CodeStyle = sd.CodeStyle
	}
	return d
}

// tocMin is how many h2 and h3 headings a guide needs for a table of
// contents: a shorter guide is seen whole at a glance.
const tocMin = 3

func (s *site) tagPage(sd *siteData, t *tag) *pageData {
	// A tag is often a category's name too: the title says which it is.
	return &pageData{
		Title: "Tag: " + t.name, HeadTitle: "Tag: " + t.name + " · " + sd.Title,
		Description: countWord(len(t.guides), "guide") + " tagged " + t.name + ".",
		Canonical:   s.abs(s.tagPath(t)),
		Tag:         &tagData{Name: t.name, Guides: s.items(t.guides)},
	}
}

func (s *site) tagsPage(sd *siteData) *pageData {
	d := &pageData{
		Title: "Tags", HeadTitle: "Tags · " + sd.Title,
		Description: countWord(len(s.tags), "tag") + " of " + sd.Title + ".",
		Canonical:   s.abs(sd.Tags),
	}
	for _, t := range s.tags {
		d.Tags = append(d.Tags, tagLink{Name: t.name, URL: s.tagPath(t), Count: len(t.guides)})
	}
	return d
}

// searchPage is the page of search results: the words and filters come
// from its address, the results from the search index.
func (s *site) searchPage(sd *siteData) *pageData {
	d := &pageData{
		Title: "Search", HeadTitle: "Search · " + sd.Title,
		Description: "Search every word of " + sd.Guides + ".",
		Canonical:   s.abs(sd.Search),
	}
	for _, cat := range s.coll.Categories {
		d.Index = append(d.Index, categoryData{ID: cat.ID, Title: cat.Title, URL: s.idPath(cat.ID)})
	}
	for _, t := range s.tags {
		d.Tags = append(d.Tags, tagLink{Name: t.name, URL: s.tagPath(t), Count: len(t.guides), Key: t.key})
	}
	return d
}

// absImage makes an image URL absolute for previews.
func absImage(s *site, u string) string {
	if u == "" || guides.Scheme(u) != "" {
		return u
	}
	return s.abs(u)
}

// relatedWindow is how far along each of a guide's tags related guides are
// looked for: near in time as well as in subject, and bounded, so that a
// tag on a hundred thousand guides costs no more than one on ten.
const relatedWindow = 24

// related returns up to n guides that share tags with g, most shared tags
// first, then nearest in time, then by id: guides have ids of their own,
// so that the order is total, and the best n are picked without sorting
// every candidate.
func (s *site) related(g *guides.Guide, n int) []*guides.Guide {
	r := relatedPool.Get().(*relatedScratch)
	defer relatedPool.Put(r)
	clear(r.at)
	r.found = r.found[:0]
	for _, t := range s.lists[s.doc(g)].tags {
		list, k := t.t.guides, t.pos
		for j := max(0, k-relatedWindow); j < min(len(list), k+relatedWindow+1); j++ {
			o := list[j]
			if o == g {
				continue
			}
			if c, ok := r.at[o]; ok {
				r.found[c].shared++
				continue
			}
			r.at[o] = len(r.found)
			d := o.CreatedAt.Sub(g.CreatedAt)
			r.found = append(r.found, relatedCandidate{g: o, shared: 1, dist: max(d, -d)})
		}
	}
	better := func(a, b relatedCandidate) bool {
		return cmp.Or(b.shared-a.shared, cmp.Compare(a.dist, b.dist), strings.Compare(a.g.ID, b.g.ID)) < 0
	}
	best := r.best[:0]
	for _, c := range r.found {
		if len(best) == n && !better(c, best[n-1]) {
			continue
		}
		i := len(best)
		if i < n {
			best = append(best, c)
		}
		for ; i > 0 && better(c, best[i-1]); i-- {
			if i < n {
				best[i] = best[i-1]
			}
		}
		if i < n {
			best[i] = c
		}
	}
	r.best = best
	out := make([]*guides.Guide, len(best))
	for i, c := range best {
		out[i] = c.g
	}
	return out
}

// relatedCandidate is a guide that shares tags with another.
type relatedCandidate struct {
	g      *guides.Guide
	shared int
	dist   time.Duration
}

// relatedScratch is the memory related works in, kept between calls.
type relatedScratch struct {
	at    map[*guides.Guide]int // index in found
	found []relatedCandidate
	best  []relatedCandidate
}

var relatedPool = sync.Pool{New: func() any { return &relatedScratch{at: map[*guides.Guide]int{}} }}
