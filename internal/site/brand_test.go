package site_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/visual-guides/guides/internal/config"
	"github.com/visual-guides/guides/internal/site"
	sitetheme "github.com/visual-guides/guides/internal/site/theme"
)

// brandOf returns the brand the settings give a site, as guides build
// makes it, with the time git history would give one guide's file.
func brandOf(cfg config.Config) site.Brand {
	b := site.Brand{
		Logo: cfg.Logo, Favicon: cfg.Favicon, AccentColor: cfg.AccentColor, AccentColorDark: cfg.AccentColorDark,
		Footer: cfg.Footer, EditURL: cfg.EditURL, LastUpdated: cfg.LastUpdated,
		Updated: map[string]time.Time{"data/guides/backfills.md": time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)},
	}
	for _, l := range cfg.Nav {
		b.Nav = append(b.Nav, sitetheme.Link{Title: l.Title, URL: l.URL})
	}
	return b
}

// brandInBrowser reads the branded collection as its readers would, in
// both themes, on a desktop and on phones: the logo, the accent colours
// on links and tags, the header's links, the footer, the links to edit
// each guide and the dates of their last change, the replaced block and
// the collection's stylesheet; nothing scrolls sideways.
func brandInBrowser(b tab, home string, cfg config.Config) {
	t := b.t
	rgb := func(hex string) string {
		c, _ := config.ParseColor(hex)
		return fmt.Sprintf("rgb(%d, %d, %d)", int(c.R*255+.5), int(c.G*255+.5), int(c.B*255+.5))
	}
	for _, width := range []int64{1280, 390, 320} {
		opts := []chromedp.EmulateViewportOption{}
		if width < 640 {
			opts = append(opts, chromedp.EmulateMobile)
		}
		b.do("opening the branded index", chromedp.EmulateViewport(width, 900, opts...), chromedp.Navigate(home), chromedp.WaitVisible(chromedp.CSS(".acme-hero")))
		where := fmt.Sprintf("at %d px", width)
		noSideways(b, where+", the branded index")
		if !value[bool](b, `visible(document.querySelector(".acme-kicker")) && getComputedStyle(document.querySelector(".acme-hero")).borderLeftWidth === "6px"`) {
			t.Errorf("%s, the replaced block or the collection's stylesheet does not show", where)
		}
		logo := value[[]string](b, `(() => { const i = document.querySelector(".brand img"); return [i.getAttribute("src"), String(visible(i) && i.complete && i.naturalWidth > 0)] })()`)
		if !strings.Contains(logo[0], "files/images/logo.svg") || logo[1] != "true" {
			t.Errorf("%s, the header's logo is %q, shown: %s", where, logo[0], logo[1])
		}
		nav := value[[]string](b, `Array.from(document.querySelectorAll(".site-nav a")).filter(visible).map(a => a.textContent.trim() + " " + a.getAttribute("href"))`)
		for _, l := range cfg.Nav {
			if !slices.Contains(nav, l.Title+" "+l.URL) {
				t.Errorf("%s, the header shows the links %q, not %s", where, nav, l.Title)
			}
		}
		footer := value[string](b, `document.querySelector(".site-footer").innerText`)
		if !strings.Contains(footer, "© 2026 Acme Corp · Privacy · Imprint") || value[string](b, `document.querySelector(".site-footer a").href`) != "https://acme.example/privacy" {
			t.Errorf("%s, the footer says %q", where, footer)
		}
		if width != 1280 {
			continue
		}
		for _, theme := range []struct{ name, accent string }{{"light", cfg.AccentColor}, {"dark", cfg.AccentColorDark}} {
			value[bool](b, `document.documentElement.dataset.theme = `+jsQuote(theme.name)+`, true`)
			if got := value[string](b, `getComputedStyle(document.querySelector(".compact a")).color`); got != rgb(theme.accent) {
				t.Errorf("in the %s theme, links are %s, not the accent colour %s", theme.name, got, rgb(theme.accent))
			}
		}
		value[bool](b, `document.documentElement.removeAttribute("data-theme"), true`)
	}
	b.do("opening a branded guide", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(home+"backfills/"), chromedp.WaitVisible(chromedp.CSS("article.guide")))
	edit := value[[]string](b, `(() => { const a = document.querySelector(".guide-footer a"); return [a.textContent, a.href, String(visible(a))] })()`)
	if edit[0] != "Edit this page" || edit[1] != cfg.EditURL+"data/guides/backfills.md" || edit[2] != "true" {
		t.Errorf("the guide's edit link is %q", edit)
	}
	if got := value[[]string](b, `Array.from(document.querySelectorAll("article time")).filter(visible).map(e => e.textContent + " " + e.getAttribute("datetime"))`); !slices.Contains(got, "2 March 2026, 09:30 UTC 2026-03-02T09:30:00Z") {
		t.Errorf("the guide's dates are %q, not its last commit's", got)
	}
	if got := value[string](b, `getComputedStyle(document.querySelector(".tags a")).color`); got != rgb(cfg.AccentColor) {
		t.Errorf("a tag's text is %s, not the accent colour", got)
	}
	b.do("opening the guide dated by its updatedAt", chromedp.Navigate(home+"ingest-pipeline/"), chromedp.WaitVisible(chromedp.CSS("article.guide")))
	if got := value[string](b, `document.querySelector(".guide-footer time").getAttribute("datetime")`); got != "2026-02-14" {
		t.Errorf("the guide without history shows the update %q, not its updatedAt", got)
	}
}

// jsonLDRE finds a page's structured data.
var jsonLDRE = regexp.MustCompile(`<script type="application/ld\+json">(.*?)</script>`)

// TestArticleSchema checks the structured data of every guide's page of
// two collections against schema.org's Article, as search engines read
// it: every property is one of Article's (or of the CreativeWork and
// Thing it is), each of its type, the dates ISO 8601, the URLs absolute,
// the headline at most 110 characters, and the properties search engines
// ask for (headline, image when the guide has one, datePublished,
// dateModified, author with a type and a name) are there.
func TestArticleSchema(t *testing.T) {
	for _, name := range []string{"browser.txtar", "branded.txtar"} {
		fsys, c, cfg := txtarCollection(t, name)
		b, err := site.NewBuilder(fsys, siteOptions(cfg))
		if err != nil {
			t.Fatal(err)
		}
		files := site.Files{}
		if err := b.Build(c, files); err != nil {
			t.Fatal(err)
		}
		for _, g := range c.Published().Guides {
			page := string(files[g.ID+"/index.html"])
			m := jsonLDRE.FindStringSubmatch(page)
			if m == nil {
				t.Errorf("%s: %s has no structured data", name, g.ID)
				continue
			}
			var a map[string]any
			if err := json.Unmarshal([]byte(m[1]), &a); err != nil {
				t.Errorf("%s: %s: the structured data is not JSON: %v", name, g.ID, err)
				continue
			}
			for _, p := range checkArticle(a, g.Image != "") {
				t.Errorf("%s: %s: %s", name, g.ID, p)
			}
		}
	}
}

// articleSchema is schema.org's Article, as far as the site writes it: each
// property (Article's own, or CreativeWork's or Thing's) with the type of
// its values.
var articleSchema = map[string]string{
	"@context": "context", "@type": "type",
	"headline": "Text", "description": "Text", "url": "URL", "mainEntityOfPage": "URL",
	"image": "[URL]", "datePublished": "Date", "dateModified": "Date",
	"author": "[Agent]", "publisher": "Agent", "inLanguage": "Text",
	"keywords": "[Text]", "articleSection": "[Text]",
}

// checkArticle returns what is wrong with an Article against articleSchema.
func checkArticle(a map[string]any, hasImage bool) []string {
	var problems []string
	required := []string{"@context", "@type", "headline", "datePublished", "dateModified", "author", "publisher", "url"}
	if hasImage {
		required = append(required, "image")
	}
	for _, k := range required {
		if _, ok := a[k]; !ok {
			problems = append(problems, "no "+k)
		}
	}
	for k, v := range a {
		typ, ok := articleSchema[k]
		if !ok {
			problems = append(problems, k+" is no property of an Article")
			continue
		}
		if p := checkValue(typ, v); p != "" {
			problems = append(problems, fmt.Sprintf("%s: %s", k, p))
		}
	}
	if h, _ := a["headline"].(string); len([]rune(h)) > 110 {
		problems = append(problems, "a headline over 110 characters")
	}
	return problems
}

// checkValue checks one value against its type in articleSchema.
func checkValue(typ string, v any) string {
	if inner, ok := strings.CutPrefix(typ, "["); ok {
		list, ok := v.([]any)
		if !ok || len(list) == 0 {
			return fmt.Sprintf("%v is not a list of %s", v, inner)
		}
		for _, item := range list {
			if p := checkValue(strings.TrimSuffix(inner, "]"), item); p != "" {
				return p
			}
		}
		return ""
	}
	s, isText := v.(string)
	switch typ {
	case "context":
		if s != "https://schema.org" {
			return fmt.Sprintf("%v is not https://schema.org", v)
		}
	case "type":
		if s != "Article" {
			return fmt.Sprintf("%v is not Article", v)
		}
	case "Text":
		if !isText || strings.TrimSpace(s) == "" {
			return fmt.Sprintf("%v is not text", v)
		}
	case "URL":
		if !isText || !(strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")) {
			return fmt.Sprintf("%v is not an absolute URL", v)
		}
	case "Date":
		if _, err := time.Parse(time.RFC3339, s); err != nil {
			if _, err := time.Parse(time.DateOnly, s); err != nil || !isText {
				return fmt.Sprintf("%v is not an ISO 8601 date", v)
			}
		}
	case "Agent":
		m, ok := v.(map[string]any)
		if !ok || (m["@type"] != "Person" && m["@type"] != "Organization") || checkValue("Text", m["name"]) != "" {
			return fmt.Sprintf("%v is not a Person or Organization with a name", v)
		}
		if u, ok := m["url"]; ok && checkValue("URL", u) != "" {
			return fmt.Sprintf("%v has a URL that is not absolute", v)
		}
	}
	return ""
}
