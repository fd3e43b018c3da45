package search

import (
	"errors"
	"io"
	"os"
	"testing"

	"golang.org/x/sys/unix"
)

// TestUnnamedTempFile checks that the Indexer's temporary files never have
// a name on Linux: the folder stays empty while one is written and read.
func TestUnnamedTempFile(t *testing.T) {
	dir := t.TempDir()
	if f, err := openUnnamed(dir); errors.Is(err, unix.EOPNOTSUPP) || errors.Is(err, unix.EISDIR) {
		t.Skipf("the file system of %s makes no unnamed files: %v", dir, err)
	} else if err != nil {
		t.Fatal(err)
	} else {
		f.Close()
	}
	f, err := newTempFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if f.name != "" {
		t.Errorf("the file was made with the name %s", f.name)
	}
	if _, err := f.WriteAt([]byte("postings"), 0); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, 8)
	if _, err := f.ReadAt(got, 0); err != nil && err != io.EOF {
		t.Fatal(err)
	}
	if string(got) != "postings" {
		t.Errorf("read %q back", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("the folder holds %s", entries[0].Name())
	}
}
