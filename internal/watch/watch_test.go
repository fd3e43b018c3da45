package watch

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/visual-guides/guides/internal/testenv"
)

// next returns the paths of the next change reported on changes, or
// fails t when none comes within a minute.
func next(t *testing.T, what string, changes <-chan []string) []string {
	t.Helper()
	select {
	case got := <-changes:
		return got
	case <-time.After(time.Minute):
		t.Fatalf("%s: no change reported", what)
		return nil
	}
}

// expect checks that the next change reported is of the paths want; nil
// takes any paths.
func expect(t *testing.T, what string, changes <-chan []string, want ...string) {
	t.Helper()
	if got := next(t, what, changes); want != nil && !slices.Equal(got, want) {
		t.Errorf("%s: reported %q, want %q", what, got, want)
	}
}

// TestWatch waits on readiness signals, never on sleeps: the folders it
// writes into are watched before it writes, whatever the machine's load.
// That something reports no change is judged by writing a file after it:
// the next change must be that file alone.
func TestWatch(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "data", "guides"), 0o755)
	os.MkdirAll(filepath.Join(root, "public"), 0o755)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	watching := make(chan string, 10)
	w, err := New(root, Options{
		Skip:     func(rel string) bool { return rel == "public" || strings.HasPrefix(rel, "public/") },
		Quiet:    150 * time.Millisecond,
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
	write := func(name string, data string) {
		if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(name)), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// A burst of writes is one change.
	for i := range 5 {
		write("data/guides/a.md", strings.Repeat("x", i))
	}
	expect(t, "a burst of writes", changes, "data/guides/a.md")
	write("data/guides/b.md", "x")
	expect(t, "a write after the burst", changes, "data/guides/b.md")
	// Skipped folders are not watched.
	write("public/index.html", "x")
	write("data/guides/c.md", "x")
	expect(t, "a write in a skipped folder, then one in a watched folder", changes, "data/guides/c.md")
	// New folders are watched.
	os.MkdirAll(filepath.Join(root, "layouts"), 0o755)
	if dir := <-watching; dir != filepath.Join(root, "layouts") {
		t.Fatalf("watching %s", dir)
	}
	expect(t, "a new folder", changes)
	write("layouts/guide.html", "x")
	expect(t, "a write in the new folder", changes, "layouts/guide.html")

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
	testenv.Slow(t)
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
	t.Parallel()
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
	changes := make(chan []string, 10)
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx, func(paths []string) { changes <- paths }) }()
	os.WriteFile(filepath.Join(root, "data", "guides", "g.md"), []byte("x"), 0o644)
	through := next(t, "a write through the link", changes)
	if len(through) != 1 || path.Base(through[0]) != "g.md" {
		t.Errorf("a write through the link: reported %q", through)
	}
	// A write outside the tree, then one inside: only the second is seen.
	os.WriteFile(filepath.Join(top, "outside", "x"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(root, "data", "guides", "h.md"), []byte("x"), 0o644)
	if got := next(t, "a write outside the tree, then one inside", changes); len(got) != 1 || path.Base(got[0]) != "h.md" {
		t.Errorf("a write outside the tree, then one inside: reported %q", got)
	}
	cancel()
	<-done
}
