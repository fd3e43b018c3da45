package load

import (
	"strings"
	"time"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/frontmatter"
	"github.com/visual-guides/guides/internal/suggest"
)

// GuideKeys returns the front-matter keys of a guide, in the order the
// format documents them.
func GuideKeys() []string {
	return []string{"title", "description", "image", "createdAt", "draft", "categories", "tags"}
}

// CategoryKeys returns the front-matter keys of a category.
func CategoryKeys() []string {
	return []string{"title", "description", "image", "icon", "sort"}
}

func (w *worker) loadCategory(f file, c *guides.Category) {
	*c = guides.Category{ID: f.id, Path: f.path}
	d := decoder{path: f.path, diags: &w.diags}
	checkID(&d, f.id)
	fields, body, ok := w.parseFile(f)
	if !ok {
		return
	}
	c.Body = body
	sortSeen := false
	for i := range fields {
		fl := &fields[i]
		v := &fl.Value
		switch fl.Key {
		case "title":
			c.Title, c.Src.Title = d.title(v), v.Pos
		case "description":
			c.Description = d.text(fl.Key, v)
		case "image":
			c.Image, c.Src.Image = d.text(fl.Key, v), v.Pos
		case "icon":
			c.Icon = d.text(fl.Key, v)
		case "sort":
			sortSeen = true
			c.Sort, c.Src.Sort = d.integer(fl.Key, v), v.Pos
		default:
			d.unknownKey(fl, CategoryKeys())
		}
	}
	if !c.Src.Title.IsValid() {
		d.add(guides.FileStart(), guides.Error, guides.RuleRequired, "title is missing")
	}
	if !sortSeen {
		d.add(guides.FileStart(), guides.Error, guides.RuleRequired, "sort is missing: categories are ordered by it")
	}
	var a arena
	a.size(c.Title, c.Description, c.Image, c.Icon)
	a.keep(&c.Title, &c.Description, &c.Image, &c.Icon)
}

func (w *worker) loadGuide(f file, g *guides.Guide) {
	*g = guides.Guide{ID: f.id, Path: f.path}
	d := decoder{path: f.path, diags: &w.diags}
	checkID(&d, f.id)
	fields, body, ok := w.parseFile(f)
	if !ok {
		return
	}
	g.Body = body
	var hasTitle, hasDate, hasCategories bool
	for i := range fields {
		fl := &fields[i]
		v := &fl.Value
		switch fl.Key {
		case "title":
			hasTitle = true
			g.Title = d.title(v)
		case "description":
			g.Description = d.text(fl.Key, v)
		case "image":
			g.Image = d.text(fl.Key, v)
		case "createdAt":
			hasDate = true
			g.CreatedAt, g.DateOnly = d.date(v)
		case "draft":
			g.Draft = d.boolean(fl.Key, v)
		case "categories":
			hasCategories = true
			g.Categories = d.list(fl.Key, v, false)
			if v.Kind == frontmatter.List && len(v.Items) == 0 {
				d.add(v.Pos, guides.Error, guides.RuleRequired, "categories is empty: list at least one category id")
			}
			for i := range v.Items {
				for j := range i {
					if it := &v.Items[i]; it.Kind == frontmatter.String && it.Text == v.Items[j].Text {
						d.add(it.Pos, guides.Warning, guides.RuleDuplicateCategory, "category %q is listed twice", it.Text)
						break
					}
				}
			}
		case "tags":
			g.Tags = d.list(fl.Key, v, true)
		default:
			d.unknownKey(fl, GuideKeys())
		}
	}
	if !hasTitle {
		d.add(guides.FileStart(), guides.Error, guides.RuleRequired, "title is missing")
	}
	if !hasDate {
		d.add(guides.FileStart(), guides.Error, guides.RuleRequired, "createdAt is missing: guides are ordered by it")
	}
	if !hasCategories {
		d.add(guides.FileStart(), guides.Error, guides.RuleRequired, "categories is missing: a guide is listed under its categories")
	}
	if body.Empty {
		d.add(guides.Pos{Line: int(body.Line), Col: 1}, guides.Warning, guides.RuleEmptyBody, "the guide has no body after its front matter")
	}
	var a arena
	a.size(g.Title, g.Description, g.Image)
	a.size(g.Categories...)
	a.size(g.Tags...)
	a.keep(&g.Title, &g.Description, &g.Image)
	a.keepAll(g.Categories)
	a.keepAll(g.Tags)
}

// arena copies the strings a loaded file keeps, which point into the
// worker's buffer, into one string of their own: one allocation per file
// instead of one per value.
type arena struct {
	n int
	b strings.Builder
	s string // what b held when the first string was kept
}

// size counts strings that will be kept.
func (a *arena) size(ss ...string) {
	for _, s := range ss {
		a.n += len(s)
	}
}

// keep replaces each string with its copy in the arena.
func (a *arena) keep(ps ...*string) {
	for _, p := range ps {
		*p = a.copy(*p)
	}
}

// keepAll replaces each string of ss with its copy in the arena.
func (a *arena) keepAll(ss []string) {
	for i := range ss {
		ss[i] = a.copy(ss[i])
	}
}

func (a *arena) copy(s string) string {
	if s == "" {
		return ""
	}
	if a.b.Cap() == 0 {
		a.b.Grow(a.n)
	}
	start := a.b.Len()
	a.b.WriteString(s)
	// The builder never reallocates, having grown to the total size at
	// first, so what it returns shares one array for every string kept.
	return a.b.String()[start:]
}

// checkID warns about ids that make poor URLs.
func checkID(d *decoder, id string) {
	switch {
	case !isPathSegment(id):
		d.add(guides.FileStart(), guides.Warning, guides.RuleIDFormat, "id %q has characters that need encoding in a URL; rename the file with letters, digits and dashes", id)
	case strings.ToLower(id) != id:
		d.add(guides.FileStart(), guides.Warning, guides.RuleIDFormat, "id %q has upper-case letters; URLs are usually lower case", id)
	}
}

// decoder turns front-matter values into typed fields, recording what is
// wrong with them.
type decoder struct {
	path  string
	diags *guides.Diagnostics
}

func (d *decoder) add(pos guides.Pos, sev guides.Severity, rule, format string, args ...any) {
	d.diags.Add(d.path, pos, sev, rule, format, args...)
}

func (d *decoder) typeError(key string, v *frontmatter.Node, want, hint string) {
	msg := key + " must be " + want + ", not " + v.Kind.String()
	if hint != "" {
		msg += "; " + hint
	}
	d.add(v.Pos, guides.Error, guides.RuleType, "%s", msg)
}

// text decodes a text value. Numbers and booleans are taken as written, as
// the old script printed them; null is empty.
func (d *decoder) text(key string, v *frontmatter.Node) string {
	if !v.IsScalar() {
		d.typeError(key, v, "text", "")
		return ""
	}
	return v.Text
}

func (d *decoder) title(v *frontmatter.Node) string {
	t := d.text("title", v)
	switch {
	case !v.IsScalar():
	case strings.TrimSpace(t) == "":
		d.add(v.Pos, guides.Error, guides.RuleRequired, "title is empty")
	case strings.ContainsAny(t, "\r\n"):
		d.add(v.Pos, guides.Error, guides.RuleTitleLineBreak, "title has a line break; write it on one line (a block scalar needs \">-\", not \"|\" or \">\")")
	}
	return t
}

func (d *decoder) integer(key string, v *frontmatter.Node) int64 {
	switch v.Kind {
	case frontmatter.Int:
		n, err := v.Int64()
		if err != nil {
			d.add(v.Pos, guides.Error, guides.RuleType, "%s %s is out of range", key, v.Text)
		}
		return n
	case frontmatter.Null:
		d.add(v.Pos, guides.Error, guides.RuleRequired, "%s is empty: write an integer such as 10", key)
		return 0
	}
	hint := "write a whole number such as 10"
	switch {
	case v.Kind == frontmatter.String && v.Quoted:
		hint = "remove the quotes"
	case v.Kind == frontmatter.String && isDigits(strings.TrimLeft(v.Text, "+-")):
		d.add(v.Pos, guides.Error, guides.RuleType, "%s %s is out of range", key, v.Text)
		return 0
	}
	d.typeError(key, v, "an integer", hint)
	return 0
}

func (d *decoder) boolean(key string, v *frontmatter.Node) bool {
	switch v.Kind {
	case frontmatter.Bool:
		return strings.EqualFold(v.Text, "true")
	case frontmatter.Null:
		return false
	}
	d.typeError(key, v, "true or false", "")
	return false
}

func (d *decoder) date(v *frontmatter.Node) (time.Time, bool) {
	switch v.Kind {
	case frontmatter.String:
		t, dateOnly, err := guides.ParseDate(v.Text)
		if err != nil {
			d.add(v.Pos, guides.Error, guides.RuleDate, "createdAt %v", err)
		}
		return t, dateOnly
	case frontmatter.Null:
		d.add(v.Pos, guides.Error, guides.RuleRequired, "createdAt is empty: write a date such as 2024-01-26")
	default:
		d.typeError("createdAt", v, "a date such as 2024-01-26", "")
	}
	return time.Time{}, false
}

// list decodes a list of strings. With numbers set, numbers are accepted
// as written, since a tag such as 2024 is meant as text.
func (d *decoder) list(key string, v *frontmatter.Node, numbers bool) []string {
	switch v.Kind {
	case frontmatter.Null:
		if key == "categories" {
			d.add(v.Pos, guides.Error, guides.RuleRequired, "categories is empty: list at least one category id")
		}
		return nil
	case frontmatter.List:
	case frontmatter.String:
		d.typeError(key, v, "a list", "write "+key+": ["+v.Text+"]")
		return nil
	default:
		d.typeError(key, v, "a list", "")
		return nil
	}
	out := make([]string, 0, len(v.Items))
	for i := range v.Items {
		it := &v.Items[i]
		ok := it.Kind == frontmatter.String || numbers && (it.Kind == frontmatter.Int || it.Kind == frontmatter.Float)
		switch {
		case !ok && it.IsScalar() && it.Kind != frontmatter.Null:
			d.typeError(key+" item", it, "a string", "quote it: \""+it.Text+"\"")
			continue
		case !ok:
			d.typeError(key+" item", it, "a string", "")
			continue
		case strings.TrimSpace(it.Text) == "":
			d.add(it.Pos, guides.Error, guides.RuleRequired, "%s item is empty", key)
			continue
		}
		out = append(out, it.Text)
	}
	return out
}

func (d *decoder) unknownKey(f *frontmatter.Field, known []string) {
	msg := "unknown key " + quote(f.Key)
	if s := suggest.Closest(f.Key, known, 1); len(s) > 0 {
		msg += "; did you mean " + quote(s[0]) + "?"
	}
	d.add(f.KeyPos, guides.Warning, guides.RuleUnknownKey, "%s", msg)
}

func quote(s string) string { return "'" + s + "'" }

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// isPathSegment reports whether id can be a URL path segment as it is,
// without percent-encoding: RFC 3986 letters, digits, "-._~", the
// sub-delimiters "!$&'()*+,;=", ":" and "@".
func isPathSegment(id string) bool {
	for i := 0; i < len(id); i++ {
		switch c := id[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '-', c == '.', c == '_', c == '~', c == '!', c == '$', c == '&', c == '\'',
			c == '(', c == ')', c == '*', c == '+', c == ',', c == ';', c == '=', c == ':', c == '@':
		default:
			return false
		}
	}
	return id != ""
}
