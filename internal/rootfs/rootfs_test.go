package rootfs

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"testing/fstest"
	"time"
)

// tree builds a collection root in a temporary folder, with a secret
// beside it, and returns the root.
func tree(t *testing.T) string {
	t.Helper()
	top := t.TempDir()
	root := filepath.Join(top, "root")
	files := map[string]string{
		"secret":                    "outside",
		"root/images/a.png":         "png",
		"root/data/guides/g.md":     "guide",
		"root/.git/config":          "token",
		"root/.hidden/x.png":        "hidden",
		"root/docs/deep/d.png":      "deep",
		"root/layouts/assets/s.css": "css",
	}
	for name, content := range files {
		p := filepath.Join(top, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{
		"root/images/inside.png":    "a.png",
		"root/images/up.png":        "../docs/deep/d.png",
		"root/images/abs.png":       filepath.Join(top, "secret"),
		"root/images/escape.png":    "../../secret",
		"root/images/passwd.png":    "/etc/passwd",
		"root/images/environ.png":   "/proc/self/environ",
		"root/images/git.png":       "../.git/config",
		"root/images/hidden.png":    "../.hidden/x.png",
		"root/images/loop.png":      "loop.png",
		"root/images/dangling.png":  "nothing.png",
		"root/linkdir":              "docs/deep",
		"root/outdir":               "..",
		"root/data/guides/stdin.md": "/dev/stdin",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(top, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
	if runtime.GOOS != "windows" {
		if err := syscall.Mkfifo(filepath.Join(root, "data/guides/fifo.md"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink("fifo.md", filepath.Join(root, "data/guides/tofifo.md")); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// both runs a test on the folder opened with openat2, where the system has
// it, and through os.Root.
func both(t *testing.T, test func(t *testing.T, f *FS)) {
	root := tree(t)
	for _, mode := range []string{"openat2", "os.Root"} {
		t.Run(mode, func(t *testing.T) {
			f, err := New(root)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if mode == "os.Root" {
				f.sys.close()
				f.sys = nil
			} else if f.sys == nil {
				t.Skip("no openat2 here")
			}
			test(t, f)
		})
	}
}

func TestReadFile(t *testing.T) {
	both(t, func(t *testing.T, f *FS) {
		for _, tc := range []struct {
			name, want string
			err        error
		}{
			{"images/a.png", "png", nil},
			{"images/inside.png", "png", nil},
			{"images/up.png", "deep", nil},
			{"linkdir/d.png", "deep", nil},
			{".git/config", "token", nil}, // asked for by its hidden name
			{"images/abs.png", "", ErrOutside},
			{"images/escape.png", "", ErrOutside},
			{"images/passwd.png", "", ErrOutside},
			{"images/environ.png", "", ErrOutside},
			{"outdir/secret", "", ErrOutside},
			{"data/guides/stdin.md", "", ErrOutside},
			{"images/git.png", "", ErrHidden},
			{"images/hidden.png", "", ErrHidden},
			{"images/loop.png", "", ErrLoop},
			{"images/dangling.png", "", fs.ErrNotExist},
			{"images/none.png", "", fs.ErrNotExist},
			{"data/guides/fifo.md", "", ErrNotRegular},
			{"data/guides/tofifo.md", "", ErrNotRegular},
			{"images", "", ErrNotRegular},
			{"../secret", "", fs.ErrInvalid},
		} {
			done := make(chan struct{})
			var data []byte
			var err error
			go func() {
				defer close(done)
				data, err = f.ReadFile(tc.name)
			}()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				t.Fatalf("ReadFile(%q) blocks", tc.name)
			}
			switch {
			case tc.err == nil && err != nil:
				t.Errorf("ReadFile(%q): %v", tc.name, err)
			case tc.err == nil && string(data) != tc.want:
				t.Errorf("ReadFile(%q) = %q, want %q", tc.name, data, tc.want)
			case tc.err != nil && !errors.Is(err, tc.err):
				t.Errorf("ReadFile(%q) = %q, %v; want an error %v", tc.name, data, err, tc.err)
			}
		}
	})
}

func TestOpenDoesNotBlockOnFIFO(t *testing.T) {
	both(t, func(t *testing.T, f *FS) {
		done := make(chan error, 1)
		go func() {
			file, err := f.Open("data/guides/fifo.md")
			if err == nil {
				file.Close()
			}
			done <- err
		}()
		select {
		case err := <-done:
			var ne *NotRegularError
			if !errors.As(err, &ne) || ne.Mode&fs.ModeNamedPipe == 0 {
				t.Errorf("Open(fifo) = %v, want a NotRegularError for a FIFO", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("Open(fifo) blocks")
		}
	})
}

func TestStatAndResolve(t *testing.T) {
	both(t, func(t *testing.T, f *FS) {
		for _, tc := range []struct {
			name, resolved string
			err            error
		}{
			{"images/a.png", "images/a.png", nil},
			{"images/inside.png", "images/a.png", nil},
			{"images/up.png", "docs/deep/d.png", nil},
			{"linkdir/d.png", "docs/deep/d.png", nil},
			{"images/escape.png", "", ErrOutside},
			{"images/git.png", "", ErrHidden},
			{"images/loop.png", "", ErrLoop},
			{"images/none.png", "", fs.ErrNotExist},
		} {
			got, err := f.Resolve(tc.name)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Errorf("Resolve(%q) = %q, %v; want %v", tc.name, got, err, tc.err)
				}
				if _, err := f.Stat(tc.name); !errors.Is(err, tc.err) {
					t.Errorf("Stat(%q): %v, want %v", tc.name, err, tc.err)
				}
				continue
			}
			if err != nil || got != tc.resolved {
				t.Errorf("Resolve(%q) = %q, %v; want %q", tc.name, got, err, tc.resolved)
			}
			if info, err := f.Stat(tc.name); err != nil || !info.Mode().IsRegular() {
				t.Errorf("Stat(%q) = %v, %v", tc.name, info, err)
			}
		}
		// A FIFO is looked at, not opened.
		info, err := f.Stat("data/guides/fifo.md")
		if err != nil || info.Mode()&fs.ModeNamedPipe == 0 {
			t.Errorf("Stat(fifo) = %v, %v", info, err)
		}
	})
}

func TestLinkErrorMessage(t *testing.T) {
	both(t, func(t *testing.T, f *FS) {
		_, err := f.ReadFile("images/escape.png")
		var le *LinkError
		if !errors.As(err, &le) {
			t.Fatalf("ReadFile: %v", err)
		}
		if le.Link != "images/escape.png" || le.Target != "../../secret" {
			t.Errorf("LinkError %+v", le)
		}
		const want = `images/escape.png is a symbolic link to "../../secret", outside the collection root`
		if got := err.Error(); got != want {
			t.Errorf("message %q, want %q", got, want)
		}
	})
}

func TestReadDirAndWalk(t *testing.T) {
	both(t, func(t *testing.T, f *FS) {
		var got []string
		err := fs.WalkDir(f, "layouts", func(p string, d fs.DirEntry, err error) error {
			got = append(got, p)
			return err
		})
		if err != nil || len(got) != 3 || got[2] != "layouts/assets/s.css" {
			t.Errorf("WalkDir = %q, %v", got, err)
		}
		sub, err := fs.Sub(f, "layouts/assets")
		if err != nil {
			t.Fatal(err)
		}
		if data, err := fs.ReadFile(sub, "s.css"); err != nil || string(data) != "css" {
			t.Errorf("ReadFile(sub, s.css) = %q, %v", data, err)
		}
		file, err := f.Open("images/a.png")
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(file)
		file.Close()
		if err != nil || string(data) != "png" {
			t.Errorf("Open and read = %q, %v", data, err)
		}
	})
}

// TestResolveMapFS resolves through the links of an fs.FS that has them.
func TestResolveMapFS(t *testing.T) {
	fsys := fstest.MapFS{
		"images/a.png":   {Data: []byte("png")},
		"images/b.png":   {Data: []byte("a.png"), Mode: fs.ModeSymlink},
		"images/out.png": {Data: []byte("../../x"), Mode: fs.ModeSymlink},
		"images/git.png": {Data: []byte("../.git/config"), Mode: fs.ModeSymlink},
		".git/config":    {Data: []byte("token")},
	}
	if got, err := Resolve(fsys, "images/b.png"); err != nil || got != "images/a.png" {
		t.Errorf("Resolve(b.png) = %q, %v", got, err)
	}
	if _, err := Resolve(fsys, "images/out.png"); !errors.Is(err, ErrOutside) {
		t.Errorf("Resolve(out.png): %v", err)
	}
	if _, err := Resolve(fsys, "images/git.png"); !errors.Is(err, ErrHidden) {
		t.Errorf("Resolve(git.png): %v", err)
	}
}
