package app

import (
	"slices"
	"testing"
)

// TestModel checks the helpers package main shows text with.
func TestModel(t *testing.T) {
	if got, want := Printable("red \x1b[31m text\xff"), `red \x1b[31m text\xff`; got != want {
		t.Errorf("Printable = %q, want %q", got, want)
	}
	if got, want := Printable("plain text"), "plain text"; got != want {
		t.Errorf("Printable = %q, want %q", got, want)
	}
	if got, want := Quote("a \"b\"\n"), `"a \"b\"\n"`; got != want {
		t.Errorf("Quote = %s, want %s", got, want)
	}
	for r, want := range map[rune]bool{'\x1b': true, '\u0085': true, '\x7f': true, 'a': false, 'é': false} {
		if IsControl(r) != want {
			t.Errorf("IsControl(%q) = %v", r, !want)
		}
	}
	if got := Closest("nte", []string{"db", "net", "security"}, 3); !slices.Equal(got, []string{"net"}) {
		t.Errorf("Closest = %q, want net", got)
	}
	rules := Rules()
	if !slices.ContainsFunc(rules, func(r Rule) bool { return r.Name == "yaml" }) || !slices.ContainsFunc(rules, func(r Rule) bool { return r.Name == "broken-url" }) {
		t.Errorf("Rules lacks yaml or broken-url: %d rules", len(rules))
	}
}
