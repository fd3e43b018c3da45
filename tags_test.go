package guides

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/visual-guides/guides/internal/textctl"
)

func TestTagKey(t *testing.T) {
	same := [][]string{
		{"Machine Learning", "machine-learning", "MACHINE_LEARNING", "  machine   learning  ", "machine--learning"},
		{"Go", "go", "GO"},
		{"Straße", "STRASSE", "strasse"},
		{"ｆｕｌｌ ｗｉｄｔｈ", "full width"}, // compatibility forms
		{"Café", "Cafe\u0301"},       // composed and decomposed
	}
	for _, group := range same {
		for _, tag := range group[1:] {
			if TagKey(tag) != TagKey(group[0]) {
				t.Errorf("TagKey(%q) = %q, TagKey(%q) = %q: want one tag", tag, TagKey(tag), group[0], TagKey(group[0]))
			}
		}
	}
	distinct := []string{"C", "C++", "C#", "東京", "Cafe", "Café", "c-sharp", ".NET", "NET", "a/b", "a b", "100%", "-", "--", "_"}
	seen := map[string]string{}
	for _, tag := range distinct {
		k := TagKey(tag)
		if k == "" {
			t.Errorf("TagKey(%q) is empty", tag)
		}
		if other, dup := seen[k]; dup {
			t.Errorf("TagKey(%q) = TagKey(%q) = %q: want two tags", tag, other, k)
		}
		seen[k] = tag
	}
}

func TestTagSegment(t *testing.T) {
	tests := []struct{ tag, segment, url string }{
		{"C", "c", "c"},
		{"C++", "c++", "c++"},
		{"C#", "c#", "c%23"},
		{"東京", "東京", "%E6%9D%B1%E4%BA%AC"},
		{"Machine Learning", "machine-learning", "machine-learning"},
		{"TCP/IP", "tcp%2Fip", "tcp%252Fip"},
		{"100%", "100%25", "100%2525"},
		{"..", "%2E%2E", "%252E%252E"},
		{"Node.js.", "node.js%2E", "node.js%252E"},
		{"What?", "what%3F", "what%253F"},
	}
	for _, tt := range tests {
		seg := TagSegment(TagKey(tt.tag))
		if seg != tt.segment {
			t.Errorf("TagSegment(TagKey(%q)) = %q, want %q", tt.tag, seg, tt.segment)
		}
		if u := url.PathEscape(seg); u != tt.url {
			t.Errorf("the URL segment of %q is %q, want %q", tt.tag, u, tt.url)
		}
	}
}

// FuzzTagSegment checks that distinct keys give distinct segments that are
// one folder name everywhere: never empty, no slash or backslash, not "."
// or "..", and that decoding a segment gives its key back.
func FuzzTagSegment(f *testing.F) {
	for _, s := range []string{"C#", "東京", "a/b", "..", "100%", "x.", "Machine Learning", "%2F"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, tag string) {
		if !utf8.ValidString(tag) || strings.TrimSpace(tag) == "" || textctl.Find(tag, "") >= 0 {
			return
		}
		key := TagKey(tag)
		if key == "" {
			t.Fatalf("TagKey(%q) is empty", tag)
		}
		if TagKey(key) != key {
			t.Fatalf("TagKey is not idempotent: %q gives %q, then %q", tag, key, TagKey(key))
		}
		seg := TagSegment(key)
		if seg == "" || seg == "." || seg == ".." || strings.ContainsAny(seg, `/\<>:"|?*`) || strings.HasSuffix(seg, ".") {
			t.Fatalf("TagSegment(%q) = %q is not a safe folder name", key, seg)
		}
		back, err := url.PathUnescape(seg)
		if err != nil || back != key {
			t.Fatalf("TagSegment(%q) = %q decodes to %q, %v", key, seg, back, err)
		}
	})
}
