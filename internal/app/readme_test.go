package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// siteTOC is the README of the fixture collection, brought up to date
// with links to the site.
const siteTOC = `# Test Guides

<!-- TOC -->

* [Networking](https://example.org/guides/net)
  * [Alpha Protocol](https://example.org/guides/alpha)
* [Databases](https://example.org/guides/db)
  * [Beta Storage](https://example.org/guides/beta)


<!-- /TOC -->
`

// filesTOC is that README with links to the files, from docs/README.md.
const filesTOC = `# Test Guides

<!-- TOC -->

* [Networking](../data/categories/net.md)
  * [Alpha Protocol](../data/guides/alpha.md)
* [Databases](../data/categories/db.md)
  * [Beta Storage](../data/guides/beta.md)


<!-- /TOC -->
`

// warnedBadDate is a guide with an error and a warning.
const warnedBadDate = "---\ntitle: Epsilon\ndescription: x.\ncolour: red\ncreatedAt: 2024-02-30\ncategories: [net]\n---\n\nText.\n"

// TestReadme brings README up to date, then finds it so.
func TestReadme(t *testing.T) {
	tests := []struct {
		name     string
		settings string
		readme   string // the README's path
		want     string
	}{
		{"site links", "", "README.md", siteTOC},
		{"file links", "linkMode: files\nreadme: docs/README.md\n", "docs/README.md", filesTOC},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := collection(t, map[string]string{
				"guides.yaml": "baseURL: https://example.org/guides\n" + tt.settings,
				tt.readme:     "# Test Guides\n\n<!-- TOC -->\n<!-- /TOC -->\n",
			})
			s := openAt(t, root)
			for _, want := range []ReadmeStatus{Updated, UpToDate} {
				res, err := s.Readme(context.Background(), ReadmeOptions{})
				if err != nil {
					t.Fatal(err)
				}
				if res.Status != want || res.Findings != nil || res.Diff != nil {
					t.Errorf("result %+v, want status %d alone", res, want)
				}
				if got := readText(t, root, tt.readme); got != tt.want {
					t.Errorf("README:\n%s\nwant:\n%s", got, tt.want)
				}
			}
		})
	}
}

// TestReadmeCheck compares README with its update, and writes nothing.
func TestReadmeCheck(t *testing.T) {
	root := collection(t, nil)
	s := openAt(t, root)
	before := readText(t, root, "README.md")
	res, err := s.Readme(context.Background(), ReadmeOptions{Check: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != Stale {
		t.Errorf("status %d, want Stale", res.Status)
	}
	for _, line := range []string{
		"--- a/README.md\n+++ b/README.md\n",
		"+* [Networking](https://example.org/guides/net)\n",
		"+  * [Beta Storage](https://example.org/guides/beta)\n",
		" <!-- /TOC -->\n",
	} {
		if !strings.Contains(string(res.Diff), line) {
			t.Errorf("the diff has no line %q:\n%s", line, res.Diff)
		}
	}
	if got := readText(t, root, "README.md"); got != before {
		t.Errorf("README written in check mode:\n%s", got)
	}

	writeFile(t, root, "README.md", siteTOC)
	res, err = s.Readme(context.Background(), ReadmeOptions{Check: true})
	if err != nil || res.Status != UpToDate || res.Diff != nil {
		t.Errorf("an up to date README: %+v, %v; want UpToDate", res, err)
	}
}

// TestReadmeRefused gives README collections and files it cannot be
// written from: the findings say why, and README stays as it was.
func TestReadmeRefused(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "README.md")
	writeFile(t, filepath.Dir(outside), "README.md", "# Outside\n\n<!-- TOC -->\n<!-- /TOC -->\n")
	tests := []struct {
		name  string
		files map[string]string
		setup func(t *testing.T, root string) // makes README something else
		want  string
	}{
		{name: "an error in a guide", files: map[string]string{"data/guides/broken.md": brokenGuide},
			want: "data/guides/broken.md:2:8: error: invalid YAML: a value with \": \" in it needs quotes: write: title: 'Broken: guide' [yaml]\n"},
		// The warning of the file with the error is shown; another file's
		// is not.
		{name: "an error and warnings", files: map[string]string{"data/guides/eps.md": warnedBadDate, "data/guides/delta.md": warnedGuide},
			want: "data/guides/eps.md:4:1: warning: unknown key \"colour\" [unknown-key]\n" +
				"data/guides/eps.md:5:12: error: createdAt \"2024-02-30\" is not a date: February 2024 has 29 days [date]\n"},
		{name: "no markers", files: map[string]string{"README.md": "# Test\n"},
			want: "README.md:1:1: error: no table of contents: add a line <!-- TOC --> and a line <!-- /TOC --> where it belongs\n"},
		{name: "a FIFO", setup: func(t *testing.T, root string) {
			replace(t, root, "README.md", func(p string) error { return syscall.Mkfifo(p, 0o644) })
		}, want: "README.md:1:1: error: README.md is a FIFO, not a regular file; it is not read [not-regular-file]\n"},
		{name: "a link out of the root", setup: func(t *testing.T, root string) {
			replace(t, root, "README.md", func(p string) error { return os.Symlink(outside, p) })
		}, want: "README.md:1:1: error: README.md is a symbolic link to \"" + outside + "\", outside the collection root; it is not read [outside-root]\n"},
		{name: "a link out of the root and an error", files: map[string]string{"data/guides/broken.md": brokenGuide}, setup: func(t *testing.T, root string) {
			replace(t, root, "README.md", func(p string) error { return os.Symlink(outside, p) })
		}, want: "README.md:1:1: error: README.md is a symbolic link to \"" + outside + "\", outside the collection root; it is not read [outside-root]\n" +
			"data/guides/broken.md:2:8: error: invalid YAML: a value with \": \" in it needs quotes: write: title: 'Broken: guide' [yaml]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := collection(t, tt.files)
			if tt.setup != nil {
				tt.setup(t, root)
			}
			before := snapshotFiles(t, root)
			for _, check := range []bool{false, true} {
				res, err := openAt(t, root).Readme(context.Background(), ReadmeOptions{Check: check})
				if err != nil {
					t.Fatal(err)
				}
				if res.Status != Refused {
					t.Errorf("status %d, want Refused", res.Status)
				}
				if got := findingLines(res.Findings); got != tt.want {
					t.Errorf("findings:\n%s\nwant:\n%s", got, tt.want)
				}
			}
			if after := snapshotFiles(t, root); after != before {
				t.Errorf("files changed:\n%s\nwere:\n%s", after, before)
			}
			if got := readText(t, filepath.Dir(outside), "README.md"); !strings.HasSuffix(got, "<!-- TOC -->\n<!-- /TOC -->\n") {
				t.Errorf("the file outside the root is written:\n%s", got)
			}
		})
	}
}

// TestReadmeErrors runs readme without a README, and with a context
// done: an error, and nothing written.
func TestReadmeErrors(t *testing.T) {
	root := collection(t, nil)
	if err := os.Remove(filepath.Join(root, "README.md")); err != nil {
		t.Fatal(err)
	}
	_, err := openAt(t, root).Readme(context.Background(), ReadmeOptions{})
	wantError(t, err, "reading "+filepath.Join(root, "README.md")+": no such file or directory")

	root = collection(t, nil)
	before := snapshotFiles(t, root)
	cause := errors.New("interrupted")
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(cause)
	if _, err := openAt(t, root).Readme(ctx, ReadmeOptions{}); !errors.Is(err, cause) {
		t.Errorf("error %v, want the context's cause", err)
	}
	if after := snapshotFiles(t, root); after != before {
		t.Errorf("files changed:\n%s\nwere:\n%s", after, before)
	}
}

// replace puts in place of the file or folder at name under root what
// make makes at its path.
func replace(t *testing.T, root, name string, make func(path string) error) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(name))
	if err := os.RemoveAll(p); err != nil {
		t.Fatal(err)
	}
	if err := make(p); err != nil {
		t.Fatal(err)
	}
}

// snapshotFiles describes every file under root, with the text of the
// regular ones, to compare before and after a command.
func snapshotFiles(t *testing.T, root string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		b.WriteString(rel + " " + d.Type().String() + "\n")
		if d.Type().IsRegular() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			b.Write(data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
