package site

import (
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/visual-guides/guides/internal/rootfs"
)

const category = "---\ntitle: C\nsort: 1\n---\n"

func guide(body string) string {
	return "---\ntitle: G\ncreatedAt: 2024-01-01\ncategories: [c]\n---\n" + body
}

// TestPublishesNothingOutsideTheRoot builds a collection on disk whose
// images are symbolic links to a secret beside the root, to the
// repository's .git, to /proc/self/environ, and to a file inside the root
// that is not a medium: the site publishes none of them, and links to them
// stay as written. (The rules refuse such a collection before a build; the
// site does not rely on it.)
func TestPublishesNothingOutsideTheRoot(t *testing.T) {
	top := t.TempDir()
	root := filepath.Join(top, "root")
	write := func(name, content string) {
		p := filepath.Join(top, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("secret.png", "SECRET beside the root")
	write("root/.git/config", "SECRET token")
	write("root/notes.txt", "SECRET notes")
	write("root/images/ok.png", "fine")
	write("root/data/categories/c.md", category)
	write("root/data/guides/g.md", guide("![a](../../images/a.png) ![b](../../images/b.png) ![c](../../images/c.png) ![d](../../images/d.png) ![ok](../../images/ok.png)\n"))
	for name, target := range map[string]string{
		"a.png": "../../secret.png", "b.png": "../.git/config", "c.png": "/proc/self/environ", "d.png": "../notes.txt",
	} {
		if err := os.Symlink(target, filepath.Join(root, "images", name)); err != nil {
			t.Skip("no symbolic links:", err)
		}
	}
	fsys, err := rootfs.New(root)
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	c := loadFS(t, fstest.MapFS{"data/categories/c.md": {Data: []byte(category)}, "data/guides/g.md": {Data: []byte(guide("![a](../../images/a.png) ![b](../../images/b.png) ![c](../../images/c.png) ![d](../../images/d.png) ![ok](../../images/ok.png)\n"))}})
	b, err := NewBuilder(fsys, Options{BaseURL: "https://example.org/guides", Title: "T"})
	if err != nil {
		t.Fatal(err)
	}
	files := Files{}
	if err := b.Build(c, files); err != nil {
		t.Fatal(err)
	}
	var published []string
	for name, data := range files {
		if strings.Contains(string(data), "SECRET") || strings.Contains(string(data), "PATH=") {
			t.Errorf("%s holds a secret", name)
		}
		if strings.HasPrefix(name, filesDir) {
			published = append(published, name)
		}
	}
	if len(published) != 1 || published[0] != filesDir+"images/ok.png" {
		t.Errorf("published %q, want only images/ok.png", published)
	}
}

// TestSVGPublishedClean checks that an SVG image with a script is
// published without it, and served sandboxed.
func TestSVGPublishedClean(t *testing.T) {
	fsys := fstest.MapFS{
		"data/categories/c.md": {Data: []byte(category)},
		"data/guides/g.md":     {Data: []byte(guide("![x](../../images/x.svg) ![bad](../../images/bad.svg)\n"))},
		"images/x.svg":         {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script><rect width="1" height="1"/></svg>`)},
		"images/bad.svg":       {Data: []byte(`<svg><script>`)},
	}
	files := build(t, fsys, loadFS(t, fsys), Options{})
	if _, ok := files[filesDir+"images/bad.svg"]; ok {
		t.Error("an SVG image that is not well-formed is published")
	}
	svg := string(files[filesDir+"images/x.svg"])
	if strings.Contains(svg, "alert") || !strings.Contains(svg, `<rect width="1" height="1"/>`) {
		t.Errorf("published SVG:\n%s", svg)
	}
	srv := NewServer("/guides/")
	srv.Update(files)
	ts := httptest.NewServer(srv)
	defer ts.Close()
	for path, policy := range map[string]string{"files/images/x.svg": FilesPolicy, "g/": PagePolicy} {
		resp, err := http.Get(ts.URL + "/guides/" + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Content-Security-Policy"); got != policy {
			t.Errorf("%s: Content-Security-Policy %q, want %q", path, got, policy)
		}
		if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q", path, got)
		}
	}
	headers := string(files["_headers"])
	for _, want := range []string{"/guides/*\n", "/guides/files/*\n", "Content-Security-Policy: " + FilesPolicy, "X-Content-Type-Options: nosniff"} {
		if !strings.Contains(headers, want) {
			t.Errorf("_headers lacks %q:\n%s", want, headers)
		}
	}
}

// countingFS counts the reads of each file.
type countingFS struct {
	fstest.MapFS
	mu    sync.Mutex
	reads map[string]int
}

func (c *countingFS) ReadFile(name string) ([]byte, error) {
	c.mu.Lock()
	c.reads[name]++
	c.mu.Unlock()
	return c.MapFS.ReadFile(name)
}

func (c *countingFS) Open(name string) (fs.File, error) {
	c.mu.Lock()
	c.reads[name]++
	c.mu.Unlock()
	return c.MapFS.Open(name)
}

// TestKeepFilesReadsMediaOnce builds twice, as a server does: a medium is
// read again only when its size or modification time changes, and the
// second site shares its bytes with the first.
func TestKeepFilesReadsMediaOnce(t *testing.T) {
	fsys := &countingFS{reads: map[string]int{}, MapFS: fstest.MapFS{
		"data/categories/c.md": {Data: []byte(category)},
		"data/guides/g.md":     {Data: []byte(guide("![x](../../images/x.png)\n"))},
		"images/x.png":         {Data: []byte("png"), ModTime: time.Unix(1, 0)},
	}}
	c := loadFS(t, fsys.MapFS)
	b, err := NewBuilder(fsys, Options{BaseURL: "https://example.org/guides", Title: "T", KeepFiles: true})
	if err != nil {
		t.Fatal(err)
	}
	builds := make([]Files, 3)
	reads := make([]int, 3) // of images/x.png, by each build
	for i := range builds {
		if i == 2 {
			fsys.MapFS["images/x.png"] = &fstest.MapFile{Data: []byte("PNG!"), ModTime: time.Unix(2, 0)}
		}
		before := fsys.reads["images/x.png"]
		builds[i] = Files{}
		if err := b.Build(c, builds[i]); err != nil {
			t.Fatal(err)
		}
		b.Forget(c, builds[i])
		reads[i] = fsys.reads["images/x.png"] - before
	}
	// Each version is opened at most twice: its header for the size the
	// page gives the image, and its bytes to publish.
	if reads[0] == 0 || reads[0] > 2 || reads[1] != 0 || reads[2] == 0 || reads[2] > 2 {
		t.Errorf("images/x.png opened %v times by three builds, the third after a change; want at most 2, none, at most 2", reads)
	}
	a, b2 := builds[0][filesDir+"images/x.png"], builds[1][filesDir+"images/x.png"]
	if &a[0] != &b2[0] {
		t.Error("the second build holds a copy of the medium")
	}
	if string(builds[2][filesDir+"images/x.png"]) != "PNG!" {
		t.Error("the changed medium is not published")
	}
}

// TestForgetDropsVanishedTags renames a guide's tags 30 times, building
// after each as a server does: the Builder remembers the pages of the last
// build only.
func TestForgetDropsVanishedTags(t *testing.T) {
	fsys := fstest.MapFS{"data/categories/c.md": {Data: []byte(category)}}
	b, err := NewBuilder(fsys, Options{BaseURL: "https://example.org/guides", Title: "T", KeepFiles: true, Remember: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 30 {
		fsys["data/guides/g.md"] = &fstest.MapFile{Data: []byte(fmt.Sprintf("---\ntitle: G\ncreatedAt: 2024-01-01\ncategories: [c]\ntags: [t%da, t%db]\n---\nBody %d.\n", i, i, i))}
		c := loadFS(t, fsys)
		files := Files{}
		if err := b.Build(c, files); err != nil {
			t.Fatal(err)
		}
		b.Forget(c, files)
		pages := 0
		for name := range files {
			if strings.HasSuffix(name, ".html") {
				pages++
			}
		}
		if len(b.pages) != pages {
			t.Fatalf("after %d renames, the Builder remembers %d pages; the site has %d", i, len(b.pages), pages)
		}
		if len(b.bodies) != 2 {
			t.Fatalf("after %d renames, the Builder remembers %d bodies", i, len(b.bodies))
		}
	}
}
