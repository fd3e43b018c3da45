package site

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/rogpeppe/go-internal/diff"
	"github.com/rogpeppe/go-internal/txtar"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/golden"
	"github.com/visual-guides/guides/internal/load"
	"github.com/visual-guides/guides/internal/search"
)

// fixture loads a collection from a txtar archive.
func fixture(t testing.TB, name string) (fstest.MapFS, *guides.Collection) {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range ar.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	return fsys, loadFS(t, fsys)
}

func loadFS(t testing.TB, fsys fstest.MapFS) *guides.Collection {
	t.Helper()
	c, diags, err := load.Load(fsys, load.Options{GuidesDir: "data/guides", CategoriesDir: "data/categories"})
	if err != nil {
		t.Fatal(err)
	}
	if diags.HasErrors() {
		t.Fatalf("fixture has errors: %v", diags)
	}
	return c
}

func build(t testing.TB, fsys fstest.MapFS, c *guides.Collection, opts Options) Files {
	t.Helper()
	if opts.BaseURL == "" {
		opts.BaseURL = "https://example.org/guides"
	}
	if opts.Title == "" {
		opts.Title = "Example Guides"
	}
	b, err := NewBuilder(fsys, opts)
	if err != nil {
		t.Fatal(err)
	}
	files := Files{}
	if err := b.Build(c, files); err != nil {
		t.Fatal(err)
	}
	return files
}

// TestGolden builds the fixture and compares its text files with
// testdata/golden/*; -update rewrites them.
func TestGolden(t *testing.T) {
	fsys, c := fixture(t, "fixture.txtar")
	files := build(t, fsys, c, Options{})
	dir := filepath.Join("testdata", "golden")
	if golden.Updating() {
		os.RemoveAll(dir)
	}
	var names []string
	for name := range files {
		if strings.HasSuffix(name, ".png") || strings.HasPrefix(name, "assets/") {
			continue // assets are tested by what links to them
		}
		if strings.HasSuffix(name, ".bin") {
			continue // the compressed search index: package search tests it
		}
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		golden.CheckFile(t, filepath.Join(dir, filepath.FromSlash(name)), files[name])
	}
	// Every golden file is still made.
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			if _, ok := files[filepath.ToSlash(rel)]; !ok {
				t.Errorf("%s is no longer built", rel)
			}
		}
		return nil
	})
}

// TestIDsNeedingEscapes builds a guide whose id has characters that must be
// escaped in a URL, and serves it back.
func TestIDsNeedingEscapes(t *testing.T) {
	fsys := fstest.MapFS{
		"data/categories/c.md":           {Data: []byte("---\ntitle: C\nsort: 1\n---\n")},
		"data/guides/what is (a) cdn.md": {Data: []byte("---\ntitle: Odd\ncreatedAt: 2024-01-01\ncategories: [c]\n---\nBody.\n")},
		"data/guides/café 100%.md":       {Data: []byte("---\ntitle: Café\ncreatedAt: 2024-01-02\ncategories: [c]\n---\n[odd](what%20is%20(a)%20cdn.md)\n")},
	}
	c := loadFS(t, fsys)
	files := build(t, fsys, c, Options{BaseURL: "https://example.org/my%20guides"})
	index := string(files["index.html"])
	for _, href := range []string{`href="/my%20guides/what%20is%20%28a%29%20cdn/"`, `href="/my%20guides/caf%C3%A9%20100%25/"`} {
		if !strings.Contains(index, href) {
			t.Errorf("index lacks %s", href)
		}
	}
	if !strings.Contains(string(files["café 100%/index.html"]), `<a href="/my%20guides/what%20is%20%28a%29%20cdn/">odd</a>`) {
		t.Errorf("the relative link to the odd file was not resolved:\n%s", files["café 100%/index.html"])
	}
	if !strings.Contains(string(files["what is (a) cdn/index.html"]), `<link rel="canonical" href="https://example.org/my%20guides/what%20is%20%28a%29%20cdn/">`) {
		t.Error("the canonical URL is not escaped")
	}
	srv := NewServer("/my guides/")
	srv.Update(files)
	for _, p := range []string{"/my%20guides/what%20is%20%28a%29%20cdn/", "/my%20guides/caf%C3%A9%20100%25"} {
		req := httptest.NewRequest("GET", p, nil)
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, req)
		if w.Code != 200 {
			t.Errorf("GET %s: %d", p, w.Code)
		}
	}
}

// TestLayoutsOverride builds the fixture with a layouts/ folder that
// replaces the guide template and the stylesheet, and adds an asset.
func TestLayoutsOverride(t *testing.T) {
	fsys, c := fixture(t, "fixture.txtar")
	fsys["layouts/guide.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}<p class="mine">{{.Guide.Title}} · {{.Guide.DateText}} · {{date .Guide.Date true}} · {{count 2 "tag"}}</p>{{end}}`)}
	fsys["layouts/assets/style.css"] = &fstest.MapFile{Data: []byte("body { color: rebeccapurple; }\n")}
	fsys["layouts/assets/logo.svg"] = &fstest.MapFile{Data: []byte("<svg/>")}
	files := build(t, fsys, c, Options{})
	if got := string(files["dns/index.html"]); !strings.Contains(got, `<p class="mine">How DNS Works · 8 January 2024 · 8 January 2024 · 2 tags</p>`) {
		t.Errorf("the guide template was not replaced:\n%s", got)
	}
	if !strings.Contains(string(files["index.html"]), "categories") {
		t.Error("the other templates were lost")
	}
	if got := string(files["assets/style.css"]); got != "body { color: rebeccapurple; }\n" {
		t.Errorf("style.css = %q", got)
	}
	if string(files["assets/logo.svg"]) != "<svg/>" || len(files["assets/site.js"]) == 0 {
		t.Error("assets were not merged")
	}

	fsys["layouts/tag.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}{{.Nope}}{{end}}`)}
	b, err := NewBuilder(fsys, Options{BaseURL: "https://example.org/guides", Title: "T"})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Build(c, Files{}); err == nil || !strings.Contains(err.Error(), "tag page") {
		t.Errorf("a broken template built: %v", err)
	}
	fsys["layouts/base.html"] = &fstest.MapFile{Data: []byte(`{{define "base"}}{{end`)}
	if _, err := NewBuilder(fsys, Options{BaseURL: "https://example.org/guides", Title: "T"}); err == nil {
		t.Error("a template that does not parse was accepted")
	}
}

// fixtureEdits are edits of every kind of the fixture collection, each
// applied to what the edits before it left.
func fixtureEdits(fsys fstest.MapFS) []struct {
	name string
	edit func()
} {
	replace := func(name, old, new string) func() {
		return func() {
			f := fsys[name]
			f.Data = bytes.Replace(f.Data, []byte(old), []byte(new), 1)
		}
	}
	return []struct {
		name string
		edit func()
	}{
		{"a title", replace("data/guides/cdn.md", "What Is a CDN?", "Content Delivery Networks")},
		{"a body", func() {
			f := fsys["data/guides/btree.md"]
			f.Data = append(f.Data, []byte("\nAnd a new paragraph.\n")...)
		}},
		{"tags", replace("data/guides/dns.md", "tags: [DNS, Networking]", "tags: [DNS, Resolvers]")},
		{"a new guide", func() {
			fsys["data/guides/new.md"] = &fstest.MapFile{Data: []byte("---\ntitle: New\ncreatedAt: 2024-01-20\ncategories: [networking]\ntags: [DNS]\n---\nNew.\n")}
		}},
		{"a deleted guide", func() { delete(fsys, "data/guides/btree.md") }},
		{"a renamed guide", func() {
			fsys["data/guides/renamed.md"] = fsys["data/guides/new.md"]
			delete(fsys, "data/guides/new.md")
		}},
		{"a category's description", replace("data/categories/networking.md", "How requests travel.", "How packets travel.")},
		{"a category's title", replace("data/categories/networking.md", "title: Networking", "title: Protocols")},
		{"a date", replace("data/guides/dns.md", "createdAt: ", "createdAt: 2020-01-01\nx-was: ")},
	}
}

// TestModelMatchesBuild edits a collection several ways, and expects every
// file a Model of the edited collection makes to be what a whole build
// makes, and no other.
func TestModelMatchesBuild(t *testing.T) {
	fsys, c := fixture(t, "fixture.txtar")
	b, err := NewBuilder(fsys, Options{BaseURL: "https://example.org/guides", Title: "T"})
	if err != nil {
		t.Fatal(err)
	}
	check := func(what string, c *guides.Collection) {
		t.Helper()
		want := build(t, fsys, c, Options{BaseURL: "https://example.org/guides", Title: "T"})
		m := b.Model(c, fsys)
		for name, data := range want {
			if strings.HasPrefix(name, searchDir) && name != searchDir+"index.html" {
				continue // the search index's, which a Model does not make
			}
			got, ok, err := m.File(name)
			if err != nil || !ok || !bytes.Equal(got, data) {
				t.Errorf("%s: %s: %v, %v, differs from a whole build:\n%s", what, name, ok, err, diff.Diff("build", data, "model", got))
			}
		}
		for _, name := range []string{"nothing/index.html", "tags/nothing/index.html", "networking/page/1/index.html",
			"networking/page/2/index.html", "networking/page/02/index.html", "files/data/guides/cdn.md", "assets/none.css", "cdn", "tags/"} {
			if _, ok, _ := m.File(name); ok {
				t.Errorf("%s: the model has %s, which a build does not make", what, name)
			}
		}
	}
	check("the fixture", c)
	for _, e := range fixtureEdits(fsys) {
		e.edit()
		check("after editing "+e.name, loadFS(t, fsys))
	}
}

// TestRootNamesAreReserved builds a site and checks that everything it
// writes at its root is the folder of a category or guide, or a name the
// core reserves (guides.SiteRootNames), so that the reserved-id rule knows
// every name the site takes.
func TestRootNamesAreReserved(t *testing.T) {
	fsys, c := fixture(t, "fixture.txtar")
	files := build(t, fsys, c, Options{})
	ids := map[string]bool{}
	for _, cat := range c.Categories {
		ids[cat.ID] = true
	}
	for _, g := range c.Guides {
		ids[g.ID] = true
	}
	for name := range files {
		root, _, _ := strings.Cut(name, "/")
		if !ids[root] && !guides.IsReservedID(root) {
			t.Errorf("the site writes %s, whose root %q is neither an id nor reserved", name, root)
		}
	}
	for _, name := range guides.SiteRootNames() {
		found := false
		for f := range files {
			if f == name || strings.HasPrefix(f, name+"/") {
				found = true
			}
		}
		if !found {
			t.Errorf("%q is reserved but the site does not write it", name)
		}
	}
}

// TestTagIdentity checks that tags are grouped as guides.TagKey says:
// C, C++ and C# get a page each, spellings of one tag share one page named
// by its first spelling, and a tag in another script gets a page whose
// link is percent-encoded.
func TestTagIdentity(t *testing.T) {
	fsys := fstest.MapFS{
		"data/categories/c.md": {Data: []byte("---\ntitle: C\nsort: 1\n---\n")},
		"data/guides/a.md":     {Data: []byte("---\ntitle: A\ncreatedAt: 2024-01-01\ncategories: [c]\ntags: [C, Machine Learning, 東京]\n---\nA.\n")},
		"data/guides/b.md":     {Data: []byte("---\ntitle: B\ncreatedAt: 2024-01-02\ncategories: [c]\ntags: [C++, machine-learning, MACHINE_LEARNING]\n---\nB.\n")},
		"data/guides/d.md":     {Data: []byte("---\ntitle: D\ncreatedAt: 2024-01-03\ncategories: [c]\ntags: [\"C#\", c]\n---\nD.\n")},
	}
	files := build(t, fsys, loadFS(t, fsys), Options{})
	for _, page := range []string{"tags/c/index.html", "tags/c++/index.html", "tags/c#/index.html", "tags/machine-learning/index.html", "tags/東京/index.html"} {
		if _, ok := files[page]; !ok {
			t.Errorf("no page %s", page)
		}
	}
	var tagPages int
	for name := range files {
		if strings.HasPrefix(name, "tags/") && name != "tags/index.html" {
			tagPages++
		}
	}
	if tagPages != 5 {
		t.Errorf("%d tag pages, want 5", tagPages)
	}
	ml := string(files["tags/machine-learning/index.html"])
	if !strings.Contains(ml, "Machine Learning") || !strings.Contains(ml, `href="/guides/a/"`) || !strings.Contains(ml, `href="/guides/b/"`) {
		t.Errorf("the machine learning page does not list both guides under the first spelling")
	}
	c := string(files["tags/c/index.html"])
	if !strings.Contains(c, `href="/guides/a/"`) || !strings.Contains(c, `href="/guides/d/"`) || strings.Contains(c, `href="/guides/b/"`) {
		t.Errorf("the page of C lists the wrong guides")
	}
	a := string(files["a/index.html"])
	if !strings.Contains(a, `href="/guides/tags/%E6%9D%B1%E4%BA%AC/"`) {
		t.Errorf("the link to the tag 東京 is not percent-encoded")
	}
	d := string(files["d/index.html"])
	if !strings.Contains(d, `href="/guides/tags/c%23/"`) {
		t.Errorf("the link to the tag C# is not percent-encoded")
	}
	if strings.Count(d, `href="/guides/tags/c/"`) != 1 {
		t.Errorf("the tag c, written twice by one guide, is not linked once")
	}
	var index []struct{ Tags []string }
	if err := json.Unmarshal(files["index.json"], &index); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(index[1].Tags, ","); got != "C++,Machine Learning" {
		t.Errorf("index.json tags of b = %s, want each tag once, by its site name", got)
	}
}

// streamSink is a WriterSink in memory that records what it was given
// through Create.
type streamSink struct {
	mu      sync.Mutex
	files   Files
	created map[string]bool
}

func (s *streamSink) Put(name string, data []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[name] = data
	return nil
}

func (s *streamSink) Create(name string) (io.WriteCloser, error) {
	return &streamFile{sink: s, name: name}, nil
}

type streamFile struct {
	bytes.Buffer
	sink *streamSink
	name string
}

func (f *streamFile) Close() error {
	f.sink.mu.Lock()
	defer f.sink.mu.Unlock()
	f.sink.files[f.name] = f.Bytes()
	f.sink.created[f.name] = true
	return nil
}

// TestWriterSink checks that a build into a sink that takes files as they
// are written writes the lists of every guide that way, and the same bytes
// as a build into memory.
func TestWriterSink(t *testing.T) {
	fsys, c := fixture(t, "fixture.txtar")
	want := build(t, fsys, c, Options{})
	b, err := NewBuilder(fsys, Options{BaseURL: "https://example.org/guides", Title: "Example Guides"})
	if err != nil {
		t.Fatal(err)
	}
	got := &streamSink{files: Files{}, created: map[string]bool{}}
	if err := b.Build(c, got); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{guides.SiteSitemap, guides.SiteJSON} {
		if !got.created[name] {
			t.Errorf("%s was not written as it was encoded", name)
		}
	}
	if len(got.files) != len(want) {
		t.Errorf("%d files, want %d", len(got.files), len(want))
	}
	for name, data := range want {
		if !bytes.Equal(got.files[name], data) {
			t.Errorf("%s differs from the build into memory", name)
		}
	}
}

// TestSkipBrokenLayouts builds with a template of layouts/ that does not
// parse, as a server does: the file is left out whole, the theme's block
// stands in for what it defined, and the files that parse still count.
func TestSkipBrokenLayouts(t *testing.T) {
	fsys, c := fixture(t, "fixture.txtar")
	fsys["layouts/a.html"] = &fstest.MapFile{Data: []byte(`{{define "footer"}}<footer>Broken</footer>{{end}}{{define "head"}}{{if}}{{end}}`)}
	fsys["layouts/b.html"] = &fstest.MapFile{Data: []byte(`{{define "brand"}}<a class="brand" href="/">Ours</a>{{end}}`)}
	if _, err := NewBuilder(fsys, Options{BaseURL: "https://example.org/guides", Title: "T"}); err == nil {
		t.Fatal("a template that does not parse was accepted")
	}
	files := build(t, fsys, c, Options{SkipBrokenLayouts: true})
	page := string(files["index.html"])
	if strings.Contains(page, "Broken") || !strings.Contains(page, `class="site-footer"`) || !strings.Contains(page, ">Ours</a>") {
		t.Errorf("the broken file was not left out whole, or the good one with it:\n%s", page)
	}
}

// folderSink is a site's folder held in memory, as Update changes it.
type folderSink struct {
	mu    sync.Mutex
	files Files
}

func (f *folderSink) Put(name string, data []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.files[name] = data
	return nil
}

func (f *folderSink) Remove(name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.files[name]; !ok {
		return fmt.Errorf("removing %s, which is not there", name)
	}
	delete(f.files, name)
	return nil
}

// TestUpdateMatchesFreshBuild edits a collection several ways, updating
// the folder of the last build after each, and expects exactly the folder
// a whole build of the edited collection makes, state file included. A
// body edit writes few files.
func TestUpdateMatchesFreshBuild(t *testing.T) {
	for _, noSearch := range []bool{false, true} {
		fsys, c := fixture(t, "fixture.txtar")
		opts := Options{BaseURL: "https://example.org/guides", Title: "T", KeepState: true, Version: "test", NoSearch: noSearch}
		// A logo the settings name, which no page's body links to, is
		// published by every build.
		fsys["images/logo.svg"] = &fstest.MapFile{Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>`)}
		opts.Brand.Logo = "images/logo.svg"
		folder := &folderSink{files: build(t, fsys, c, opts)}
		b, err := NewBuilder(fsys, opts)
		if err != nil {
			t.Fatal(err)
		}
		for i, e := range fixtureEdits(fsys) {
			before := maps.Clone(fsys)
			e.edit()
			for name, f := range fsys {
				if before[name] != f || f.ModTime.IsZero() {
					f.ModTime = time.Unix(int64(i+1), 0)
				}
			}
			c := loadFS(t, fsys)
			prev := Earlier{State: folder.files[StateFile]}
			if kept, ok := folder.files[SearchFile]; ok {
				prev.Search, prev.SearchSize = bytes.NewReader(kept), int64(len(kept))
			}
			res, err := b.Update(context.Background(), c, prev, folder)
			want := build(t, fsys, c, opts)
			if errors.Is(err, ErrEveryPage) {
				// The footer of every page counts the guides: a build
				// replaces the folder whole, as the command does.
				if e.name != "a new guide" && e.name != "a deleted guide" {
					t.Errorf("editing %s changed every page", e.name)
				}
				folder.files = want
				continue
			}
			if err != nil {
				t.Fatalf("after editing %s: %v", e.name, err)
			}
			got := folder.files
			if !noSearch {
				// An update leaves the search index's unchanged files
				// where they were: what a reader of the index sees is
				// the same, wherever its files are.
				got, want = searchView(t, got), searchView(t, want)
			}
			for name := range want {
				if !bytes.Equal(got[name], want[name]) {
					t.Errorf("search %v, after editing %s, %s differs from a whole build:\n%s", !noSearch, e.name, name, diff.Diff("whole", want[name], "updated", got[name]))
				}
			}
			for name := range got {
				if _, ok := want[name]; !ok {
					t.Errorf("search %v, after editing %s, the folder has %s, which a whole build has not", !noSearch, e.name, name)
				}
			}
			if e.name == "a body" && res.Written > 3 && noSearch {
				t.Errorf("a body edit wrote %d files: %+v", res.Written, res)
			}
			// The search index starts from the one the last build kept:
			// a body edit analyses that guide again, and a title edit the
			// guides whose bodies link to it too.
			if !noSearch && (e.name == "a body" && res.Analysed != 1 || e.name == "a title" && res.Analysed >= len(c.Guides)) {
				t.Errorf("editing %s had the search index analyse %d of %d guides again", e.name, res.Analysed, len(c.Guides))
			}
			t.Logf("search %v, %s: %+v", !noSearch, e.name, res)
		}
	}
}

// searchView returns the files of a site's folder with its search index
// as a reader sees it: the manifest without the folders of the files, and
// each file by its name in its folder, decompressed. The state file goes
// without its list of where those files are. A file of the index that the
// manifest does not lead to is left in, under its own name.
func searchView(t *testing.T, files Files) Files {
	t.Helper()
	out := Files{}
	for name, data := range files {
		if !strings.HasPrefix(name, searchDir) || isPageName(name) {
			out[name] = data
		}
	}
	get := func(name string) ([]byte, error) {
		data, ok := files[searchDir+name]
		if !ok {
			return nil, fmt.Errorf("no file %s", name)
		}
		return data, nil
	}
	st, err := search.OpenStatic(get)
	if err != nil {
		t.Fatal(err)
	}
	view, err := st.View()
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range view {
		out[searchDir+"="+name] = data
	}
	led := map[string]bool{searchDir + search.ManifestName: true}
	for _, path := range st.Files() {
		led[searchDir+path] = true
	}
	for name, data := range files {
		if strings.HasPrefix(name, searchDir) && !isPageName(name) && !led[name] {
			out[name] = data
		}
	}
	if data, ok := files[StateFile]; ok {
		st, err := decodeState(data)
		if err != nil {
			t.Fatal(err)
		}
		st.searchFiles = nil
		for name := range st.outputs {
			if strings.HasPrefix(name, searchDir) && !isPageName(name) {
				delete(st.outputs, name)
			}
		}
		out[StateFile] = st.encode()
	}
	return out
}

// TestUpdateRefusesStaleState checks that Update asks for a whole build
// when the state is damaged or was made by another version.
func TestUpdateRefusesStaleState(t *testing.T) {
	fsys, c := fixture(t, "fixture.txtar")
	opts := Options{BaseURL: "https://example.org/guides", Title: "T", KeepState: true, Version: "one"}
	state := build(t, fsys, c, opts)[StateFile]
	for name, prev := range map[string][]byte{"damaged": state[:len(state)-3], "empty": nil, "another version": state} {
		o := opts
		if name == "another version" {
			o.Version = "two"
		}
		b, err := NewBuilder(fsys, o)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := b.Update(context.Background(), c, Earlier{State: prev}, &folderSink{files: Files{}}); !errors.Is(err, ErrStale) {
			t.Errorf("%s: %v, want ErrStale", name, err)
		}
	}
}
