package app

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/visual-guides/guides/internal/outdir"
)

// TestUnwatched checks which paths serve leaves unwatched: hidden ones,
// the output folder of the settings, the folders of watchIgnore, and any
// folder that holds a built site.
func TestUnwatched(t *testing.T) {
	abs := filepath.Join(t.TempDir(), "www")
	tests := []struct {
		name     string
		settings string
		output   *string // --output
		want     map[string]bool
	}{
		{name: "defaults", want: map[string]bool{
			".git": true, ".git/objects": true, "data/guides/.alpha.md.swp": true, "data/.staging": true,
			"public": true, "public/alpha": true, "publicity": false,
			"node_modules": true, "node_modules/x/y.js": true, "docs/node_modules": false,
			".": false, "guides.yaml": false, "data": false, "data/guides": false, "data/guides/alpha.md": false, "README.md": false, "images/a.png": false,
			"built": true, "built/index.html": false, "docs/built": true,
		}},
		{name: "settings", settings: "output: site/html\nwatchIgnore: [vendor, tools/cache]\n", want: map[string]bool{
			"site/html": true, "site/html/alpha": true, "site": false, "public": false,
			"vendor": true, "vendor/a": true, "tools/cache/x": true, "tools": false, "node_modules": false,
			"built": true,
		}},
		{name: "output flag", settings: "output: site\n", output: ptr("gen/"), want: map[string]bool{
			"gen": true, "gen/x": true, "site": false,
		}},
		{name: "absolute output", output: &abs, want: map[string]bool{
			"public": false, "www": false, ".git": true, "built": true,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := collection(t, map[string]string{
				"guides.yaml": "baseURL: https://example.org/guides\n" + tt.settings,
				// Sites that builds wrote wherever -o put them.
				"built/" + outdir.Marker:      "",
				"built/index.html":            "",
				"docs/built/" + outdir.Marker: "",
			})
			s, err := Open(OpenOptions{Dir: root, Overrides: Overrides{Output: tt.output}})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			ignore := slices.Clone(s.Config.WatchIgnore)
			for rel, want := range tt.want {
				if got := s.unwatched(rel); got != want {
					t.Errorf("unwatched(%q) = %v, want %v", rel, got, want)
				}
			}
			if !slices.Equal(s.Config.WatchIgnore, ignore) {
				t.Errorf("watchIgnore changed from %q to %q", ignore, s.Config.WatchIgnore)
			}
		})
	}
}
