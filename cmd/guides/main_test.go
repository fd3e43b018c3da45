package main

import (
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"crypto/x509"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/visual-guides/guides/internal/golden"
)

// testNow is the clock of the scripts: GUIDES_TEST_NOW, an RFC 3339 time,
// or the real time. Only the test binary reads it.
func testNow() time.Time {
	if s := os.Getenv("GUIDES_TEST_NOW"); s != "" {
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			return t
		}
	}
	return time.Now()
}

// testRootCAs are the certificate authorities that check --links trusts in
// the scripts: those of the PEM file GUIDES_TEST_ROOT_CA names, or the
// system's. Only the test binary reads it.
func testRootCAs() *x509.CertPool {
	name := os.Getenv("GUIDES_TEST_ROOT_CA")
	if name == "" {
		return nil
	}
	pem, err := os.ReadFile(name)
	if err != nil {
		panic(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		panic("no certificate in " + name)
	}
	return pool
}

func TestMain(m *testing.M) {
	testscript.Main(ownCache{m}, map[string]func(){
		"guides": func() {
			os.Exit(runMain(env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, now: testNow, rootCAs: testRootCAs()}))
		},
	})
}

// ownCache runs the tests with a cache folder of their own (the scripts
// have a home of their own already): the commands keep indexes and link
// results in the user's cache folder, and a test must neither read what a
// user's runs left there nor leave anything behind.
type ownCache struct{ m *testing.M }

func (o ownCache) Run() int {
	dir, err := os.MkdirTemp("", "guides-cmd-test-cache-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	os.Setenv("XDG_CACHE_HOME", dir)
	return o.m.Run()
}

func TestScript(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		UpdateScripts:       golden.Updating(),
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Setup: func(e *testscript.Env) error {
			e.Setenv("GUIDES_TEST_NOW", "2026-03-14T15:09:26Z")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exitcode":   cmdExitCode,
			"perm":       cmdPerm,
			"setold":     cmdSetOld,
			"isold":      cmdIsOld,
			"listen":     cmdListen,
			"linkserver": cmdLinkServer,
		},
	})
}

// exitcode N PROGRAM ARGS... runs the program and expects exit code N.
func cmdExitCode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exitcode N program [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exitcode: %v", err)
	}
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		got = ee.ExitCode()
	case err != nil:
		ts.Fatalf("exitcode: %v", err)
	}
	if got != want {
		ts.Fatalf("exit code %d, want %d", got, want)
	}
}

// perm FILE MODE checks a file's permission bits, in octal.
func cmdPerm(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: perm file mode")
	}
	want, err := strconv.ParseUint(args[1], 8, 32)
	if err != nil {
		ts.Fatalf("perm: %v", err)
	}
	info, err := os.Stat(ts.MkAbs(args[0]))
	ts.Check(err)
	if got := uint64(info.Mode().Perm()); (got == want) == neg {
		ts.Fatalf("%s has mode %#o, want %#o", args[0], got, want)
	}
}

// listen VAR listens on a free port of the loopback address until the
// script ends, and sets VAR to the address: a port in use.
func cmdListen(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: listen VAR")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	ts.Check(err)
	ts.Defer(func() { ln.Close() })
	ts.Setenv(args[0], ln.Addr().String())
}

func oldTime() time.Time { return time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC) }

// setold FILE sets a file's modification time far in the past.
func cmdSetOld(ts *testscript.TestScript, neg bool, args []string) {
	for _, f := range args {
		ts.Check(os.Chtimes(ts.MkAbs(f), oldTime(), oldTime()))
	}
}

// isold FILE checks that a file still has the time setold gave it: that
// nothing wrote it since.
func cmdIsOld(ts *testscript.TestScript, neg bool, args []string) {
	for _, f := range args {
		info, err := os.Stat(ts.MkAbs(f))
		ts.Check(err)
		if info.ModTime().Equal(oldTime()) == neg {
			ts.Fatalf("%s: modified %v, want %v (neg %v)", f, info.ModTime(), oldTime(), neg)
		}
	}
}

// TestVersionText checks the lines of version for a release, a build from
// a commit with changes, and a binary without build information.
func TestVersionText(t *testing.T) {
	release := &debug.BuildInfo{
		Path: "github.com/visual-guides/guides/cmd/guides",
		Main: debug.Module{Path: "github.com/visual-guides/guides", Version: "v1.2.0", Sum: "h1:abc="},
	}
	devel := &debug.BuildInfo{
		Path: "github.com/visual-guides/guides/cmd/guides",
		Main: debug.Module{Path: "github.com/visual-guides/guides", Version: "(devel)"},
		Settings: []debug.BuildSetting{
			{Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: "9c9b88f0756c5208512f51f0e3279dc1ef18df68"},
			{Key: "vcs.time", Value: "2026-11-29T16:51:25Z"},
			{Key: "vcs.modified", Value: "true"},
		},
	}
	tests := []struct {
		info *debug.BuildInfo
		want string
	}{
		{release, "guides v1.2.0\n" +
			"\tpath\tgithub.com/visual-guides/guides/cmd/guides\n" +
			"\tmod\tgithub.com/visual-guides/guides\tv1.2.0\th1:abc=\n" +
			"\tgo\tgo1.26.0\tlinux/amd64\n"},
		{devel, "guides (devel)\n" +
			"\tpath\tgithub.com/visual-guides/guides/cmd/guides\n" +
			"\tmod\tgithub.com/visual-guides/guides\t(devel)\n" +
			"\tgo\tgo1.26.0\tlinux/amd64\n" +
			"\tcommit\t9c9b88f0756c5208512f51f0e3279dc1ef18df68\n" +
			"\ttime\t2026-11-29T16:51:25Z\n" +
			"\tmodified\ttrue\n"},
		{nil, "guides (devel)\n\tgo\tgo1.26.0\tlinux/amd64\n"},
	}
	for _, tt := range tests {
		if got := formatVersion(tt.info, "go1.26.0", "linux/amd64"); got != tt.want {
			t.Errorf("formatVersion =\n%s\nwant\n%s", got, tt.want)
		}
	}
}

// TestOutputsStartNothing runs guides version with the runtime's trace of
// package initialisers, and checks that the packages of the website, the
// link checker, the watcher and the output folder have none: every
// command starts them, and readme, check and version never use them.
func TestOutputsStartNothing(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	guides := filepath.Join(t.TempDir(), "guides")
	if err := os.Symlink(exe, guides); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	cmd := exec.Command(guides, "version")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, pkg := range []string{"internal/site", "internal/site/highlight", "internal/linkcheck", "internal/watch", "internal/outdir", "internal/svg"} {
		if line := "init github.com/visual-guides/guides/" + pkg + " @"; strings.Contains(string(out), line) {
			t.Errorf("%s has initialisers:\n%s", pkg, out)
		}
	}
	if !strings.Contains(string(out), "init main @") {
		t.Errorf("no trace of initialisers: %s", out)
	}
}
