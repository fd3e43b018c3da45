//go:build unix

package app

import (
	"os"
	"path/filepath"
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
	if got := ct.search("packets"); len(got) == 0 {
		t.Error("with a FIFO for the state, packets finds nothing")
	}
	if info, err := os.Lstat(filepath.Join(ct.dir, "state")); err != nil || info.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v", err)
	}
}
