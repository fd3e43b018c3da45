package textctl

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
		{"replacement \ufffd kept", "replacement \ufffd kept"},
	}
	for _, tt := range tests {
		if got := Printable(tt.in); got != tt.want {
			t.Errorf("Printable(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if Find(Printable(tt.in), "") >= 0 {
			t.Errorf("Printable(%q) holds a control character", tt.in)
		}
	}
}

func TestFind(t *testing.T) {
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
		if got := Find(tt.s, tt.allow); got != tt.want {
			t.Errorf("Find(%q, %q) = %d, want %d", tt.s, tt.allow, got, tt.want)
		}
	}
}

func TestIsControl(t *testing.T) {
	for r := rune(0); r <= 0x10ffff; r++ {
		want := r < 0x20 || r == 0x7f || 0x80 <= r && r <= 0x9f
		if got := IsControl(r); got != want {
			t.Fatalf("IsControl(%U) = %v, want %v", r, got, want)
		}
	}
}
