package guides

import (
	"slices"
	"testing"
)

func TestRepoPaths(t *testing.T) {
	tests := []struct {
		from, ref string
		want      []string
	}{
		{"data/guides/g.md", "local.png", []string{"data/guides/local.png", "local.png"}},
		{"data/guides/g.md", "./local.png", []string{"data/guides/local.png", "local.png"}},
		{"data/guides/g.md", "images/a.png", []string{"data/guides/images/a.png", "images/a.png"}},
		{"data/guides/g.md", "/images/a.png", []string{"images/a.png"}},
		{"data/guides/g.md", "//images/a.png", []string{"images/a.png"}},
		{"data/guides/g.md", "../../images/a.png", []string{"images/a.png"}},
		{"data/guides/g.md", "other.md", []string{"data/guides/other.md", "other.md"}},
		{"data/guides/g.md", "what%20is%20(a).md", []string{"data/guides/what is (a).md", "what is (a).md"}},
		{"README.md", "images/a.png", []string{"images/a.png"}},
		{"data/guides/g.md", "../../../etc/passwd", nil},
		{"data/guides/g.md", "/../etc/passwd", nil},
		{"data/guides/g.md", "/", nil},
	}
	for _, tt := range tests {
		if got := RepoPaths(tt.from, tt.ref); !slices.Equal(got, tt.want) {
			t.Errorf("RepoPaths(%q, %q) = %q, want %q", tt.from, tt.ref, got, tt.want)
		}
	}
}
