package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/load"
	"github.com/visual-guides/guides/internal/rules"
)

// fixture is a small collection: two categories, and two guides that
// link to each other's headings.
func fixture() map[string]string {
	return map[string]string{
		"data/categories/caching.md":   "---\ntitle: Caching\ndescription: Keeping answers close.\nsort: 10\n---\n",
		"data/categories/databases.md": "---\ntitle: Databases\nsort: 20\n---\n",
		"data/guides/cache-aside.md": "---\ntitle: Cache-aside\ncreatedAt: 2024-01-26\ncategories: [caching]\ntags: [Patterns, Consistency]\n---\n" +
			"# Cache-aside\n\n## Reads\n\nSee [hashing](consistent-hashing.md#the-ring).\n",
		"data/guides/consistent-hashing.md": "---\ntitle: Consistent hashing\ndescription: Keys on a ring.\ncreatedAt: 2024-02-01\ncategories:\n  - databases\ntags:\n  - patterns\n---\n" +
			"# Consistent hashing\n\n## The ring\n\nText.\n\n### Virtual nodes\n\n## Moving keys\n",
		"images/ring.png": "png",
	}
}

// checkFindings returns what check finds in the file at p of the
// collection at dir, in the same form as messages.
func checkFindings(t *testing.T, dir, p string) []string {
	t.Helper()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	fsys := root.FS()
	c, ds, err := load.Load(fsys, load.Options{GuidesDir: "data/guides", CategoriesDir: "data/categories"})
	if err != nil {
		t.Fatal(err)
	}
	ds = append(ds, rules.Check(context.Background(), fsys, c)...)
	ds.Sort()
	text, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
	if err != nil {
		t.Fatal(err)
	}
	l := newLines(text)
	out := []string{}
	for _, d := range ds {
		if d.Path == p {
			r := diagnostic(l, d).Range
			out = append(out, fmt.Sprintf("%d:%d %s: %s", r.Start.Line+1, r.Start.Character+1, d.Rule, d.Message))
		}
	}
	return out
}

// TestDiagnostics opens a guide with mistakes, and checks that the
// server finds what check finds in the file with the buffer's text, on
// open and after each change.
func TestDiagnostics(t *testing.T) {
	dir := writeCollection(t, fixture())
	c := start(t, dir)
	const p = "data/guides/new.md"
	text := "---\ntitle: Cache-aside\ncreatedAt: 2024-02-30\ncatgories: [caching]\ncategories: [cachng, databases]\n---\nSee [x](cache-aside.md#nowhere) and ![r](/images/ring.png).\n"
	c.open(p, text)
	got := messages(c.diagnostics(p, 1))
	if err := os.WriteFile(filepath.Join(dir, p), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	want := checkFindings(t, dir, p)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("findings on open differ from check's (-check +server):\n%s", diff)
	}
	for _, rule := range []string{guides.RuleDate, guides.RuleUnknownKey, guides.RuleUnknownCategory, guides.RuleLink} {
		if !slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, " "+rule+": ") }) {
			t.Errorf("no finding of %s in %q", rule, got)
		}
	}

	// A change in the middle of a line, and one of the whole text.
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": c.uri(p), "version": 2},
		"contentChanges": []any{map[string]any{"range": span(t, text, "catgories"), "text": "tags"}},
	})
	if got := messages(c.diagnostics(p, 2)); slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, "catgories") }) {
		t.Errorf("after the change the misspelt key is still found: %q", got)
	}
	fixed := "---\ntitle: New\ncreatedAt: 2024-02-28\ncategories: [caching]\n---\nSee [x](cache-aside.md#reads).\n"
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": c.uri(p), "version": 3}, "contentChanges": []any{map[string]any{"text": fixed}}})
	if got := c.diagnostics(p, 3); len(got) != 0 {
		t.Errorf("a good guide has findings: %q", messages(got))
	}
}

// TestOpenBuffers checks that the collection rules see the open buffers
// in place of their files: a heading renamed in one buffer breaks the link
// of another, before anything is saved.
func TestOpenBuffers(t *testing.T) {
	dir := writeCollection(t, fixture())
	c := start(t, dir)
	files := fixture()
	c.open("data/guides/cache-aside.md", files["data/guides/cache-aside.md"])
	if got := c.diagnostics("data/guides/cache-aside.md", 1); len(got) != 0 {
		t.Fatalf("findings in a good guide: %q", messages(got))
	}
	target := strings.Replace(files["data/guides/consistent-hashing.md"], "## The ring", "## The circle", 1)
	c.open("data/guides/consistent-hashing.md", target)
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": c.uri("data/guides/cache-aside.md"), "version": 2},
		"contentChanges": []any{map[string]any{"text": files["data/guides/cache-aside.md"] + "\n"}},
	})
	got := messages(c.diagnostics("data/guides/cache-aside.md", 2))
	want := []string{`11:15 link: link to "consistent-hashing.md#the-ring": data/guides/consistent-hashing.md has no heading with the id "the-ring"`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	// Closed, the buffer gives way to the file again.
	c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": c.uri("data/guides/consistent-hashing.md")}})
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": c.uri("data/guides/cache-aside.md"), "version": 3},
		"contentChanges": []any{map[string]any{"text": files["data/guides/cache-aside.md"]}},
	})
	if got := c.diagnostics("data/guides/cache-aside.md", 3); len(got) != 0 {
		t.Errorf("findings after the buffer was closed: %q", messages(got))
	}
}

// completion asks for the completions at the end of marker in text, the
// buffer of p, and returns each as "label|detail|new text".
func completion(t *testing.T, c *client, p, text, marker string) []string {
	t.Helper()
	var list struct {
		Items []struct {
			Label    string `json:"label"`
			Detail   string `json:"detail"`
			TextEdit struct {
				Range   rng    `json:"range"`
				NewText string `json:"newText"`
			} `json:"textEdit"`
		} `json:"items"`
	}
	res := c.call("textDocument/completion", map[string]any{"textDocument": map[string]any{"uri": c.uri(p)}, "position": at(t, text, marker)})
	if err := json.Unmarshal(res, &list); err != nil {
		t.Fatal(err)
	}
	out := []string{}
	here := at(t, text, marker)
	for _, it := range list.Items {
		r := it.TextEdit.Range
		if r.Start.Line != here.Line || r.End.Line != here.Line || r.Start.Character > here.Character || r.End.Character < here.Character {
			t.Errorf("completion %q at %v replaces %v, which does not hold the cursor", it.Label, here, r)
		}
		out = append(out, it.Label+"|"+it.Detail+"|"+it.TextEdit.NewText)
	}
	return out
}

// TestCompletion asks for completions at each kind of place.
func TestCompletion(t *testing.T) {
	dir := writeCollection(t, fixture())
	c := start(t, dir)
	const p = "data/guides/new.md"
	text := "---\ntitle: T\ncategories: [caching, d]\ntags:\n  - Pat\ndraft: \ncrea\n---\n" +
		"# Top\n\nSee [a](cons) and [b](consistent-hashing.md#the) and [c](#t) and [d](../categories/cach).\n"
	c.open(p, text)
	c.diagnostics(p, 1)
	for _, tt := range []struct {
		marker string
		want   []string
	}{
		{"crea", []string{"createdAt|a date such as 2024-01-26, required|createdAt: "}},
		{"[caching, d", []string{"databases|Databases|databases"}},
		{"  - Pat", []string{"Patterns|2 guides|Patterns"}},
		{"draft: ", []string{"false|published|false", "true|a draft: left out of README and the site|true"}},
		{"(cons", []string{"consistent-hashing.md|Consistent hashing|consistent-hashing.md"}},
		{"#the", []string{"the-ring|The ring|the-ring"}},
		{"(#t", []string{"top|Top|top"}},
		{"(../categories/cach", []string{"../categories/caching.md|Caching|../categories/caching.md"}},
	} {
		if diff := cmp.Diff(tt.want, completion(t, c, p, text, tt.marker)); diff != "" {
			t.Errorf("completion at %q (-want +got):\n%s", tt.marker, diff)
		}
	}
	// Dates, and a tag that must be quoted in a flow list.
	const q = "data/guides/q.md"
	dated := "---\ntitle: Q\ncreatedAt: 2\ncategories: [caching]\ntags: [x, co]\n---\n"
	c.open(q, dated)
	c.diagnostics(q, 1)
	if diff := cmp.Diff([]string{"2026-03-14|today|2026-03-14", "2026-03-14T15:09:26Z|now, in UTC|2026-03-14T15:09:26Z"}, completion(t, c, q, dated, "createdAt: 2")); diff != "" {
		t.Errorf("dates (-want +got):\n%s", diff)
	}
	// A key already written is not offered again.
	const k = "data/guides/k.md"
	keysText := "---\ntitle: K\ntags: [a]\n\n---\n"
	c.open(k, keysText)
	keys := completion(t, c, k, keysText, "tags: [a]\n")
	if slices.ContainsFunc(keys, func(s string) bool { return strings.HasPrefix(s, "title|") || strings.HasPrefix(s, "tags|") }) ||
		!slices.Contains(keys, "description|text|description: ") {
		t.Errorf("keys at an empty line: %q", keys)
	}
}

// TestCategoryPrefix completes a category id typed in a block list, as
// an editor sends it, with the range of the whole prefix replaced.
func TestCategoryPrefix(t *testing.T) {
	files := fixture()
	files["data/categories/caching-patterns.md"] = "---\ntitle: Caching patterns\nsort: 30\n---\n"
	c := start(t, writeCollection(t, files))
	const p = "data/guides/g.md"
	text := "---\ntitle: G\ncreatedAt: 2024-01-26\ncategories:\n  - caching-p\n---\n"
	c.open(p, text)
	got := completion(t, c, p, text, "caching-p")
	if want := []string{"caching-patterns|Caching patterns|caching-patterns"}; !cmp.Equal(want, got) {
		t.Errorf("completion of caching-p = %q, want %q", got, want)
	}
	// Where no id starts with what is typed, the nearest are offered.
	for prefix, want := range map[string][]string{
		"cachng":   {"caching|Caching|caching"},
		"databsae": {"databases|Databases|databases"},
	} {
		text := "---\ntitle: G\ncreatedAt: 2024-01-26\ncategories:\n  - " + prefix + "\n---\n"
		c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": c.uri(p), "version": 2}, "contentChanges": []any{map[string]any{"text": text}}})
		if got := completion(t, c, p, text, prefix); !cmp.Equal(want, got) {
			t.Errorf("completion of %s = %q, want %q", prefix, got, want)
		}
	}
}

// span returns the range of the first occurrence of marker in text.
func span(t *testing.T, text, marker string) rng {
	t.Helper()
	end := at(t, text, marker)
	return rng{pos{end.Line, end.Character - len([]rune(marker))}, end}
}

// hover returns the markdown of the hover at the end of marker.
func hover(t *testing.T, c *client, p, text, marker string) string {
	t.Helper()
	var h struct {
		Contents struct{ Value string } `json:"contents"`
	}
	res := c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": c.uri(p)}, "position": at(t, text, marker)})
	if string(res) == "null" {
		return ""
	}
	if err := json.Unmarshal(res, &h); err != nil {
		t.Fatal(err)
	}
	return h.Contents.Value
}

// definition returns where the name at the end of marker is defined, as
// "path:line" (1-based).
func definition(t *testing.T, c *client, p, text, marker string) string {
	t.Helper()
	var loc struct {
		URI   string `json:"uri"`
		Range rng    `json:"range"`
	}
	res := c.call("textDocument/definition", map[string]any{"textDocument": map[string]any{"uri": c.uri(p)}, "position": at(t, text, marker)})
	if string(res) == "null" {
		return ""
	}
	if err := json.Unmarshal(res, &loc); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%s:%d", strings.TrimPrefix(loc.URI, c.uri("")+"/"), loc.Range.Start.Line+1)
}

// TestHoverAndDefinition hovers over and goes to a category id, a tag,
// links and a key.
func TestHoverAndDefinition(t *testing.T) {
	c := start(t, writeCollection(t, fixture()))
	const p = "data/guides/cache-aside.md"
	text := fixture()[p]
	c.open(p, text)
	for _, tt := range []struct {
		marker, hover, def string
	}{
		{"[cach", "**Caching**\n\nKeeping answers close\\.\n\n`data/categories/caching.md` · 1 guide", "data/categories/caching.md:1"},
		{"Pattern", "Tag **Patterns**: 2 guides", ""},
		{"consistent-hash", "**Consistent hashing** › The ring\n\nKeys on a ring\\.\n\n`data/guides/consistent-hashing.md`", "data/guides/consistent-hashing.md:12"},
		{"creat", "**createdAt**: a date such as 2024-01-26\n\na date, or an RFC 3339 time. Required: guides are ordered by it.", ""},
		{"See", "", ""},
	} {
		if got := hover(t, c, p, text, tt.marker); got != tt.hover {
			t.Errorf("hover at %q = %q, want %q", tt.marker, got, tt.hover)
		}
		if got := definition(t, c, p, text, tt.marker); got != tt.def {
			t.Errorf("definition at %q = %q, want %q", tt.marker, got, tt.def)
		}
	}
}

// TestCodeActions asks for the fixes of findings and applies them.
func TestCodeActions(t *testing.T) {
	c := start(t, writeCollection(t, fixture()))
	for _, tt := range []struct {
		name, text, line, title, want string
	}{
		{"quote", "---\ntitle: A: B\ncreatedAt: 2024-01-26\ncategories: [caching]\n---\n", "title", "Quote the value", "---\ntitle: 'A: B'\ncreatedAt: 2024-01-26\ncategories: [caching]\n---\n"},
		{"key meant", "---\ntitle: K\ncreatedAt: 2024-01-26\ncatgories: [caching]\ncategories: [caching]\n---\n", "catg", `Change to "categories"`, "---\ntitle: K\ncreatedAt: 2024-01-26\ncategories: [caching]\ncategories: [caching]\n---\n"},
		{"category meant", "---\ntitle: C\ncreatedAt: 2024-01-26\ncategories:\n  - \"databse\"\n---\n", "datab", `Change to "databases"`, "---\ntitle: C\ncreatedAt: 2024-01-26\ncategories:\n  - databases\n---\n"},
		{"indent", "---\ntitle: I\ncreatedAt: 2024-01-26\ncategories:\n\t- caching\n---\n", "\t", "Indent with spaces", "---\ntitle: I\ncreatedAt: 2024-01-26\ncategories:\n  - caching\n---\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := "data/guides/" + tt.name + ".md"
			c.open(p, tt.text)
			c.diagnostics(p, 1)
			here := at(t, tt.text, tt.line)
			var actions []struct {
				Title string `json:"title"`
				Kind  string `json:"kind"`
				Edit  struct {
					Changes map[string][]struct {
						Range   rng    `json:"range"`
						NewText string `json:"newText"`
					} `json:"changes"`
				} `json:"edit"`
			}
			res := c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": c.uri(p)}, "range": rng{here, here}, "context": map[string]any{"diagnostics": []any{}}})
			if err := json.Unmarshal(res, &actions); err != nil {
				t.Fatal(err)
			}
			if len(actions) != 1 || actions[0].Title != tt.title || actions[0].Kind != "quickfix" {
				t.Fatalf("actions: %s", res)
			}
			l := newLines([]byte(tt.text))
			edits := actions[0].Edit.Changes[c.uri(p)]
			text := tt.text
			for i := len(edits) - 1; i >= 0; i-- {
				e := edits[i]
				start := l.offset(toPosition(e.Range.Start))
				end := l.offset(toPosition(e.Range.End))
				text = text[:start] + e.NewText + text[end:]
			}
			if text != tt.want {
				t.Errorf("the fix writes\n%q\nwant\n%q", text, tt.want)
			}
		})
	}
}

// TestDocumentSymbols lists the headings of a buffer, nested.
func TestDocumentSymbols(t *testing.T) {
	c := start(t, writeCollection(t, fixture()))
	const p = "data/guides/consistent-hashing.md"
	c.open(p, fixture()[p])
	res := c.call("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": c.uri(p)}})
	type symbol struct {
		Name     string   `json:"name"`
		Range    rng      `json:"range"`
		Children []symbol `json:"children"`
	}
	var syms []symbol
	if err := json.Unmarshal(res, &syms); err != nil {
		t.Fatal(err)
	}
	var show func(ss []symbol, indent string) string
	show = func(ss []symbol, indent string) string {
		out := ""
		for _, s := range ss {
			out += fmt.Sprintf("%s%s %d-%d\n", indent, s.Name, s.Range.Start.Line+1, s.Range.End.Line+1)
			out += show(s.Children, indent+"  ")
		}
		return out
	}
	want := "Consistent hashing 10-19\n  The ring 12-17\n    Virtual nodes 16-17\n  Moving keys 18-19\n"
	if got := show(syms, ""); got != want {
		t.Errorf("symbols:\n%s\nwant:\n%s", got, want)
	}
}
