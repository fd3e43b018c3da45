package app

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/visual-guides/guides/internal/config"
)

// getwd returns a Getwd that answers dir.
func getwd(dir string) func() (string, error) {
	return func() (string, error) { return dir, nil }
}

// TestOpenFindsRoot runs a command from folders inside a collection: the
// root is the first folder upward that the markers name, and paths are
// shown relative to the current folder, or absolute when that is shorter.
func TestOpenFindsRoot(t *testing.T) {
	root := collection(t, nil)
	deep := strings.Repeat("a/", len(root)/3+2)
	writeFile(t, root, deep+"note.txt", "")
	tests := []struct {
		name, here string
		wantRoot   string
		show       map[string]string // a path relative to the root: as shown
	}{
		{"root", ".", ".", map[string]string{"README.md": "README.md", "data/guides/alpha.md": filepath.Join("data", "guides", "alpha.md")}},
		{"data folder", "data/guides", filepath.Join("..", ".."), map[string]string{
			"data/guides/alpha.md": "alpha.md",
			"README.md":            filepath.Join("..", "..", "README.md"),
		}},
		{"deep folder", deep, strings.TrimSuffix(strings.Repeat("../", len(root)/3+2), "/"), map[string]string{
			"README.md":       filepath.Join(root, "README.md"),
			deep + "note.txt": "note.txt",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			here := filepath.Join(root, filepath.FromSlash(tt.here))
			// Root is relative to the current folder, which Getwd names:
			// the two must agree.
			t.Chdir(here)
			s, err := Open(OpenOptions{Getwd: getwd(here)})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if s.Root != filepath.FromSlash(tt.wantRoot) {
				t.Errorf("Root = %q, want %q", s.Root, tt.wantRoot)
			}
			if s.Config.Title != "Test Guides" {
				t.Errorf("the settings of the root are not read: title %q", s.Config.Title)
			}
			for rel, want := range tt.show {
				if got := s.Show(rel); got != want {
					t.Errorf("Show(%q) = %q, want %q", rel, got, want)
				}
			}
		})
	}
}

// TestOpenFindsRootByDataFolders finds a collection without a settings
// file by the data folders the flags name.
func TestOpenFindsRootByDataFolders(t *testing.T) {
	root := t.TempDir()
	writeFile(t, root, "docs/g/one.md", "---\ntitle: One\n---\n")
	writeFile(t, root, "docs/c/cat.md", "---\ntitle: Cat\n---\n")
	here := filepath.Join(root, "docs", "g")
	t.Chdir(here)
	g, c := "docs/g", "docs/c"
	s, err := Open(OpenOptions{Getwd: getwd(here), Overrides: Overrides{GuidesDir: &g, CategoriesDir: &c}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if want := filepath.Join("..", ".."); s.Root != want {
		t.Errorf("Root = %q, want %q", s.Root, want)
	}
	if s.Config.GuidesDir != g || s.Config.CategoriesDir != c {
		t.Errorf("data folders %s and %s, want %s and %s", s.Config.GuidesDir, s.Config.CategoriesDir, g, c)
	}
	// Without the flags, the folders are not a collection's.
	if s, err := Open(OpenOptions{Getwd: getwd(here)}); err == nil {
		s.Close()
		if !ancestorIsCollection(root) {
			t.Error("a folder without guides.yaml or data/guides is taken as a collection")
		}
	}
}

// ancestorIsCollection reports whether a folder above dir holds a
// collection: the machine's, not the test's, which a search upward finds.
func ancestorIsCollection(dir string) bool {
	for d := filepath.Dir(dir); ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, SettingsFile)); err == nil {
			return true
		}
		if _, err := os.Stat(filepath.Join(d, "data", "guides")); err == nil {
			return true
		}
		if filepath.Dir(d) == d {
			return false
		}
	}
}

// TestOpenNoRoot searches a folder that is not inside a collection, and
// fails to learn the current folder.
func TestOpenNoRoot(t *testing.T) {
	empty := t.TempDir()
	if ancestorIsCollection(empty) {
		t.Skip("a folder above the temporary folder holds a collection")
	}
	_, err := Open(OpenOptions{Getwd: getwd(empty)})
	wantError(t, err, "no collection here: neither "+empty+" nor a folder above it holds guides.yaml, or data/guides and data/categories",
		`name the collection's folder with -C DIR, or start one with "guides init"`)

	_, err = Open(OpenOptions{Getwd: func() (string, error) { return "", errors.New("no folder") }})
	wantError(t, err, "finding the current folder: no folder")
}

// TestOpenDir names the collection with -C: a collection, a file, a
// missing folder, a path through a file, and a folder that is not a
// collection, which the commands that add to one accept.
func TestOpenDir(t *testing.T) {
	root := collection(t, nil)
	empty := t.TempDir()
	file := filepath.Join(root, "README.md")
	missing := filepath.Join(empty, "missing")
	tests := []struct {
		name     string
		opts     OpenOptions
		wantErr  string // the whole message; "" for none
		wantRoot string
	}{
		{"collection", OpenOptions{Dir: root}, "", root},
		{"file", OpenOptions{Dir: file}, "-C " + file + ": it is a file, not a folder", ""},
		{"missing", OpenOptions{Dir: missing}, "-C " + missing + ": there is no such folder", ""},
		{"through a file", OpenOptions{Dir: filepath.Join(file, "x")}, "-C " + filepath.Join(file, "x") + ": not a directory", ""},
		{"not a collection", OpenOptions{Dir: empty},
			"-C " + empty + `: the folder is not a collection: it holds no guides.yaml, nor data/guides and data/categories; start one with "guides init ` + empty + `"`, ""},
		{"not a collection, starting", OpenOptions{Dir: empty, Starting: true}, "", empty},
		{"missing, starting", OpenOptions{Dir: missing, Starting: true}, "-C " + missing + ": there is no such folder", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Open(tt.opts)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Errorf("error %v, want %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if s.Root != tt.wantRoot {
				t.Errorf("Root = %q, want %q", s.Root, tt.wantRoot)
			}
			// Paths of a named root are shown relative to it, as named.
			if got := s.Show("data/guides/alpha.md"); got != "data/guides/alpha.md" {
				t.Errorf("Show = %q, want it relative to the root", got)
			}
		})
	}
}

// TestOpenSettings reads settings files: one that does not parse, one
// with a bad value, one that leads out of the root, and one --config
// names.
func TestOpenSettings(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "secret.yaml")
	writeFile(t, filepath.Dir(outside), "secret.yaml", "title: Secret\n")
	tests := []struct {
		name     string
		files    map[string]string
		link     bool   // guides.yaml is a link to a file outside the root
		config   string // --config
		wantErr  string // the start of the message; "" for none
		wantText string // the title read, without an error
	}{
		{"does not parse", map[string]string{"guides.yaml": "title: x\nbaseURL: [\n"}, false, "",
			`guides.yaml:2:10: invalid YAML: the list that "[" opens is never closed`, ""},
		{"bad value", map[string]string{"guides.yaml": "title: x\nbaseURL: ftp://x\n"}, false, "",
			`guides.yaml:2:10: baseURL "ftp://x" is not an absolute http or https URL`, ""},
		{"link out of the root", nil, true, "",
			`reading guides.yaml: guides.yaml is a symbolic link to "` + outside + `", outside the collection root`, ""},
		{"--config", map[string]string{"other.yaml": "title: Other\n"}, false, "other.yaml", "", "Other"},
		{"--config in a folder", map[string]string{"conf/other.yaml": "title: Folder\n"}, false, "conf/other.yaml", "", "Folder"},
		{"--config missing", nil, false, "missing.yaml", "--config: stat ", ""},
		{"--config outside", nil, false, "../other.yaml", `--config: "../other.yaml" is not a relative path inside the collection`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := collection(t, tt.files)
			if tt.link {
				if err := os.Remove(filepath.Join(root, "guides.yaml")); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(outside, filepath.Join(root, "guides.yaml")); err != nil {
					t.Fatal(err)
				}
			}
			s, err := Open(OpenOptions{Dir: root, SettingsFile: tt.config})
			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
					t.Errorf("error %v, want one that starts %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if s.Config.Title != tt.wantText {
				t.Errorf("title %q, want %q", s.Config.Title, tt.wantText)
			}
		})
	}
}

// TestOpenOverrides gives each setting on the command line: a good value
// wins over the settings file, and a bad one is a *UsageError that names
// its flag.
func TestOpenOverrides(t *testing.T) {
	root := collection(t, map[string]string{"guides.yaml": "baseURL: https://example.org/guides\nlinkMode: site\noutput: site\n"})
	str := func(s string) *string { return &s }
	tests := []struct {
		name string
		o    Overrides
		file string // --config
		// want is the setting that must have changed, as config.Config
		// holds it; wantFlag and wantErr the *UsageError otherwise.
		want              func(config.Config) string
		wantValue         string
		wantFlag, wantErr string
	}{
		{name: "base URL", o: Overrides{BaseURL: str("https://example.com/docs/")},
			want: func(c config.Config) string { return c.BaseURL }, wantValue: "https://example.com/docs"},
		{name: "guides folder", o: Overrides{GuidesDir: str("./notes/")},
			want: func(c config.Config) string { return c.GuidesDir }, wantValue: "notes"},
		{name: "categories folder", o: Overrides{CategoriesDir: str(`topics\all`)},
			want: func(c config.Config) string { return c.CategoriesDir }, wantValue: "topics/all"},
		{name: "readme", o: Overrides{Readme: str("docs/README.md")},
			want: func(c config.Config) string { return c.Readme }, wantValue: "docs/README.md"},
		{name: "link mode", o: Overrides{LinkMode: str("files")},
			want: func(c config.Config) string { return string(c.LinkMode) }, wantValue: "files"},
		{name: "output", o: Overrides{Output: str("out/../www")},
			want: func(c config.Config) string { return c.Output }, wantValue: "www"},
		{name: "absolute output", o: Overrides{Output: str("/srv/www/")},
			want: func(c config.Config) string { return c.Output }, wantValue: "/srv/www"},

		{name: "bad base URL", o: Overrides{BaseURL: str("example.org")}, wantFlag: "--base-url",
			wantErr: `--base-url: "example.org" is not an absolute http or https URL such as https://example.org/guides`},
		{name: "base URL with a query", o: Overrides{BaseURL: str("https://example.org/?a=1")}, wantFlag: "--base-url",
			wantErr: `--base-url: "https://example.org/?a=1" has a query or fragment; a base URL is a folder of pages`},
		{name: "bad guides folder", o: Overrides{GuidesDir: str("../up")}, wantFlag: "--guides-dir",
			wantErr: `--guides-dir: "../up" is not a relative path inside the collection`},
		{name: "bad categories folder", o: Overrides{CategoriesDir: str("/abs")}, wantFlag: "--categories-dir",
			wantErr: `--categories-dir: "/abs" is not a relative path inside the collection`},
		{name: "bad readme", o: Overrides{Readme: str("")}, wantFlag: "--readme",
			wantErr: `--readme: "" is not a relative path inside the collection`},
		{name: "bad link mode", o: Overrides{LinkMode: str("both")}, wantFlag: "--link-mode",
			wantErr: `--link-mode: "both" is not a link mode: use "site" or "files"`},
		{name: "bad output", o: Overrides{Output: str(" ")}, wantFlag: "--output",
			wantErr: "--output: is empty: name the folder to build the site into, such as public"},
		{name: "bad config", file: "../guides.yaml", wantFlag: "--config",
			wantErr: `--config: "../guides.yaml" is not a relative path inside the collection`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Open(OpenOptions{Dir: root, Overrides: tt.o, SettingsFile: tt.file})
			if tt.wantFlag != "" {
				wantUsage(t, err, tt.wantFlag, tt.wantErr)
				if s != nil {
					t.Error("a session with an error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if got := tt.want(s.Config); got != tt.wantValue {
				t.Errorf("the setting is %q, want %q", got, tt.wantValue)
			}
		})
	}
}

// TestOpenOverridesAllBad gives several bad values at once: each is
// named, so that they can be fixed at once.
func TestOpenOverridesAllBad(t *testing.T) {
	root := collection(t, nil)
	bad, mode := "ftp://x", "none"
	_, err := Open(OpenOptions{Dir: root, Overrides: Overrides{BaseURL: &bad, LinkMode: &mode}})
	wantError(t, err, "--base-url: ", "--link-mode: ")
	var ue *UsageError
	if !errors.As(err, &ue) {
		t.Errorf("error %T, want a *UsageError among them", err)
	}
}

// TestUsageError checks the text of a usage error with and without a
// flag, and that it wraps its reason.
func TestUsageError(t *testing.T) {
	reason := errors.New("a reason")
	tests := []struct {
		err  *UsageError
		want string
	}{
		{&UsageError{Flag: "--limit", Err: reason}, "--limit: a reason"},
		{&UsageError{Err: reason}, "a reason"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
		if !errors.Is(tt.err, reason) {
			t.Errorf("%q does not wrap its reason", tt.err)
		}
	}
}
