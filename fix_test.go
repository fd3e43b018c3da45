package guides

import "testing"

func TestOffset(t *testing.T) {
	src := []byte("ab\r\ncdé\n\nx")
	for _, tt := range []struct {
		pos  Pos
		want int
		ok   bool
	}{
		{Pos{1, 1}, 0, true},
		{Pos{1, 4}, 3, true}, // the "\r" is on the line
		{Pos{1, 5}, 0, false},
		{Pos{2, 3}, 6, true},
		{Pos{2, 5}, 8, true}, // the end of the line
		{Pos{3, 1}, 9, true},
		{Pos{4, 2}, 11, true},
		{Pos{5, 1}, 0, false},
		{Pos{0, 1}, 0, false},
		{Pos{1, 0}, 0, false},
	} {
		got, ok := Offset(src, tt.pos)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Offset(%v) = %d, %v; want %d, %v", tt.pos, got, ok, tt.want, tt.ok)
		}
	}
}

func TestFixApply(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		edits     []Edit
		want      string // "" when the fix does not apply
	}{
		{"exact", "title: A: B\n", []Edit{{Pos: Pos{1, 1}, Old: "title: A: B", New: "title: 'A: B'"}}, "title: 'A: B'\n"},
		{"exact, not there", "title: A\n", []Edit{{Pos: Pos{1, 1}, Old: "title: B", New: "x"}}, ""},
		{"plain value", "c: [cachng, b]\n", []Edit{{Pos: Pos{1, 5}, Old: "cachng", New: "caching", Value: true}}, "c: [caching, b]\n"},
		{"plain value, longer", "c: [cachng2]\n", []Edit{{Pos: Pos{1, 5}, Old: "cachng", New: "caching", Value: true}}, ""},
		{"double-quoted value", "c: [\"cachng\"]\n", []Edit{{Pos: Pos{1, 5}, Old: "cachng", New: "caching", Value: true}}, "c: [caching]\n"},
		{"single-quoted value", "c: ['it''s']\n", []Edit{{Pos: Pos{1, 5}, Old: "it's", New: "its", Value: true}}, "c: [its]\n"},
		{"escaped value", "c: \"a\\tb\"\n", []Edit{{Pos: Pos{1, 4}, Old: "a\tb", New: "ab", Value: true}}, "c: ab\n"},
		{"unclosed quote", "c: \"ab\n", []Edit{{Pos: Pos{1, 4}, Old: "ab", New: "x", Value: true}}, ""},
		{"key", "catgories: [a]\n", []Edit{{Pos: Pos{1, 1}, Old: "catgories", New: "categories", Value: true}}, "categories: [a]\n"},
		{"two edits", "a b\n", []Edit{{Pos: Pos{1, 3}, Old: "b", New: "B"}, {Pos: Pos{1, 1}, Old: "a", New: "A"}}, "A B\n"},
		{"overlapping edits", "ab\n", []Edit{{Pos: Pos{1, 1}, Old: "ab", New: "x"}, {Pos: Pos{1, 2}, Old: "b", New: "y"}}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Fix{Edits: tt.edits}.Apply([]byte(tt.src))
			if ok != (tt.want != "") || string(got) != tt.want {
				t.Errorf("Apply = %q, %v; want %q", got, ok, tt.want)
			}
		})
	}
}
