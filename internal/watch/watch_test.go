package watch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
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
	changes := make(chan []string, 10)
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx, func(paths []string) { changes <- paths }) }()

	expect := func(what string, want bool, paths ...string) {
		t.Helper()
		select {
		case got := <-changes:
			if !want {
				t.Errorf("%s: reported a change", what)
			}
			if len(paths) > 0 && !slices.Equal(got, paths) {
				t.Errorf("%s: reported %q, want %q", what, got, paths)
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
	expect("a burst of writes", true, "data/guides/a.md")
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
	expect("a write in the new folder", true, "layouts/guide.html")

	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run() = %v", err)
	}
}

// TestOverflow makes the system drop events: while the callback of a first
// change blocks, as a slow rebuild does, more files are made than the
// kernel queues events for. The watcher reports a change again, and keeps
// watching, folders made meanwhile among them.
func TestOverflow(t *testing.T) {
	max, err := os.ReadFile("/proc/sys/fs/inotify/max_queued_events")
	if err != nil {
		t.Skip("not Linux's inotify")
	}
	var queued int
	fmt.Sscan(string(max), &queued)
	if queued > 100_000 {
		t.Skipf("the kernel queues %d events", queued)
	}
	root := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w, err := New(root, Options{Quiet: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	changes := make(chan struct{}, 10)
	release := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		first := true
		done <- w.Run(ctx, func([]string) {
			changes <- struct{}{}
			if first {
				first = false
				<-release
			}
		})
	}()
	os.WriteFile(filepath.Join(root, "first"), nil, 0o644)
	select {
	case <-changes:
	case <-time.After(10 * time.Second):
		t.Fatal("no first change")
	}
	// The watcher is busy: these events pile up past the kernel's queue,
	// and the folder made last is among those dropped.
	for i := range queued + 2000 {
		if err := os.WriteFile(filepath.Join(root, fmt.Sprintf("f%d", i)), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(root, "late"), 0o755); err != nil {
		t.Fatal(err)
	}
	close(release)
	select {
	case <-changes:
	case err := <-done:
		t.Fatalf("the watcher stopped: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("no change after the overflow")
	}
	// Drain what the burst reported, then write in the folder made while
	// events were dropped.
	for quiet := false; !quiet; {
		select {
		case <-changes:
		case <-time.After(500 * time.Millisecond):
			quiet = true
		}
	}
	os.WriteFile(filepath.Join(root, "late", "x"), nil, 0o644)
	select {
	case <-changes:
	case <-time.After(10 * time.Second):
		t.Fatal("a folder made during the overflow is not watched")
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run() = %v", err)
	}
}

// TestSymlinkedFolder watches a tree whose data folder is a symbolic link
// to a folder elsewhere in it, and one with a link that leads out of it.
func TestSymlinkedFolder(t *testing.T) {
	top := t.TempDir()
	root := filepath.Join(top, "root")
	os.MkdirAll(filepath.Join(root, "shared", "guides"), 0o755)
	os.MkdirAll(filepath.Join(top, "outside"), 0o755)
	if err := os.Symlink(filepath.Join("shared"), filepath.Join(root, "data")); err != nil {
		t.Skip("no symbolic links:", err)
	}
	os.Symlink(filepath.Join(top, "outside"), filepath.Join(root, "out"))
	os.Symlink(".", filepath.Join(root, "shared", "loop"))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var watching []string
	w, err := New(root, Options{Quiet: 50 * time.Millisecond, Watching: func(dir string) { watching = append(watching, dir) }})
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range watching {
		if strings.Contains(dir, "outside") {
			t.Errorf("watching %s, outside the tree", dir)
		}
	}
	changes := make(chan struct{}, 10)
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx, func([]string) { changes <- struct{}{} }) }()
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
	os.WriteFile(filepath.Join(root, "data", "guides", "g.md"), []byte("x"), 0o644)
	expect("a write through the link", true)
	os.WriteFile(filepath.Join(top, "outside", "x"), []byte("x"), 0o644)
	expect("a write outside the tree", false)
	cancel()
	<-done
}
