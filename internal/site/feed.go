package site

import (
	"bytes"
	"cmp"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"slices"
	"time"

	"github.com/visual-guides/guides"
)

// feedSize is how many of the newest guides the Atom feed holds.
const feedSize = 20

// feedFrom is the index of the first of the site's guides, in production
// order (oldest first), that the feed holds.
func (s *site) feedFrom() int {
	return max(0, len(s.coll.Guides)-feedSize)
}

// Atom 1.0 (RFC 4287), the parts a feed of guides needs.
type (
	atomFeed struct {
		XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
		Lang    string      `xml:"xml:lang,attr,omitempty"`
		Title   string      `xml:"title"`
		ID      string      `xml:"id"`
		Updated string      `xml:"updated"`
		Author  atomPerson  `xml:"author"`
		Links   []atomLink  `xml:"link"`
		Entries []atomEntry `xml:"entry"`
	}
	atomPerson struct {
		Name string `xml:"name"`
	}
	atomText struct {
		Type string `xml:"type,attr"`
		Text string `xml:",chardata"`
	}
	atomLink struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr,omitempty"`
		Type string `xml:"type,attr,omitempty"`
	}
	atomEntry struct {
		Title      string         `xml:"title"`
		ID         string         `xml:"id"`
		Updated    string         `xml:"updated"`
		Published  string         `xml:"published"`
		Link       atomLink       `xml:"link"`
		Summary    string         `xml:"summary,omitempty"`
		Content    atomText       `xml:"content"`
		Categories []atomCategory `xml:"category"`
	}
	atomCategory struct {
		Term  string `xml:"term,attr"`
		Label string `xml:"label,attr,omitempty"`
	}
)

// feed returns the Atom feed of the newest guides, each whole, with every
// URL absolute so that a feed reader can follow it. Its time is the newest
// guide's, so that building twice gives the same bytes.
func (s *site) feed() ([]byte, error) {
	newest := slices.Clone(s.coll.Guides[s.feedFrom():])
	slices.Reverse(newest)
	md := newMarkdown(s, s.b.opts.Code, true)
	f := atomFeed{
		Lang:   cmp.Or(s.b.opts.Language, "en"),
		Title:  s.b.opts.Title,
		Author: atomPerson{Name: cmp.Or(s.b.opts.Author, s.b.opts.Title)},
		ID:     s.abs(s.b.root),
		Links: []atomLink{
			{Href: s.abs(s.b.root + guides.SiteFeed), Rel: "self", Type: "application/atom+xml"},
			{Href: s.abs(s.b.root), Rel: "alternate", Type: "text/html"},
		},
		Updated: stamp(time.Unix(0, 0)),
	}
	if len(newest) > 0 {
		f.Updated = stamp(newest[0].CreatedAt)
	}
	for _, g := range newest {
		page := s.abs(s.idPath(g.ID))
		pageURL, err := url.Parse(page)
		if err != nil {
			return nil, err
		}
		_, src, err := readBody(s.fsys, g.Path, g.Body)
		if err != nil {
			return nil, err
		}
		body, _, err := md.render(&renderContext{path: g.Path, rec: &refRecorder{}, page: pageURL}, src)
		if err != nil {
			return nil, fmt.Errorf("rendering %s: %w", g.Path, err)
		}
		e := atomEntry{
			Title:     g.Title,
			ID:        s.abs(s.idPath(g.ID)),
			Updated:   stamp(g.CreatedAt),
			Published: stamp(g.CreatedAt),
			Link:      atomLink{Href: s.abs(s.idPath(g.ID)), Rel: "alternate", Type: "text/html"},
			Summary:   g.Description,
			Content:   atomText{Type: "html", Text: string(body)},
		}
		for _, id := range g.Categories {
			if cat := s.coll.Category(id); cat != nil {
				e.Categories = append(e.Categories, atomCategory{Term: cat.ID, Label: cat.Title})
			}
		}
		f.Entries = append(f.Entries, e)
	}
	return marshalXML(f)
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// The sitemaps.org protocol.
type (
	urlSet struct {
		XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []sitemapURL `xml:"url"`
	}
	sitemapURL struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod,omitempty"`
	}
)

// sitemap lists every page of the site, guides with their dates.
func (s *site) sitemap(w io.Writer) error { return writeXML(w, s.sitemapSet()) }

// sitemapSet returns what the sitemap lists.
func (s *site) sitemapSet() urlSet {
	set := urlSet{URLs: []sitemapURL{{Loc: s.abs(s.b.root)}}}
	for _, cat := range s.coll.Categories {
		for k := range categoryPages(len(s.coll.GuidesIn(cat.ID))) {
			set.URLs = append(set.URLs, sitemapURL{Loc: s.abs(s.categoryURL(cat.ID, k+1))})
		}
	}
	for _, g := range s.coll.Guides {
		set.URLs = append(set.URLs, sitemapURL{Loc: s.abs(s.idPath(g.ID)), LastMod: g.CreatedAt.UTC().Format(time.DateOnly)})
	}
	set.URLs = append(set.URLs, sitemapURL{Loc: s.abs(s.b.root + guides.SiteTags + "/")})
	for _, t := range s.tags {
		set.URLs = append(set.URLs, sitemapURL{Loc: s.abs(s.tagPath(t))})
	}
	return set
}

func marshalXML(v any) ([]byte, error) {
	var buf bytes.Buffer
	if err := writeXML(&buf, v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeXML writes v to w as an XML document, indented.
func writeXML(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// indexEntry is one guide of the JSON index, for the search box and tools.
type indexEntry struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Categories  []string `json:"categories"`
	Tags        []string `json:"tags"`
	Date        string   `json:"date"`
	URL         string   `json:"url"`
}

// jsonIndex writes every guide, in production order, as a JSON array, one
// guide at a time. The encoder escapes <, > and & too, so the index is
// safe to inline anywhere.
func (s *site) jsonIndex(w io.Writer) error { return writeJSONIndex(w, s.indexEntries()) }

// indexEntries returns the guides of the JSON index, in production order.
func (s *site) indexEntries() []indexEntry {
	out := make([]indexEntry, len(s.coll.Guides))
	for i, g := range s.coll.Guides {
		out[i] = indexEntry{
			ID: g.ID, Title: g.Title, Description: g.Description,
			Categories: nonNil(g.Categories), Tags: s.tagNames(g),
			Date: stamp(g.CreatedAt), URL: s.abs(s.idPath(g.ID)),
		}
	}
	return out
}

// writeJSONIndex writes entries as a JSON array, one at a time.
func writeJSONIndex(w io.Writer, entries []indexEntry) error {
	sep := "["
	for i := range entries {
		e, err := json.Marshal(&entries[i])
		if err != nil {
			return err
		}
		if _, err := io.WriteString(w, sep); err != nil {
			return err
		}
		if _, err := w.Write(e); err != nil {
			return err
		}
		sep = ","
	}
	if sep == "[" {
		_, err := io.WriteString(w, "[]")
		return err
	}
	_, err := io.WriteString(w, "]")
	return err
}

// listFile is a file that lists every guide: the sitemap or the JSON
// index. make returns what it shows and a function that writes it: its
// key is the key of what it shows, so that a build into an earlier folder
// encodes it only when that changed.
type listFile struct {
	name string
	make func() (shown any, write func(io.Writer) error)
}

func (s *site) listFiles() []listFile {
	return []listFile{
		{guides.SiteSitemap, func() (any, func(io.Writer) error) {
			set := s.sitemapSet()
			return set, func(w io.Writer) error { return writeXML(w, set) }
		}},
		{guides.SiteJSON, func() (any, func(io.Writer) error) {
			entries := s.indexEntries()
			return entries, func(w io.Writer) error { return writeJSONIndex(w, entries) }
		}},
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
