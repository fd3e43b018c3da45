package suggest

import (
	"slices"
	"testing"
)

func TestClosest(t *testing.T) {
	ids := []string{"database-and-storage", "caching-performance", "security", "devops-cicd", "api-web-development"}
	tests := []struct {
		word string
		want []string
	}{
		{"databse-and-storage", []string{"database-and-storage"}},
		{"database-and-storgae", []string{"database-and-storage"}},
		{"Security", []string{"security"}},
		{"caching", nil},
		{"devops-ci", []string{"devops-cicd"}},
		{"zzz", nil},
		{"security", nil},
	}
	for _, tt := range tests {
		if got := Closest(tt.word, ids, 3); !slices.Equal(got, tt.want) {
			t.Errorf("Closest(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
	keys := []string{"title", "description", "image", "createdAt", "draft", "categories", "tags"}
	for word, want := range map[string]string{"catgories": "categories", "createdat": "createdAt", "tittle": "title", "tag": "tags", "desc": ""} {
		got := Closest(word, keys, 1)
		if (want == "") != (len(got) == 0) || want != "" && got[0] != want {
			t.Errorf("Closest(%q) = %q, want %q", word, got, want)
		}
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"a", "", 1}, {"", "abc", 3}, {"kitten", "sitting", 3},
		{"ab", "ba", 1}, {"categories", "catgeories", 1}, {"héllo", "hello", 1},
	}
	for _, tt := range tests {
		if got := distance(tt.a, tt.b); got != tt.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
