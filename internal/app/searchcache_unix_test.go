//go:build unix

package app

import (
	"context"
	"os"
	"path/filepath"
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
