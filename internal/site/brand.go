package site

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/visual-guides/guides"
	sitetheme "github.com/visual-guides/guides/internal/site/theme"
)

// Brand is the site's look and links, as a collection's settings give
// them (package config checks each).
type Brand struct {
	// Logo and Favicon are a file of the repository, from its root, or an
	// https URL; "" for the theme's.
	Logo, Favicon string
	// AccentColor and AccentColorDark are "#rrggbb", or "" for the
	// theme's.
	AccentColor, AccentColorDark string
	// Nav holds the links of the header, after the site's own.
	Nav []sitetheme.Link
	// Footer is a line of inline markdown for the footer.
	Footer string
	// EditURL, when set, is followed by the path of a guide's file for
	// its "Edit this page" link.
	EditURL string
	// LastUpdated shows when each guide last changed: the time Updated
	// gives for its file, else its updatedAt key.
	LastUpdated bool
	Updated     map[string]time.Time // by the file's path from the root
}

// settingsFile is where the settings are written, from which the paths of
// logo and favicon are read.
const settingsFile = "guides.yaml"

// accentVars are the custom properties of the theme's stylesheet that the
// accent colours set, with the theme's own light and dark values. The
// soft background is the accent mixed into the page's background, as
// package config checks it.
var accentVars = []struct{ name, light, dark string }{
	{"--accent", "#0969da", "#4493f8"},
	{"--accent-link", "#0860c9", "#6cb0ff"},
	{"--accent-text", "#0550ae", "#8cc1ff"},
	{"--focus", "#0860c9", "#79b8ff"},
}

// brandData returns what the pages show of the brand. Repository files it
// names are added to rec, to be published.
func (s *site) brandData(rec *refRecorder) sitetheme.Brand {
	br := s.b.opts.Brand
	d := sitetheme.Brand{Nav: br.Nav, EditURL: br.EditURL}
	if br.Logo != "" {
		d.Logo = s.imageURL(settingsFile, br.Logo, rec)
	}
	if br.Favicon != "" {
		d.Favicon = s.imageURL(settingsFile, br.Favicon, rec)
		d.IconType = iconType(br.Favicon)
	}
	if br.AccentColor != "" || br.AccentColorDark != "" {
		d.AccentStyle = accentStyle(br.AccentColor, br.AccentColorDark)
	}
	if br.Footer != "" {
		md := newMarkdown(s, nil, false)
		rc := &renderContext{path: settingsFile, rec: rec}
		html, _, err := md.render(rc, []byte(br.Footer))
		if err == nil {
			html = bytes.TrimSpace(html)
			html = bytes.TrimSuffix(bytes.TrimPrefix(html, []byte("<p>")), []byte("</p>"))
			d.Footer = template.HTML(html)
		}
	}
	return d
}

// accentStyle writes the custom properties of the accent colours; a theme
// without its own keeps the theme's.
func accentStyle(light, dark string) template.CSS {
	var b strings.Builder
	b.WriteString(":root{")
	for _, v := range accentVars {
		fmt.Fprintf(&b, "%s:light-dark(%s,%s);", v.name, cmp.Or(light, v.light), cmp.Or(dark, v.dark))
	}
	soft := [2]string{"#ddf4ff", "#1a2a44"}
	if light != "" {
		soft[0] = fmt.Sprintf("color-mix(in srgb,%s 12%%,#ffffff)", light)
	}
	if dark != "" {
		soft[1] = fmt.Sprintf("color-mix(in srgb,%s 12%%,#0f1117)", dark)
	}
	fmt.Fprintf(&b, "--accent-soft:light-dark(%s,%s)}", soft[0], soft[1])
	return template.CSS(b.String())
}

// iconType is the media type of an icon, by its name's extension.
func iconType(name string) string {
	if i := strings.IndexAny(name, "?#"); i >= 0 {
		name = name[:i]
	}
	switch strings.ToLower(path.Ext(name)) {
	case ".svg":
		return "image/svg+xml"
	case ".png":
		return "image/png"
	case ".ico":
		return "image/x-icon"
	}
	return ""
}

// editURL returns where the file of g is edited, or "".
func (s *site) editURL(g *guides.Guide) string {
	base := s.b.opts.Brand.EditURL
	if base == "" {
		return ""
	}
	segs := strings.Split(g.Path, "/")
	for i, seg := range segs {
		segs[i] = url.PathEscape(seg)
	}
	return base + strings.Join(segs, "/")
}

// updated returns when g last changed, and whether that is a date alone:
// the last commit of its file, else its updatedAt key; ok is false when
// neither is known, or the site shows no such dates.
func (s *site) updated(g *guides.Guide) (t time.Time, dateOnly, ok bool) {
	br := s.b.opts.Brand
	if !br.LastUpdated {
		return time.Time{}, false, false
	}
	if t, ok := br.Updated[g.Path]; ok {
		return t, false, true
	}
	if !g.UpdatedAt.IsZero() {
		return g.UpdatedAt, g.UpdatedDateOnly, true
	}
	return time.Time{}, false, false
}

// maxHeadline is the longest headline search engines show of an Article.
const maxHeadline = 110

// article returns the schema.org Article of a guide's page.
func (s *site) article(g *guides.Guide, gd *guideData, canonical, image string) *sitetheme.Article {
	a := &sitetheme.Article{
		Context: "https://schema.org", Type: "Article",
		Headline: truncate(g.Title, maxHeadline), Description: g.Description,
		URL: canonical, MainEntity: canonical,
		DatePublished: isoDate(g.CreatedAt, g.DateOnly), DateModified: isoDate(g.CreatedAt, g.DateOnly),
		InLanguage: s.sd.Lang,
		Publisher:  sitetheme.ArticleAgent{Type: "Organization", Name: s.sd.Title, URL: s.abs(s.sd.Home)},
	}
	if t, dateOnly, ok := s.updated(g); ok {
		a.DateModified = isoDate(t, dateOnly)
	}
	author := sitetheme.ArticleAgent{Type: "Organization", Name: s.sd.Title, URL: s.abs(s.sd.Home)}
	if s.b.opts.Author != "" {
		author = sitetheme.ArticleAgent{Type: "Person", Name: s.b.opts.Author}
	}
	a.Author = []sitetheme.ArticleAgent{author}
	if image != "" {
		a.Image = []string{image}
	}
	for _, t := range gd.Tags {
		a.Keywords = append(a.Keywords, t.Name)
	}
	for _, c := range gd.Categories {
		a.Section = append(a.Section, c.Title)
	}
	return a
}

// truncate shortens s to at most n characters, ending with an ellipsis.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
