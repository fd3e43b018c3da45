package site_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/config"
	"github.com/visual-guides/guides/internal/load"
	"github.com/visual-guides/guides/internal/site"
	"github.com/visual-guides/guides/internal/synth"
	"github.com/visual-guides/guides/internal/testenv"
)

// validatedSite is a site whose pages the validators read.
type validatedSite struct {
	name  string
	fsys  fs.FS
	cfg   config.Config
	coll  *guides.Collection
	kinds []string // the pages of every kind, which must be there
}

// TestValidHTML builds five collections and runs the Nu HTML Checker and
// html-validate (its recommended rules, less the rules of taste that
// testdata/htmlvalidate.cjs turns off, each with its reason) on every page
// of each: the two of the browser test, the collection of diagrams shaped
// as the real one, a synthetic collection with a category of several
// pages, and the branded collection, with every setting of its look. With GUIDES_VALIDATE_SITE set to a folder that guides build
// wrote, it checks the pages of that site too (.ci/run gives it this
// repository's own). It expects no error. It is a slow test
// (GUIDES_TEST_ALL=1), and then a missing Java, vnu-jar or html-validate
// fails it.
func TestValidHTML(t *testing.T) {
	java := testenv.Java(t)
	vnu := testenv.NodeTool(t, "vnu-jar/build/dist/vnu.jar")
	hv := testenv.NodeTool(t, "html-validate/bin/html-validate.mjs")
	cfgFile, err := filepath.Abs(filepath.Join("testdata", "htmlvalidate.cjs"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, vs := range validatedSites(t) {
		writeSite(t, filepath.Join(dir, vs.name), vs)
	}
	if own := os.Getenv("GUIDES_VALIDATE_SITE"); own != "" {
		if err := os.CopyFS(filepath.Join(dir, "own"), os.DirFS(own)); err != nil {
			t.Fatal(err)
		}
	}
	pages := 0
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") {
			pages++
		}
		return err
	})
	var errs []string
	errs = append(errs, runVNU(t, java, vnu, dir)...)
	errs = append(errs, runHTMLValidate(t, hv, cfgFile, dir)...)
	for _, e := range errs {
		t.Error(e)
	}
	t.Logf("%d pages validated: %d errors", pages, len(errs))
}

// validatedSites returns the collections TestValidHTML validates.
func validatedSites(t *testing.T) []validatedSite {
	var out []validatedSite
	for _, name := range []string{"browser.txtar", "reader.txtar"} {
		fsys, c, cfg := txtarCollection(t, name)
		out = append(out, validatedSite{name: strings.TrimSuffix(name, ".txtar"), fsys: fsys, cfg: cfg, coll: c})
	}
	out[0].kinds = []string{"index.html", "404.html", "search/index.html", "tags/index.html", "tags/caching/index.html", "consistent-hashing/index.html"}
	out[1].kinds = []string{"tour/index.html", "systems/index.html"}
	diagrams := diagramsFS("https://img.example.org/diagrams")
	out = append(out, loadedSite(t, "diagrams", diagrams))
	out[2].kinds = []string{"twice/index.html", "cover-only/index.html", "local-with-contents/index.html", "patterns/index.html"}
	synthetic := fstest.MapFS{"guides.yaml": {Data: []byte("title: Synthetic Guides\nbaseURL: https://example.org/guides\n")}}
	err := synth.Generate(synth.Options{Guides: 240, Categories: 2, Seed: 1, Shape: synth.Mixed}, func(p string, data []byte) error {
		synthetic[p] = &fstest.MapFile{Data: data}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	out = append(out, loadedSite(t, "synthetic", synthetic))
	out[3].kinds = []string{out[3].coll.Categories[0].ID + "/page/2/index.html"}
	fsys, c, cfg := txtarCollection(t, "branded.txtar")
	out = append(out, validatedSite{name: "branded", fsys: fsys, cfg: cfg, coll: c, kinds: []string{"index.html", "backfills/index.html", "ingest-pipeline/index.html"}})
	return out
}

// loadedSite loads the collection at fsys, with its settings.
func loadedSite(t *testing.T, name string, fsys fstest.MapFS) validatedSite {
	t.Helper()
	cfg, err := config.Load(fsys, config.FileName)
	if err != nil {
		t.Fatal(err)
	}
	c, diags, err := load.Load(fsys, load.Options{GuidesDir: cfg.GuidesDir, CategoriesDir: cfg.CategoriesDir})
	if err != nil || diags.HasErrors() {
		t.Fatalf("loading %s: %v %v", name, err, diags)
	}
	return validatedSite{name: name, fsys: fsys, cfg: cfg, coll: c}
}

// writeSite builds a site and writes its pages into dir.
func writeSite(t *testing.T, dir string, vs validatedSite) {
	t.Helper()
	b, err := site.NewBuilder(vs.fsys, siteOptions(vs.cfg))
	if err != nil {
		t.Fatal(err)
	}
	files := site.Files{}
	if err := b.Build(vs.coll, files); err != nil {
		t.Fatal(err)
	}
	for _, k := range vs.kinds {
		if files[k] == nil {
			t.Fatalf("the site of %s has no page %s", vs.name, k)
		}
	}
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// runVNU runs the Nu HTML Checker on every page under dir and returns its
// errors.
func runVNU(t *testing.T, java, vnu, dir string) []string {
	t.Helper()
	cmd := exec.Command(java, "-Xss4m", "-jar", vnu, "--errors-only", "--skip-non-html", "--format", "json", dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var report struct {
		Messages []struct {
			Type, URL, Message string
			FirstLine          int `json:"firstLine"`
			LastLine           int `json:"lastLine"`
		}
	}
	if jerr := json.Unmarshal(stderr.Bytes(), &report); jerr != nil {
		t.Fatalf("the Nu HTML Checker: %v, %v:\n%s", err, jerr, stderr.String())
	}
	var errs []string
	for _, m := range report.Messages {
		file := strings.TrimPrefix(m.URL, "file:")
		errs = append(errs, fmt.Sprintf("Nu HTML Checker: %s:%d: %s: %s", rel(dir, file), m.LastLine, m.Type, m.Message))
	}
	return errs
}

// runHTMLValidate runs html-validate on every page under dir and returns
// its errors.
func runHTMLValidate(t *testing.T, hv, cfgFile, dir string) []string {
	t.Helper()
	// The report goes to a file: node may leave a large one on a pipe
	// unfinished when it exits.
	out := filepath.Join(t.TempDir(), "report.json")
	cmd := exec.Command("node", hv, "--config", cfgFile, "--formatter", "json="+out, dir)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	data, rerr := os.ReadFile(out)
	if rerr != nil {
		t.Fatalf("html-validate: %v, %v:\n%s%s", err, rerr, stdout.String(), stderr.String())
	}
	var report []struct {
		FilePath string
		Messages []struct {
			RuleID   string `json:"ruleId"`
			Message  string
			Line     int
			Column   int
			Selector string
		}
	}
	if jerr := json.Unmarshal(data, &report); jerr != nil {
		t.Fatalf("html-validate: %v, %v:\n%s%s", err, jerr, stdout.String(), stderr.String())
	}
	var errs []string
	for _, f := range report {
		for _, m := range f.Messages {
			errs = append(errs, fmt.Sprintf("html-validate: %s:%d:%d: %s [%s] at %s", rel(dir, f.FilePath), m.Line, m.Column, m.Message, m.RuleID, m.Selector))
		}
	}
	return errs
}

func rel(dir, file string) string {
	if r, err := filepath.Rel(dir, file); err == nil {
		return filepath.ToSlash(r)
	}
	return file
}
