package theme

import (
	"html/template"
	"time"
)

// The values templates receive, from the top: every page is given a
// *Page. Every string in them is plain text or a URL; html/template
// escapes each for where it lands.
type (
	// Page is one page of the site.
	Page struct {
		Site        *Site
		Kind        string // index, category, guide, tag, tags, search or 404
		Title       string
		HeadTitle   string
		Description string
		Canonical   string
		Image       string // absolute URL for previews
		// CodeStyle is the URL of the stylesheet of highlighted code, for
		// a page that shows code; "" for the others, which do not load it.
		CodeStyle string
		Index     []Category
		Category  *Category
		Guide     *Guide
		Tag       *Tag
		Tags      []TagLink
		// Pager links the pages of a category too long for one.
		Pager *Pager
		// Article is the page's schema.org Article, as JSON-LD: set on
		// guides' pages.
		Article *Article
	}
	// Pager links the pages of a long category.
	Pager struct {
		Page, Pages int
		Prev, Next  string // URL paths, or ""
		Links       []PageLink
	}
	// PageLink is a link to one page of a long category.
	PageLink struct {
		Number  int
		URL     string
		Current bool
	}
	// Site is what every page shares.
	Site struct {
		Title      string
		Home       string // URL path of the index
		Feed       string
		JSON       string
		Tags       string
		Search     string // the search page, beside the search index
		Lang       string // the language of the pages, for <html lang>
		LiveReload string
		GuideCount int
		Guides     string // "15 guides"
		// The URLs of the theme's assets, also given by Asset. CustomStyle
		// is the collection's own stylesheet, layouts/assets/custom.css,
		// or "".
		Style, Script, Icon, CodeStyle, CustomStyle string
		// Brand is what the collection's settings give the site.
		Brand Brand
		// Assets holds the URL of every asset by name, for Asset.
		Assets map[string]string `json:"-"`
	}
	// Brand is the site's look and links, from the collection's
	// settings.
	Brand struct {
		// Logo is the URL of the logo shown in the header, or "" for the
		// site's icon.
		Logo string
		// Favicon is the URL of the icon browsers show, and IconType its
		// media type.
		Favicon, IconType string
		// AccentStyle holds the CSS custom properties of the accent
		// colours, for a <style> element; "" for the built-in ones.
		AccentStyle template.CSS
		Nav         []Link
		// Footer is the footer's text, rendered from inline markdown.
		Footer template.HTML
		// EditURL is set when guides have an "Edit this page" link.
		EditURL string
	}
	// Link is a titled link.
	Link struct {
		Title, URL string
	}
	// TagLink is a link to a tag's page.
	TagLink struct {
		Name, URL string
		Count     int
		Key       string // the tag's identity (guides.TagKey)
	}
	// Item is a guide in a list.
	Item struct {
		ID, Title, Description, URL string
		Doc                         int // the guide's number in the search index
		Date                        time.Time
		DateOnly, Draft             bool
		// The date for people and for a datetime attribute, as the date and
		// iso functions format it.
		DateText, DateISO string
	}
	// Category is a category, on its page or in the index.
	Category struct {
		ID, Title, Description, URL string
		Image                       Image
		Body                        template.HTML
		Guides                      []Item
		// Count is the number of the category's guides; on the index,
		// Guides holds the first few of them.
		Count int
	}
	// Guide is a guide on its page.
	Guide struct {
		Item
		Image      Image
		Categories []Link
		Tags       []TagLink
		Body       template.HTML
		TOC        []TOCEntry // the headings, for guides with enough of them
		Nav        []Nav
		Related    []Item
		// Updated is when the guide last changed, for people and for a
		// datetime attribute; "" when it is not known or not shown.
		UpdatedText, UpdatedISO string
		// EditURL is where the guide's file is edited, or "".
		EditURL string
	}
	// Image is an image to show: its URL, alternative text, and size
	// when it is known (0 when not).
	Image struct {
		URL, Alt      string
		Width, Height int
	}
	// Nav is the previous and next guide of one of a guide's categories.
	Nav struct {
		Category   Link
		Prev, Next *Item
	}
	// Tag is a tag on its page.
	Tag struct {
		Name   string
		Guides []Item
	}
	// TOCEntry is a heading of a body, for its table of contents.
	TOCEntry struct {
		Level int    // 2 or 3
		ID    string // the id the page gives the heading
		Text  string
	}
	// Article is a schema.org Article, written into a guide's page as
	// JSON-LD for search engines.
	Article struct {
		Context       string         `json:"@context"`
		Type          string         `json:"@type"`
		Headline      string         `json:"headline"`
		Description   string         `json:"description,omitempty"`
		URL           string         `json:"url"`
		MainEntity    string         `json:"mainEntityOfPage"`
		Image         []string       `json:"image,omitempty"`
		DatePublished string         `json:"datePublished"`
		DateModified  string         `json:"dateModified"`
		Author        []ArticleAgent `json:"author"`
		Publisher     ArticleAgent   `json:"publisher"`
		InLanguage    string         `json:"inLanguage"`
		Keywords      []string       `json:"keywords,omitempty"`
		Section       []string       `json:"articleSection,omitempty"`
	}
	// ArticleAgent is the author or publisher of an Article.
	ArticleAgent struct {
		Type string `json:"@type"`
		Name string `json:"name"`
		URL  string `json:"url,omitempty"`
	}
)

// Asset returns the URL path of a theme asset, with a version that changes
// with its content, so that browsers never keep a stale copy.
func (s *Site) Asset(name string) string { return s.Assets[name] }
