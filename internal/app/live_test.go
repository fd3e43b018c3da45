package app

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/visual-guides/guides"
)

// liveTest is a live site of the fixture collection, moved by the test as
// the watcher would move it, without a watcher or a server.
type liveTest struct {
	t             *testing.T
	root          string
	ls            *liveSite
	log, problems syncBuffer
	logged        int // the lines of the log read so far
	indexed       int // the lines that told of a search index, so far
}

// newLiveTest builds the live site of the fixture collection.
func newLiveTest(t *testing.T) *liveTest {
	t.Helper()
	lt := &liveTest{t: t, root: collection(t, nil)}
	ls, err := newLiveSite(openAt(t, lt.root), ServeOptions{
		Log: &lt.log, Problems: &lt.problems,
		Finding: func(d guides.Diagnostic) string { return fmt.Sprintf("finding %s:%d %s", d.Path, d.Pos.Line, d.Rule) },
		Now:     func() time.Time { return time.Date(2025, 1, 1, 12, 34, 56, 0, time.UTC) },
	})
	if err != nil {
		t.Fatal(err)
	}
	lt.ls = ls
	t.Cleanup(func() { ls.Close() })
	ls.startSearch(context.Background())
	msg, err := ls.update(context.Background(), nil)
	if err != nil || !strings.HasPrefix(msg, "rebuilt in ") {
		t.Fatalf("first build: %q, %v", msg, err)
	}
	ls.search.wait()
	lt.change(nil)
	return lt
}

// change writes the files (an empty text removes one), tells the site
// that they changed, waits for the search index, and returns what it
// logged, without the time and the lines of the search index, which it
// counts.
func (lt *liveTest) change(files map[string]string) string {
	lt.t.Helper()
	var paths []string
	for name, text := range files {
		if text == "" {
			if err := os.Remove(filepath.Join(lt.root, filepath.FromSlash(name))); err != nil {
				lt.t.Fatal(err)
			}
		} else {
			writeFile(lt.t, lt.root, name, text)
		}
		paths = append(paths, name)
	}
	if paths != nil {
		lt.ls.changed(context.Background(), paths)
		lt.ls.search.wait()
	}
	all := strings.Split(strings.TrimSuffix(lt.log.String(), "\n"), "\n")
	var out []string
	for _, line := range all[lt.logged:] {
		stamp, rest, _ := strings.Cut(line, " ")
		if stamp != "12:34:56" {
			lt.t.Errorf("log line %q does not start with the time", line)
		}
		if strings.HasPrefix(rest, "search index of ") {
			lt.indexed++
			continue
		}
		out = append(out, rest)
	}
	lt.logged = len(all)
	return strings.Join(out, "\n")
}

// page returns the status and body of a page of the site.
func (lt *liveTest) page(rel string) (int, string) {
	lt.t.Helper()
	rec := httptest.NewRecorder()
	lt.ls.server.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/guides/"+rel, nil))
	body, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, string(body)
}

// wantPage fails the test unless the page is served with text in it.
func (lt *liveTest) wantPage(rel, text string) {
	lt.t.Helper()
	if code, body := lt.page(rel); code != http.StatusOK || !strings.Contains(body, text) {
		lt.t.Errorf("%s: %d, without %q", rel, code, text)
	}
}

// regexpMatch reports whether s matches the regular expression re.
func regexpMatch(re, s string) bool { return regexp.MustCompile(re).MatchString(s) }

// guideText is a guide of the category net.
func guideText(title, date, body string) string {
	return "---\ntitle: " + title + "\ndescription: A guide.\ncreatedAt: " + date + "\ncategories: [net]\n---\n\n" + body + "\n"
}

// TestLiveSiteEdits moves the live site with edits of a body, of a title
// and of new guides: each is shown, and the search index follows.
func TestLiveSiteEdits(t *testing.T) {
	lt := newLiveTest(t)
	lt.wantPage("alpha/", "<h1>Alpha Protocol</h1>")

	indexed := lt.indexed
	got := lt.change(map[string]string{"data/guides/alpha.md": strings.Replace(readText(t, lt.root, "data/guides/alpha.md"), "packets", "*frames*", 1)})
	if !regexpMatch(`^data/guides/alpha.md changed: rebuilt in \S+$`, got) || lt.indexed != indexed+1 {
		t.Errorf("a body edit logged:\n%s\nand %d search indexes", got, lt.indexed-indexed)
	}
	lt.wantPage("alpha/", "<em>frames</em>")

	got = lt.change(map[string]string{"data/guides/alpha.md": guideText("Alpha Renamed", "2024-01-01", "Text.")})
	if !regexpMatch(`^data/guides/alpha.md changed: rebuilt in \S+$`, got) {
		t.Errorf("a title edit logged:\n%s", got)
	}
	lt.wantPage("alpha/", "<h1>Alpha Renamed</h1>")

	got = lt.change(map[string]string{
		"data/guides/d1.md": guideText("D One", "2024-02-01", "One."), "data/guides/d2.md": guideText("D Two", "2024-02-02", "Two."),
		"data/guides/d3.md": guideText("D Three", "2024-02-03", "Three."), "data/guides/d4.md": guideText("D Four", "2024-02-04", "Four."),
	})
	if !regexpMatch(`^data/guides/d\d\.md, data/guides/d\d\.md, data/guides/d\d\.md and 1 more changed: rebuilt in `, got) {
		t.Errorf("four new guides logged:\n%s", got)
	}
	lt.wantPage("d4/", "<h1>D Four</h1>")
	if lt.problems.String() != "" {
		t.Errorf("problems printed:\n%s", lt.problems.String())
	}
}

// TestLiveSiteLastGoodBody edits a body, then breaks its guide: the last
// good page shows the edited body.
func TestLiveSiteLastGoodBody(t *testing.T) {
	lt := newLiveTest(t)
	alpha := readText(t, lt.root, "data/guides/alpha.md")
	if got := lt.change(map[string]string{"data/guides/alpha.md": strings.Replace(alpha, "packets", "*frames*", 1)}); !strings.Contains(got, "rebuilt in") {
		t.Fatalf("a body edit logged:\n%s", got)
	}
	broken := strings.Replace(strings.Replace(alpha, "packets", "*frames*", 1), "title: Alpha Protocol", "title: Alpha: broken", 1)
	if got := lt.change(map[string]string{"data/guides/alpha.md": broken}); !strings.Contains(got, "the last good version of each is shown") {
		t.Fatalf("a broken guide logged:\n%s", got)
	}
	lt.wantPage("alpha/", "<em>frames</em>")
}

// TestLiveSiteSameStamp edits a guide without changing its size or time:
// the file the watcher names is read again all the same.
func TestLiveSiteSameStamp(t *testing.T) {
	lt := newLiveTest(t)
	p := filepath.Join(lt.root, "data", "guides", "alpha.md")
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	retitled := strings.Replace(readText(t, lt.root, "data/guides/alpha.md"), "Alpha Protocol", "Alpha Protocox", 1)
	writeFile(t, lt.root, "data/guides/alpha.md", retitled)
	if err := os.Chtimes(p, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	lt.ls.changed(context.Background(), []string{"data/guides/alpha.md"})
	lt.wantPage("alpha/", "<h1>Alpha Protocox</h1>")
}

// TestLiveSiteErrors breaks the collection under the live site: a broken
// guide keeps its last good page, a guide never good is left out, and the
// last good site stays up whole when no version of it can be built.
func TestLiveSiteErrors(t *testing.T) {
	lt := newLiveTest(t)
	broken := guideText("Alpha: broken", "2024-01-01", "Broken.")
	neverGood := guideText("Never", "2024-02-30", "Never good.")
	steps := []struct {
		name      string
		files     map[string]string
		want      string // the log, a regular expression
		pages     map[string]string
		wantGone  string // a page that must not be served
		wantFound string // a line of the problems printed
	}{
		{"a guide breaks", map[string]string{"data/guides/alpha.md": broken},
			`^data/guides/alpha.md changed: 1 error in data/guides/alpha.md: the last good version of each is shown; rebuilt in \S+$`,
			map[string]string{"alpha/": "<h1>Alpha Protocol</h1>"}, "", "finding data/guides/alpha.md:2 yaml"},
		{"a guide never good", map[string]string{"data/guides/never.md": neverGood},
			`^data/guides/never.md changed: 2 errors in data/guides/alpha.md, data/guides/never.md: the last good version of each is shown, where there is one; rebuilt in \S+$`,
			map[string]string{"alpha/": "<h1>Alpha Protocol</h1>"}, "never/", "finding data/guides/never.md:4 date"},
		{"the old one fixed", map[string]string{"data/guides/alpha.md": guideText("Alpha Fixed", "2024-01-01", "Fixed.")},
			`^data/guides/alpha.md changed: 1 error in data/guides/never.md: left out until fixed; rebuilt in \S+$`,
			map[string]string{"alpha/": "<h1>Alpha Fixed</h1>"}, "never/", ""},
		{"a category goes", map[string]string{"data/categories/net.md": ""},
			`^data/categories/net.md changed: \d+ errors? in .*: the last good site is shown$`,
			map[string]string{"net/": "<h1>Networking</h1>", "alpha/": "<h1>Alpha Fixed</h1>"}, "never/", ""},
		{"everything fixed", map[string]string{"data/categories/net.md": "---\ntitle: Networking\ndescription: x.\nsort: 10\n---\n", "data/guides/never.md": guideText("Never", "2024-02-28", "Now good.")},
			`^.* changed: rebuilt in \S+$`,
			map[string]string{"net/": "<h1>Networking</h1>", "never/": "<h1>Never</h1>"}, "", ""},
	}
	for _, step := range steps {
		problemsBefore := len(lt.problems.String())
		if got := lt.change(step.files); !regexpMatch(step.want, got) {
			t.Errorf("%s: logged %q, want %s", step.name, got, step.want)
		}
		for rel, text := range step.pages {
			lt.wantPage(rel, text)
		}
		if step.wantGone != "" {
			if code, _ := lt.page(step.wantGone); code != http.StatusNotFound {
				t.Errorf("%s: %s answers %d, want 404", step.name, step.wantGone, code)
			}
		}
		if printed := lt.problems.String()[problemsBefore:]; !strings.Contains(printed, step.wantFound) {
			t.Errorf("%s: printed %q, want %q", step.name, printed, step.wantFound)
		}
	}
}

// TestLiveSiteFolderGone removes a data folder under the live site: the
// log says so, and the last good site stays up.
func TestLiveSiteFolderGone(t *testing.T) {
	lt := newLiveTest(t)
	if err := os.RemoveAll(filepath.Join(lt.root, "data", "categories")); err != nil {
		t.Fatal(err)
	}
	lt.ls.changed(context.Background(), nil)
	if got := lt.log.String(); !strings.HasSuffix(got, " files changed: reading the folder data/categories: no such file or directory\n") {
		t.Errorf("logged %q", got)
	}
	lt.wantPage("net/", "<h1>Networking</h1>")
}

// TestChangedText checks how a log line names the files that changed.
func TestChangedText(t *testing.T) {
	tests := []struct {
		paths []string
		want  string
	}{
		{nil, "files changed"},
		{[]string{"a.md"}, "a.md changed"},
		{[]string{"a.md", "b.md", "c.md"}, "a.md, b.md, c.md changed"},
		{[]string{"a.md", "b.md", "c.md", "d.md", "e.md"}, "a.md, b.md, c.md and 2 more changed"},
	}
	for _, tt := range tests {
		if got := changedText(tt.paths); got != tt.want {
			t.Errorf("changedText(%q) = %q, want %q", tt.paths, got, tt.want)
		}
	}
}

// TestLiveSiteSettingsAndLayouts edits the settings, then a layout: each
// shows on every page at once.
func TestLiveSiteSettingsAndLayouts(t *testing.T) {
	lt := newLiveTest(t)
	settings := readText(t, lt.root, "guides.yaml")
	got := lt.change(map[string]string{"guides.yaml": strings.Replace(settings, "title: ", "title: Renamed ", 1)})
	if !regexpMatch(`^guides.yaml changed: rebuilt in \S+$`, got) {
		t.Errorf("a settings edit logged:\n%s", got)
	}
	lt.wantPage("alpha/", "· Renamed ")
	lt.wantPage("", "<title>Renamed ")
	got = lt.change(map[string]string{"layouts/404.html": `{{define "main"}}<p>Lost, says the layout.</p>{{end}}`})
	if !regexpMatch(`^layouts/404.html changed: rebuilt in \S+$`, got) {
		t.Errorf("a layout edit logged:\n%s", got)
	}
	if code, body := lt.page("nowhere/"); code != http.StatusNotFound || !strings.Contains(body, "Lost, says the layout.") {
		t.Errorf("the 404 page after a layout edit: %d\n%s", code, body)
	}
}

// TestLiveSiteAsFresh edits the collection in every way an edit can, and
// checks after each that the live site judged it as every command judges
// the folder, and, when it has no errors, that it serves every file a
// fresh build makes, the search index among them.
func TestLiveSiteAsFresh(t *testing.T) {
	lt := newLiveTest(t)
	alpha := readText(t, lt.root, "data/guides/alpha.md")
	steps := []struct {
		name  string
		files map[string]string
	}{
		{"a body", map[string]string{"data/guides/alpha.md": strings.Replace(alpha, "packets", "*frames*", 1)}},
		{"a title", map[string]string{"data/guides/alpha.md": strings.Replace(alpha, "Alpha Protocol", "Alpha Renamed", 1)}},
		{"a new guide", map[string]string{"data/guides/delta.md": guideText("Delta", "2024-03-01", "Delta text with [alpha](alpha.md).")}},
		{"a stray file and folder", map[string]string{"data/guides/notes.txt": "notes\n", "data/guides/old/x.md": "---\ntitle: X\n---\n"}},
		{"a broken guide", map[string]string{"data/guides/delta.md": brokenGuide}},
		{"a guide never good", map[string]string{"data/guides/epsilon.md": guideText("Epsilon", "2024-02-30", "Never.")}},
		{"both fixed", map[string]string{"data/guides/delta.md": guideText("Delta", "2024-03-01", "Fixed."), "data/guides/epsilon.md": guideText("Epsilon", "2024-02-20", "Good.")}},
		{"a deleted guide and stray file", map[string]string{"data/guides/epsilon.md": "", "data/guides/notes.txt": ""}},
		{"a category", map[string]string{"data/categories/net.md": "---\ntitle: Networks\ndescription: Wires.\nsort: 10\n---\n\nAbout networks.\n"}},
		{"a hidden file", map[string]string{"data/guides/.x.md.swp": "swap"}},
	}
	for _, step := range steps {
		lt.change(step.files)
		fresh, err := openAt(t, lt.root).Load(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if got, want := findingLines(lt.ls.last.diags), findingLines(fresh.Wait().Diags); got != want {
			t.Errorf("%s: the live site found\n%s\nfresh:\n%s", step.name, got, want)
		}
		if len(Refusal(fresh.Diags)) > 0 {
			continue
		}
		want := freshBuild(t, lt.root)
		for name, data := range want {
			if strings.HasPrefix(name, guides.SiteSearch+"/") && name != guides.SiteSearch+"/index.html" {
				continue // compared as a reader sees it, below
			}
			got, ok, err := lt.ls.view.File(name)
			if !ok || err != nil || !bytes.Equal(got, data) {
				t.Errorf("%s: %s: %v, %v, not what a fresh build makes", step.name, name, ok, err)
			}
		}
		got := searchView(t, func(name string) ([]byte, bool) {
			data, ok, err := lt.ls.view.File(name)
			return data, ok && err == nil
		})
		if !maps.EqualFunc(got, searchView(t, mapGet(want)), bytes.Equal) {
			t.Errorf("%s: the search index is not what a fresh build makes", step.name)
		}
	}
}
