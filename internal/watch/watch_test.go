package watch

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestWatch waits on readiness signals, never on sleeps: the folders it
// writes into are watched before it writes, whatever the machine's load.
// Only "no change" is judged by waiting, and a spurious change fails it.
func TestWatch(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "data", "guides"), 0o755)
	os.MkdirAll(filepath.Join(root, "public"), 0o755)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	watching := make(chan string, 10)
	w, err := New(root, Options{
		Skip:     func(rel string) bool { return rel == "public" || strings.HasPrefix(rel, "public/") },
		Quiet:    300 * time.Millisecond,
		Watching: func(dir string) { watching <- dir },
	})
	if err != nil {
		t.Fatal(err)
	}
	for range 3 { // the root, data and data/guides; not public
		<-watching
	}
	changes := make(chan struct{}, 10)
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx, func() { changes <- struct{}{} }) }()

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
	if dir := <-watching; dir != filepath.Join(root, "layouts") {
		t.Fatalf("watching %s", dir)
	}
	expect("a new folder", true)
	os.WriteFile(filepath.Join(root, "layouts", "guide.html"), []byte("x"), 0o644)
	expect("a write in the new folder", true)

	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run() = %v", err)
	}
}
