package site

import (
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

// TestKeepFilesReadsMediaOnce serves a medium from three models, as a
// server does: it is read again only when its size or modification time
// changes, and the second model shares its bytes with the first. Forget
// drops it once no site publishes it.
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
	served := make([][]byte, 3)
	reads := make([]int, 3) // of images/x.png, by each model
	for i := range served {
		if i == 2 {
			fsys.MapFS["images/x.png"] = &fstest.MapFile{Data: []byte("PNG!"), ModTime: time.Unix(2, 0)}
		}
		before := fsys.reads["images/x.png"]
		m := b.Model(c, fsys)
		if _, ok, err := m.File("g/index.html"); !ok || err != nil {
			t.Fatalf("the guide's page: %v, %v", ok, err)
		}
		data, ok, err := m.File(filesDir + "images/x.png")
		if !ok || err != nil {
			t.Fatalf("the medium: %v, %v", ok, err)
		}
		served[i] = data
		reads[i] = fsys.reads["images/x.png"] - before
	}
	// Each version is opened at most twice: its header for the size the
	// page gives the image, and its bytes to publish.
	if reads[0] == 0 || reads[0] > 2 || reads[1] != 0 || reads[2] == 0 || reads[2] > 2 {
		t.Errorf("images/x.png opened %v times by three models, the third after a change; want at most 2, none, at most 2", reads)
	}
	if &served[0][0] != &served[1][0] {
		t.Error("the second model holds a copy of the medium")
	}
	if string(served[2]) != "PNG!" {
		t.Error("the changed medium is not published")
	}
	b.Forget(func(string) bool { return false })
	if len(b.files) != 0 {
		t.Errorf("the Builder keeps %d files after forgetting them", len(b.files))
	}
}
