package app

import (
	"slices"
	"testing"
)

// TestSortEdit checks what the live site reads again after an edit of
// each kind of path.
func TestSortEdit(t *testing.T) {
	dirs := [2]string{"data/guides", "data/categories"}
	tests := []struct {
		name    string
		paths   []string
		want    edit
		comment string
	}{
		{"nothing named", nil, edit{all: true}, "the watcher could not say"},
		{"a guide", []string{"data/guides/a.md"}, edit{files: []string{"data/guides/a.md"}, entries: []string{"data/guides/a.md"}}, ""},
		{"a rename-save", []string{"data/guides/.a.md.swp", "data/guides/a.md~", "data/guides/a.md", "data/guides/a.md"},
			edit{files: []string{"data/guides/a.md"}, entries: []string{"data/guides/.a.md.swp", "data/guides/a.md~", "data/guides/a.md"}}, "the temporary files are entries too"},
		{"a category", []string{"data/categories/c.md"}, edit{files: []string{"data/categories/c.md"}, entries: []string{"data/categories/c.md"}}, ""},
		{"a file in a subfolder", []string{"data/guides/old/a.md"}, edit{entries: []string{"data/guides/old"}}, "the subfolder is the entry"},
		{"a stray file", []string{"data/guides/notes.txt"}, edit{entries: []string{"data/guides/notes.txt"}}, ""},
		{"the settings", []string{"guides.yaml"}, edit{settings: true}, ""},
		{"a layout", []string{"layouts/guide.html"}, edit{layouts: true}, ""},
		{"an image", []string{"images/a.png"}, edit{}, "the collection rules see it"},
		{"a data folder", []string{"data/guides"}, edit{all: true}, ""},
		{"the folder of the data folders", []string{"data"}, edit{all: true}, ""},
	}
	for _, tt := range tests {
		got := sortEdit(dirs, "guides.yaml", tt.paths)
		if got.all != tt.want.all || got.settings != tt.want.settings || got.layouts != tt.want.layouts ||
			!slices.Equal(got.files, tt.want.files) || !slices.Equal(got.entries, tt.want.entries) {
			t.Errorf("%s (%s): %+v, want %+v", tt.name, tt.comment, got, tt.want)
		}
	}
}
