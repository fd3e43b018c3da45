// Package config reads guides.yaml, the optional settings file at the root
// of a collection, and checks settings however they were given.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"path/filepath"
	"regexp"
	"regexp/syntax"
	"strings"

	"golang.org/x/text/language"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/frontmatter"
	"github.com/visual-guides/guides/internal/suggest"
	"github.com/visual-guides/guides/internal/textctl"
)

// FileName is the settings file looked for at the root of a collection.
const FileName = "guides.yaml"

// LinkMode says where README links point.
type LinkMode string

// The link modes.
const (
	// LinkSite links every entry to its page on the site, BaseURL/ID.
	LinkSite LinkMode = "site"
	// LinkFiles links every entry to its markdown file, relative to the
	// README, for repositories without a site.
	LinkFiles LinkMode = "files"
)

// DefaultBaseURL is where the guides of the original collection live.
const DefaultBaseURL = "https://bytebytego.com/guides"

// Config holds the settings of a collection.
type Config struct {
	// BaseURL is the URL of the site's index; a guide's page is
	// BaseURL/ID. No trailing slash.
	BaseURL string
	// GuidesDir and CategoriesDir are the data folders, slash-separated
	// and relative to the root.
	GuidesDir     string
	CategoriesDir string
	// Readme is the file whose table of contents is kept in sync.
	Readme string
	// LinkMode says where README links point.
	LinkMode LinkMode
	// Title is the name of the site, shown in its header and feed.
	Title string
	// Author is who the feed names as the guides' author; "" means the
	// title.
	Author string
	// Language is the language the guides are written in, a BCP 47 tag
	// such as "en" or "pt-BR"; "" means "en".
	Language string
	// LinkCache is the file where "check --links" keeps its results,
	// relative to the root, or "" for the user's cache folder.
	LinkCache string
	// LinkExclude holds regular expressions (RE2 syntax) of URLs that
	// "check --links" leaves alone.
	LinkExclude []string
	// Output is the folder "guides build" writes the site to: relative to
	// the root, or absolute.
	Output string
	// Logo and Favicon are the site's logo in its header and its icon in
	// browsers: a file of the repository, relative to the root, or an
	// https URL; "" for the theme's.
	Logo, Favicon string
	// AccentColor and AccentColorDark are the colours of links, focus
	// rings and highlights in the light and the dark theme, as "#rrggbb";
	// "" for the theme's.
	AccentColor, AccentColorDark string
	// Nav holds the links of the site's header, after its own.
	Nav []NavLink
	// Footer is a line of inline markdown for the site's footer.
	Footer string
	// EditURL, when set, gives every guide's page a link "Edit this page":
	// EditURL followed by the path of the guide's file from the root.
	EditURL string
	// LastUpdated shows on every guide's page when it last changed: the
	// time of the last commit of its file, else its updatedAt key.
	LastUpdated bool
	// WatchIgnore holds the folders, relative to the root, whose files
	// "guides serve" does not watch: folders of tools with many files
	// that no page is built from. Hidden folders and built sites are
	// never watched.
	WatchIgnore []string
}

// Default returns the settings of the original collection's layout.
func Default() Config {
	return Config{
		BaseURL:       DefaultBaseURL,
		GuidesDir:     "data/guides",
		CategoriesDir: "data/categories",
		Readme:        "README.md",
		LinkMode:      LinkSite,
		Title:         "Guides",
		Output:        "public",
		WatchIgnore:   []string{"node_modules"},
	}
}

// Keys returns the keys guides.yaml may hold, in the order they are
// documented.
func Keys() []string {
	return []string{"baseURL", "guidesDir", "categoriesDir", "readme", "linkMode", "title", "author", "language", "linkCache", "linkExclude", "output", "watchIgnore",
		"logo", "favicon", "accentColor", "accentColorDark", "nav", "footer", "editURL", "lastUpdated"}
}

// Error is a problem with a setting.
type Error struct {
	Path string     // the settings file, or "" for a flag
	Pos  guides.Pos // where in the file
	Msg  string
}

func (e *Error) Error() string {
	if e.Path == "" {
		return e.Msg
	}
	if !e.Pos.IsValid() {
		return e.Path + ": " + e.Msg
	}
	return e.Path + ":" + e.Pos.String() + ": " + e.Msg
}

// Load reads the settings file name from fsys over the defaults. A missing
// file gives the defaults and no error. The error is *Error, or an I/O
// error.
func Load(fsys fs.FS, name string) (Config, error) {
	cfg := Default()
	src, err := fs.ReadFile(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return cfg, nil
	}
	if err != nil {
		return cfg, fmt.Errorf("reading %s: %w", name, err)
	}
	fields, err := frontmatter.Parse(src, 1)
	var fe *frontmatter.Error
	if errors.As(err, &fe) {
		return cfg, &Error{Path: name, Pos: guides.Pos(fe.Pos), Msg: fe.Msg}
	}
	if err != nil {
		return cfg, err
	}
	for _, f := range fields {
		v := f.Value
		fail := func(msg string) error { return &Error{Path: name, Pos: guides.Pos(v.Pos), Msg: f.Key + " " + msg} }
		switch f.Key {
		case "linkExclude":
			if cfg.LinkExclude, err = linkExclude(name, v); err != nil {
				return cfg, err
			}
			continue
		case "watchIgnore":
			if cfg.WatchIgnore, err = folders(name, f.Key, v); err != nil {
				return cfg, err
			}
			continue
		}
		if ok, err := brandSetting(&cfg, fsys, name, f); ok {
			if err != nil {
				return cfg, err
			}
			continue
		}
		if v.Kind != frontmatter.String {
			return cfg, fail("must be text, not " + v.Kind.String())
		}
		var err error
		switch f.Key {
		case "baseURL":
			cfg.BaseURL, err = CleanBaseURL(v.Text)
		case "guidesDir":
			cfg.GuidesDir, err = CleanDir(v.Text)
		case "categoriesDir":
			cfg.CategoriesDir, err = CleanDir(v.Text)
		case "readme":
			cfg.Readme, err = CleanDir(v.Text)
		case "linkMode":
			cfg.LinkMode, err = ParseLinkMode(v.Text)
		case "title":
			cfg.Title = v.Text
		case "author":
			cfg.Author = strings.TrimSpace(v.Text)
			if cfg.Author == "" || textctl.Find(v.Text, "") >= 0 {
				err = fmt.Errorf("%s is not a name: write the author's name, on one line", guides.Quote(v.Text))
			}
		case "language":
			cfg.Language, err = ParseLanguage(v.Text)
		case "linkCache":
			cfg.LinkCache, err = CleanDir(v.Text)
		case "output":
			cfg.Output, err = CleanOutput(v.Text)
		default:
			msg := fmt.Sprintf("unknown setting %q", f.Key)
			if s := suggest.Closest(f.Key, Keys(), 1); len(s) > 0 {
				msg += fmt.Sprintf("; did you mean %q?", s[0])
			}
			return cfg, &Error{Path: name, Pos: guides.Pos(f.KeyPos), Msg: msg}
		}
		if err != nil {
			return cfg, fail(err.Error())
		}
	}
	return cfg, nil
}

// linkExclude reads the value of linkExclude: a regular expression, or a
// list of them.
func linkExclude(file string, v frontmatter.Node) ([]string, error) {
	items := []frontmatter.Node{v}
	if v.Kind == frontmatter.List {
		items = v.Items
	}
	var out []string
	for _, it := range items {
		if it.Kind != frontmatter.String {
			return nil, &Error{Path: file, Pos: guides.Pos(it.Pos), Msg: "linkExclude must be a regular expression or a list of them, not " + it.Kind.String()}
		}
		if err := CheckRegexp(it.Text); err != nil {
			return nil, &Error{Path: file, Pos: guides.Pos(it.Pos), Msg: "linkExclude " + err.Error()}
		}
		out = append(out, it.Text)
	}
	return out, nil
}

// folders reads a list of folders relative to the root, or one folder.
func folders(file, key string, v frontmatter.Node) ([]string, error) {
	items := []frontmatter.Node{v}
	if v.Kind == frontmatter.List {
		items = v.Items
	}
	out := []string{}
	for _, it := range items {
		if it.Kind != frontmatter.String {
			return nil, &Error{Path: file, Pos: guides.Pos(it.Pos), Msg: key + " must be a folder or a list of folders, not " + it.Kind.String()}
		}
		dir, err := CleanDir(it.Text)
		if err != nil {
			return nil, &Error{Path: file, Pos: guides.Pos(it.Pos), Msg: key + " " + err.Error()}
		}
		out = append(out, dir)
	}
	return out, nil
}

// CheckRegexp checks that s is a regular expression of Go's syntax (RE2).
func CheckRegexp(s string) error {
	if _, err := regexp.Compile(s); err != nil {
		var re *syntax.Error
		if errors.As(err, &re) {
			return fmt.Errorf("%s is not a regular expression: %s", guides.Quote(s), re.Code)
		}
		return fmt.Errorf("%s is not a regular expression: %w", guides.Quote(s), err)
	}
	return nil
}

// CleanBaseURL checks that s is an absolute http or https URL and removes a
// trailing slash.
func CleanBaseURL(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return "", fmt.Errorf("%q is not an absolute http or https URL such as https://example.org/guides", s)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("%q has a query or fragment; a base URL is a folder of pages", s)
	}
	return strings.TrimRight(s, "/"), nil
}

// CleanDir checks that p is a relative path inside the collection and
// returns it in clean, slash-separated form.
func CleanDir(p string) (string, error) {
	c := path.Clean(strings.ReplaceAll(p, "\\", "/"))
	if p == "" || !fs.ValidPath(c) {
		return "", fmt.Errorf("%q is not a relative path inside the collection", p)
	}
	return c, nil
}

// CleanOutput checks that p names a folder to build the site into:
// relative to the root, or absolute.
func CleanOutput(p string) (string, error) {
	if strings.TrimSpace(p) == "" {
		return "", errors.New("is empty: name the folder to build the site into, such as public")
	}
	return filepath.Clean(p), nil
}

// ParseLanguage checks that s is a BCP 47 language tag such as "en" or
// "pt-BR", and returns it in its canonical form.
func ParseLanguage(s string) (string, error) {
	tag, err := language.Parse(s)
	if err != nil || strings.TrimSpace(s) != s {
		return "", fmt.Errorf("%s is not a language tag such as \"en\" or \"pt-BR\"", guides.Quote(s))
	}
	return tag.String(), nil
}

// ParseLinkMode parses "site" or "files".
func ParseLinkMode(s string) (LinkMode, error) {
	switch m := LinkMode(s); m {
	case LinkSite, LinkFiles:
		return m, nil
	}
	return "", fmt.Errorf("%q is not a link mode: use %q or %q", s, LinkSite, LinkFiles)
}
