// Package testenv tells tests what the environment asks of them: whether
// the slow tests run, and where the programs that some tests drive are.
//
// A plain "go test ./..." runs the fast tests only, in about a minute on
// two cores. With GUIDES_TEST_ALL=1 in the environment, the slow tests
// run too: whole processes sent signals, large collections, the browser
// test. Under GUIDES_TEST_ALL=1 a test never skips for want of a program
// it needs (Chromium, axe-core, Node.js): it fails, so that a run that
// claims to test everything does.
package testenv

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// AllVar is the environment variable that runs every test when set to 1.
const AllVar = "GUIDES_TEST_ALL"

// All reports whether every test runs: whether GUIDES_TEST_ALL is 1.
func All() bool { return os.Getenv(AllVar) == "1" }

// Slow skips t unless every test runs. A slow test is one that takes more
// than about a second, or drives whole processes or a browser.
func Slow(t testing.TB) {
	t.Helper()
	if !All() {
		t.Skipf("a slow test: it runs with %s=1", AllVar)
	}
}

// Missing skips t for want of what it names, or fails it when every test
// runs.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if All() {
		t.Fatalf("%s, and %s=1 runs every test", msg, AllVar)
	}
	t.Skip(msg)
}

// FindChromium returns the Chromium to drive: the program GUIDES_CHROME
// names, or the first of the usual names on PATH; "" when there is none.
func FindChromium() string {
	if p := os.Getenv("GUIDES_CHROME"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Browser is for the browser tests, which are slow: it skips t unless
// every test runs, and then returns the Chromium to drive, or fails t when
// there is none.
func Browser(t testing.TB) string {
	t.Helper()
	Slow(t)
	p := FindChromium()
	if p == "" {
		t.Fatal("no Chromium found: install Debian's chromium package, or set GUIDES_CHROME")
	}
	return p
}

// Axe returns axe-core's script, for the browser tests' accessibility
// checks: the file GUIDES_AXE names, or .tools/node_modules/axe-core/axe.min.js
// at the root of the module, where .ci/run installs it. It fails t when
// the script cannot be read.
func Axe(t testing.TB) []byte {
	t.Helper()
	path := os.Getenv("GUIDES_AXE")
	if path == "" {
		root, err := moduleRoot()
		if err != nil {
			t.Fatal(err)
		}
		path = filepath.Join(root, ".tools", "node_modules", "axe-core", "axe.min.js")
	}
	axe, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("axe-core is not installed (%v): run .ci/run, or npm install --prefix .tools axe-core, or set GUIDES_AXE", err)
	}
	return axe
}

// moduleRoot returns the nearest folder at or above the working folder
// that holds go.mod: go test runs a package's tests in its folder.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod at or above the working folder")
		}
		dir = parent
	}
}

// Java returns the Java runtime that runs the Nu HTML Checker, for the
// tests that validate pages; they are slow, so it skips t unless every
// test runs, and then fails t when there is no java on PATH.
func Java(t testing.TB) string {
	t.Helper()
	Slow(t)
	p, err := exec.LookPath("java")
	if err != nil {
		t.Fatal("no java found: install Debian's default-jre-headless")
	}
	return p
}

// NodeTool returns the file rel of an npm package that .ci/run installs
// into .tools/node_modules at the root of the module, such as
// "vnu-jar/build/dist/vnu.jar". It fails t when the file is missing.
func NodeTool(t testing.TB, rel string) string {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(root, ".tools", "node_modules", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("%s is not installed (%v): run .ci/run, or npm install --prefix .tools with the version .ci/run names", rel, err)
	}
	return p
}
