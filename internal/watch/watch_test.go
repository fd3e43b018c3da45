package watch

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestWatch(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "data", "guides"), 0o755)
	os.MkdirAll(filepath.Join(root, "public"), 0o755)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	changes := make(chan struct{}, 10)
	done := make(chan error, 1)
	skip := func(rel string) bool { return rel == "public" || strings.HasPrefix(rel, "public/") }
	go func() { done <- Watch(ctx, root, skip, func() { changes <- struct{}{} }) }()
	time.Sleep(200 * time.Millisecond) // let it start watching

	expect := func(what string, want bool) {
		t.Helper()
		select {
		case <-changes:
			if !want {
				t.Errorf("%s: reported a change", what)
			}
		case <-time.After(2 * time.Second):
			if want {
				t.Errorf("%s: no change reported", what)
			}
		}
	}
	// A burst of writes is one change.
	for i := range 5 {
		os.WriteFile(filepath.Join(root, "data", "guides", "a.md"), []byte(strings.Repeat("x", i)), 0o644)
	}
	expect("a burst of writes", true)
	expect("after the burst", false)
	// Skipped folders are not watched.
	os.WriteFile(filepath.Join(root, "public", "index.html"), []byte("x"), 0o644)
	expect("a write in a skipped folder", false)
	// New folders are watched.
	os.MkdirAll(filepath.Join(root, "layouts"), 0o755)
	expect("a new folder", true)
	time.Sleep(50 * time.Millisecond)
	os.WriteFile(filepath.Join(root, "layouts", "guide.html"), []byte("x"), 0o644)
	expect("a write in the new folder", true)

	cancel()
	if err := <-done; err != nil {
		t.Errorf("Watch() = %v", err)
	}
}
