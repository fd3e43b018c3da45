package markdown

import (
	"bytes"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/yuin/goldmark"
)

// siteMarkdown returns goldmark configured as the site configures it for
// parsing (its other options only change rendering), with goldmark's
// default HTML renderer.
func siteMarkdown() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(Extensions()...),
		goldmark.WithParserOptions(ParserOptions()...),
	)
}

// testDocs returns the sources of all the table tests and of the files in
// testdata.
func testDocs(t testing.TB) map[string][]byte {
	docs := map[string][]byte{}
	for _, tt := range refTests {
		docs["refs/"+tt.name] = []byte(tt.src)
	}
	for _, tt := range headingTests {
		docs["headings/"+tt.name] = []byte(tt.src)
	}
	files, err := filepath.Glob(filepath.Join("testdata", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs[f] = b
	}
	return docs
}

var idAttr = regexp.MustCompile(`\sid="([^"]*)"`)

// renderedIDs returns the values of the id attributes of html, in order.
func renderedIDs(out []byte) []string {
	var ids []string
	for _, m := range idAttr.FindAllSubmatch(out, -1) {
		ids = append(ids, html.UnescapeString(string(m[1])))
	}
	return ids
}

// checkIDs checks that the ids goldmark, configured as the site, renders
// for src are the IDs of Scan's headings, in order.
func checkIDs(t testing.TB, md goldmark.Markdown, src []byte) {
	t.Helper()
	var out bytes.Buffer
	if err := md.Convert(src, &out); err != nil {
		t.Fatalf("Convert(%q): %v", src, err)
	}
	rendered := renderedIDs(out.Bytes())
	d := Scan(src)
	if len(rendered) != len(d.Headings) {
		t.Fatalf("source %q: goldmark renders ids %q, Scan finds %d headings: %+v", src, rendered, len(d.Headings), d.Headings)
	}
	for i, h := range d.Headings {
		if h.ID != rendered[i] {
			t.Errorf("source %q: heading %d: Scan gives id %q, goldmark renders %q", src, i, h.ID, rendered[i])
		}
	}
}

func TestHeadingIDsMatchRenderedHTML(t *testing.T) {
	md := siteMarkdown()
	for name, src := range testDocs(t) {
		t.Run(name, func(t *testing.T) { checkIDs(t, md, src) })
	}
}

// checkSameHTML checks that goldmark with the scan parser renders src as
// goldmark configured as the site does: wrapping the link parser changes
// nothing of the tree.
func checkSameHTML(t testing.TB, site, scan goldmark.Markdown, src []byte) {
	t.Helper()
	var want, got bytes.Buffer
	errWant := site.Convert(src, &want)
	errGot := scan.Convert(src, &got)
	if (errWant == nil) != (errGot == nil) || !bytes.Equal(want.Bytes(), got.Bytes()) {
		t.Fatalf("source %q: the scan parser renders\n%s(error %v)\nthe site's configuration renders\n%s(error %v)",
			src, got.Bytes(), errGot, want.Bytes(), errWant)
	}
}

func TestScanParserRendersLikeTheSite(t *testing.T) {
	site, scan := siteMarkdown(), newScanMarkdown()
	for name, src := range testDocs(t) {
		t.Run(name, func(t *testing.T) { checkSameHTML(t, site, scan, src) })
	}
}

// TestGuide checks the refs and headings of testdata/guide.md, the body
// the benchmarks use.
func TestGuide(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "guide.md"))
	if err != nil {
		t.Fatal(err)
	}
	d := Scan(src)
	checkPositions(t, src, d)
	var dests []string
	for _, r := range d.Refs {
		dests = append(dests, r.Kind.String()+" "+r.Dest)
		if r.Kind != Link || r.Dest != "leader-election-with-leases.md" {
			if at := excerpt(src, r.Offset); !bytes.HasPrefix(src[r.Offset:], []byte(r.Dest)) {
				t.Errorf("%v %q at %d:%d: source there is %q", r.Kind, r.Dest, r.Line, r.Col, at)
			}
		}
	}
	want := []string{
		"link cache-eviction-policies.md",
		"image images/cache-aside.svg",
		"link leader-election-with-leases.md",
		"link https://www.rfc-editor.org/rfc/rfc9111",
		"link http-keep-alive-and-connection-pooling.md#caching",
		"link read-replicas-and-replication-lag.md",
		"link thundering-herd-and-request-coalescing.md",
		"link retries-with-exponential-backoff.md",
		"link ../metrics/counters.md",
		"autolink https://martinfowler.com/bliki/TwoHardThings.html",
		"autolink https://aws.amazon.com/caching/best-practices/",
		"definition leader-election-with-leases.md",
	}
	if !slices.Equal(dests, want) {
		t.Errorf("refs:\n%q\nwant\n%q", dests, want)
	}
	var ids []string
	for _, h := range d.Headings {
		ids = append(ids, h.ID)
	}
	if want := []string{"cache-aside", "write-through", "write-behind", "choosing", "pitfalls", "measuring"}; !slices.Equal(ids, want) {
		t.Errorf("heading ids %q, want %q", ids, want)
	}
	if !MayHaveLocalRefs(src) {
		t.Error("MayHaveLocalRefs(guide) = false")
	}
}
