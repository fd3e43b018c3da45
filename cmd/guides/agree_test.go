package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/golden"
	"github.com/visual-guides/guides/internal/testenv"
)

// TestCommandsAgree runs every command on every collection of the test data
// (each rule's broken and clean collections, and the README compatibility
// archives), and expects one verdict from all of them: check reports the
// findings; readme, list, build, new and serve refuse exactly when check
// finds an error, and show the same errors, with the warnings of the same
// files, in the same words.
func TestCommandsAgree(t *testing.T) {
	testenv.Slow(t)
	var archives []string
	archives = append(archives, golden.Glob(t, "../../internal/rules/testdata/rules/*.txtar")...)
	archives = append(archives, golden.Glob(t, "../../toc/testdata/compat/*.txtar")...)
	for _, name := range archives {
		ar := golden.Load(t, name)
		collections := map[string]fstest.MapFS{"": ar.FS("", "want/README.md")}
		if len(ar.FS("bad/")) > 0 {
			collections = map[string]fstest.MapFS{"bad": ar.FS("bad/"), "good": ar.FS("good/")}
		}
		for kind, fsys := range collections {
			t.Run(golden.Name(name)+"/"+kind, func(t *testing.T) {
				dir := t.TempDir()
				for p, f := range fsys {
					writeFile(t, filepath.Join(dir, p), f.Data)
				}
				for _, sub := range []string{"data/guides", "data/categories"} {
					os.MkdirAll(filepath.Join(dir, sub), 0o755)
				}
				if _, ok := fsys["README.md"]; !ok {
					writeFile(t, filepath.Join(dir, "README.md"), []byte("# Guides\n<!-- TOC -->\n<!-- /TOC -->\n"))
				}
				agree(t, dir)
			})
		}
	}
}

func agree(t *testing.T, dir string) {
	code, out, _ := runIn(t, dir, "check", "--format", "json")
	var findings []struct {
		Path, Severity, Rule, Message string
		Line, Column                  int
	}
	if err := json.Unmarshal([]byte(out), &findings); err != nil {
		t.Fatalf("check --format json: %v\n%s", err, out)
	}
	var ds guides.Diagnostics
	for _, f := range findings {
		sev := guides.Error
		if f.Severity == "warning" {
			sev = guides.Warning
		}
		ds = append(ds, guides.Diagnostic{Path: f.Path, Pos: guides.Pos{Line: f.Line, Col: f.Column}, Severity: sev, Rule: f.Rule, Message: f.Message})
	}
	hasErrors := ds.HasErrors()
	if (code == exitProblems) != hasErrors {
		t.Fatalf("check exits %d with errors %v", code, hasErrors)
	}
	// What a command that refuses shows: every error, and the warnings of
	// the same files.
	var want []string
	bad := map[string]bool{}
	for _, d := range ds {
		if d.Severity == guides.Error {
			bad[d.Path] = true
		}
	}
	for _, d := range ds {
		if bad[d.Path] {
			want = append(want, d.String())
		}
	}
	_, text, _ := runIn(t, dir, "check")
	for _, line := range want {
		if !strings.Contains(text, line+"\n") {
			t.Errorf("check in text does not say %q", line)
		}
	}

	// The category of the new guide: the first whose id is a plain word,
	// for an id that is not one makes new a usage error.
	var category string
	entries, _ := os.ReadDir(filepath.Join(dir, "data/categories"))
	for _, e := range entries {
		id := strings.TrimSuffix(e.Name(), ".md")
		if category == "" || guides.Slug(id) == id && guides.Slug(category) != category {
			category = id
		}
	}
	commands := [][]string{
		{"readme", "--check"},
		{"readme"},
		{"list"},
		{"build", "-o", filepath.Join(t.TempDir(), "public")},
		{"new", "Agreement Probe", "--category", category},
	}
	for _, args := range commands {
		code, _, stderr := runIn(t, dir, args...)
		got := findingLines(stderr)
		if hasErrors {
			if code != exitProblems {
				t.Errorf("%s exits %d on a collection with errors", args[0], code)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s shows\n%s\nwant\n%s", strings.Join(args, " "), strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		} else if len(got) > 0 {
			t.Errorf("%s shows findings of a collection without errors:\n%s", strings.Join(args, " "), strings.Join(got, "\n"))
		} else if args[0] == "build" && code != 0 {
			// What check passes, build builds.
			t.Errorf("build exits %d on a collection without errors:\n%s", code, stderr)
		}
	}
	if got := findingLines(serveOnce(t, dir)); !slices.Equal(got, want) {
		t.Errorf("serve shows\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// findingLines returns the lines of output that are findings.
func findingLines(out string) []string {
	var lines []string
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, ": error: ") || strings.Contains(line, ": warning: ") {
			lines = append(lines, line)
		}
	}
	return lines
}

// serveOnce starts guides serve, stops it once it serves, and returns what
// it printed on standard error.
func serveOnce(t *testing.T, dir string) string {
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	outR, outW := io.Pipe()
	var stderr strings.Builder
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"-C", dir, "serve", "--addr", "127.0.0.1:0"}, env{
			stdin: strings.NewReader(""), stdout: outW, stderr: &stderr, now: time.Now,
		})
		outW.Close()
	}()
	lines := bufio.NewScanner(outR)
	if !lines.Scan() {
		t.Fatalf("serve printed nothing; stderr:\n%s", stderr.String())
	}
	stop()
	go io.Copy(io.Discard, outR)
	<-done
	return stderr.String()
}

// runIn runs guides in dir and returns its exit code and output.
func runIn(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr strings.Builder
	code := run(context.Background(), append([]string{"-C", dir}, args...), env{
		stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, now: time.Now,
	})
	return code, stdout.String(), stderr.String()
}

func writeFile(t *testing.T, name string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
