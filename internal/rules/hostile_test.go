package rules_test

import (
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/load"
	"github.com/visual-guides/guides/internal/rootfs"
	"github.com/visual-guides/guides/internal/rules"
)

// hostileTree builds, in a temporary folder, a collection with what an
// archive cannot hold: symbolic links out of the root and to hidden files,
// FIFOs, a socket, a folder named like a guide, and a sparse file larger
// than a guide may be. It returns the root.
func hostileTree(t *testing.T) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("FIFOs and sockets")
	}
	top := t.TempDir()
	root := filepath.Join(top, "root")
	files := map[string]string{
		"outside.md":                    "---\ntitle: Outside\n---\nSECRET\n",
		"root/.git/HEAD.md":             "---\ntitle: Token\n---\n",
		"root/shared/ok.md":             "---\ntitle: OK\ncreatedAt: 2024-01-01\ncategories: [c]\n---\nBody ![i](../../images/fifo.png) [l](/images/out.png) ![c](../../images/ok.png).\n",
		"root/data/categories/c.md":     "---\ntitle: C\nsort: 1\n---\n",
		"root/data/guides/img.md":       "---\ntitle: Img\ncreatedAt: 2024-01-01\ncategories: [c]\nimage: images/passwd.png\n---\nBody.\n",
		"root/data/guides/dir.md/x.txt": "",
		"root/images/ok.png":            "png",
		"root/layouts/assets/ok.css":    "css",
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
		"data/guides/link.md":      "../../../outside.md",
		"data/guides/abs.md":       filepath.Join(top, "outside.md"),
		"data/guides/stdin.md":     "/dev/stdin",
		"data/guides/hidden.md":    "../../.git/HEAD.md",
		"data/guides/ok.md":        "../../shared/ok.md",
		"data/guides/loop.md":      "loop.md",
		"images/passwd.png":        "/etc/passwd",
		"images/out.png":           "../../outside.md",
		"layouts/assets/env.css":   "/proc/self/environ",
		"layouts/assets/git.css":   "../../.git/HEAD.md",
		"layouts/assets/tofifo.js": "../base.html",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(root, filepath.FromSlash(name))); err != nil {
			t.Skip("no symbolic links:", err)
		}
	}
	for _, name := range []string{"data/guides/fifo.md", "images/fifo.png", "layouts/base.html"} {
		if err := syscall.Mkfifo(filepath.Join(root, filepath.FromSlash(name)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A socket path must be short: listen from inside the folder.
	wd, _ := os.Getwd()
	os.Chdir(filepath.Join(root, "data/guides"))
	ln, err := net.Listen("unix", "sock.md")
	os.Chdir(wd)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	big, err := os.Create(filepath.Join(root, "data/guides/big.md"))
	if err != nil {
		t.Fatal(err)
	}
	big.WriteString("---\ntitle: Big\ncreatedAt: 2024-01-01\ncategories: [c]\n---\n")
	if err := big.Truncate(guides.MaxFileSize + 1); err != nil {
		t.Fatal(err)
	}
	big.Close()
	return root
}

// TestHostileTree loads and checks the hostile tree as every command does,
// through the kernel's confined lookups and through package rootfs alone,
// within seconds, and expects a finding for every hostile file and none
// for the file a link inside the root leads to.
func TestHostileTree(t *testing.T) {
	root := hostileTree(t)
	want := []string{
		`data/guides/abs.md:1:1: error: data/guides/abs.md is a symbolic link to "` + filepath.Join(filepath.Dir(root), "outside.md") + `", outside the collection root; the file is not read [outside-root]`,
		`data/guides/big.md:1:1: error: the file is larger than 4 MiB, the most a guide or category may be; it is not read [limit]`,
		`data/guides/dir.md:1:1: error: data/guides/dir.md is a folder, not a file: a guide or category is a file [not-regular-file]`,
		`data/guides/fifo.md:1:1: error: data/guides/fifo.md is a FIFO, not a regular file; it is not read [not-regular-file]`,
		`data/guides/hidden.md:1:1: error: data/guides/hidden.md is a symbolic link to ".git/HEAD.md", a hidden file; the file is not read [outside-root]`,
		`data/guides/img.md:5:8: error: image "images/passwd.png" leads where the site may not read: images/passwd.png is a symbolic link to "/etc/passwd", outside the collection root [outside-root]`,
		`data/guides/link.md:1:1: error: data/guides/link.md is a symbolic link to "../../../outside.md", outside the collection root; the file is not read [outside-root]`,
		`data/guides/loop.md:1:1: error: data/guides/loop.md: too many levels of symbolic links; the file is not read [outside-root]`,
		`data/guides/ok.md:6:11: error: image "../../images/fifo.png" names images/fifo.png, which is a FIFO, not a regular file [not-regular-file]`,
		`data/guides/ok.md:6:38: error: link "/images/out.png" leads where the site may not read: images/out.png is a symbolic link to "../../outside.md", outside the collection root [outside-root]`,
		`data/guides/sock.md:1:1: error: data/guides/sock.md is a socket, not a regular file; it is not read [not-regular-file]`,
		`data/guides/stdin.md:1:1: error: data/guides/stdin.md is a symbolic link to "/dev/stdin", outside the collection root; the file is not read [outside-root]`,
		`layouts/assets/env.css:1:1: error: layouts/assets/env.css is a symbolic link to "/proc/self/environ", outside the collection root; the site does not read it [outside-root]`,
		`layouts/assets/git.css:1:1: error: layouts/assets/git.css is a symbolic link to ".git/HEAD.md", a hidden file; the site does not read it [outside-root]`,
		`layouts/assets/tofifo.js:1:1: error: layouts/assets/tofifo.js is a FIFO, not a regular file; the site does not read it [not-regular-file]`,
		`layouts/base.html:1:1: error: layouts/base.html is a FIFO, not a regular file; the site does not read it [not-regular-file]`,
	}
	fsys, err := rootfs.New(root)
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	opts := load.Options{GuidesDir: "data/guides", CategoriesDir: "data/categories"}
	for name, loadIt := range map[string]func() (*guides.Collection, guides.Diagnostics, error){
		"LoadDir":       func() (*guides.Collection, guides.Diagnostics, error) { return load.LoadDir(root, opts) },
		"Load (rootfs)": func() (*guides.Collection, guides.Diagnostics, error) { return load.Load(fsys, opts) },
	} {
		t.Run(name, func(t *testing.T) {
			done := make(chan []string, 1)
			go func() {
				c, ds, err := loadIt()
				if err != nil {
					t.Error(err)
					done <- nil
					return
				}
				ds = append(ds, rules.Collection(fsys, c)...)
				ds.Sort()
				var got []string
				for _, d := range ds {
					if d.Severity == guides.Error {
						got = append(got, d.String())
					}
				}
				done <- got
			}()
			select {
			case got := <-done:
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("findings (-want +got):\n%s", diff)
				}
				for _, line := range got {
					if strings.Contains(line, "SECRET") {
						t.Errorf("a finding shows what is outside: %s", line)
					}
				}
			case <-time.After(30 * time.Second):
				t.Fatal("loading blocks")
			}
		})
	}
}
