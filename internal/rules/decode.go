package rules

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/frontmatter"
	"github.com/visual-guides/guides/internal/slab"
	"github.com/visual-guides/guides/internal/suggest"
	"github.com/visual-guides/guides/internal/textctl"
)

// decoder turns front-matter values into typed fields, recording what is
// wrong with them.
type decoder struct {
	path  string
	diags *guides.Diagnostics
	mem   *memory // nil for a decoder of its own
	// src is the file, for the fixes that replace what is written.
	src []byte
	// description is where the description of the file is written, if
	// it has one.
	description guides.Pos
	now         func() time.Time // nil: time.Now
}

// today returns the date of today in UTC, as createdAt is written.
func (d *decoder) today() string {
	now := time.Now
	if d.now != nil {
		now = d.now
	}
	return now().UTC().Format(time.DateOnly)
}

// memory is what a loading worker's decoder reuses from one file to the
// next: room for the items of lists before they are kept, and the category
// ids and tags it has kept, so that a hundred thousand guides in a few
// categories share their strings. With blocks set (see Files.Blocks), the
// texts and lists it keeps go to slabs shared by the files it reads.
type memory struct {
	strs   []string
	at     []guides.Pos
	shared map[string]string

	blocks bool
	texts  slab.Strings
	lists  slab.Slices[string]
	places slab.Slices[guides.Pos]
}

// maxShared bounds the strings a worker shares: a collection of unique
// tags gains nothing from the table, and must not grow it without end.
const maxShared = 4096

// share returns a kept copy of s that other files may share: the one
// already kept, or a new one. ok is false when the table is full.
func (m *memory) share(s string) (string, bool) {
	if m == nil {
		return "", false
	}
	if k, ok := m.shared[s]; ok {
		return k, true
	}
	if len(m.shared) >= maxShared {
		return "", false
	}
	if m.shared == nil {
		m.shared = make(map[string]string)
	}
	k := strings.Clone(s)
	m.shared[k] = k
	return k, true
}

func (d *decoder) add(pos guides.Pos, sev guides.Severity, rule, format string, args ...any) {
	d.diags.Add(d.path, pos, sev, rule, format, args...)
}

// keepLists copies the texts of g, which point into the file's buffer and
// into the decoder's memory, into memory of their own: the title,
// description and image, already sized in a, and the lists. Categories and
// tags share one array, and their strings are shared with other files where
// they can be, so that the arena copies only the others.
func (d *decoder) keepLists(g *guides.Guide, a *arena) {
	nc, nt := len(g.Categories), len(g.Tags)
	var strs []string
	if g.Categories != nil || g.Tags != nil {
		if d.mem != nil && d.mem.blocks {
			strs = d.mem.lists.Make(nc + nt)
		} else {
			strs = make([]string, nc+nt)
		}
		copy(strs, g.Categories)
		copy(strs[nc:], g.Tags)
		if g.Categories != nil {
			g.Categories = strs[:nc:nc]
		}
		if g.Tags != nil {
			g.Tags = strs[nc:]
		}
	}
	if g.Src.Categories != nil {
		if d.mem != nil && d.mem.blocks {
			at := d.mem.places.Make(len(g.Src.Categories))
			copy(at, g.Src.Categories)
			g.Src.Categories = at
		} else {
			g.Src.Categories = slices.Clone(g.Src.Categories)
		}
	}
	// Shared strings are replaced first, and the arena sized for the
	// others. Only the first few items of the lists are shared.
	var mine [8]bool // which of the first strings are not shared
	for i, s := range strs {
		if i < len(mine) {
			if k, ok := d.mem.share(s); ok {
				strs[i] = k
				continue
			}
			mine[i] = true
		}
		a.size(s)
	}
	a.keep(&g.Title, &g.Description, &g.Image)
	for i := range strs {
		if i >= len(mine) || mine[i] {
			strs[i] = a.copy(strs[i])
		}
	}
}

func pos(v *frontmatter.Node) guides.Pos { return guides.Pos(v.Pos) }

// required reports the required keys that are missing.
func (d *decoder) required(keys []guides.Key, seen []bool) {
	for i, k := range keys {
		if !k.Required || seen[i] {
			continue
		}
		msg := k.Name + " is missing"
		if k.Why != "" {
			msg += ": " + k.Why
		}
		if k.Type == guides.Date {
			msg += "; write: " + k.Name + ": " + d.today()
		}
		d.add(guides.FileStart(), guides.Error, guides.RuleRequired, "%s", msg)
	}
}

// duplicateCategories warns about category ids listed twice. A list is
// short, but a hostile one may not be: a set keeps this linear.
func (d *decoder) duplicateCategories(v *frontmatter.Node) {
	if len(v.Items) < 2 {
		return
	}
	seen := make(map[string]bool, len(v.Items))
	for i := range v.Items {
		it := &v.Items[i]
		if it.Kind != frontmatter.String {
			continue
		}
		if seen[it.Text] {
			d.add(pos(it), guides.Warning, guides.RuleDuplicateCategory, "category %s is listed twice", guides.Quote(it.Text))
			continue
		}
		seen[it.Text] = true
	}
}

// arena copies the strings a loaded file keeps, which point into the
// worker's buffer, into one string of their own: one allocation per file
// instead of one per value; or, with the worker's blocks, into those.
type arena struct {
	n     int
	b     strings.Builder
	texts *slab.Strings
}

// arena returns where the decoder keeps a file's strings.
func (d *decoder) arena() arena {
	if d.mem != nil && d.mem.blocks {
		return arena{texts: &d.mem.texts}
	}
	return arena{}
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

func (a *arena) copy(s string) string {
	if s == "" {
		return ""
	}
	if a.texts != nil {
		return a.texts.Keep(s)
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

// checkID applies the rules about ids, which are file names: they become
// folders of the site and URL path segments.
func checkID(d *decoder, id string) {
	if i := textctl.Find(id, ""); i >= 0 {
		d.add(guides.FileStart(), guides.Error, guides.RuleControlCharacter, "id %s has a control character; rename the file", guides.Quote(id))
		return
	}
	if strings.Contains(id, `\`) {
		d.add(guides.FileStart(), guides.Error, guides.RuleUnsafeID, "id %s has a backslash, which names another path on Windows and on web servers; rename the file", guides.Quote(id))
		return
	}
	if guides.IsReservedID(id) {
		d.add(guides.FileStart(), guides.Error, guides.RuleReservedID, "id %s is the name of a file or folder the site writes at its root; rename the file", guides.Quote(id))
		return
	}
	switch {
	case !isPathSegment(id):
		d.add(guides.FileStart(), guides.Warning, guides.RuleIDFormat, "id %s has characters that need encoding in a URL; rename the file with letters, digits and dashes", guides.Quote(id))
	case strings.ToLower(id) != id:
		d.add(guides.FileStart(), guides.Warning, guides.RuleIDFormat, "id %s has upper-case letters; URLs are usually lower case", guides.Quote(id))
	}
}

func (d *decoder) typeError(key string, v *frontmatter.Node, want, hint string) {
	msg := key + " must be " + want + ", not " + v.Kind.String()
	if hint != "" {
		msg += "; " + hint
	}
	d.add(pos(v), guides.Error, guides.RuleType, "%s", msg)
}

// control reports a control character in a text value, other than those
// in allow.
func (d *decoder) control(key string, v *frontmatter.Node, text, allow string) bool {
	i := textctl.Find(text, allow)
	if i < 0 {
		return false
	}
	d.add(pos(v), guides.Error, guides.RuleControlCharacter, "%s has a control character: %s", key, guides.Quote(text))
	return true
}

// text decodes a text value. Numbers and booleans are taken as written, as
// the old script printed them; null is empty. allow names the control
// characters the value may hold.
func (d *decoder) text(key string, v *frontmatter.Node, allow string) string {
	if !v.IsScalar() {
		d.typeError(key, v, "text", "")
		return ""
	}
	d.control(key, v, v.Text, allow)
	d.typographic(key, false, v)
	return v.Text
}

// typographic warns about a plain value of key, or an item of its list,
// written between typographic quotation marks, which YAML keeps in the
// text.
func (d *decoder) typographic(key string, item bool, v *frontmatter.Node) {
	if v.Kind != frontmatter.String || v.Quoted {
		return
	}
	inner, ok := frontmatter.Typographic(v.Text)
	if !ok {
		return
	}
	const msg = "%s is between typographic quotes, which YAML keeps as part of the text; to quote it, use straight quotes: %s"
	if item {
		d.add(pos(v), guides.Warning, guides.RuleTypographicQuotes, msg, key+" item", frontmatter.QuoteHint(inner))
		d.fix("Use straight quotes", valueEdit(pos(v), v.Text, frontmatter.QuoteHint(inner)))
		return
	}
	d.add(pos(v), guides.Warning, guides.RuleTypographicQuotes, msg, key, "write: "+key+": "+frontmatter.QuoteHint(inner))
	d.fix("Use straight quotes", valueEdit(pos(v), v.Text, frontmatter.QuoteHint(inner)))
}

func (d *decoder) title(v *frontmatter.Node) string {
	if !v.IsScalar() {
		d.typeError("title", v, "text", "")
		return ""
	}
	t := v.Text
	switch {
	case strings.TrimSpace(t) == "":
		d.add(pos(v), guides.Error, guides.RuleRequired, "title is empty")
	case strings.ContainsAny(t, "\r\n"):
		d.add(pos(v), guides.Error, guides.RuleTitleLineBreak, "title has a line break; write it on one line (a block scalar needs \">-\", not \"|\" or \">\")")
		d.blockFix(v)
		d.control("title", v, t, "\r\n")
	default:
		d.control("title", v, t, "")
	}
	d.typographic("title", false, v)
	return t
}

// integer decodes an integer; ok is false when the value is not one.
func (d *decoder) integer(key string, v *frontmatter.Node) (n int64, ok bool) {
	switch v.Kind {
	case frontmatter.Int:
		n, err := v.Int64()
		if err != nil {
			d.add(pos(v), guides.Error, guides.RuleType, "%s %s is out of range", key, v.Text)
			return 0, false
		}
		return n, true
	case frontmatter.Null:
		d.add(pos(v), guides.Error, guides.RuleRequired, "%s is empty: write an integer such as 10", key)
		return 0, false
	}
	hint := "write a whole number such as 10"
	switch {
	case v.Kind == frontmatter.String && v.Quoted:
		hint = "remove the quotes"
	case v.Kind == frontmatter.String && isDigits(strings.TrimLeft(v.Text, "+-")):
		d.add(pos(v), guides.Error, guides.RuleType, "%s %s is out of range", key, v.Text)
		return 0, false
	}
	d.typeError(key, v, "an integer", hint)
	if v.Quoted && isDigits(strings.TrimLeft(v.Text, "+-")) {
		d.fix("Remove the quotes", valueEdit(pos(v), v.Text, v.Text))
	}
	return 0, false
}

func (d *decoder) boolean(key string, v *frontmatter.Node) bool {
	switch v.Kind {
	case frontmatter.Bool:
		return strings.EqualFold(v.Text, "true")
	case frontmatter.Null:
		return false
	}
	d.typeError(key, v, "true or false", booleanFix(key, v))
	return false
}

// booleanFix returns the fix line for a value of key that is meant as true
// or false but is not written as one: a quoted "false", yes, no, on, off,
// 1 or 0; or, for other words, how to write either.
func booleanFix(key string, v *frontmatter.Node) string {
	if !v.IsScalar() {
		return ""
	}
	switch strings.ToLower(strings.TrimSpace(v.Text)) {
	case "true", "yes", "y", "on", "1":
		return "write: " + key + ": true"
	case "false", "no", "n", "off", "0":
		return "write: " + key + ": false"
	}
	return "write " + key + ": true or " + key + ": false"
}

// date decodes the date of key; an empty one is an error when the key is
// required.
func (d *decoder) date(key string, v *frontmatter.Node, required bool) (time.Time, bool) {
	switch v.Kind {
	case frontmatter.String:
		t, dateOnly, err := guides.ParseDate(v.Text)
		if err != nil {
			d.add(pos(v), guides.Error, guides.RuleDate, "%s %v", key, err)
		}
		return t, dateOnly
	case frontmatter.Null:
		if required {
			d.add(pos(v), guides.Error, guides.RuleRequired, "%s is empty; write: %s: %s", key, key, d.today())
		}
	default:
		d.typeError(key, v, "a date such as 2024-01-26", "")
	}
	return time.Time{}, false
}

// list decodes a list of strings, and the position of each. With numbers
// set, numbers are accepted as written, since a tag such as 2024 is meant
// as text.
func (d *decoder) list(fl *frontmatter.Field, numbers bool) ([]string, []guides.Pos) {
	key, v := fl.Key, &fl.Value
	switch v.Kind {
	case frontmatter.Null:
		if key == "categories" {
			d.add(pos(v), guides.Error, guides.RuleRequired, "categories is empty: list at least one category id")
		}
		return nil, nil
	case frontmatter.List:
	case frontmatter.String:
		if item, ok := dashItem(fl); ok {
			d.typeError(key, v, "a list", `a list item needs a space after its "-": write: - `+item)
			d.fix(`Put a space after "-"`, guides.Edit{Pos: pos(v), Old: "-" + item, New: "- " + item})
			return nil, nil
		}
		d.typeError(key, v, "a list", "write: "+key+": ["+v.Text+"]")
		d.fix("Make it a list", valueEdit(pos(v), v.Text, "["+v.Text+"]"))
		return nil, nil
	default:
		d.typeError(key, v, "a list", "")
		return nil, nil
	}
	// The items go to the decoder's memory, when it has some, for
	// keepLists to keep.
	var mem memory
	m := d.mem
	if m == nil {
		m = &mem
	}
	first, firstAt := len(m.strs), len(m.at)
	for i := range v.Items {
		it := &v.Items[i]
		ok := it.Kind == frontmatter.String || numbers && (it.Kind == frontmatter.Int || it.Kind == frontmatter.Float)
		switch {
		case !ok && it.IsScalar() && it.Kind != frontmatter.Null:
			d.typeError(key+" item", it, "a string", "quote it: \""+it.Text+"\"")
			d.fix("Quote the item", valueEdit(pos(it), it.Text, `"`+it.Text+`"`))
			continue
		case it.Kind == frontmatter.Map && len(it.Fields) == 1 && it.Fields[0].Value.IsScalar():
			// "- Caching: basics" is a mapping; the colon needs quotes.
			f := it.Fields[0]
			d.typeError(key+" item", it, "a string", `a value with ": " in it needs quotes: `+frontmatter.QuoteHint(f.Key+": "+f.Value.Text))
			d.fix("Quote the item", guides.Edit{Pos: pos(it), Old: f.Key + ": " + f.Value.Text, New: frontmatter.QuoteHint(f.Key + ": " + f.Value.Text)})
			continue
		case !ok:
			d.typeError(key+" item", it, "a string", "")
			continue
		case strings.TrimSpace(it.Text) == "":
			d.add(pos(it), guides.Error, guides.RuleRequired, "%s item is empty", key)
			continue
		}
		if textctl.Find(it.Text, "") >= 0 {
			// Guarded: the name made for the message would cost an
			// allocation for every item.
			d.control(key+" item", it, it.Text, "")
		}
		d.typographic(key, true, it)
		m.strs = append(m.strs, it.Text)
		if !numbers {
			m.at = append(m.at, pos(it))
		}
	}
	// An empty list is not a missing one: nil only for the latter.
	out, at := m.strs[first:len(m.strs):len(m.strs)], m.at[firstAt:len(m.at):len(m.at)]
	if out == nil {
		out = []string{}
	}
	if numbers {
		return out, nil
	}
	if at == nil {
		at = []guides.Pos{}
	}
	return out, at
}

func (d *decoder) unknownKey(f *frontmatter.Field, known []guides.Key) {
	msg := fmt.Sprintf("unknown key %s", guides.Quote(f.Key))
	s := suggest.Closest(f.Key, guides.KeyNames(known), 1)
	if len(s) > 0 {
		msg += fmt.Sprintf("; did you mean %s?", guides.Quote(s[0]))
	}
	d.add(guides.Pos(f.KeyPos), guides.Warning, guides.RuleUnknownKey, "%s", msg)
	if len(s) > 0 {
		d.fix("Change to "+guides.Quote(s[0]), valueEdit(guides.Pos(f.KeyPos), f.Key, s[0]))
	}
}

// dashItem reports whether a list's value is text read from list items
// written without the space after their dash, "-caching" on the line
// after "categories:", and returns the first item.
func dashItem(fl *frontmatter.Field) (string, bool) {
	v := &fl.Value
	if v.Quoted || v.Pos.Line <= fl.KeyPos.Line || len(v.Text) < 2 || v.Text[0] != '-' || v.Text[1] == '-' {
		return "", false
	}
	item, _, _ := strings.Cut(v.Text[1:], " ")
	return item, true
}

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
