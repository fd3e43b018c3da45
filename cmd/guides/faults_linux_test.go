package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/visual-guides/guides/internal/testenv"
)

// The tests in this file play faults of the machine against the binary: a
// build killed with SIGKILL, full and read-only file systems (small tmpfs
// mounts in a namespace of their own), and signals while links are
// checked.

// TestKilledBuildIsCleanedUp kills a build halfway with SIGKILL, which no
// program can answer: the site built before stays, and the folder the
// killed build was writing is removed by the next build.
func TestKilledBuildIsCleanedUp(t *testing.T) {
	testenv.Slow(t)
	for _, mode := range buildModes {
		t.Run(mode.name, func(t *testing.T) {
			root := t.TempDir()
			bigCollection(t, root, 2000)
			if res := guidesIn(t, root, "build"); res.code != 0 {
				t.Fatalf("first build: %d\n%s", res.code, res.stderr)
			}
			mode.prepare(t, root)
			s := start(t, root, append([]string{"build"}, mode.args("https://bytebytego.com/guides")...)...)
			waitFor(t, "a new site folder", halfBuilt(root, mode.staging))
			s.stop(t, syscall.SIGKILL)
			left, _ := filepath.Glob(filepath.Join(root, mode.staging))
			if len(left) == 0 {
				t.Fatal("the killed build left no folder: the test tests nothing")
			}
			if index, _ := os.ReadFile(filepath.Join(root, "public", "index.html")); !strings.Contains(string(index), "bytebytego.com") {
				t.Error("the site built before was changed")
			}
			if res := guidesIn(t, root, "build"); res.code != 0 {
				t.Fatalf("the next build: %d\n%s", res.code, res.stderr)
			}
			for _, glob := range []string{".public.*", "public/.guides-update*"} {
				if m, _ := filepath.Glob(filepath.Join(root, glob)); len(m) > 0 {
					t.Errorf("left after the next build: %q", m)
				}
			}
		})
	}
}

// tmpfs runs the shell script script in a mount namespace of its own, in
// which $FS is a tmpfs of the size given (such as "512k") at a new folder,
// or skips the test where namespaces or tmpfs are not allowed. mode "ro"
// mounts it read-only, with a folder t in it. It returns the exit code and
// standard error of the script, and the folder.
func tmpfs(t *testing.T, size, mode, dir, script string, env ...string) (int, string, string) {
	t.Helper()
	if err := exec.Command("unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt").Run(); err != nil {
		t.Skipf("no tmpfs in a namespace of its own: %v", err)
	}
	fs := t.TempDir()
	mount := "mount -t tmpfs -o size=" + size + " tmpfs \"$FS\""
	if mode == "ro" {
		mount += " && mkdir \"$FS/t\" && mount -o remount,ro \"$FS\""
	}
	cmd := exec.Command("unshare", "-rm", "sh", "-c", mount+" && "+script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), append(env, "FS="+fs, "GUIDES="+binary(t))...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, stderr.String(), fs
}

// TestFullDisk builds with the search index's temporary folder, or the
// output folder, on a file system that is full or read-only: the build
// stops at the first failed write with one line that names the folder,
// and leaves nothing behind.
func TestFullDisk(t *testing.T) {
	testenv.Slow(t)
	root := t.TempDir()
	bigCollection(t, root, 2000)
	tests := []struct {
		name, size, mode, script string
		want                     string // the line of standard error; FS stands for the file system
	}{
		{"full TMPDIR", "256k", "", `TMPDIR="$FS" "$GUIDES" build`,
			"guides: search: the temporary folder FS: no space left on device"},
		{"full output folder", "256k", "", `"$GUIDES" build -o "$FS/public"`,
			"guides: output folder FS/public: no space left on device"},
		{"read-only TMPDIR", "64k", "ro", `TMPDIR="$FS/t" "$GUIDES" build`,
			"guides: search: the temporary folder FS/t: read-only file system"},
		{"read-only output folder", "64k", "ro", `"$GUIDES" build -o "$FS/public"`,
			"guides: output folder FS/public: read-only file system"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stderr, fs := tmpfs(t, tt.size, tt.mode, root, tt.script+` ; code=$? ; ls -A "$FS" >&2 ; exit $code`)
			lines := strings.Split(strings.TrimSpace(stderr), "\n")
			if code != 2 {
				t.Fatalf("exit %d, want 2\n%s", code, stderr)
			}
			// The first line is the error; what follows, the files left
			// on the file system.
			if want := strings.ReplaceAll(tt.want, "FS", fs); lines[0] != want {
				t.Errorf("standard error:\n%s\nwant one line:\n%s", stderr, want)
			}
			for _, l := range lines[1:] {
				if l != "t" {
					t.Errorf("left on the file system: %s", l)
				}
			}
			if m, _ := filepath.Glob(filepath.Join(root, ".public.*")); len(m) > 0 {
				t.Errorf("left beside the site: %q", m)
			}
		})
	}
}

// TestSignalsStopLinkCheck interrupts check --links while a server keeps
// its requests waiting: the check ends with 128 plus the signal's number,
// and the cache file is as it was. How soon it ends is measured by
// BenchmarkSignalStopsLinkCheck.
func TestSignalsStopLinkCheck(t *testing.T) {
	testenv.Slow(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			code, cache, took := stopLinkCheck(t, sig)
			t.Logf("ended %v after the signal", took)
			if code != 128+int(sig) {
				t.Errorf("exit %d, want %d", code, 128+int(sig))
			}
			if got, _ := os.ReadFile(cache); string(got) != "" {
				t.Errorf("the cache was written after the signal:\n%s", got)
			}
		})
	}
}

// stopLinkCheck starts check --links on a collection whose URLs a server
// keeps waiting, sends sig once the server has a request, and returns the
// exit code, the cache file, empty before, and how long the process took to
// end after the signal.
func stopLinkCheck(t testing.TB, sig syscall.Signal) (int, string, time.Duration) {
	t.Helper()
	waiting := make(chan struct{}, 100)
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		waiting <- struct{}{}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { close(release); srv.Close() })
	root := t.TempDir()
	var body strings.Builder
	for i := range 50 {
		body.WriteString("[l](" + srv.URL + "/page/" + string(rune('a'+i%26)) + strings.Repeat("x", i) + ")\n")
	}
	collection(t, root, map[string]string{
		"guides.yaml":       "linkCache: .cache/links.json\n",
		".cache/links.json": "",
		"data/guides/g.md":  "---\ntitle: G\ncreatedAt: 2024-01-01\ncategories: [c]\n---\n" + body.String(),
	})
	s := start(t, root, "check", "--links", "--request-timeout", "10m", "--timeout", "10m")
	select {
	case <-waiting:
	case <-time.After(time.Minute):
		t.Fatal("no request came")
	}
	code, took := s.stop(t, sig)
	return code, filepath.Join(root, ".cache", "links.json"), took
}

// BenchmarkSignalStopsLinkCheck interrupts link checks whose requests a
// server keeps waiting, and reports how long each takes to end after
// SIGINT (ms-to-stop); it should be well under a second.
func BenchmarkSignalStopsLinkCheck(b *testing.B) {
	var took time.Duration
	for b.Loop() {
		code, _, d := stopLinkCheck(b, syscall.SIGINT)
		if code != 130 {
			b.Fatalf("exit %d, want 130", code)
		}
		took += d
	}
	b.ReportMetric(float64(took.Microseconds())/1000/float64(b.N), "ms-to-stop")
}
