package guides

import (
	"strings"
	"testing"
)

func TestSlug(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"Cache Eviction Policies", "cache-eviction-policies"},
		{"TCP vs UDP", "tcp-vs-udp"},
		{"B-Tree vs LSM Tree", "b-tree-vs-lsm-tree"},
		{"already-a-slug", "already-a-slug"},
		{"HTTP/2 and HTTP/3", "http-2-and-http-3"},
		{"What's new in Go 1.26?", "what-s-new-in-go-1-26"},
		{"  --Leading and trailing junk!!  ", "leading-and-trailing-junk"},
		{"runs   of___separators...here", "runs-of-separators-here"},
		{"a - b -- c", "a-b-c"},
		{"Crème Brûlée", "creme-brulee"},
		{"Ångström naïve façade", "angstrom-naive-facade"},
		{"Ṣeñor Ŵĥô", "senor-who"},
		{"e\u0301cole", "ecole"},            // an accent written as a combining mark
		{"\u00e9cole", "ecole"},             // the same, precomposed
		{"Straße", "strasse"},               // ß
		{"GROSSE STRAẞE", "grosse-strasse"}, // capital ẞ is lowered to ß first
		{"Æsir Encyclopædia", "aesir-encyclopaedia"},
		{"Ørsted København", "orsted-kobenhavn"}, // ø
		{"Œuvre cœur", "oeuvre-coeur"},
		{"Łódź", "lodz"},
		{"Đorđe", "dorde"},
		{"Garðar", "gardar"},
		{"Þór", "thor"},
		{"Işık", "isik"},
		{"İstanbul", "istanbul"},                 // İ lowers to i and a combining dot
		{"ﬁsh ℌello ǅemal", "fish-hello-dzemal"}, // compatibility forms: a ligature, a black-letter capital, a title-case digraph
		{"ＦＵＬＬ ｗｉｄｔｈ", "full-width"},
		{"x² ½ ①", "x2-1-2-1"},
		{"Москва", ""}, // letters outside the Latin script are separators
		{"東京 Tokyo", "tokyo"},
		{"Rust 🦀 and Go 🐹", "rust-and-go"},
		{"50% off: 1,000 items", "50-off-1-000-items"},
		{"C++ & C#", "c-c"},
		{"tab\tand\nnewline", "tab-and-newline"},
		{"!!!", ""},
		{"", ""},
		{"---", ""},
		{"\xff\xfeinvalid\xffutf8", "invalid-utf8"},
	}
	for _, tt := range tests {
		if got := Slug(tt.in); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzSlug(f *testing.F) {
	for _, s := range []string{"Cache Eviction Policies", "Crème Brûlée", "Straße", "  --x--  ", "東京", "e\u0301", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Slug(s)
		for i := 0; i < len(got); i++ {
			if c := got[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
				t.Fatalf("Slug(%q) = %q holds %q", s, got, c)
			}
		}
		if strings.HasPrefix(got, "-") || strings.HasSuffix(got, "-") || strings.Contains(got, "--") {
			t.Fatalf("Slug(%q) = %q has a stray dash", s, got)
		}
		if again := Slug(got); again != got {
			t.Fatalf("Slug(Slug(%q)) = %q, want %q", s, again, got)
		}
	})
}
