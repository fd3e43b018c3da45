package search

import _ "embed"

//go:embed engine.js
var engine []byte

// Script returns the search engine of the site: JavaScript that splits
// queries into words as Analyzer does, reads the static index and ranks as
// Rank does. It defines GuidesSearch.
func Script() []byte { return engine }
