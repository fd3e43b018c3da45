//go:build unix

package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/visual-guides/guides/internal/synth"
	"github.com/visual-guides/guides/internal/testenv"
)

// The tests in this file play a contributor who sends a hostile
// repository, and an unlucky user, against the guides binary itself: they
// build it, run it on collections in temporary folders, and send it
// signals.

// binary returns the guides command to run: a copy of the test binary
// that TestMain (testscript.Main) puts on PATH, which runs guides when
// called by that name.
func binary(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath("guides")
	if err != nil {
		t.Fatalf("the test binary as guides: %v", err)
	}
	return p
}

var (
	plainOnce sync.Once
	plainPath string
	plainErr  error
)

// plainBinary builds the guides command once per test run, without the
// race detector whatever the tests run with: for the tests that measure
// the memory of the process, which the race detector multiplies.
func plainBinary(t testing.TB) string {
	t.Helper()
	plainOnce.Do(func() {
		dir, err := os.MkdirTemp("", "guides-bin-")
		if err != nil {
			plainErr = err
			return
		}
		plainPath = filepath.Join(dir, "guides")
		out, err := exec.Command("go", "build", "-o", plainPath, ".").CombinedOutput()
		if err != nil {
			plainErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if plainErr != nil {
		t.Fatal(plainErr)
	}
	return plainPath
}

// result is how a run of the binary ended.
type result struct {
	stdout, stderr string
	code           int
}

// guidesIn runs the binary in dir and fails the test if it has not ended
// after a minute: no command may block.
func guidesIn(t testing.TB, dir string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary(t), args...)
	cmd.Dir = dir
	// A standard input that never ends, as a terminal's: a command that
	// read it would block.
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	cmd.Stdin = r
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("guides %s blocks", strings.Join(args, " "))
	}
	res := result{stdout: stdout.String(), stderr: stderr.String()}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		res.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return res
}

// collection writes a small valid collection at dir, with the extra files
// given (content, or "->target" for a symbolic link, or "fifo").
func collection(t testing.TB, dir string, extra map[string]string) {
	t.Helper()
	files := map[string]string{
		"data/categories/c.md": "---\ntitle: C\nsort: 1\n---\nIntro.\n",
		"data/guides/g.md":     "---\ntitle: G\ncreatedAt: 2024-01-01\ncategories: [c]\n---\nBody.\n",
		"README.md":            "# Guides\n\n<!-- TOC -->\n<!-- /TOC -->\n",
	}
	names := slices.Sorted(maps.Keys(files))
	for _, name := range slices.Sorted(maps.Keys(extra)) {
		files[name] = extra[name]
		names = append(names, name)
	}
	for _, name := range names {
		content := files[name]
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		os.RemoveAll(p)
		switch {
		case strings.HasPrefix(content, "->"):
			err := os.Symlink(strings.TrimPrefix(content, "->"), p)
			if err != nil {
				t.Fatal(err)
			}
		case content == "fifo":
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Fatal(err)
			}
		default:
			if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestHostileFiles runs every command that reads a collection on
// collections with special files and symbolic links where files are
// expected: each command ends, refuses, and says why; nothing is written,
// and nothing from outside the root appears anywhere.
func TestHostileFiles(t *testing.T) {
	testenv.Slow(t)
	guideWithImage := func(image string) string {
		return "---\ntitle: H\ncreatedAt: 2024-01-01\ncategories: [c]\nimage: " + image + "\n---\nBody.\n"
	}
	const secret = "SECRET-0x5eC"
	tests := []struct {
		name  string
		extra map[string]string
		// code and what stderr or stdout says, for check and for the
		// commands that write (readme, build, list).
		checkCode int
		says      string
		writeCode int
	}{
		{"guide is a FIFO", map[string]string{"data/guides/fifo.md": "fifo"}, 1, "is a FIFO, not a regular file", 1},
		{"guide links to /dev/stdin", map[string]string{"data/guides/stdin.md": "->/dev/stdin"}, 1, `symbolic link to "/dev/stdin", outside the collection root`, 1},
		{"guide links to /dev/zero", map[string]string{"data/guides/zero.md": "->/dev/zero"}, 1, "outside the collection root", 1},
		{"guide links outside", map[string]string{"data/guides/out.md": "->../../../secret.md"}, 1, "outside the collection root", 1},
		{"guide links to .git", map[string]string{".git/config.md": "---\ntitle: " + secret + "\n---\n", "data/guides/git.md": "->../../.git/config.md"}, 1, "a hidden file", 1},
		{"guide is a folder", map[string]string{"data/guides/dir.md/x": "x"}, 1, "is a folder, not a file", 1},
		{"image links to /etc/passwd", map[string]string{"data/guides/h.md": guideWithImage("/images/passwd.png"), "images/passwd.png": "->/etc/passwd"}, 1, `symbolic link to "/etc/passwd"`, 1},
		{"image links to the environment", map[string]string{"data/guides/h.md": guideWithImage("/images/env.png"), "images/env.png": "->/proc/self/environ"}, 1, `"/proc/self/environ", outside`, 1},
		{"image links to .git", map[string]string{".git/config": secret, "data/guides/h.md": guideWithImage("/images/git.png"), "images/git.png": "->../.git/config"}, 1, "a hidden file", 1},
		{"image is a FIFO", map[string]string{"data/guides/h.md": guideWithImage("/images/f.png"), "images/f.png": "fifo"}, 1, "is a FIFO, not a regular file", 1},
		{"image path climbs out", map[string]string{"data/guides/h.md": guideWithImage("../../../secret.png")}, 1, "leads outside the collection root", 1},
		{"layout asset links to the environment", map[string]string{"layouts/assets/x.css": "->/proc/self/environ"}, 1, "outside the collection root", 1},
		{"layout is a FIFO", map[string]string{"layouts/base.html": "fifo"}, 1, "is a FIFO, not a regular file", 1},
		{"settings are a FIFO", map[string]string{"guides.yaml": "fifo"}, 2, "guides.yaml is a FIFO, not a regular file", 2},
		{"settings link outside", map[string]string{"guides.yaml": "->../secret.md"}, 2, "outside the collection root", 2},
		{"data folder links outside", map[string]string{"data/guides": "->../../outside"}, 2, "outside the collection root", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			top := t.TempDir()
			root := filepath.Join(top, "root")
			os.WriteFile(filepath.Join(top, "secret.md"), []byte("---\ntitle: "+secret+"\n---\n"+secret+"\n"), 0o644)
			os.MkdirAll(filepath.Join(top, "outside"), 0o755)
			os.WriteFile(filepath.Join(top, "outside", "o.md"), []byte("---\ntitle: "+secret+"\n---\n"), 0o644)
			collection(t, root, tt.extra)
			readme, _ := os.ReadFile(filepath.Join(root, "README.md"))
			for _, args := range [][]string{{"check"}, {"readme"}, {"readme", "--check"}, {"list"}, {"build"}} {
				res := guidesIn(t, root, args...)
				want := tt.writeCode
				if args[0] == "check" {
					want = tt.checkCode
				}
				out := res.stdout + res.stderr
				if res.code != want || !strings.Contains(out, tt.says) {
					t.Errorf("guides %s: exit %d, want %d, saying %q:\n%s", strings.Join(args, " "), res.code, want, tt.says, out)
				}
				if strings.Contains(out, secret) {
					t.Errorf("guides %s shows what is outside the root:\n%s", strings.Join(args, " "), out)
				}
			}
			if _, err := os.Stat(filepath.Join(root, "public")); err == nil {
				t.Error("build wrote public/")
			}
			if got, _ := os.ReadFile(filepath.Join(root, "README.md")); !bytes.Equal(got, readme) {
				t.Error("readme wrote README.md")
			}
		})
	}
}

// TestHostileReadme makes README.md a FIFO, a link out of the root, and a
// link to a file that guides must not replace.
func TestHostileReadme(t *testing.T) {
	for name, readme := range map[string]string{
		"FIFO":         "fifo",
		"link outside": "->../victim.md",
		"link to .git": "->.git/README.md",
	} {
		t.Run(name, func(t *testing.T) {
			top := t.TempDir()
			root := filepath.Join(top, "root")
			victim := "# Victim\n\n<!-- TOC -->\n<!-- /TOC -->\n"
			os.WriteFile(filepath.Join(top, "victim.md"), []byte(victim), 0o644)
			collection(t, root, map[string]string{"README.md": readme, ".git/README.md": victim})
			for _, args := range [][]string{{"readme"}, {"readme", "--check"}} {
				res := guidesIn(t, root, args...)
				if res.code != 1 || !strings.Contains(res.stderr, "README.md") {
					t.Errorf("guides %s: exit %d\n%s", strings.Join(args, " "), res.code, res.stderr)
				}
			}
			for _, p := range []string{filepath.Join(top, "victim.md"), filepath.Join(root, ".git/README.md")} {
				if got, _ := os.ReadFile(p); string(got) != victim {
					t.Errorf("%s was written", p)
				}
			}
		})
	}
}

// TestNewDoesNotWriteOutside runs guides new where the guides folder is a
// symbolic link out of the root.
func TestNewDoesNotWriteOutside(t *testing.T) {
	top := t.TempDir()
	root := filepath.Join(top, "root")
	collection(t, root, nil)
	os.MkdirAll(filepath.Join(top, "elsewhere"), 0o755)
	os.RemoveAll(filepath.Join(root, "data/guides"))
	os.Symlink("../../elsewhere", filepath.Join(root, "data/guides"))
	res := guidesIn(t, root, "new", "A Guide", "--category", "c")
	if res.code == 0 {
		t.Errorf("new succeeded:\n%s%s", res.stdout, res.stderr)
	}
	if entries, _ := os.ReadDir(filepath.Join(top, "elsewhere")); len(entries) > 0 {
		t.Errorf("new wrote outside the root: %v", entries)
	}
}

// bigCollection writes a synthetic collection of n guides at dir.
func bigCollection(t testing.TB, dir string, n int) {
	t.Helper()
	err := synth.Generate(synth.Options{Guides: n, Categories: 10, Seed: 1}, func(p string, data []byte) error {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		return os.WriteFile(full, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// started runs the binary in the background.
type started struct {
	cmd    *exec.Cmd
	stdout *bufio.Reader
	stderr *bytes.Buffer
	done   chan struct{} // closed when the process has ended
	err    error         // what Wait returned
}

func start(t testing.TB, dir string, args ...string) *started {
	t.Helper()
	return startWith(t, binary(t), dir, nil, args...)
}

// startWith runs the program prog in the background in dir, with env
// added to the process's environment.
func startWith(t testing.TB, prog, dir string, env []string, args ...string) *started {
	t.Helper()
	cmd := exec.Command(prog, args...)
	cmd.Dir = dir
	if env != nil {
		cmd.Env = append(os.Environ(), env...)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &started{cmd: cmd, stdout: bufio.NewReader(out), stderr: &bytes.Buffer{}, done: make(chan struct{})}
	cmd.Stderr = s.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		s.err = cmd.Wait()
		close(s.done)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-s.done
	})
	return s
}

// ended reports whether the process has ended.
func (s *started) ended() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// stop sends sig and returns the exit code and how long the process took
// to end after it. A process that ended before the signal was sent gives
// its exit code. One that has not ended a minute after the signal fails t:
// no command may ignore a signal.
func (s *started) stop(t testing.TB, sig syscall.Signal) (int, time.Duration) {
	t.Helper()
	go io.Copy(io.Discard, s.stdout)
	sent := time.Now()
	if err := s.cmd.Process.Signal(sig); err != nil && !errors.Is(err, os.ErrProcessDone) {
		t.Fatal(err)
	}
	select {
	case <-s.done:
	case <-time.After(time.Minute):
		t.Fatalf("no end a minute after %v", sig)
	}
	took := time.Since(sent)
	var ee *exec.ExitError
	if errors.As(s.err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			// Killed before it could take the signal: the signal came
			// before the runtime had started.
			return 128 + int(ws.Signal()), took
		}
		return ee.ExitCode(), took
	}
	return 0, took
}

// waitFor polls until cond holds.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("never %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// TestSignalsStopBuild interrupts builds of a large collection halfway:
// each ends with 128 plus the signal's number, leaves no temporary
// folder beside the site and no file in TMPDIR (the search index's files
// there have no names), and leaves the site built before as it was. How
// soon it ends is measured by BenchmarkSignalStopsBuild.
func TestSignalsStopBuild(t *testing.T) {
	testenv.Slow(t)
	root := t.TempDir()
	bigCollection(t, root, 4000)
	if res := guidesIn(t, root, "build", "--base-url", "https://example.org/g"); res.code != 0 {
		t.Fatalf("first build: %d\n%s", res.code, res.stderr)
	}
	index, _ := os.ReadFile(filepath.Join(root, "public", "index.html"))
	os.WriteFile(filepath.Join(root, "public", "index.html"), append(index, "<!-- the old site -->"...), 0o644)
	pages, _ := filepath.Glob(filepath.Join(root, "public", "*", "index.html"))
	oldPages := map[string][]byte{}
	for _, p := range pages[:20] {
		oldPages[p], _ = os.ReadFile(p)
	}
	for _, mode := range buildModes {
		mode.prepare(t, root)
		for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
			t.Run(mode.name+"/"+sig.String(), func(t *testing.T) {
				tmp := t.TempDir()
				args := append([]string{"build"}, mode.args("https://example.org/g")...)
				s := startWith(t, binary(t), root, []string{"TMPDIR=" + tmp}, args...)
				waitFor(t, "a new site folder", halfBuilt(root, mode.staging))
				if m, _ := filepath.Glob(filepath.Join(tmp, "*")); len(m) > 0 {
					t.Errorf("files with names in TMPDIR while building: %q", m)
				}
				code, took := s.stop(t, sig)
				if code != 128+int(sig) {
					t.Errorf("exit %d, want %d\n%s", code, 128+int(sig), s.stderr)
				}
				t.Logf("ended %v after the signal", took)
				for _, left := range []string{".public.*", "public/.guides-update*"} {
					if m, _ := filepath.Glob(filepath.Join(root, left)); len(m) > 0 {
						t.Errorf("left behind: %q", m)
					}
				}
				if m, _ := filepath.Glob(filepath.Join(tmp, "*")); len(m) > 0 {
					t.Errorf("left behind in TMPDIR: %q", m)
				}
				if got, _ := os.ReadFile(filepath.Join(root, "public", "index.html")); !bytes.HasSuffix(got, []byte("<!-- the old site -->")) {
					t.Error("the old site was changed")
				}
				for p, old := range oldPages {
					if got, _ := os.ReadFile(p); !bytes.Equal(got, old) {
						t.Errorf("the old site's %s was changed", p)
					}
				}
			})
		}
	}
}

// buildModes are the two ways a build writes over an earlier one: a new
// folder beside it, swapped in (--whole: the test's build moves the site
// to another base URL), and the same folder updated in place, from a
// staging folder inside it (the test's build follows an edit of every
// guide's body, after prepare). args are the flags of the build, for an
// earlier build of the base URL base; staging matches the folder being
// written, from the collection's root.
var buildModes = []struct {
	name    string
	args    func(base string) []string
	prepare func(t testing.TB, root string)
	staging string
}{
	{
		name:    "whole",
		args:    func(string) []string { return []string{"--whole", "--base-url", "https://example.org/other"} },
		prepare: func(testing.TB, string) {},
		staging: ".public.new-*",
	},
	{
		name:    "update",
		args:    func(base string) []string { return []string{"--base-url", base} },
		prepare: editEveryBody,
		staging: "public/.guides-update-*",
	},
}

// editEveryBody adds a paragraph to the body of every guide of the
// collection at root, so that a build into the folder of the last one
// makes every guide's page again, and no other.
func editEveryBody(t testing.TB, root string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(root, "data", "guides", "*.md"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no guides in %s: %v", root, err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, append(data, "\nOne more paragraph.\n"...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// halfBuilt returns a condition that holds once a build in root has
// written more than ten pages of its new site into the folder staging
// matches.
func halfBuilt(root, staging string) func() bool {
	return func() bool {
		m, _ := filepath.Glob(filepath.Join(root, staging, "*", "index.html"))
		return len(m) > 10
	}
}

// BenchmarkSignalStopsBuild interrupts builds of a collection of 4,000
// guides (1,000 with -short) halfway, and reports how long each takes to
// end after SIGINT (ms-to-stop); it should be well under a second.
func BenchmarkSignalStopsBuild(b *testing.B) {
	n := 4000
	if testing.Short() {
		n = 1000
	}
	root := b.TempDir()
	bigCollection(b, root, n)
	var took time.Duration
	for b.Loop() {
		s := startWith(b, binary(b), root, nil, append([]string{"build"}, buildModes[0].args("")...)...)
		waitFor(b, "a new site folder", halfBuilt(root, buildModes[0].staging))
		code, d := s.stop(b, syscall.SIGINT)
		if code != 130 {
			b.Fatalf("exit %d, want 130\n%s", code, s.stderr)
		}
		took += d
	}
	b.ReportMetric(float64(took.Microseconds())/1000/float64(b.N), "ms-to-stop")
}

// servingLine and rebuiltLine are what serve logs when it starts and when
// it has rebuilt the site, each line starting with the time.
var (
	servingLine = regexp.MustCompile(`^\d\d:\d\d:\d\d Serving `)
	rebuiltLine = regexp.MustCompile(`^\d\d:\d\d:\d\d .* changed: rebuilt (\d+ pages? )?in `)
)

// TestSignalsStopServe stops servers with each signal while they serve.
func TestSignalsStopServe(t *testing.T) {
	root := t.TempDir()
	collection(t, root, nil)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			s := start(t, root, "serve", "--addr", "127.0.0.1:0")
			line, err := s.stdout.ReadString('\n')
			if err != nil || !servingLine.MatchString(line) {
				t.Fatalf("first line %q, %v\n%s", line, err, s.stderr)
			}
			if code, _ := s.stop(t, sig); code != 128+int(sig) {
				t.Errorf("exit %d, want %d", code, 128+int(sig))
			}
		})
	}
}

// TestSignalsStopReadme interrupts readme runs on a large collection at
// moments spread over their work: each either finishes or stops with 130,
// README.md is the old file or the new one, whole, and no temporary file
// is left.
func TestSignalsStopReadme(t *testing.T) {
	testenv.Slow(t)
	root := t.TempDir()
	bigCollection(t, root, 20_000)
	readme := filepath.Join(root, "README.md")
	if res := guidesIn(t, root, "readme"); res.code != 0 {
		t.Fatalf("readme: %d\n%s", res.code, res.stderr)
	}
	old, _ := os.ReadFile(readme)
	stopped := 0
	for i := range 8 {
		os.WriteFile(readme, old, 0o644)
		s := start(t, root, "readme", "--base-url", fmt.Sprintf("https://example.org/%d", i))
		time.Sleep(time.Duration(i) * 40 * time.Millisecond)
		code, took := s.stop(t, syscall.SIGINT)
		switch code {
		case 0:
		case 130:
			stopped++
			t.Logf("run %d ended %v after the signal", i, took)
		default:
			t.Errorf("exit %d\n%s", code, s.stderr)
		}
		got, _ := os.ReadFile(readme)
		if !bytes.Equal(got, old) && !bytes.Contains(got, []byte(fmt.Sprintf("https://example.org/%d/", i))) {
			t.Error("README.md is neither the old file nor the new one")
		}
		if m, _ := filepath.Glob(filepath.Join(root, ".README.md.*")); len(m) > 0 {
			t.Errorf("left behind: %q", m)
		}
	}
	if stopped == 0 {
		t.Log("every run finished before its signal")
	}
}

// TestReadmeChangedWhileRunning saves README.md as an editor does, by
// renaming a new file over it, while guides readme writes its update of
// a large README: the editor's file is kept, and guides says to run again.
func TestReadmeChangedWhileRunning(t *testing.T) {
	testenv.Slow(t)
	root := t.TempDir()
	huge := strings.Repeat("Some text of the README, kept as it is.\n", 1_500_000) // 60 MB to write
	collection(t, root, map[string]string{"README.md": "# Guides\n\n" + huge + "<!-- TOC -->\n<!-- /TOC -->\n"})
	const editor = "# The editor's save\n\n<!-- TOC -->\n<!-- /TOC -->\n"
	for attempt := range 5 {
		os.WriteFile(filepath.Join(root, "README.md"), []byte("# Guides\n\n"+huge+"<!-- TOC -->\n<!-- /TOC -->\n"), 0o644)
		s := start(t, root, "readme")
		var tmp []string
		waitFor(t, "a temporary README", func() bool {
			tmp, _ = filepath.Glob(filepath.Join(root, ".README.md.*.tmp"))
			return len(tmp) > 0 || s.ended()
		})
		if len(tmp) == 0 {
			t.Logf("attempt %d: guides finished before the editor saved", attempt)
			continue
		}
		os.WriteFile(filepath.Join(root, "saved.tmp"), []byte(editor), 0o644)
		os.Rename(filepath.Join(root, "saved.tmp"), filepath.Join(root, "README.md"))
		<-s.done
		err := s.err
		got, _ := os.ReadFile(filepath.Join(root, "README.md"))
		if string(got) != editor {
			t.Logf("attempt %d: guides wrote README.md before the editor saved (%v)", attempt, err)
			continue
		}
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 2 || !strings.Contains(s.stderr.String(), "README.md changed while guides ran; run it again") {
			t.Errorf("exit %v\n%s", err, s.stderr)
		}
		if m, _ := filepath.Glob(filepath.Join(root, ".README.md.*")); len(m) > 0 {
			t.Errorf("left behind: %q", m)
		}
		return
	}
	t.Skip("guides always finished first: the race was not played")
}

// TestReadmeKeepsOwner runs guides readme as root on a README that belongs
// to another user, as in a container on a checkout mounted from the host.
func TestReadmeKeepsOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs to run as root")
	}
	root := t.TempDir()
	collection(t, root, nil)
	readme := filepath.Join(root, "README.md")
	os.Chown(readme, 1234, 5678)
	os.Chmod(readme, 0o664)
	if res := guidesIn(t, root, "readme"); res.code != 0 || !strings.Contains(res.stdout, "updated") {
		t.Fatalf("readme: %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	info, err := os.Stat(readme)
	if err != nil {
		t.Fatal(err)
	}
	st := info.Sys().(*syscall.Stat_t)
	if st.Uid != 1234 || st.Gid != 5678 || info.Mode().Perm() != 0o664 {
		t.Errorf("README.md is %d:%d %v, want 1234:5678 and 0664", st.Uid, st.Gid, info.Mode().Perm())
	}
}

// TestServeHostile serves a collection with a hostile SVG image and asks
// for paths that climb out.
func TestServeHostile(t *testing.T) {
	root := t.TempDir()
	collection(t, root, map[string]string{
		"data/guides/g.md": "---\ntitle: G\ncreatedAt: 2024-01-01\ncategories: [c]\ntags: [t0]\n---\n![x](../../images/x.svg)\n",
		"images/x.svg":     `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)"><script>alert(1)</script><rect width="9" height="9"/></svg>`,
	})
	_, base := serveAt(t, binary(t), root)
	resp, body := get(t, base+"files/images/x.svg")
	if strings.Contains(body, "alert") || resp.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.HasPrefix(resp.Header.Get("Content-Security-Policy"), "sandbox") {
		t.Errorf("the SVG image is served as %v:\n%s", resp.Header, body)
	}
	// Requests that climb out of the site get the 404 page.
	host := strings.TrimSuffix(base, "/g/")
	for _, p := range []string{"/g/../../etc/passwd", "/g/%2e%2e/%2e%2e/etc/passwd", "/g/files/../../../../etc/passwd", "/g/..%2f..%2fetc/passwd"} {
		conn, err := net.Dial("tcp", strings.TrimPrefix(host, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "GET %s HTTP/1.0\r\n\r\n", p)
		raw, _ := io.ReadAll(conn)
		conn.Close()
		if strings.Contains(string(raw), "root:") || !strings.HasPrefix(string(raw), "HTTP/1.0 404") && !strings.HasPrefix(string(raw), "HTTP/1.0 302") && !strings.HasPrefix(string(raw), "HTTP/1.0 400") {
			t.Errorf("GET %s:\n%.200s", p, raw)
		}
	}
}

// serveAt starts prog serve on the collection at root, under the base URL
// https://example.org/g, and returns the process and the URL it serves.
func serveAt(t *testing.T, prog, root string) (*started, string) {
	t.Helper()
	s := startWith(t, prog, root, nil, "serve", "--addr", "127.0.0.1:0", "--base-url", "https://example.org/g")
	line, err := s.stdout.ReadString('\n')
	m := regexp.MustCompile(`at (http://\S+/g/) `).FindStringSubmatch(line)
	if err != nil || m == nil {
		t.Fatalf("first line %q, %v", line, err)
	}
	go io.Copy(io.Discard, s.stdout)
	return s, m[1]
}

// get requests url and returns the answer and its body.
func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

// TestServeChurn renames a guide's tags 150 times while four clients read
// a page, and checks that the server answers every request, drops the
// pages of vanished tags, and does not grow.
func TestServeChurn(t *testing.T) {
	testenv.Slow(t)
	root := t.TempDir()
	collection(t, root, map[string]string{
		"data/guides/g.md": "---\ntitle: G\ncreatedAt: 2024-01-01\ncategories: [c]\ntags: [t0]\n---\nBody.\n",
	})
	s, base := serveAt(t, plainBinary(t), root)
	stopLoad := make(chan struct{})
	var failures sync.Map
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stopLoad:
					return
				default:
				}
				resp, err := http.Get(base + "g/")
				if err != nil {
					failures.Store(err.Error(), true)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					failures.Store(resp.Status, true)
				}
			}
		})
	}
	var after20 int
	for i := 1; i <= 150; i++ {
		os.WriteFile(filepath.Join(root, "data/guides/g.md"), fmt.Appendf(nil, "---\ntitle: G\ncreatedAt: 2024-01-01\ncategories: [c]\ntags: [t%d, u%d]\n---\nBody %d.\n", i, i, i), 0o644)
		waitFor(t, fmt.Sprintf("tag t%d served", i), func() bool {
			resp, _ := get(t, fmt.Sprintf("%stags/t%d/", base, i))
			return resp.StatusCode == 200
		})
		if i == 20 {
			after20 = rssKiB(s.cmd.Process.Pid)
		}
	}
	close(stopLoad)
	wg.Wait()
	failures.Range(func(k, _ any) bool {
		t.Errorf("a request failed: %v", k)
		return true
	})
	if resp, _ := get(t, base+"tags/t5/"); resp.StatusCode != 404 {
		t.Errorf("the page of a vanished tag is served: %s", resp.Status)
	}
	if grew := rssKiB(s.cmd.Process.Pid) - after20; grew > 20<<10 {
		t.Errorf("the server grew by %d KiB in 130 tag renames", grew)
	}
	if code, _ := s.stop(t, syscall.SIGTERM); code != 143 {
		t.Errorf("exit %d\n%s", code, s.stderr)
	}
}

// rssKiB returns the resident memory of a process.
func rssKiB(pid int) int {
	status, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	var kb int
	for l := range strings.Lines(string(status)) {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			fmt.Sscan(v, &kb)
		}
	}
	return kb
}

// TestServeMediaHeldOnce serves a collection with 100 MB of images and
// edits a guide ten times: the images are read once and held once, so the
// server does not grow by their size with every rebuild.
func TestServeMediaHeldOnce(t *testing.T) {
	testenv.Slow(t)
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc")
	}
	root := t.TempDir()
	var body strings.Builder
	extra := map[string]string{}
	for i := range 10 {
		fmt.Fprintf(&body, "![i](../../images/%d.png)\n", i)
		extra[fmt.Sprintf("images/%d.png", i)] = strings.Repeat(fmt.Sprint(i), 10<<20)
	}
	extra["data/guides/g.md"] = "---\ntitle: G\ncreatedAt: 2024-01-01\ncategories: [c]\n---\n" + body.String()
	collection(t, root, extra)
	s := startWith(t, plainBinary(t), root, nil, "serve", "--addr", "127.0.0.1:0")
	if line, err := s.stdout.ReadString('\n'); err != nil || !servingLine.MatchString(line) {
		t.Fatalf("first line %q, %v\n%s", line, err, s.stderr)
	}
	before := rssKiB(s.cmd.Process.Pid)
	for i := range 10 {
		os.WriteFile(filepath.Join(root, "data/guides/g.md"), []byte(extra["data/guides/g.md"]+fmt.Sprintf("Edit %d.\n", i)), 0o644)
		waitFor(t, fmt.Sprintf("rebuild %d", i), func() bool {
			line, err := s.stdout.ReadString('\n')
			return err != nil || rebuiltLine.MatchString(line)
		})
	}
	if grew := rssKiB(s.cmd.Process.Pid) - before; grew > 50<<10 {
		t.Errorf("the server grew by %d MiB in ten rebuilds of a site with 100 MB of images", grew>>10)
	}
	s.stop(t, syscall.SIGTERM)
}
