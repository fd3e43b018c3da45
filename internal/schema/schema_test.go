package schema

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/frontmatter"
	"github.com/visual-guides/guides/internal/golden"
	"github.com/visual-guides/guides/internal/load"
	"github.com/visual-guides/guides/internal/rules"
)

// compile compiles a schema as written, checking it against the
// meta-schema of draft 2020-12, which the library holds.
func compile(t *testing.T, s Schema) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(s.JSON()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	meta, err := c.Compile(Draft)
	if err != nil {
		t.Fatal(err)
	}
	if err := meta.Validate(doc); err != nil {
		t.Fatalf("the schema is not a draft 2020-12 schema: %v", err)
	}
	if err := c.AddResource("schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// TestMetaSchema checks both schemas against the meta-schema, and a
// schema of a collection without categories.
func TestMetaSchema(t *testing.T) {
	compile(t, Guide([]string{"caching", "databases"}))
	compile(t, Guide(nil))
	compile(t, Category())
}

// TestDate checks the pattern of dates against guides.ParseDate: the
// pattern accepts what ParseDate accepts, and refuses what it refuses, but
// for a day its month does not have.
func TestDate(t *testing.T) {
	re := regexp.MustCompile(Date)
	for _, s := range []string{
		"2024-01-26", "2024-01-26T09:30:00Z", "2024-01-26t09:30:00z", "2024-01-26 09:30:00", "2024-01-26T09:30:00.123+02:00",
		"2024-01-26T23:59:59-23:59", "0001-12-31", "2024-1-26", "24-01-26", "2024-13-01", "2024-00-10", "2024-01-00", "2024-01-32",
		"2024-01-26T24:00:00Z", "2024-01-26T09:60:00Z", "2024-01-26T09:30:60Z", "2024-01-26T09:30Z", "2024-01-26T09:30:00.Z",
		"2024-01-26T09:30:00+2:00", "2024-01-26T09:30:00+24:00", "2024-01-26T09:30:00+02:60", "2024-01-26x", "2024-01-26T",
		" 2024-01-26", "2024-01-26\n", "2024-02-29", "2023-02-29", "2024-04-31",
	} {
		_, _, err := guides.ParseDate(s)
		nonexistent := err != nil && strings.Contains(err.Error(), " days")
		if got := re.MatchString(s); got != (err == nil) && !nonexistent {
			t.Errorf("%q: the pattern matches %v, ParseDate says %v", s, got, err)
		}
	}
}

// expressed are the rules a schema says: a front matter the schema
// accepts has no finding of these rules, and one it refuses has one.
var expressed = []string{
	guides.RuleRequired, guides.RuleType, guides.RuleDate, guides.RuleTitleLineBreak, guides.RuleControlCharacter,
	guides.RuleUnknownKey, guides.RuleUnknownCategory, guides.RuleLimit,
}

// unsaid reports a finding of those rules that no schema can say: a day
// its month does not have, an integer out of range or written with a
// fraction (1.0, which JSON Schema takes for the integer 1), and a control
// character in an id, which is a file name.
func unsaid(d guides.Diagnostic) bool {
	return d.Rule == guides.RuleDate && strings.Contains(d.Message, " days") ||
		d.Rule == guides.RuleType && strings.Contains(d.Message, "out of range") ||
		d.Rule == guides.RuleType && strings.Contains(d.Message, "must be an integer, not a number") ||
		d.Rule == guides.RuleControlCharacter && strings.HasPrefix(d.Message, "id ") ||
		d.Rule == guides.RuleLimit && !strings.Contains(d.Message, "tags")
}

// TestFixtures validates the front matter of every guide and category of
// the repository's fixtures, the collections of each rule, against the
// schemas, and checks that each verdict is check's.
func TestFixtures(t *testing.T) {
	files := 0
	for _, name := range golden.Glob(t, "../rules/testdata/rules/*.txtar") {
		ar := golden.Load(t, name)
		for _, side := range []string{"bad/", "good/"} {
			fsys := ar.FS(side)
			files += agree(t, golden.Name(name)+"/"+side, fsys)
		}
	}
	if files < 50 {
		t.Errorf("only %d files were validated", files)
	}
}

// TestCases validates front matters the fixtures lack against the
// schemas, and checks that each verdict is check's.
func TestCases(t *testing.T) {
	fsys := fstest.MapFS{"data/categories/c.md": {Data: []byte("---\ntitle: C\nsort: 1\n---\n")}}
	for i, front := range []string{
		"title: T\ncreatedAt: 2024-01-26\ncategories: []",
		"title: T\ncreatedAt: 2024-01-26\ncategories:",
		"title: T\ncreatedAt: 2024-01-26\ncategories: [c]\ntags: [true]",
		"title: T\ncreatedAt: 2024-01-26\ncategories: [c]\ntags: [1.5, 2024, x]",
		"title: T\ncreatedAt: 2024-01-26\ncategories: [c]\ntags: [\" \"]",
		"title: T\ncreatedAt: 2024-01-26\ncategories: [c]\ntags:",
		"title: T\ncreatedAt: 2024-01-26\ncategories: [c]\ntags: [" + strings.Repeat("t, ", guides.MaxTags) + "t]",
		"title: \"a\\nb\"\ncreatedAt: 2024-01-26\ncategories: [c]",
		"title: \" \"\ncreatedAt: 2024-01-26\ncategories: [c]",
		"title: 2024\ncreatedAt: 2024-01-26\ncategories: [c]",
		"title: T\ncreatedAt: 2024-01-26\ncategories: [c]\ndescription: \"a\\tb\\nc\"",
		"title: T\ncreatedAt: 2024-01-26\ncategories: [c]\ndescription: \"a\\x01\"",
		"title: T\ncreatedAt: 2024-01-26\ncategories: [c]\ndescription:",
		"title: T\ncreatedAt: 2024-01-26\ncategories: [c]\nimage: \"\\x85\"",
		"title: T\ncreatedAt: 2024-01-26\ncategories: [c]\ndraft:",
		"title: T\ncreatedAt: 2024-01-26\ncategories: [c]\ndraft: \"true\"",
		"title: T\ncreatedAt: 2024-01-26T09:30:00+01:00\ncategories: [c]",
		"title: T\ncreatedAt: 20240126\ncategories: [c]",
		"title: T\ncreatedAt:\ncategories: [c]",
		"title: T\ncategories: [c]",
		"title: T\ncreatedAt: 2024-01-26\ncategories: [c, d]",
		"title: T\ncreatedAt: 2024-01-26\ncategories: [c]\nsort: 1",
	} {
		fsys[fmt.Sprintf("data/guides/g%02d.md", i)] = &fstest.MapFile{Data: []byte("---\n" + front + "\n---\nBody.\n")}
	}
	if n := agree(t, "", fsys); n != len(fsys) {
		t.Errorf("%d of %d files validated", n, len(fsys))
	}
}

// agree validates each guide and category of the collection fsys whose
// front matter is YAML, and returns how many it validated.
func agree(t *testing.T, name string, fsys fstest.MapFS) int {
	t.Helper()
	opts := load.Options{GuidesDir: "data/guides", CategoriesDir: "data/categories", MissingOK: true}
	c, ds, err := load.Load(fsys, opts)
	if err != nil {
		t.Fatal(err)
	}
	ds = append(ds, rules.Collection(fsys, c)...)
	var ids []string
	for _, cat := range c.Categories {
		ids = append(ids, cat.ID)
	}
	guide, category := compile(t, Guide(ids)), compile(t, Category())
	n := 0
	for p, f := range fsys {
		sch := guide
		switch path.Dir(p) {
		case opts.GuidesDir:
		case opts.CategoriesDir:
			sch = category
		default:
			continue
		}
		value, ok := frontMatter(f.Data)
		if !ok || f.Mode&^0o777 != 0 {
			continue // not YAML, or not a file check reads
		}
		n++
		var found []string
		skip := false
		for _, d := range ds {
			if d.Path == p && slices.Contains(expressed, d.Rule) {
				found = append(found, d.String())
				skip = skip || unsaid(d)
			}
		}
		if skip {
			continue
		}
		err := sch.Validate(value)
		if (err == nil) != (len(found) == 0) {
			t.Errorf("%s%s: the schema says %v; check finds %q", name, p, err, found)
		}
	}
	return n
}

// frontMatter returns the front matter of a file as the values of JSON,
// as an editor's YAML support gives them to a schema; ok is false when it
// is not YAML.
func frontMatter(src []byte) (any, bool) {
	parts, err := frontmatter.Split(src, true)
	if err != nil {
		return nil, false
	}
	fields, err := frontmatter.Parse(parts.Front, parts.FrontLine)
	if err != nil {
		return nil, false
	}
	return jsonValue(&frontmatter.Node{Kind: frontmatter.Map, Fields: fields}), true
}

// jsonValue returns a YAML value as a JSON value.
func jsonValue(n *frontmatter.Node) any {
	switch n.Kind {
	case frontmatter.Null:
		return nil
	case frontmatter.Bool:
		return strings.EqualFold(n.Text, "true")
	case frontmatter.Int:
		if i, err := n.Int64(); err == nil {
			return i
		}
		return jsonNumber(n.Text)
	case frontmatter.Float:
		f, err := strconv.ParseFloat(strings.ReplaceAll(n.Text, "_", ""), 64)
		if err != nil {
			return n.Text
		}
		return f
	case frontmatter.List:
		items := []any{}
		for i := range n.Items {
			items = append(items, jsonValue(&n.Items[i]))
		}
		return items
	case frontmatter.Map:
		m := map[string]any{}
		for i := range n.Fields {
			m[n.Fields[i].Key] = jsonValue(&n.Fields[i].Value)
		}
		return m
	}
	return n.Text
}

// jsonNumber returns an integer too large for int64 as a number.
func jsonNumber(s string) any {
	var v any
	if _, err := fmt.Sscan(s, &v); err != nil {
		return s
	}
	return v
}
