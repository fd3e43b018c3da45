package rootfs

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestDirEntryInfo lists folders of the root from a current folder that
// holds other files at the same paths: what an entry's Info says is read
// through the root, and describes the file of the root.
func TestDirEntryInfo(t *testing.T) {
	both(t, func(t *testing.T, f *FS) {
		decoy := t.TempDir()
		for _, name := range []string{"images/a.png", "docs/deep"} {
			p := filepath.Join(decoy, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte("a decoy, outside the root"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		t.Chdir(decoy)
		for _, dir := range []string{"images", "docs", "linkdir"} {
			entries, err := fs.ReadDir(f, dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) == 0 {
				t.Fatalf("%s: no entries", dir)
			}
			for _, e := range entries {
				got, err := e.Info()
				if err != nil {
					t.Errorf("%s/%s: %v", dir, e.Name(), err)
					continue
				}
				want, err := f.Lstat(dir + "/" + e.Name())
				if err != nil {
					t.Fatal(err)
				}
				if got.Name() != e.Name() || got.Size() != want.Size() || got.Mode() != want.Mode() || got.Mode().Type() != e.Type() {
					t.Errorf("%s/%s: Info gives %s %v %d, want %v %d", dir, e.Name(), got.Name(), got.Mode(), got.Size(), want.Mode(), want.Size())
				}
			}
		}
	})
}
