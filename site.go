package guides

import "strings"

// The names the site writes at its root, beside one folder per category and
// guide. The site builder writes its root files under these names and no
// others, and no category or guide may take one as its id (the
// reserved-id rule): both read this one list.
const (
	SiteIndex    = "index.html"
	SiteNotFound = "404.html"
	SiteFeed     = "feed.xml"
	SiteSitemap  = "sitemap.xml"
	SiteJSON     = "index.json"
	SiteTags     = "tags"     // tags/ and tags/TAG/
	SiteAssets   = "assets"   // the theme's stylesheets, scripts and icons
	SiteFiles    = "files"    // repository files that guides link to
	SiteSearch   = "search"   // the search page and the search index
	SiteHeaders  = "_headers" // the HTTP headers static hosts such as Netlify and Cloudflare Pages send
)

// LayoutsDir is the folder of a collection whose files replace the site's
// templates and assets.
const LayoutsDir = "layouts"

// SiteRootNames returns every name the site writes at its root, other than
// the folders of categories and guides.
func SiteRootNames() []string {
	return []string{SiteIndex, SiteNotFound, SiteFeed, SiteSitemap, SiteJSON, SiteTags, SiteAssets, SiteFiles, SiteSearch, SiteHeaders}
}

// IsReservedID reports whether id is one of the site's own names (see
// SiteRootNames), in any case: on a file system that ignores case, a
// guide "Feed.xml" would still take the place of the feed.
func IsReservedID(id string) bool {
	if len(id) > len(SiteSitemap) {
		return false // longer than the longest name: most ids are
	}
	for _, name := range SiteRootNames() {
		if strings.EqualFold(id, name) {
			return true
		}
	}
	return false
}
