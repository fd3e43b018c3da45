package mapfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOpen(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{"empty": "", "small": "hello", "large": strings.Repeat("x", 1<<20+3)} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		f, err := Open(p)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if string(f.Data) != content {
			t.Errorf("%s: read %d bytes, want %d", name, len(f.Data), len(content))
		}
		// Replacing the file by rename leaves the mapping intact.
		if err := os.WriteFile(p+".new", []byte("other"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(p+".new", p); err != nil {
			t.Fatal(err)
		}
		if string(f.Data) != content {
			t.Errorf("%s: content changed after a rename over the file", name)
		}
		if err := f.Close(); err != nil {
			t.Errorf("%s: Close: %v", name, err)
		}
	}
	if _, err := Open(filepath.Join(dir, "missing")); err == nil {
		t.Error("Open of a missing file succeeded")
	}
}
