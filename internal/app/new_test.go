package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/visual-guides/guides"
)

// TestNewOptionsValidate checks the message of each bad option of the new
// commands, which they give before reading the collection.
func TestNewOptionsValidate(t *testing.T) {
	cats := []string{"net"}
	guideTests := []struct {
		name       string
		o          NewGuideOptions
		flag, want string
	}{
		{"empty title", NewGuideOptions{Title: "  ", Categories: cats}, "", "the title is empty"},
		{"title of two lines", NewGuideOptions{Title: "One\nTwo", Categories: cats}, "", "the title has a line break; a title is one line"},
		{"title not UTF-8", NewGuideOptions{Title: "Caf\xe9", Categories: cats}, "", "the title is not UTF-8 text"},
		{"title without letters", NewGuideOptions{Title: "?!", Categories: cats}, "", "the title has no letters or digits to make a file name from"},
		{"title of a page of the site", NewGuideOptions{Title: "Tags", Categories: cats}, "",
			`the title gives the id "tags", which the site uses for a page of its own; choose another title`},
		{"bad date", NewGuideOptions{Title: "Delta", Date: "2024-13-01", Categories: cats}, "--date", `--date: "2024-13-01" is not a date: there is no month 13`},
		{"no category", NewGuideOptions{Title: "Delta"}, "", "--category is required: name the category of the guide, such as --category caching"},
		{"empty category", NewGuideOptions{Title: "Delta", Categories: []string{"net", " "}}, "", `--category "": write a non-empty value on one line`},
		{"tag of two lines", NewGuideOptions{Title: "Delta", Categories: cats, Tags: []string{"a\nb"}}, "", `--tag "a\nb": write a non-empty value on one line`},
	}
	categoryTests := []struct {
		name       string
		o          NewCategoryOptions
		flag, want string
	}{
		{"empty title", NewCategoryOptions{Title: "", SortSet: true}, "", "the title is empty"},
		{"title of a page of the site", NewCategoryOptions{Title: "Assets", SortSet: true}, "",
			`the title gives the id "assets", which the site uses for a page of its own; choose another title`},
		{"no sort", NewCategoryOptions{Title: "Ops", Sort: 10}, "", "--sort is required: categories are listed by it, such as --sort 10"},
	}
	// The session's folder is not a collection: the options are checked
	// before anything is read, and nothing is written.
	dir := t.TempDir()
	s, err := Open(OpenOptions{Dir: dir, Starting: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, tt := range guideTests {
		t.Run("guide, "+tt.name, func(t *testing.T) {
			wantUsage(t, tt.o.Validate(), tt.flag, tt.want)
			_, err := s.NewGuide(context.Background(), tt.o)
			wantUsage(t, err, tt.flag, tt.want)
		})
	}
	for _, tt := range categoryTests {
		t.Run("category, "+tt.name, func(t *testing.T) {
			wantUsage(t, tt.o.Validate(), tt.flag, tt.want)
			_, err := s.NewCategory(context.Background(), tt.o)
			wantUsage(t, err, tt.flag, tt.want)
		})
	}
	if files := listDir(t, dir); len(files) > 0 {
		t.Errorf("bad options wrote %q", files)
	}
}

// TestNewGuide writes new guides: the file holds the options, and every
// rule accepts the collection with it.
func TestNewGuide(t *testing.T) {
	// 23:30 five hours west of UTC is the next day in UTC.
	now := func() time.Time { return time.Date(2025, 6, 7, 23, 30, 0, 0, time.FixedZone("UTC-5", -5*3600)) }
	tests := []struct {
		name     string
		o        NewGuideOptions
		wantPath string
		want     []string // lines of the file
	}{
		{"today", NewGuideOptions{Title: "  Delta Force ", Categories: []string{"net", "db", "net"}, Tags: []string{"Ops", " Ops"}, Now: now},
			"data/guides/delta-force.md",
			[]string{`title: "Delta Force"`, "createdAt: 2025-06-08", `categories: ["net", "db"]`, `tags: ["Ops"]`}},
		{"date and draft", NewGuideOptions{Title: "Épée & Co", Categories: []string{"db"}, Date: "2023-02-01", Draft: true},
			"data/guides/epee-co.md",
			[]string{`title: "Épée & Co"`, "createdAt: 2023-02-01", "draft: true", `categories: ["db"]`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := collection(t, nil)
			s := openAt(t, root)
			res, err := s.NewGuide(context.Background(), tt.o)
			if err != nil {
				t.Fatal(err)
			}
			if res.Path != tt.wantPath || res.Findings != nil || res.Problems != nil {
				t.Fatalf("result %+v, want %s written", res, tt.wantPath)
			}
			lines := strings.Split(readText(t, root, res.Path), "\n")
			for _, l := range tt.want {
				if !slices.Contains(lines, l) {
					t.Errorf("%s has no line %s:\n%s", res.Path, l, strings.Join(lines, "\n"))
				}
			}
			// A published new guide still holds the placeholder text,
			// which fails --strict, and nothing else does.
			check, err := s.Check(context.Background(), CheckOptions{Strict: true})
			if err != nil || check.Failed != !tt.o.Draft || check.Checked != 6 {
				t.Errorf("check of the collection with the new guide: %v, %+v", err, check)
			}
			for _, d := range check.Diags {
				if d.Rule != guides.RulePlaceholder {
					t.Errorf("finding: %s", d)
				}
			}
		})
	}
}

// TestNewCategory writes a new category, with the sort given, into a
// collection and into a folder that has no collection yet.
func TestNewCategory(t *testing.T) {
	for _, fixture := range []bool{true, false} {
		t.Run(fmt.Sprint("fixture ", fixture), func(t *testing.T) {
			root := t.TempDir()
			if fixture {
				root = collection(t, nil)
			}
			s, err := Open(OpenOptions{Dir: root, Starting: true})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			res, err := s.NewCategory(context.Background(), NewCategoryOptions{Title: "Ops Stuff", Sort: 30, SortSet: true})
			if err != nil {
				t.Fatal(err)
			}
			if res.Path != "data/categories/ops-stuff.md" || res.Findings != nil || res.Problems != nil {
				t.Fatalf("result %+v, want data/categories/ops-stuff.md written", res)
			}
			if text := readText(t, root, res.Path); !strings.HasPrefix(text, "---\ntitle: \"Ops Stuff\"\n") || !strings.Contains(text, "\nsort: 30\n") {
				t.Errorf("%s:\n%s", res.Path, text)
			}
			// The category has no guide yet: a guide can join it.
			g, err := s.NewGuide(context.Background(), NewGuideOptions{Title: "First", Categories: []string{"ops-stuff"}})
			if err != nil || g.Path != "data/guides/first.md" {
				t.Errorf("a guide of the new category: %+v, %v", g, err)
			}
		})
	}
}

// TestNewRefused adds what a collection cannot take: the result says why,
// and no file changes.
func TestNewRefused(t *testing.T) {
	cat := func(title string, sort int64) func(*Session) (NewResult, error) {
		return func(s *Session) (NewResult, error) {
			return s.NewCategory(context.Background(), NewCategoryOptions{Title: title, Sort: sort, SortSet: true})
		}
	}
	guide := func(title string, tags []string, cats ...string) func(*Session) (NewResult, error) {
		return func(s *Session) (NewResult, error) {
			return s.NewGuide(context.Background(), NewGuideOptions{Title: title, Categories: cats, Tags: tags})
		}
	}
	many := make([]string, 1001)
	for i := range many {
		many[i] = fmt.Sprint("t", i)
	}
	tests := []struct {
		name  string
		files map[string]string
		add   func(*Session) (NewResult, error)
		want  string // the findings and problems, as printed
	}{
		{"unknown category", nil, guide("Delta", nil, "net", "dbs"),
			`unknown category "dbs": there is no data/categories/dbs.md; did you mean "db"?` + "\n"},
		{"id of a category", nil, guide("Net", nil, "net"),
			`data/guides/net.md: the id "net" is taken by the category data/categories/net.md; choose another title` + "\n"},
		{"guide exists", nil, guide("Alpha", nil, "net"), "data/guides/alpha.md: exists; not overwritten\n"},
		{"too many tags", nil, guide("Delta", many, "net"),
			"data/guides/delta.md:7:7898: error: a guide has at most 1000 tags, each a page of the site; this is tag 1001 [limit]\n"},
		{"a collection with errors", map[string]string{"data/guides/broken.md": brokenGuide}, guide("Delta", nil, "net"),
			"data/guides/broken.md:2:8: error: invalid YAML: a value with \": \" in it needs quotes: write: title: 'Broken: guide' [yaml]\n"},
		{"id of a guide", nil, cat("Alpha", 30),
			`data/categories/alpha.md: the id "alpha" is taken by the guide data/guides/alpha.md; choose another title` + "\n"},
		{"sort taken", map[string]string{"data/categories/ops.md": "---\ntitle: Ops\ndescription: Operations.\nsort: 11\n---\n"}, cat("Security", 10),
			"data/categories/security.md: sort 10 is taken by data/categories/net.md; choose another, such as 12\n"},
		{"category exists", nil, cat("Net", 30), "data/categories/net.md: exists; not overwritten\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := collection(t, tt.files)
			before := snapshotFiles(t, root)
			res, err := tt.add(openAt(t, root))
			if err != nil {
				t.Fatal(err)
			}
			got := findingLines(res.Findings)
			for _, p := range res.Problems {
				got += p.String() + "\n"
			}
			if got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
			if res.Path != "" {
				t.Errorf("wrote %s", res.Path)
			}
			if after := snapshotFiles(t, root); after != before {
				t.Errorf("files changed:\n%s\nwere:\n%s", after, before)
			}
		})
	}
}

// TestNewOutsideRoot adds to a collection whose data folder is a link
// that leads out of the root: nothing is written there.
func TestNewOutsideRoot(t *testing.T) {
	tests := []struct {
		name string
		link string // the folder that is a link out of the root
		add  func(*Session) (NewResult, error)
		want string
	}{
		{"guides folder", "data/guides", func(s *Session) (NewResult, error) {
			return s.NewGuide(context.Background(), NewGuideOptions{Title: "Delta", Categories: []string{"net"}})
		}, `reading the folder data/guides: data/guides is a symbolic link to "%s", outside the collection root`},
		{"data folder", "data", func(s *Session) (NewResult, error) {
			return s.NewCategory(context.Background(), NewCategoryOptions{Title: "Ops", Sort: 30, SortSet: true})
		}, `reading the folder data/categories: data is a symbolic link to "%s", outside the collection root`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := collection(t, nil)
			outside := t.TempDir()
			if err := os.MkdirAll(filepath.Join(outside, "categories"), 0o755); err != nil {
				t.Fatal(err)
			}
			replace(t, root, tt.link, func(p string) error { return os.Symlink(outside, p) })
			res, err := tt.add(openAt(t, root))
			if err == nil || err.Error() != fmt.Sprintf(tt.want, outside) {
				t.Errorf("result %+v, error %v; want %s", res, err, fmt.Sprintf(tt.want, outside))
			}
			if got := snapshotFiles(t, outside); got != ". d---------\ncategories d---------\n" {
				t.Errorf("written outside the root:\n%s", got)
			}
		})
	}
}

// TestNewStopped adds a guide with a context done: the context's cause,
// and nothing written.
func TestNewStopped(t *testing.T) {
	root := collection(t, nil)
	before := snapshotFiles(t, root)
	cause := errors.New("interrupted")
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(cause)
	_, err := openAt(t, root).NewGuide(ctx, NewGuideOptions{Title: "Delta", Categories: []string{"net"}})
	if !errors.Is(err, cause) {
		t.Errorf("error %v, want the context's cause", err)
	}
	if after := snapshotFiles(t, root); after != before {
		t.Errorf("files changed:\n%s\nwere:\n%s", after, before)
	}
}
