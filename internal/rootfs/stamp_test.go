package rootfs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestStampDir(t *testing.T) {
	both(t, func(t *testing.T, f *FS) {
		got, err := f.StampDir("images")
		if err != nil {
			t.Fatal(err)
		}
		want, err := f.stampDirPortable("images")
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("%d entries, %d through ReadDir and Stat", len(got), len(want))
		}
		byName := map[string]DirStamp{}
		for i, e := range got {
			if e.Name != want[i].Name || e.Stamp != want[i].Stamp || (e.Err == nil) != (want[i].Err == nil) {
				t.Errorf("entry %d: %+v, through ReadDir and Stat %+v", i, e, want[i])
			}
			byName[e.Name] = e
		}
		a, inside := byName["a.png"], byName["inside.png"]
		if a.Err != nil || inside.Stamp != a.Stamp || a.Stamp.Size != 3 || !a.Stamp.Mode.IsRegular() {
			t.Errorf("a.png %+v, a link to it %+v: want the same stamp of a regular file of 3 bytes", a, inside)
		}
		var le *LinkError
		if e := byName["escape.png"]; !errors.As(e.Err, &le) {
			t.Errorf("a link out of the root: %+v, want a LinkError", e)
		}
		if e := byName["dangling.png"]; !errors.Is(e.Err, fs.ErrNotExist) {
			t.Errorf("a dangling link: %+v, want not found", e)
		}
		// On Linux, a change of content shows in the stamp even when the
		// size and the time of modification are put back: the time of the
		// status change moves.
		p := filepath.Join(f.Dir(), "images", "a.png")
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("gif"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, info.ModTime(), info.ModTime()); err != nil {
			t.Fatal(err)
		}
		again, err := f.StampDir("images")
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range again {
			if e.Name == "a.png" && e.Stamp == a.Stamp && runtime.GOOS == "linux" {
				t.Errorf("a.png rewritten: the same stamp %+v", e.Stamp)
			}
		}
	})
}

func TestStampDirFIFO(t *testing.T) {
	both(t, func(t *testing.T, f *FS) {
		got, err := f.StampDir("data/guides")
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range got {
			if e.Name == "fifo.md" && (e.Err != nil || e.Stamp.Mode.Type() != fs.ModeNamedPipe) {
				t.Errorf("fifo.md: %+v, want a named pipe's stamp", e)
			}
		}
		if _, err := f.StampDir("../root"); !errors.Is(err, fs.ErrInvalid) {
			t.Errorf("StampDir(../root): %v, want invalid", err)
		}
	})
}
