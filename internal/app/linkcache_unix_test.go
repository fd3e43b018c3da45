//go:build unix

package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestLinkCacheHostile checks the link cache where a hostile repository,
// or an unlucky user, puts something else: a symbolic link out of the
// root, at the file or at its folder; a FIFO; a folder of .git; a file of
// the collection. Each is a note, none is followed, read, written or
// waited on, and the check goes on.
func TestLinkCacheHostile(t *testing.T) {
	ls := newLinkServer(t)
	const secret = "PATH=/secret\n"
	tests := []struct {
		name     string
		settings string // the linkCache setting, or "" for opts.CachePath
		setup    func(t *testing.T, root, outside string) (cachePath string)
		note     string
	}{
		{"a link out of the root", "linkCache: .cache/links.json\n", func(t *testing.T, root, outside string) string {
			symlink(t, filepath.Join(outside, "bashrc"), filepath.Join(root, ".cache", "links.json"))
			return ""
		}, `.cache/links.json is a symbolic link to "` + "OUTSIDE/bashrc" + `", outside the collection root; the results are not kept`},
		{"a folder linked out of the root", "linkCache: .cache/links.json\n", func(t *testing.T, root, outside string) string {
			symlink(t, outside, filepath.Join(root, ".cache"))
			return ""
		}, `.cache is a symbolic link to "OUTSIDE", outside the collection root; the results are not kept`},
		{"a FIFO", "linkCache: .cache/links.json\n", func(t *testing.T, root, outside string) string {
			mkfifo(t, filepath.Join(root, ".cache", "links.json"))
			return ""
		}, ".cache/links.json is a FIFO, not a regular file; the results are not kept"},
		{"a folder of .git", "linkCache: .git/hooks/pre-commit\n", nil,
			"link cache .git/hooks/pre-commit: a file of the .git folder, which guides never writes; the results are not kept"},
		{"a file of the collection", "linkCache: data/guides/links.md\n", nil,
			"links.md: not a link cache file of guides; it is left as it is, and the results are not kept"},
		{"outside, a link", "", func(t *testing.T, root, outside string) string {
			p := filepath.Join(outside, "cache", "links.json")
			symlink(t, filepath.Join(outside, "bashrc"), p)
			return p
		}, "links.json: a symbolic link, which guides does not follow for a cache outside the collection; the results are not kept"},
		{"outside, a FIFO", "", func(t *testing.T, root, outside string) string {
			p := filepath.Join(outside, "cache", "links.json")
			mkfifo(t, p)
			return p
		}, "links.json is a FIFO, not a regular file; the results are not kept"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := linkedCollection(t, ls, tt.settings)
			outside := t.TempDir()
			writeFile(t, outside, "bashrc", secret)
			before := readText(t, root, "data/guides/links.md")
			var cachePath string
			if tt.setup != nil {
				cachePath = tt.setup(t, root, outside)
			}
			opts := linkOptions(cachePath)
			if cachePath == "" && tt.settings == "" {
				t.Fatal("no cache named")
			}
			res := checkWithin(t, root, opts)
			if len(res.Links.Notes) != 1 || !strings.Contains(res.Links.Notes[0].Error(), strings.ReplaceAll(tt.note, "OUTSIDE", outside)) {
				t.Errorf("notes %q, want one with %q", res.Links.Notes, tt.note)
			}
			for _, n := range res.Links.Notes {
				if strings.Contains(n.Error(), "PATH") || strings.Contains(n.Error(), "invalid character") {
					t.Errorf("a note quotes the file: %q", n)
				}
			}
			if got := readText(t, outside, "bashrc"); got != secret {
				t.Errorf("the file outside was written: %q", got)
			}
			if entries, _ := os.ReadDir(outside); len(entries) > 2 {
				t.Errorf("files were made outside the root: %v", entries)
			}
			if got := readText(t, root, "data/guides/links.md"); got != before {
				t.Errorf("a guide was replaced by the cache:\n%s", got)
			}
		})
	}
}

// TestLinkCacheLinkInside checks a cache file that is a link to another
// file of the collection: that file is the cache, and the link stays.
func TestLinkCacheLinkInside(t *testing.T) {
	ls := newLinkServer(t)
	root := linkedCollection(t, ls, "linkCache: .cache/links.json\n")
	if err := os.MkdirAll(filepath.Join(root, "kept"), 0o755); err != nil {
		t.Fatal(err)
	}
	symlink(t, "../kept/links.json", filepath.Join(root, ".cache", "links.json"))
	res := checkWithin(t, root, linkOptions(""))
	if len(res.Links.Notes) != 0 {
		t.Errorf("notes: %q", res.Links.Notes)
	}
	checkCacheFile(t, filepath.Join(root, "kept", "links.json"), ls.URL+"/missing")
	if info, err := os.Lstat(filepath.Join(root, ".cache", "links.json")); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v, %v", info, err)
	}
}

// checkWithin checks the links of the collection at root, and fails the
// test if the check does not end within a minute: reading a FIFO would
// block it for ever.
func checkWithin(t *testing.T, root string, opts LinkOptions) CheckResult {
	t.Helper()
	s := openAt(t, root)
	type result struct {
		res CheckResult
		err error
	}
	done := make(chan result, 1)
	go func() {
		res, err := s.Check(context.Background(), CheckOptions{Links: &opts})
		done <- result{res, err}
	}()
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatal(r.err)
		}
		if !strings.Contains(findingLines(r.res.Diags), "404 Not Found") {
			t.Errorf("the links are not checked: %s", findingLines(r.res.Diags))
		}
		return r.res
	case <-time.After(time.Minute):
		t.Fatal("the check is blocked")
	}
	return CheckResult{}
}

func symlink(t *testing.T, target, name string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, name); err != nil {
		t.Fatal(err)
	}
}

func mkfifo(t *testing.T, name string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(name, 0o644); err != nil {
		t.Fatal(err)
	}
}
