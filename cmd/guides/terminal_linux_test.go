package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// openTerminal opens a pseudo-terminal of the given width and returns its
// terminal end, which guides writes to, and its other end, which reads
// what a terminal would show.
func openTerminal(t *testing.T, cols int) (tty, ptm *os.File) {
	t.Helper()
	ptm, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { ptm.Close() })
	fd := int(ptm.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		t.Skipf("unlocking the pseudo-terminal: %v", err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		t.Skipf("naming the pseudo-terminal: %v", err)
	}
	tty, err = os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("opening the pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { tty.Close() })
	if err := unix.IoctlSetWinsize(int(tty.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Row: 24, Col: uint16(cols)}); err != nil {
		t.Fatal(err)
	}
	return tty, ptm
}

// terminalSettings checks the width and the colours of output on a
// terminal 60 columns wide, and how the environment changes them.
func terminalSettings(t *testing.T) {
	t.Helper()
	tty, _ := openTerminal(t, 60)
	vars := map[string]string{}
	cli := func() *cli {
		return &cli{env: env{stdout: tty, stderr: io.Discard, now: time.Now,
			getenv: func(k string) string { return vars[k] }, getwd: os.Getwd}, color: colorAuto}
	}
	if got := cli().width(); got != 60 {
		t.Errorf("width on a terminal of 60 columns = %d", got)
	}
	vars["COLUMNS"] = "100"
	if got := cli().width(); got != 100 {
		t.Errorf("width with COLUMNS=100 = %d", got)
	}
	delete(vars, "COLUMNS")
	if !cli().colors(tty) {
		t.Error("no colours on a terminal")
	}
	if cli().colors(&strings.Builder{}) {
		t.Error("colours on a pipe")
	}
	vars["NO_COLOR"] = "1"
	if cli().colors(tty) {
		t.Error("colours on a terminal with NO_COLOR set")
	}
	delete(vars, "NO_COLOR")
	vars["TERM"] = "dumb"
	if cli().colors(tty) {
		t.Error("colours on a dumb terminal")
	}
	delete(vars, "TERM")
}

// TestTerminal runs guides with its output on a terminal 60 columns wide:
// the list fits it, and "error" is coloured unless NO_COLOR is set or the
// terminal is dumb.
func TestTerminal(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "data/categories/c.md"), []byte("---\ntitle: C\nsort: 1\n---\n"))
	writeFile(t, filepath.Join(dir, "data/guides/g.md"), []byte("---\ntitle: A title long enough to be cut on a narrow terminal\ncreatedAt: 2024-01-01\ncategories: [c]\n---\nBody.\n"))
	writeFile(t, filepath.Join(dir, "data/guides/bad.md"), []byte("---\ntitle: Bad\n---\nBody.\n"))

	terminalSettings(t)

	// Whole commands, writing to the terminal: what it shows is read from
	// its other end.
	tty, ptm := openTerminal(t, 60)
	shown := readShown(ptm, 6)
	for _, args := range [][]string{{"check"}, {"list", "--color=never"}} {
		var stderr strings.Builder
		code := run(context.Background(), append([]string{"-C", dir}, args...), env{
			stdin: strings.NewReader(""), stdout: tty, stderr: &stderr, now: time.Now,
			getenv: func(string) string { return "" },
		})
		if code != exitProblems {
			t.Fatalf("%s: exit %d\n%s", args, code, stderr.String())
		}
	}
	var text string
	select {
	case text = <-shown:
	case <-time.After(10 * time.Second):
		t.Fatal("the terminal showed too little")
	}
	if !strings.Contains(text, "data/guides/bad.md:1:1: \x1b[1;31merror\x1b[0m: createdAt is missing") {
		t.Errorf("check on a terminal, no coloured error:\n%q", text)
	}
	if !strings.Contains(text, "  A title long enough to be cut …\n") {
		t.Errorf("list on a terminal, no title cut:\n%s", text)
	}
	for _, line := range strings.Split(text, "\n") {
		if cellWidth(line) > 60 && !strings.Contains(line, "\x1b") {
			t.Errorf("a line longer than the terminal: %q", line)
		}
	}
}

// TestTerminalList runs guides list with its output on terminals 60, 80
// and 200 columns wide, with no COLUMNS set: the width is the terminal's,
// the title keeps the room a reader needs to scan it, and the id is cut
// first.
func TestTerminalList(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "data/categories/caching-and-performance.md"), []byte("---\ntitle: C\nsort: 1\n---\n"))
	writeFile(t, filepath.Join(dir, "data/guides/caching-top-five-strategies-every-engineer-should-know.md"),
		[]byte("---\ntitle: \"Caching: Top Five Strategies Every Engineer Should Know\"\ncreatedAt: 2024-01-01\ncategories: [caching-and-performance]\n---\nBody.\n"))
	tests := []struct {
		cols int
		want string
	}{
		{60, "caching…  2024-01-01  caching-a…  Caching: Top Five Strateg…\n"},
		{80, "caching-to…  2024-01-01  caching-a…  Caching: Top Five Strategies Every Enginee…\n"},
		{200, "caching-top-five-strategies-every-engineer-should-know  2024-01-01  caching-and-performance  Caching: Top Five Strategies Every Engineer Should Know\n"},
	}
	for _, tt := range tests {
		tty, ptm := openTerminal(t, tt.cols)
		shown := readShown(ptm, 2)
		var stderr strings.Builder
		code := run(context.Background(), []string{"-C", dir, "list"}, env{
			stdin: strings.NewReader(""), stdout: tty, stderr: &stderr, now: time.Now,
			getenv: func(string) string { return "" },
		})
		if code != exitOK {
			t.Fatalf("list: exit %d\n%s", code, stderr.String())
		}
		var text string
		select {
		case text = <-shown:
		case <-time.After(10 * time.Second):
			t.Fatal("the terminal showed too little")
		}
		if !strings.HasSuffix(text, tt.want) {
			t.Errorf("list on a terminal of %d columns:\n%s\nwant the line\n%s", tt.cols, text, tt.want)
		}
	}
}

// readShown reads what a terminal shows from its other end, ptm, until it
// has shown lines lines or is closed, and sends it without carriage
// returns.
func readShown(ptm io.Reader, lines int) <-chan string {
	shown := make(chan string, 1)
	go func() {
		var b strings.Builder
		buf := make([]byte, 4096)
		for {
			n, err := ptm.Read(buf)
			b.Write(buf[:n])
			if err != nil || strings.Count(b.String(), "\n") >= lines {
				break
			}
		}
		shown <- strings.ReplaceAll(b.String(), "\r", "")
	}()
	return shown
}
