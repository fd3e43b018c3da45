package config

import (
	"fmt"
	"io/fs"
	"math"
	"net/url"
	"strconv"
	"strings"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/frontmatter"
	"github.com/visual-guides/guides/internal/textctl"
)

// NavLink is a link of the site's header.
type NavLink struct {
	Title, URL string
}

// The backgrounds each theme of the site shows text on (its page, its
// surfaces, its cards), which an accent colour must stand out from.
var (
	LightBackgrounds = []string{"#ffffff", "#f6f8fa"}
	DarkBackgrounds  = []string{"#0f1117", "#161b22", "#1b2230"}
)

// MinContrast is the least contrast an accent colour must have with every
// background of its theme: WCAG AA's for text, since links are text.
const MinContrast = 4.5

// SoftMix is how much of the accent colour the soft backgrounds of tags
// and badges take, mixed into the page's background; the accent colour
// is their text.
const SoftMix = 0.12

// brandSetting reads the settings of the site's look and links; ok is
// false for a key that is not one of them.
func brandSetting(cfg *Config, fsys fs.FS, name string, f frontmatter.Field) (ok bool, err error) {
	v := f.Value
	fail := func(msg string) error { return &Error{Path: name, Pos: guides.Pos(v.Pos), Msg: f.Key + " " + msg} }
	text := func() (string, error) {
		if v.Kind != frontmatter.String {
			return "", fail("must be text, not " + v.Kind.String())
		}
		return v.Text, nil
	}
	var s string
	switch f.Key {
	case "nav":
		cfg.Nav, err = navLinks(name, v)
		return true, err
	case "lastUpdated":
		if v.Kind != frontmatter.Bool {
			return true, fail("must be true or false, not " + v.Kind.String())
		}
		cfg.LastUpdated = strings.EqualFold(v.Text, "true")
		return true, nil
	case "logo", "favicon", "accentColor", "accentColorDark", "footer", "editURL":
		if s, err = text(); err != nil {
			return true, err
		}
	default:
		return false, nil
	}
	switch f.Key {
	case "logo":
		cfg.Logo, err = fileOrURL(fsys, s)
	case "favicon":
		cfg.Favicon, err = fileOrURL(fsys, s)
	case "accentColor":
		cfg.AccentColor, err = CheckAccent(s, LightBackgrounds, "light")
	case "accentColorDark":
		cfg.AccentColorDark, err = CheckAccent(s, DarkBackgrounds, "dark")
	case "footer":
		cfg.Footer = strings.TrimSpace(s)
		if textctl.Find(s, "") >= 0 || strings.ContainsAny(cfg.Footer, "\n\r") {
			err = fmt.Errorf("%s is not one line of text: write the footer's text, with markdown links, on one line", guides.Quote(s))
		}
	case "editURL":
		cfg.EditURL, err = editURL(s)
	}
	if err != nil {
		return true, fail(err.Error())
	}
	return true, nil
}

// navLinks reads the value of nav: a list of mappings, each with a title
// and a url.
func navLinks(file string, v frontmatter.Node) ([]NavLink, error) {
	if v.Kind != frontmatter.List {
		return nil, &Error{Path: file, Pos: guides.Pos(v.Pos), Msg: "nav must be a list of links, each {title: …, url: …}, not " + v.Kind.String()}
	}
	out := []NavLink{}
	for _, it := range v.Items {
		if it.Kind != frontmatter.Map {
			return nil, &Error{Path: file, Pos: guides.Pos(it.Pos), Msg: "nav: each link is {title: …, url: …}, not " + it.Kind.String()}
		}
		var l NavLink
		for _, fl := range it.Fields {
			if fl.Value.Kind != frontmatter.String {
				return nil, &Error{Path: file, Pos: guides.Pos(fl.Value.Pos), Msg: "nav: " + fl.Key + " must be text, not " + fl.Value.Kind.String()}
			}
			var err error
			switch fl.Key {
			case "title":
				l.Title = strings.TrimSpace(fl.Value.Text)
				if l.Title == "" || textctl.Find(fl.Value.Text, "") >= 0 {
					err = fmt.Errorf("nav: title %s is not a title on one line", guides.Quote(fl.Value.Text))
				}
			case "url":
				l.URL, err = linkURL(fl.Value.Text)
			default:
				return nil, &Error{Path: file, Pos: guides.Pos(fl.KeyPos), Msg: fmt.Sprintf("nav: a link has a title and a url, not %q", fl.Key)}
			}
			if err != nil {
				return nil, &Error{Path: file, Pos: guides.Pos(fl.Value.Pos), Msg: err.Error()}
			}
		}
		if l.Title == "" || l.URL == "" {
			return nil, &Error{Path: file, Pos: guides.Pos(it.Pos), Msg: "nav: a link needs a title and a url"}
		}
		out = append(out, l)
	}
	return out, nil
}

// linkURL checks a URL of a link of the header: an absolute http, https
// or mailto URL, or a path of the site's host (/about/).
func linkURL(s string) (string, error) {
	u, err := url.Parse(s)
	switch {
	case err != nil || textctl.Find(s, "") >= 0:
	case u.Scheme == "https" || u.Scheme == "http":
		if u.Host != "" {
			return s, nil
		}
	case u.Scheme == "mailto" && u.Opaque != "":
		return s, nil
	case u.Scheme == "" && u.Host == "" && strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//"):
		return s, nil
	}
	return "", fmt.Errorf("nav: url %s is not an absolute http(s) or mailto URL, or a path such as /about/", guides.Quote(s))
}

// fileOrURL checks the value of logo or favicon: an https URL, or a file
// of the repository, which must be there.
func fileOrURL(fsys fs.FS, s string) (string, error) {
	switch guides.Scheme(s) {
	case "https":
		if u, err := url.Parse(s); err == nil && u.Host != "" {
			return s, nil
		}
	case "":
		p, err := CleanDir(s)
		if err != nil {
			return "", err
		}
		info, err := fs.Stat(fsys, p)
		if err != nil || !info.Mode().IsRegular() {
			return "", fmt.Errorf("%q is not a file of the repository", s)
		}
		return p, nil
	}
	return "", fmt.Errorf("%s is not an https URL or a file of the repository", guides.Quote(s))
}

// editURL checks the value of editURL: an absolute http(s) URL that the
// path of a file follows, so ending with a slash.
func editURL(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("%s is not an absolute http(s) URL such as https://github.com/OWNER/REPO/edit/main/", guides.Quote(s))
	}
	if !strings.HasSuffix(s, "/") {
		return "", fmt.Errorf("%s does not end with /: the path of a guide's file follows it", guides.Quote(s))
	}
	return s, nil
}

// CheckAccent checks that s is a colour "#rgb" or "#rrggbb" whose contrast
// with every background of its theme, and with the soft background it
// makes on them, is MinContrast or more; it returns it as "#rrggbb". The
// error says the lowest contrast, and the nearest colour of the same hue
// that passes.
func CheckAccent(s string, backgrounds []string, theme string) (string, error) {
	c, ok := ParseColor(s)
	if !ok {
		return "", fmt.Errorf("%s is not a colour such as \"#6d28d9\"", guides.Quote(s))
	}
	ratio, bg := lowestContrast(c, backgrounds)
	if ratio >= MinContrast {
		return c.Hex(), nil
	}
	return "", fmt.Errorf("%s has a contrast of %.2f:1 with %s of the %s theme, under the %.1f:1 that WCAG AA asks of text: the nearest colour of its hue that passes is %q",
		guides.Quote(s), ratio, bg, theme, MinContrast, NearestAccent(c, backgrounds).Hex())
}

// lowestContrast returns the lowest contrast of c with the backgrounds
// and with the soft background it makes on each, and which background
// that is.
func lowestContrast(c Color, backgrounds []string) (float64, string) {
	lowest, which := math.Inf(1), ""
	for _, b := range backgrounds {
		bg, _ := ParseColor(b)
		if r := Contrast(c, bg); r < lowest {
			lowest, which = r, "the background "+bg.Hex()
		}
		if r := Contrast(c, Mix(c, bg, SoftMix)); r < lowest {
			lowest, which = r, "its own soft background "+Mix(c, bg, SoftMix).Hex()+" (of tags and badges)"
		}
	}
	return lowest, which
}

// NearestAccent returns the colour nearest to c, of its hue and
// saturation, whose contrast with the backgrounds passes: c darkened on
// light backgrounds, lightened on dark ones.
func NearestAccent(c Color, backgrounds []string) Color {
	h, s, l := c.HSL()
	bg, _ := ParseColor(backgrounds[0])
	_, _, bl := bg.HSL()
	lo, hi := 0.0, l // darker, on a light background
	if bl < 0.5 {
		lo, hi = l, 1 // lighter, on a dark one
	}
	pass := func(l float64) bool { r, _ := lowestContrast(FromHSL(h, s, l), backgrounds); return r >= MinContrast }
	for range 40 {
		mid := (lo + hi) / 2
		if pass(mid) == (bl < 0.5) {
			hi = mid
		} else {
			lo = mid
		}
	}
	l, step := lo, -0.002
	if bl < 0.5 {
		l, step = hi, 0.002
	}
	// The colour is written in whole steps of 1/255: the one written must
	// pass too.
	for {
		written, _ := ParseColor(FromHSL(h, s, l).Hex())
		if r, _ := lowestContrast(written, backgrounds); r >= MinContrast || l <= 0 || l >= 1 {
			return written
		}
		l = math.Max(0, math.Min(1, l+step))
	}
}

// Color is an sRGB colour, each channel from 0 to 1.
type Color struct{ R, G, B float64 }

// ParseColor reads "#rgb" or "#rrggbb".
func ParseColor(s string) (Color, bool) {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "#") {
		return Color{}, false
	}
	h := s[1:]
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	if len(h) != 6 {
		return Color{}, false
	}
	v, err := strconv.ParseUint(h, 16, 32)
	if err != nil {
		return Color{}, false
	}
	return Color{float64(v>>16) / 255, float64(v>>8&0xff) / 255, float64(v&0xff) / 255}, true
}

// Hex writes c as "#rrggbb".
func (c Color) Hex() string {
	ch := func(v float64) int { return int(math.Round(math.Max(0, math.Min(1, v)) * 255)) }
	return fmt.Sprintf("#%02x%02x%02x", ch(c.R), ch(c.G), ch(c.B))
}

// Luminance is WCAG's relative luminance of c.
func (c Color) Luminance() float64 {
	lin := func(v float64) float64 {
		v = math.Round(v*255) / 255
		if v <= 0.04045 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// Contrast is WCAG's contrast ratio of two colours, from 1 to 21.
func Contrast(a, b Color) float64 {
	la, lb := a.Luminance(), b.Luminance()
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

// Mix returns c mixed into bg, as CSS's color-mix(in srgb, c P%, bg)
// does for P = 100·amount.
func Mix(c, bg Color, amount float64) Color {
	m := func(a, b float64) float64 { return a*amount + b*(1-amount) }
	return Color{m(c.R, bg.R), m(c.G, bg.G), m(c.B, bg.B)}
}

// HSL returns the hue (0 to 360), saturation and lightness of c.
func (c Color) HSL() (h, s, l float64) {
	mx, mn := math.Max(c.R, math.Max(c.G, c.B)), math.Min(c.R, math.Min(c.G, c.B))
	l = (mx + mn) / 2
	if mx == mn {
		return 0, 0, l
	}
	d := mx - mn
	s = d / (1 - math.Abs(2*l-1))
	switch mx {
	case c.R:
		h = math.Mod((c.G-c.B)/d, 6)
	case c.G:
		h = (c.B-c.R)/d + 2
	default:
		h = (c.R-c.G)/d + 4
	}
	h *= 60
	if h < 0 {
		h += 360
	}
	return h, s, l
}

// FromHSL returns the colour of a hue, saturation and lightness.
func FromHSL(h, s, l float64) Color {
	c := (1 - math.Abs(2*l-1)) * s
	x := c * (1 - math.Abs(math.Mod(h/60, 2)-1))
	m := l - c/2
	var r, g, b float64
	switch {
	case h < 60:
		r, g, b = c, x, 0
	case h < 120:
		r, g, b = x, c, 0
	case h < 180:
		r, g, b = 0, c, x
	case h < 240:
		r, g, b = 0, x, c
	case h < 300:
		r, g, b = x, 0, c
	default:
		r, g, b = c, 0, x
	}
	return Color{r + m, g + m, b + m}
}
