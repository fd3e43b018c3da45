package load

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/golden"
	"github.com/visual-guides/guides/internal/rootfs"
)

// TestSystemsAgree loads the same folders through both systems, the raw
// one of Linux and the portable one, and expects the same collections and
// findings: on the collections of the rules' examples, and on folders
// that are hostile to a loader (links that stay in the root, leave it, or
// go round in a loop; a FIFO and a socket named as guides; files larger
// than the limit; names and texts that are not UTF-8).
func TestSystemsAgree(t *testing.T) {
	dirs := map[string]string{"hostile": hostileFolder(t), "dangling": danglingFolder(t)}
	for _, path := range golden.Glob(t, "../rules/testdata/rules/*.txtar") {
		ar := golden.Load(t, path)
		for _, side := range []string{"bad/", "good/"} {
			fsys := ar.FS(side)
			if len(fsys) == 0 {
				continue
			}
			dir := t.TempDir()
			for name, f := range fsys {
				writeFile(t, dir, name, string(f.Data))
			}
			dirs[golden.Name(path)+"/"+side] = dir
		}
	}
	if len(dirs) < 10 {
		t.Fatalf("only %d folders to load: the examples were not found", len(dirs))
	}
	for name, dir := range dirs {
		t.Run(name, func(t *testing.T) {
			root, err := rootfs.New(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer root.Close()
			raw, ok, err := newRawSystem(root)
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				t.Skip("the kernel has no openat2: only the portable system is used")
			}
			defer raw.close()
			fast := loadWith(t, raw)
			portable := loadWith(t, fsSystem{root})
			if diff := cmp.Diff(portable, fast); diff != "" {
				t.Errorf("the raw system differs from the portable one (-portable +raw):\n%s", diff)
			}
		})
	}
}

// loaded is what a load gives, to compare.
type loaded struct {
	Categories []*guides.Category
	Guides     []*guides.Guide
	Findings   []string
	Err        string
}

func loadWith(t *testing.T, sys system) loaded {
	t.Helper()
	c, diags, err := load(context.Background(), sys, Options{GuidesDir: "data/guides", CategoriesDir: "data/categories", MissingOK: true})
	if err != nil {
		return loaded{Err: err.Error()}
	}
	return loaded{Categories: c.Categories, Guides: c.Guides, Findings: diagStrings(diags)}
}

// hostileFolder writes a collection with every kind of file a loader must
// refuse or survive, and returns its folder.
func hostileFolder(t *testing.T) string {
	dir := t.TempDir()
	const front = "---\ntitle: %s\ncreatedAt: 2024-01-01\ncategories: [c]\n---\n%s\n"
	files := map[string]string{
		"data/categories/c.md":     "---\ntitle: C\nsort: 1\n---\nIntro.\n",
		"data/guides/plain.md":     fmt.Sprintf(front, "Plain", "Body."),
		"data/guides/latin1.md":    fmt.Sprintf(front, "Caf\xe9", "Body \xff\xfe."),
		"data/guides/name\xff.md":  fmt.Sprintf(front, "Name", "A name that is not UTF-8."),
		"data/guides/huge.md":      fmt.Sprintf(front, "Huge", strings.Repeat("x", guides.MaxFileSize)),
		"data/guides/at-limit.md":  fmt.Sprintf(front, "At", strings.Repeat("y", guides.MaxFileSize-200)),
		"data/guides/empty.md":     "",
		"data/guides/.hidden.md":   fmt.Sprintf(front, "Hidden", "Body."),
		"data/guides/folder.md/x":  "x",
		"outside/secret.md":        fmt.Sprintf(front, "Secret", "Body."),
		"data/guides/sub/inner.md": fmt.Sprintf(front, "Inner", "Body."),
	}
	for name, src := range files {
		writeFile(t, dir, name, src)
	}
	links := map[string]string{
		"data/guides/inside.md":  "plain.md",
		"data/guides/chain.md":   "inside.md",
		"data/guides/hidden.md":  ".hidden.md",
		"data/guides/loop-a.md":  "loop-b.md",
		"data/guides/loop-b.md":  "loop-a.md",
		"data/guides/escape.md":  "../../../etc/passwd",
		"data/guides/abs.md":     "/etc/hostname",
		"data/guides/dir.md":     "sub",
		"data/categories/out.md": "../../outside/secret.md",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := unix.Mkfifo(filepath.Join(dir, "data/guides/fifo.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fd)
	if err := unix.Bind(fd, &unix.SockaddrUnix{Name: filepath.Join(dir, "data/guides/socket.md")}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// danglingFolder writes a collection with a guide that is a link to
// nothing, which stops a load, and returns its folder.
func danglingFolder(t *testing.T) string {
	dir := t.TempDir()
	writeFile(t, dir, "data/categories/c.md", "---\ntitle: C\nsort: 1\n---\n")
	writeFile(t, dir, "data/guides/a.md", "---\ntitle: A\ncreatedAt: 2024-01-01\ncategories: [c]\n---\n")
	if err := os.Symlink("nothing.md", filepath.Join(dir, "data/guides/dangle.md")); err != nil {
		t.Fatal(err)
	}
	return dir
}

func writeFile(t *testing.T, dir, name, src string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}
