package app

import (
	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/search"
	"github.com/visual-guides/guides/internal/suggest"
	"github.com/visual-guides/guides/internal/textctl"
)

// The types of the domain model that commands return, under the names the
// command line uses: package main reaches the collection through this
// package alone.
type (
	// Guide is a guide of the collection.
	Guide = guides.Guide
	// Category is a category of the collection.
	Category = guides.Category
	// Collection is a loaded collection, in production order.
	Collection = guides.Collection
	// Diagnostic is one finding.
	Diagnostic = guides.Diagnostic
	// Diagnostics is a list of findings.
	Diagnostics = guides.Diagnostics
	// Severity tells an error from a warning.
	Severity = guides.Severity
	// Pos is a line and column of a file.
	Pos = guides.Pos
	// Rule describes one rule of check.
	Rule = guides.Rule
	// Excerpt is the passage of a guide a search shows, with its marks.
	Excerpt = search.Excerpt
)

// The severities of findings.
const (
	Error   = guides.Error
	Warning = guides.Warning
)

// Rules returns every rule in the order the documentation lists them.
func Rules() []Rule { return guides.Rules() }

// Printable returns s with control characters and bytes that are not UTF-8
// escaped, for a terminal (see guides.Printable).
func Printable(s string) string { return guides.Printable(s) }

// IsControl reports whether r is a control character, which a terminal
// may take as a command.
func IsControl(r rune) bool { return textctl.IsControl(r) }

// Quote quotes a value from a collection in a message.
func Quote(s string) string { return guides.Quote(s) }

// Closest returns up to n of the candidates closest to a misspelt word,
// closest first, for a "did you mean".
func Closest(word string, candidates []string, n int) []string {
	return suggest.Closest(word, candidates, n)
}
