package load

import (
	"io/fs"
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

func loadCategory(fsys fs.FS, f file, r *reader) (*guides.Category, guides.Diagnostics, error) {
	c := &guides.Category{ID: f.id, Path: f.path}
	d := decoder{path: f.path}
	checkID(&d, f.id)
	fields, body, ok, err := parseFile(fsys, f, r, &d.diags)
	if err != nil || !ok {
		return c, d.diags, err
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
			c.Description, c.Src.Description = d.text(fl.Key, v), v.Pos
		case "image":
			c.Image, c.Src.Image = d.text(fl.Key, v), v.Pos
		case "icon":
			c.Icon, c.Src.Icon = d.text(fl.Key, v), v.Pos
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
	return c, d.diags, nil
}

func loadGuide(fsys fs.FS, f file, r *reader) (*guides.Guide, guides.Diagnostics, error) {
	g := &guides.Guide{ID: f.id, Path: f.path}
	d := decoder{path: f.path}
	checkID(&d, f.id)
	fields, body, ok, err := parseFile(fsys, f, r, &d.diags)
	if err != nil || !ok {
		return g, d.diags, err
	}
	g.Body = body
	for i := range fields {
		fl := &fields[i]
		v := &fl.Value
		switch fl.Key {
		case "title":
			g.Title, g.Src.Title = d.title(v), v.Pos
		case "description":
			g.Description, g.Src.Description = d.text(fl.Key, v), v.Pos
		case "image":
			g.Image, g.Src.Image = d.text(fl.Key, v), v.Pos
		case "createdAt":
			g.Src.CreatedAt = v.Pos
			g.CreatedAt, g.DateOnly = d.date(v)
		case "draft":
			g.Draft, g.Src.Draft = d.boolean(fl.Key, v), v.Pos
		case "categories":
			g.Src.Categories = v.Pos
			g.Categories, g.Src.CategoryItems = d.list(fl.Key, v, false)
			if v.Kind == frontmatter.List && len(v.Items) == 0 {
				d.add(v.Pos, guides.Error, guides.RuleRequired, "categories is empty: list at least one category id")
			}
			for i, id := range g.Categories {
				for _, prev := range g.Categories[:i] {
					if prev == id {
						d.add(g.Src.CategoryItems[i], guides.Warning, guides.RuleDuplicateCategory, "category %q is listed twice", id)
						break
					}
				}
			}
		case "tags":
			g.Src.Tags = v.Pos
			g.Tags, g.Src.TagItems = d.list(fl.Key, v, true)
		default:
			d.unknownKey(fl, GuideKeys())
		}
	}
	if !g.Src.Title.IsValid() {
		d.add(guides.FileStart(), guides.Error, guides.RuleRequired, "title is missing")
	}
	if !g.Src.CreatedAt.IsValid() {
		d.add(guides.FileStart(), guides.Error, guides.RuleRequired, "createdAt is missing: guides are ordered by it")
	}
	if !g.Src.Categories.IsValid() {
		d.add(guides.FileStart(), guides.Error, guides.RuleRequired, "categories is missing: a guide is listed under its categories")
	}
	if body.Empty {
		d.add(guides.Pos{Line: body.Line, Col: 1}, guides.Warning, guides.RuleEmptyBody, "the guide has no body after its front matter")
	}
	return g, d.diags, nil
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
	diags guides.Diagnostics
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

func (d *decoder) date(v *frontmatter.Node) (t time.Time, dateOnly bool) {
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

// list decodes a list of strings. With numbers set, numbers are accepted as
// written, since a tag such as 2024 is meant as text.
func (d *decoder) list(key string, v *frontmatter.Node, numbers bool) ([]string, []guides.Pos) {
	switch v.Kind {
	case frontmatter.Null:
		if key == "categories" {
			d.add(v.Pos, guides.Error, guides.RuleRequired, "categories is empty: list at least one category id")
		}
		return nil, nil
	case frontmatter.List:
	case frontmatter.String:
		d.typeError(key, v, "a list", "write "+key+": ["+v.Text+"]")
		return nil, nil
	default:
		d.typeError(key, v, "a list", "")
		return nil, nil
	}
	out := make([]string, 0, len(v.Items))
	pos := make([]guides.Pos, 0, len(v.Items))
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
		pos = append(pos, it.Pos)
	}
	return out, pos
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
		c := id[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("-._~!$&'()*+,;=:@", c) >= 0:
		default:
			return false
		}
	}
	return id != ""
}
