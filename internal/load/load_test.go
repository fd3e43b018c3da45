package load

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/cespare/xxhash/v2"
	"github.com/google/go-cmp/cmp"

	"github.com/visual-guides/guides"
)

var opts = Options{GuidesDir: "data/guides", CategoriesDir: "data/categories"}

const category = "---\ntitle: Caching\nsort: 10\n---\nIntro.\n"

func mapFile(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

// collection builds a file system with the category "caching" and the
// given guides.
func collection(guideFiles map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{"data/categories/caching.md": mapFile(category)}
	for name, src := range guideFiles {
		fsys["data/guides/"+name] = mapFile(src)
	}
	return fsys
}

func diagStrings(ds guides.Diagnostics) []string {
	ds.Sort()
	var out []string
	for _, d := range ds {
		out = append(out, d.String())
	}
	return out
}

func TestLoadGuide(t *testing.T) {
	src := "---\n" +
		"title: \"Cache-Aside\"\n" +
		"description: 'Lazy loading'\n" +
		"image: https://example.org/a.png\n" +
		"createdAt: 2024-02-12T10:00:00+01:00\n" +
		"draft: true\n" +
		"categories:\n  - caching\n" +
		"tags: [Caching, 2024]\n" +
		"---\n\nBody.\n"
	c, diags, err := Load(collection(map[string]string{"cache-aside.md": src}), opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(diags) != 0 {
		t.Fatalf("diagnostics: %v", diagStrings(diags))
	}
	g := c.Guide("cache-aside")
	want := &guides.Guide{
		ID: "cache-aside", Path: "data/guides/cache-aside.md",
		Title: "Cache-Aside", Description: "Lazy loading", Image: "https://example.org/a.png",
		CreatedAt:  time.Date(2024, 2, 12, 9, 0, 0, 0, time.UTC),
		Draft:      true,
		Categories: []string{"caching"},
		Tags:       []string{"Caching", "2024"},
		Body:       guides.BodyRef{Offset: int32(len(src) - len("\nBody.\n")), Line: 11, Sum: xxhash.Sum64String(src)},
		Src: guides.GuideSource{
			Title:      guides.Pos{Line: 2, Col: 8},
			Image:      guides.Pos{Line: 4, Col: 8},
			Categories: []guides.Pos{{Line: 8, Col: 5}},
		},
	}
	if diff := cmp.Diff(want, g, cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); diff != "" {
		t.Errorf("guide mismatch (-want +got):\n%s", diff)
	}
	cat := c.Category("caching")
	if cat == nil || cat.Title != "Caching" || cat.Sort != 10 || cat.Body.Line != 5 || cat.Src.Sort != (guides.Pos{Line: 3, Col: 7}) {
		t.Errorf("category = %+v", cat)
	}
}

func TestLoadDiagnostics(t *testing.T) {
	const ok = "---\ntitle: T\ncreatedAt: 2024-01-01\ncategories: [caching]\n---\nBody\n"
	tests := []struct {
		name  string
		files map[string]string // guides
		want  []string
	}{
		{"valid", map[string]string{"a.md": ok}, nil},
		{"no front matter", map[string]string{"a.md": "# A\n"}, []string{
			`data/guides/a.md:1:1: error: front matter missing: the file must start with a line "---" [front-matter]`}},
		{"unclosed", map[string]string{"a.md": "---\ntitle: x\n"}, []string{
			`data/guides/a.md:1:1: error: front matter is never closed: no line "---" follows the one on line 1 [front-matter]`}},
		{"bad yaml", map[string]string{"a.md": "---\ntitle: T\ncreatedAt: '2024-01-01\n---\n"}, []string{
			`data/guides/a.md:3:12: error: invalid YAML: the quote that opens this value is never closed: write: createdAt: '2024-01-01' [yaml]`}},
		{"not utf-8", map[string]string{"a.md": "---\ntitle: caf\xe9\ncreatedAt: 2024-01-01\ncategories: [caching]\n---\n"}, []string{
			`data/guides/a.md:2:11: error: the front matter is not UTF-8 text [encoding]`}},
		{"missing keys", map[string]string{"a.md": "---\ndescription: d\n---\nBody\n"}, []string{
			`data/guides/a.md:1:1: error: categories is missing: a guide is listed under its categories [required]`,
			`data/guides/a.md:1:1: error: createdAt is missing: guides are ordered by it; write: createdAt: 2026-03-14 [required]`,
			`data/guides/a.md:1:1: error: title is missing [required]`}},
		{"empty values", map[string]string{"a.md": "---\ntitle: ''\ncreatedAt:\ncategories: []\n---\nBody\n"}, []string{
			`data/guides/a.md:2:8: error: title is empty [required]`,
			`data/guides/a.md:3:1: error: createdAt is empty; write: createdAt: 2026-03-14 [required]`,
			`data/guides/a.md:4:13: error: categories is empty: list at least one category id [required]`}},
		{"wrong types", map[string]string{"a.md": "---\ntitle: [a]\ncreatedAt: 2024\ndraft: 'no'\ncategories: caching\ntags: [x, [y], true]\n---\nBody\n"}, []string{
			`data/guides/a.md:2:8: error: title must be text, not a list [type]`,
			`data/guides/a.md:3:12: error: createdAt must be a date such as 2024-01-26, not an integer [type]`,
			`data/guides/a.md:4:8: error: draft must be true or false, not a string; write: draft: false [type]`,
			`data/guides/a.md:5:13: error: categories must be a list, not a string; write: categories: [caching] [type]`,
			`data/guides/a.md:6:11: error: tags item must be a string, not a list [type]`,
			`data/guides/a.md:6:16: error: tags item must be a string, not a boolean; quote it: "true" [type]`}},
		{"category items must be strings", map[string]string{"a.md": "---\ntitle: T\ncreatedAt: 2024-01-01\ncategories: [caching, 42]\n---\nBody\n"}, []string{
			`data/guides/a.md:4:23: error: categories item must be a string, not an integer; quote it: "42" [type]`}},
		{"impossible date", map[string]string{"a.md": "---\ntitle: T\ncreatedAt: \"2024-02-30\"\ncategories: [caching]\n---\nBody\n"}, []string{
			`data/guides/a.md:3:12: error: createdAt "2024-02-30" is not a date: February 2024 has 29 days [date]`}},
		{"title with a line break", map[string]string{"a.md": "---\ntitle: |\n  T\ncreatedAt: 2024-01-01\ncategories: [caching]\n---\nBody\n"}, []string{
			`data/guides/a.md:2:8: error: title has a line break; write it on one line (a block scalar needs ">-", not "|" or ">") [title-line-break]`}},
		{"unknown key with suggestion", map[string]string{"a.md": "---\ntitle: T\ncreatedAt: 2024-01-01\ncategories: [caching]\ncatgories: [x]\nauthor: me\n---\nBody\n"}, []string{
			`data/guides/a.md:5:1: warning: unknown key "catgories"; did you mean "categories"? [unknown-key]`,
			`data/guides/a.md:6:1: warning: unknown key "author" [unknown-key]`}},
		{"category listed twice", map[string]string{"a.md": "---\ntitle: T\ncreatedAt: 2024-01-01\ncategories: [caching, caching]\n---\nBody\n"}, []string{
			`data/guides/a.md:4:23: warning: category "caching" is listed twice [duplicate-category]`}},
		{"empty body", map[string]string{"a.md": "---\ntitle: T\ncreatedAt: 2024-01-01\ncategories: [caching]\n---\n\n  \n"}, []string{
			`data/guides/a.md:6:1: warning: the guide has no body after its front matter [empty-body]`}},
		{"ids that make poor URLs", map[string]string{"What Is DNS.md": ok, "CDN.md": ok}, []string{
			`data/guides/CDN.md:1:1: warning: id "CDN" has upper-case letters; URLs are usually lower case [id-format]`,
			`data/guides/What Is DNS.md:1:1: warning: id "What Is DNS" has characters that need encoding in a URL; rename the file with letters, digits and dashes [id-format]`}},
		{"stray files", map[string]string{"notes.txt": "x", "README.MD": ok, ".hidden.md": "junk", "sub/x.md": ok, "a.md": ok}, []string{
			`data/guides/README.MD:1:1: warning: file "README.MD" is ignored: only *.md files are guides or categories [stray-file]`,
			`data/guides/notes.txt:1:1: warning: file "notes.txt" is ignored: only *.md files are guides or categories [stray-file]`,
			`data/guides/sub:1:1: warning: folder "sub" is ignored: only the *.md files of data/guides are read [stray-file]`}},
	}
	// The fix lines that suggest a date suggest the clock's in UTC: two in
	// the morning five hours east of UTC is the day before.
	o := opts
	o.Now = func() time.Time { return time.Date(2026, 3, 15, 2, 0, 0, 0, time.FixedZone("UTC+5", 5*3600)) }
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags, err := Load(collection(tt.files), o)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, diagStrings(diags)); diff != "" {
				t.Errorf("diagnostics mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadCategoryDiagnostics(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"valid", category, nil},
		{"missing", "---\ndescription: x\n---\n", []string{
			`data/categories/c.md:1:1: error: sort is missing: categories are ordered by it [required]`,
			`data/categories/c.md:1:1: error: title is missing [required]`}},
		{"sort types", "---\ntitle: C\nsort: '10'\n---\n", []string{
			`data/categories/c.md:3:7: error: sort must be an integer, not a string; remove the quotes [type]`}},
		{"sort float", "---\ntitle: C\nsort: 1.5\n---\n", []string{
			`data/categories/c.md:3:7: error: sort must be an integer, not a number; write a whole number such as 10 [type]`}},
		{"sort empty", "---\ntitle: C\nsort:\n---\n", []string{
			`data/categories/c.md:3:1: error: sort is empty: write an integer such as 10 [required]`}},
		{"sort out of range", "---\ntitle: C\nsort: 99999999999999999999\n---\n", []string{
			`data/categories/c.md:3:7: error: sort 99999999999999999999 is out of range [type]`}},
		{"unknown key", "---\ntitle: C\nsort: 1\nicn: x\n---\n", []string{
			`data/categories/c.md:4:1: warning: unknown key "icn"; did you mean "icon"? [unknown-key]`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"data/categories/c.md": mapFile(tt.src), "data/guides": &fstest.MapFile{Mode: fs.ModeDir}}
			_, diags, err := Load(fsys, opts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, diagStrings(diags)); diff != "" {
				t.Errorf("diagnostics mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadMissingFolder(t *testing.T) {
	_, _, err := Load(fstest.MapFS{"data/guides/a.md": mapFile("x")}, opts)
	if err == nil || !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "data/categories") {
		t.Errorf("Load() error = %v, want one naming data/categories", err)
	}
}

// TestLoadLongFrontMatter checks files whose front matter, or whose run of
// blank lines before the body, is longer than a worker's first buffer.
func TestLoadLongFrontMatter(t *testing.T) {
	long := "---\ntitle: T\ndescription: " + strings.Repeat("x", 3*initialBuffer) + "\ncreatedAt: 2024-01-01\ncategories: [caching]\n---\nBody\n"
	blank := "---\ntitle: T\ncreatedAt: 2024-01-01\ncategories: [caching]\n---\n" + strings.Repeat("\n", 2*initialBuffer) + "Body\n"
	c, diags, err := Load(collection(map[string]string{"long.md": long, "blank.md": blank}), opts)
	if err != nil || len(diags) != 0 {
		t.Fatalf("Load() = %v, %v", diagStrings(diags), err)
	}
	if g := c.Guide("long"); len(g.Description) != 3*initialBuffer || g.Body.Empty {
		t.Errorf("long front matter read as %d bytes of description, empty body %v", len(g.Description), g.Body.Empty)
	}
	if g := c.Guide("blank"); g.Body.Empty {
		t.Error("a body after many blank lines was taken as empty")
	}
}

// TestLoadDeterministic loads the same collection with one worker and with
// many, and expects the same collection and diagnostics.
func TestLoadDeterministic(t *testing.T) {
	files := map[string]string{}
	for i := range 200 {
		name := string(rune('a'+i%26)) + strings.Repeat("x", i/26) + ".md"
		date := []string{"2024-01-01", "2024-01-02", "\"2024-01-01T00:00:00Z\""}[i%3]
		files[name] = "---\ntitle: T" + name + "\ncreatedAt: " + date + "\ncategories: [caching]\nunknown" + name + ": 1\n---\nBody\n"
	}
	fsys := collection(files)
	var first string
	for _, workers := range []int{1, 3, 64} {
		c, diags, err := Load(fsys, Options{GuidesDir: opts.GuidesDir, CategoriesDir: opts.CategoriesDir, Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, g := range c.Guides {
			b.WriteString(g.ID + " ")
		}
		b.WriteString(strings.Join(diagStrings(diags), "\n"))
		if first == "" {
			first = b.String()
		} else if b.String() != first {
			t.Fatalf("%d workers gave a different result", workers)
		}
	}
}

// TestLoadDirMatchesLoad loads the same folder with LoadDir, which lists
// and reads with system calls of its own on Linux, and with Load through
// os.DirFS, and expects the same collection and findings.
func TestLoadDirMatchesLoad(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"data/categories/c.md":   category,
		"data/categories/d.md":   "---\ntitle: D\nsort: 1\n---\n",
		"data/guides/notes.txt":  "x",
		"data/guides/.hidden.md": "junk",
		"data/guides/sub/x.md":   "---\n---\n",
		"data/guides/broken.md":  "no front matter",
		"data/guides/CDN.md":     "---\ntitle: CDN\ncreatedAt: 2024-01-01\ncategories: [caching]\n---\nBody\n",
	}
	for i := range 300 {
		files[fmt.Sprintf("data/guides/g%03d.md", (i*37)%300)] = fmt.Sprintf("---\ntitle: G%d\ncreatedAt: 2024-01-%02d\ncategories: [caching]\n---\nBody\n", i, 1+i%28)
	}
	for name, src := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var results []string
	for _, load := range []func() (*guides.Collection, guides.Diagnostics, error){
		func() (*guides.Collection, guides.Diagnostics, error) { return LoadDir(dir, opts) },
		func() (*guides.Collection, guides.Diagnostics, error) { return Load(os.DirFS(dir), opts) },
	} {
		c, diags, err := load()
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, g := range c.Guides {
			fmt.Fprintf(&b, "%s %s %s|", g.Path, g.ID, g.Title)
		}
		for _, cat := range c.Categories {
			fmt.Fprintf(&b, "%s %s|", cat.Path, cat.ID)
		}
		b.WriteString(strings.Join(diagStrings(diags), "\n"))
		results = append(results, b.String())
	}
	if results[0] != results[1] {
		t.Errorf("LoadDir and Load differ:\n%s\n\n%s", results[0], results[1])
	}
}

func TestFileOrder(t *testing.T) {
	names := []string{"b.md", "a.md", "a-b.md", "abcdefghijklmnopq.md", "abcdefghijklmnopz.md", "abcdefghijklmnop.md", "é.md", "Z.md", "0.md"}
	r := []int{7, 3, 1, 8, 0, 5, 2, 6, 4}
	var files []file
	for _, i := range r {
		p := "data/guides/" + names[i]
		files = append(files, file{path: p, id: strings.TrimSuffix(names[i], ".md")})
	}
	var got []string
	for _, i := range fileOrder(files) {
		got = append(got, files[i].path)
	}
	want := slices.Clone(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("fileOrder = %q, want %q", got, want)
	}
}
