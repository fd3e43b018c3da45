package guides

import (
	"net/url"
	"regexp"
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

// TestLongTagSegment checks that the segments of long keys are shortened
// to MaxSegment bytes in a URL, keep the start of the key cut between
// characters, and are distinct and stable.
func TestLongTagSegment(t *testing.T) {
	tests := []struct {
		name, tag string
		keep      string // the start the segment keeps
	}{
		{"ascii", strings.Repeat("a", 250), strings.Repeat("a", MaxSegment-17)},
		{"accents", strings.Repeat("é", 130), strings.Repeat("é", (MaxSegment-17)/6)},
		{"escapes", strings.Repeat("<>%", 70), strings.Repeat("%3C%3E%25", (MaxSegment-17)/15)},
		{"cjk", strings.Repeat("東", 100), strings.Repeat("東", (MaxSegment-17)/9)},
		{"emoji", strings.Repeat("🦀", 60), strings.Repeat("🦀", (MaxSegment-17)/12)},
	}
	seen := map[string]string{}
	for _, tt := range tests {
		key := TagKey(tt.tag)
		seg := TagSegment(key)
		if n := len(url.PathEscape(seg)); n > MaxSegment || n < MaxSegment-12 {
			t.Errorf("%s: TagSegment is %d bytes in a URL, want at most %d and not much less", tt.name, n, MaxSegment)
		}
		if !strings.HasPrefix(seg, tt.keep+"_") || len(seg) != len(tt.keep)+17 {
			t.Errorf("%s: TagSegment = %q, want %q, \"_\" and 16 digits", tt.name, seg, tt.keep)
		}
		if TagSegment(key) != seg {
			t.Errorf("%s: TagSegment is not stable", tt.name)
		}
		// A key that differs only after the part kept.
		other := TagSegment(key + "x")
		if other == seg || !strings.HasPrefix(other, tt.keep+"_") {
			t.Errorf("%s: a longer key gives %q, the same as or unlike %q", tt.name, other, seg)
		}
		seen[seg] = tt.name
	}
	// A tag of its own that is spelt as a shortened segment is another
	// segment: "_" is "-" in a key.
	long := TagSegment(TagKey(strings.Repeat("a", 250)))
	if got := TagSegment(TagKey(long)); got == long {
		t.Errorf("the tag %q has the segment of a longer tag", long)
	}
	// Just at the limit: kept whole.
	at := strings.Repeat("a", MaxSegment)
	if got := TagSegment(at); got != at {
		t.Errorf("a key of %d bytes gives %q", MaxSegment, got)
	}
	if got := TagSegment(at + "a"); got == at+"a" || len(got) > MaxSegment {
		t.Errorf("a key of %d bytes gives %q", MaxSegment+1, got)
	}
}

// shortened matches the end of a shortened segment, decoded.
var shortened = regexp.MustCompile(`_[0-9a-f]{16}$`)

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
		if n := len(url.PathEscape(seg)); n > MaxSegment {
			t.Fatalf("TagSegment(%q) = %q is %d bytes in a URL", key, seg, n)
		}
		back, err := url.PathUnescape(seg)
		if err != nil {
			t.Fatalf("TagSegment(%q) = %q does not decode: %v", key, seg, err)
		}
		if short := shortened.FindStringIndex(back); short != nil {
			// The start of the key, and a hash.
			if !strings.HasPrefix(key, back[:short[0]]) {
				t.Fatalf("TagSegment(%q) = %q does not start as the key does", key, seg)
			}
		} else if back != key {
			t.Fatalf("TagSegment(%q) = %q decodes to %q", key, seg, back)
		}
	})
}
