package guides

import "testing"

func TestPrintable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text, 東京 and ümlauts", "plain text, 東京 and ümlauts"},
		{"clear\x1b[2J", `clear\x1b[2J`},
		{"title\x1b]0;pwned\a", `title\x1b]0;pwned\a`},
		{"nul\x00", `nul\x00`},
		{"tab\tand\nline", `tab\tand\nline`},
		{"del\x7f", `del\x7f`},
		{"csi\u009b31m", `csi\u009b31m`},
		{"bad \xff byte", `bad \xff byte`},
		{`back\slash`, `back\slash`},
	}
	for _, tt := range tests {
		if got := Printable(tt.in); got != tt.want {
			t.Errorf("Printable(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if FindControl(Printable(tt.in), "") >= 0 {
			t.Errorf("Printable(%q) holds a control character", tt.in)
		}
	}
}

func TestFindControl(t *testing.T) {
	tests := []struct {
		s, allow string
		want     int
	}{
		{"clean", "", -1},
		{"a\tb", "", 1},
		{"a\tb", "\t", -1},
		{"ab\u0085", "", 2},
		{"東\x7f", "", 3},
		{"\u200b zero width is not a control", "", -1},
	}
	for _, tt := range tests {
		if got := FindControl(tt.s, tt.allow); got != tt.want {
			t.Errorf("FindControl(%q, %q) = %d, want %d", tt.s, tt.allow, got, tt.want)
		}
	}
}

func TestReservedIDs(t *testing.T) {
	for _, name := range SiteRootNames() {
		if len(name) > len(SiteSitemap) {
			t.Errorf("%q is longer than %q, which IsReservedID takes for the longest name", name, SiteSitemap)
		}
		for _, id := range []string{name, upper(name)} {
			if !IsReservedID(id) {
				t.Errorf("IsReservedID(%q) = false", id)
			}
		}
	}
	for _, id := range []string{"feed", "index", "tag", "caching", "feed.xml.bak"} {
		if IsReservedID(id) {
			t.Errorf("IsReservedID(%q) = true", id)
		}
	}
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}
