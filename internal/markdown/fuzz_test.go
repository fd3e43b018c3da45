package markdown

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzScan checks, for any source, that Scan does not panic, that every
// position it reports is inside the source and names the destination (or
// the "[" of a link by reference), that MayHaveLocalRefs is never wrongly
// false, that the heading ids are those goldmark renders, and that the
// scan parser renders as the site's configuration does.
func FuzzScan(f *testing.F) {
	for _, src := range testDocs(f) {
		f.Add(src)
	}
	for _, s := range []string{
		"[a](", "[[[a]]](b)", "<<<a:b>", "![[a](b)](c)", "[a]:\n<b>\n'c'", "|a|\n|-|\n|[b](c)|",
		"> [a](\n> b)", "- [a](\n\tb)", "*_[a](b)_*", "[a](b\r\n\"t\")", "\t[a]: b", "# [a](b) #",
	} {
		f.Add([]byte(s))
	}
	site, scan := siteMarkdown(), newScanMarkdown()
	f.Fuzz(func(t *testing.T, src []byte) {
		d := Scan(src)
		checkPositions(t, src, d)
		for _, r := range d.Refs {
			if !namesDest(src, r) {
				t.Errorf("source %q: %v %q at %d:%d: source there is %q", src, r.Kind, r.Dest, r.Line, r.Col, excerpt(src, r.Offset))
			}
		}
		if r, ok := localRef(d); ok && !MayHaveLocalRefs(src) {
			t.Errorf("MayHaveLocalRefs(%q) = false, but Scan finds %+v", src, r)
		}
		checkIDs(t, site, src)
		checkSameHTML(t, site, scan, src)
	})
}

// namesDest reports whether the source at r.Offset is where r's
// destination is written.
func namesDest(src []byte, r Ref) bool {
	at := src[r.Offset:]
	switch r.Kind {
	case Link, Image:
		// A link by reference is named by its "[".
		return bytes.HasPrefix(at, []byte(r.Dest)) || at[0] == '['
	case AutoLink:
		// An email address gets "mailto:", a "www." URL "http://".
		return bytes.HasPrefix(at, []byte(r.Dest)) ||
			bytes.HasPrefix(at, []byte(strings.TrimPrefix(r.Dest, "mailto:"))) ||
			bytes.HasPrefix(at, []byte(strings.TrimPrefix(r.Dest, "http://")))
	}
	return bytes.HasPrefix(at, []byte(r.Dest))
}
