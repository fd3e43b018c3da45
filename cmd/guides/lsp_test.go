//go:build unix

package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/visual-guides/guides/internal/testenv"
)

// lspServer is guides lsp running as a process, with the pipes of its
// standard input and output.
type lspServer struct {
	cmd  *exec.Cmd
	in   io.WriteCloser
	out  *bufio.Reader
	errs bytes.Buffer
	done chan error
}

// startLSP runs guides lsp in dir and initializes it.
func startLSP(t *testing.T, dir string) *lspServer {
	t.Helper()
	s := &lspServer{cmd: exec.Command(binary(t), "lsp"), done: make(chan error, 1)}
	s.cmd.Dir = dir
	s.cmd.Stderr = &s.errs
	var err error
	if s.in, err = s.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	out, err := s.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s.out = bufio.NewReader(out)
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.done <- s.cmd.Wait() }()
	t.Cleanup(func() { s.cmd.Process.Kill() })
	body := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`
	fmt.Fprintf(s.in, "Content-Length: %d\r\n\r\n%s", len(body), body)
	// The answer's header, then its body, which says who answers.
	for {
		line, err := s.out.ReadString('\n')
		if err != nil {
			t.Fatalf("no answer to initialize: %v\n%s", err, s.errs.String())
		}
		if strings.TrimSpace(line) == "" {
			break
		}
	}
	return s
}

// wait returns the exit code of the server, failing t if it does not end
// within a minute.
func (s *lspServer) wait(t *testing.T) int {
	t.Helper()
	select {
	case err := <-s.done:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0
	case <-time.After(time.Minute):
		t.Fatal("guides lsp did not end")
	}
	return -1
}

// TestLSPEnds ends the server each way an editor may: by closing its
// standard input, as an editor that quits or crashes does, and by SIGTERM.
func TestLSPEnds(t *testing.T) {
	testenv.Slow(t)
	dir := t.TempDir()
	collection(t, dir, nil)
	s := startLSP(t, dir)
	s.in.Close()
	if code := s.wait(t); code != 0 {
		t.Errorf("standard input closed: exit %d\n%s", code, s.errs.String())
	}
	s = startLSP(t, dir)
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := s.wait(t); code != 128+int(syscall.SIGTERM) {
		t.Errorf("SIGTERM: exit %d\n%s", code, s.errs.String())
	}
}

// TestNeovim drives guides lsp from Neovim, headless, with the script
// testdata/nvim/lsp.lua: a misspelt key and an unknown category are found
// as they are typed, a category id is completed from its prefix and leads
// to its file, and the fix of "title: A: B" quotes the value.
func TestNeovim(t *testing.T) {
	testenv.Slow(t)
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		t.Fatal("Neovim is not installed: install Debian's neovim package")
	}
	script, err := filepath.Abs(filepath.Join("testdata", "nvim", "lsp.lua"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	collection(t, dir, map[string]string{
		"data/categories/caching.md":          "---\ntitle: Caching\nsort: 10\n---\nIntro.\n",
		"data/categories/caching-patterns.md": "---\ntitle: Caching patterns\nsort: 20\n---\nIntro.\n",
		"data/guides/guide.md":                "---\ntitle: Guide\ncreatedAt: 2024-01-26\ncategories:\n  - caching\ntags: [caching]\n---\n# Guide\n\nBody.\n",
		"data/guides/other.md":                "---\ntitle: Other\ncreatedAt: 2024-01-27\ncategories: [caching-patterns, c]\n---\nBody.\n",
	})
	result := filepath.Join(t.TempDir(), "result.txt")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "--clean", "-n", "-c", "luafile "+script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GUIDES="+binary(t), "ROOT="+dir, "RESULT="+result)
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("Neovim did not end:\n%s", out)
	}
	if err != nil {
		t.Errorf("nvim: %v\n%s", err, out)
	}
	data, err := os.ReadFile(result)
	if err != nil {
		t.Fatalf("the script wrote no result: %v\n%s", err, out)
	}
	steps := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		switch {
		case strings.HasPrefix(line, "ok "):
			steps[strings.TrimPrefix(line, "ok ")] = true
		case strings.HasPrefix(line, "time "):
			t.Logf("%s ms from typing to the finding shown", strings.TrimPrefix(line, "time "))
		case line == "done":
		default:
			t.Error(line)
		}
	}
	for _, step := range []string{"diagnostics", "misspelt key", "unknown category", "completion", "definition", "quote fix"} {
		if !steps[step] {
			t.Errorf("step %q did not pass", step)
		}
	}
}
