//go:build unix

package app

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// TestSearchCacheUnwritable puts a FIFO where the state goes: the search
// answers from an index made in memory, without waiting on the FIFO nor
// replacing it.
func TestSearchCacheUnwritable(t *testing.T) {
	ct := newCacheTest(t, nil)
	if err := os.MkdirAll(ct.dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(ct.dir, "state"), 0o600); err != nil {
		t.Skip(err)
	}
	res, err := openAt(t, ct.root).Search(context.Background(), SearchOptions{Query: "packets"})
	if err != nil || len(res.Hits) == 0 {
		t.Errorf("with a FIFO for the state, packets finds %d guides, %v", len(res.Hits), err)
	}
	if len(res.Notes) != 1 || !strings.Contains(res.Notes[0].Error(), "state") {
		t.Errorf("notes %q, want one about the state", res.Notes)
	}
	if info, err := os.Lstat(filepath.Join(ct.dir, "state")); err != nil || info.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v", err)
	}
}

// TestSearchUnreadableGuides puts among the guides a FIFO and a link out
// of the root, as a hostile pull request could: the search shows their
// findings, as check does, and the results of the other guides.
func TestSearchUnreadableGuides(t *testing.T) {
	ct := newCacheTest(t, nil)
	outside := filepath.Join(t.TempDir(), "secret.md")
	if err := os.WriteFile(outside, []byte("---\ntitle: Secret packets\n---\n\nPackets.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(ct.root, "data/guides/out.md")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(ct.root, "data/guides/pipe.md"), 0o644); err != nil {
		t.Skip(err)
	}
	res, err := openAt(t, ct.root).Search(context.Background(), SearchOptions{Query: "packets"})
	if err != nil {
		t.Fatalf("a FIFO and a link out among the guides: %v", err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.Guide.ID)
	}
	if len(ids) == 0 || slices.Contains(ids, "out") {
		t.Errorf("packets finds %q: want the readable guides only", ids)
	}
	lines := findingLines(res.Findings)
	for _, want := range []string{"data/guides/out.md:1:1: error", "data/guides/pipe.md:1:1: error"} {
		if !strings.Contains(lines, want) {
			t.Errorf("findings:\n%swant one starting %q", lines, want)
		}
	}
}
