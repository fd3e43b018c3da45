package app

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/visual-guides/guides/internal/outdir"
)

// TestBuild builds the site into the output folder of the settings, of
// the flags, relative or absolute, with and without the drafts.
func TestBuild(t *testing.T) {
	abs := filepath.Join(t.TempDir(), "www")
	tests := []struct {
		name     string
		settings string
		output   *string // --output
		drafts   bool
		wantDir  string // relative to the root, unless absolute
	}{
		{name: "default", wantDir: "public"},
		{name: "drafts", drafts: true, wantDir: "public"},
		{name: "settings", settings: "output: site/html\n", wantDir: "site/html"},
		{name: "absolute", settings: "output: site\n", output: &abs, wantDir: abs},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := collection(t, map[string]string{"guides.yaml": "baseURL: https://example.org/guides\n" + tt.settings})
			s, err := Open(OpenOptions{Dir: root, Overrides: Overrides{Output: tt.output}})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			res, err := s.Build(context.Background(), BuildOptions{Drafts: tt.drafts})
			if err != nil {
				t.Fatal(err)
			}
			want := tt.wantDir
			if !filepath.IsAbs(want) {
				want = filepath.Join(root, filepath.FromSlash(want))
			}
			if res.Dir != want || res.Findings != nil {
				t.Errorf("built into %q with findings %v, want %q", res.Dir, res.Findings, want)
			}
			if n := countFiles(t, want); res.Files != n || n < 10 {
				t.Errorf("%d files said, %d written", res.Files, n)
			}
			for _, page := range []string{"index.html", "alpha/index.html", "beta/index.html", "net/index.html", "feed.xml"} {
				if !exists(t, want, page) {
					t.Errorf("no %s", page)
				}
			}
			if exists(t, want, "gamma/index.html") != tt.drafts {
				t.Errorf("the draft's page is there: %v; want %v", !tt.drafts, tt.drafts)
			}
			if !strings.Contains(readText(t, want, "alpha/index.html"), "<h1>Alpha Protocol</h1>") {
				t.Error("the page of alpha has not its title")
			}
		})
	}
}

// countFiles returns the number of files under dir, the marker of a built
// site aside.
func countFiles(t *testing.T, dir string) int64 {
	t.Helper()
	var n int64
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() != outdir.Marker {
			n++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestBuildWritesNothing builds what must not be built: a collection
// with errors, a stopped build, and into a folder that guides build did
// not make.
func TestBuildWritesNothing(t *testing.T) {
	cause := errors.New("interrupted")
	stopped, cancel := context.WithCancelCause(context.Background())
	cancel(cause)
	tests := []struct {
		name    string
		files   map[string]string
		ctx     context.Context
		want    string // the findings
		wantErr string
	}{
		{name: "errors", files: map[string]string{"data/guides/broken.md": brokenGuide},
			want: "data/guides/broken.md:2:8: error: invalid YAML: a value with \": \" in it needs quotes: write: title: 'Broken: guide' [yaml]\n"},
		{name: "stopped", ctx: stopped, wantErr: "interrupted"},
		{name: "a folder of another", files: map[string]string{"public/notes.txt": "mine\n"},
			wantErr: "public: it is not empty and was not made by guides build; remove it yourself or choose another with -o"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := collection(t, tt.files)
			before := snapshotFiles(t, root)
			ctx := tt.ctx
			if ctx == nil {
				ctx = context.Background()
			}
			res, err := openAt(t, root).Build(ctx, BuildOptions{})
			switch {
			case tt.wantErr != "":
				wantError(t, err, tt.wantErr)
			case err != nil:
				t.Fatal(err)
			}
			if got := findingLines(res.Findings); got != tt.want {
				t.Errorf("findings:\n%s\nwant:\n%s", got, tt.want)
			}
			if res.Dir != "" || res.Files != 0 {
				t.Errorf("result %+v, want nothing built", res)
			}
			if after := snapshotFiles(t, root); after != before {
				t.Errorf("files changed:\n%s\nwere:\n%s", after, before)
			}
			if _, err := os.Stat(filepath.Join(root, "public", outdir.Marker)); err == nil {
				t.Error("a site is built")
			}
		})
	}
}

// TestBasePath checks the path at which the server serves the site.
func TestBasePath(t *testing.T) {
	for base, want := range map[string]string{
		"https://example.org/guides": "/guides/",
		"https://example.org":        "/",
		"https://example.org/a/b":    "/a/b/",
		"http://[::1]:namedport":     "/",
	} {
		s := &Session{}
		s.Config.BaseURL = base
		if got := s.basePath(); got != want {
			t.Errorf("basePath of %s = %q, want %q", base, got, want)
		}
	}
}
