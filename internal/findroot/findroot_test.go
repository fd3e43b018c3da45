package findroot

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

var markers = Markers{Config: "guides.yaml", Data: []DataDirs{{"data/guides", "data/categories"}, {"posts", "sections"}}}

func TestFind(t *testing.T) {
	top := t.TempDir()
	mk := func(names ...string) {
		for _, n := range names {
			p := filepath.Join(top, filepath.FromSlash(n))
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}
	touch := func(name string) {
		if err := os.WriteFile(filepath.Join(top, filepath.FromSlash(name)), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mk("a/data/guides", "a/data/categories", "a/images/x",
		"b/data/guides", "b/deep/er",
		"c/sub", "d/data/guides", "d/data/categories", "e/posts", "e/sections/x")
	touch("c/guides.yaml")
	mk("d/guides.yaml") // a folder named like the settings file is not one

	tests := []struct{ start, want string }{
		{"a", "a"},
		{"a/data/guides", "a"},
		{"a/images/x", "a"},
		{"c/sub", "c"},
		{"d/data", "d"},
		{"e/sections/x", "e"},
		{"b/deep/er", ""}, // data/guides alone is not a collection
		{"b", ""},
	}
	for _, tt := range tests {
		got, err := Find(filepath.Join(top, filepath.FromSlash(tt.start)), markers)
		if tt.want == "" {
			var nf *NotFoundError
			// A folder above the temporary one may be a collection, but
			// not one of these.
			if err == nil && (got == top || len(got) > len(top)) {
				t.Errorf("Find(%s) = %s, want none", tt.start, got)
			} else if err != nil && !errors.As(err, &nf) {
				t.Errorf("Find(%s) error %T %v", tt.start, err, err)
			}
			continue
		}
		if want := filepath.Join(top, tt.want); err != nil || got != want {
			t.Errorf("Find(%s) = %s, %v; want %s", tt.start, got, err, want)
		}
	}
}

func TestNotFoundMessage(t *testing.T) {
	err := &NotFoundError{Start: "/tmp/x", Markers: markers}
	want := "no collection here: neither /tmp/x nor a folder above it holds guides.yaml, or data/guides and data/categories"
	if err.Error() != want {
		t.Errorf("message\n%s\nwant\n%s", err, want)
	}
}

func TestFindNeedsAnAbsoluteFolder(t *testing.T) {
	if _, err := Find("relative", markers); err == nil {
		t.Error("Find of a relative folder succeeded")
	}
}
