package lsp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/visual-guides/guides"
)

// TestMalformed sends what a broken or hostile client might, and checks
// that each is answered as JSON-RPC says, where it can be, and that the
// server goes on answering.
func TestMalformed(t *testing.T) {
	c := startRaw(t, writeCollection(t, fixture()))
	if r := c.request("textDocument/hover", map[string]any{}); r.Error == nil || r.Error.Code != codeServerNotInitialized {
		t.Errorf("a request before initialize: %+v", r)
	}
	c.call("initialize", map[string]any{"capabilities": map[string]any{}})
	null := c.expect("null")
	for _, tt := range []struct {
		name, raw string
		code      int // of the error answered, with the id null; 0 for none
	}{
		{"not JSON", frame(`{"jsonrpc": "2.0", "id": 1, "method":`), codeParseError},
		{"an empty body", "Content-Length: 0\r\n\r\n", codeParseError},
		{"a batch", frame(`[{"jsonrpc": "2.0", "id": 1, "method": "shutdown"}]`), codeInvalidRequest},
		{"no method", frame(`{"jsonrpc": "2.0", "params": {}}`), codeInvalidRequest},
		{"an id that is an object", frame(`{"jsonrpc": "2.0", "id": {}, "method": "shutdown"}`), codeInvalidRequest},
		{"JSON-RPC 1", frame(`{"id": null, "method": "shutdown", "params": []}`), codeInvalidRequest},
		{"a header without a length", "Content-Type: text/plain\r\n\r\n{}", 0},
		{"a length that is no number", "Content-Length: ten\r\n\r\n", 0},
		{"a negative length", "Content-Length: -5\r\n\r\n", 0},
		{"garbage", "\x00\xff garbage\r\n\r\n", 0},
		{"a line that never ends", strings.Repeat("x", 100_000), 0},
		{"a message too large", fmt.Sprintf("Content-Length: %d\r\n\r\n%s", MaxMessage+1, strings.Repeat(" ", MaxMessage+1)), 0},
		{"an unknown notification", frame(`{"jsonrpc": "2.0", "method": "$/unknown", "params": {}}`), 0},
		{"params of the wrong type", frame(`{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": 5}}`), 0},
		{"a response to nothing", frame(`{"jsonrpc": "2.0", "id": 99, "result": {}}`), 0},
	} {
		c.sendRaw(tt.raw)
		if tt.code != 0 {
			r := c.await(null, tt.name)
			if r.Error == nil || r.Error.Code != tt.code {
				t.Errorf("%s: answered %+v, want error %d", tt.name, r, tt.code)
			}
			null = c.expect("null")
		}
		// The server still answers.
		if r := c.request("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": c.uri("x.md")}, "position": map[string]any{}}); r.Error != nil {
			t.Errorf("after %s: %+v", tt.name, r.Error)
		}
	}
	for _, tt := range []struct {
		method string
		params any
		code   int
	}{
		{"no/such/method", map[string]any{}, codeMethodNotFound},
		{"textDocument/completion", []int{1}, codeInvalidParams},
	} {
		if r := c.request(tt.method, tt.params); r.Error == nil || r.Error.Code != tt.code {
			t.Errorf("%s: %+v, want error %d", tt.method, r, tt.code)
		}
	}
}

// frame frames a body as a message.
func frame(body string) string {
	return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body)
}

// TestHugeBuffer opens a guide larger than guides reads: it is refused
// with the finding of the limit rule, as check refuses the file, and the
// server goes on.
func TestHugeBuffer(t *testing.T) {
	c := start(t, writeCollection(t, fixture()))
	const p = "data/guides/huge.md"
	c.open(p, "---\ntitle: Huge\n---\n"+strings.Repeat("word ", guides.MaxFileSize/5+1))
	got := messages(c.diagnostics(p, 1))
	want := fmt.Sprintf("1:1 limit: the file is larger than %d MiB, the most a guide or category may be; it is not read", guides.MaxFileSize>>20)
	if len(got) != 1 || got[0] != want {
		t.Errorf("findings %q, want %q", got, want)
	}
	c.call("textDocument/completion", map[string]any{"textDocument": map[string]any{"uri": c.uri(p)}, "position": map[string]any{"line": 1, "character": 3}})
}

// TestExit ends sessions each way a client may, and checks what Serve
// returns.
func TestExit(t *testing.T) {
	dir := writeCollection(t, fixture())
	wait := func(c *client) error {
		t.Helper()
		select {
		case err := <-c.done:
			return err
		case <-time.After(30 * time.Second):
			t.Fatal("the server did not stop")
		}
		return nil
	}
	c := start(t, dir)
	c.in.Close()
	if err := wait(c); err != nil {
		t.Errorf("standard input closed: %v", err)
	}
	c = start(t, dir)
	c.call("shutdown", nil)
	if r := c.request("textDocument/hover", map[string]any{}); r.Error == nil || r.Error.Code != codeInvalidRequest {
		t.Errorf("a request after shutdown: %+v", r)
	}
	c.notify("exit", nil)
	if err := wait(c); err != nil {
		t.Errorf("shutdown, then exit: %v", err)
	}
	c = start(t, dir)
	c.notify("exit", nil)
	if err := wait(c); !errors.Is(err, ErrExitWithoutShutdown) {
		t.Errorf("exit without shutdown: %v", err)
	}
}

// TestStopped cancels the context of a server whose client says nothing:
// Serve returns at once, with the context's cause.
func TestStopped(t *testing.T) {
	ctx, cancel := context.WithCancelCause(context.Background())
	in, _ := io.Pipe() // a client that never writes
	done := make(chan error, 1)
	go func() {
		done <- Serve(ctx, in, io.Discard, Options{Root: t.TempDir(), Workspace: loadWorkspace(t, writeCollection(t, fixture()))})
	}()
	stop := errors.New("stopped by the test")
	cancel(stop)
	select {
	case err := <-done:
		if !errors.Is(err, stop) {
			t.Errorf("Serve = %v, want the cause", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not stop")
	}
}

// TestWatchedFiles registers for the files that change on disk when the
// client can, and reads again a guide written by another program.
func TestWatchedFiles(t *testing.T) {
	dir := writeCollection(t, fixture())
	c := startRaw(t, dir)
	c.call("initialize", map[string]any{"capabilities": map[string]any{"workspace": map[string]any{"didChangeWatchedFiles": map[string]any{"dynamicRegistration": true}}}})
	c.notify("initialized", map[string]any{})
	const p = "data/guides/g.md"
	text := "---\ntitle: G\ncreatedAt: 2024-01-26\ncategories: [queues]\n---\nBody.\n"
	c.open(p, text)
	if got := messages(c.diagnostics(p, 1)); len(got) != 1 || !strings.Contains(got[0], "unknown-category") {
		t.Fatalf("findings %q", got)
	}
	c.mu.Lock()
	requests := c.requests
	c.mu.Unlock()
	if len(requests) != 1 || requests[0] != "client/registerCapability" {
		t.Errorf("the server asked %q", requests)
	}
	writeFile(t, dir, "data/categories/queues.md", "---\ntitle: Queues\nsort: 5\n---\n")
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": c.uri("data/categories/queues.md"), "type": 1}}})
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": c.uri(p), "version": 2}, "contentChanges": []any{map[string]any{"text": text}}})
	if got := c.diagnostics(p, 2); len(got) != 0 {
		t.Errorf("findings after the category was written: %q", messages(got))
	}
}

// TestLines converts between offsets and positions of the protocol, in
// UTF-16 code units.
func TestLines(t *testing.T) {
	text := []byte("a\r\nbé😀c\n\nend")
	l := newLines(text)
	for _, tt := range []struct {
		off  int
		line int
		char int
	}{
		{0, 0, 0}, {1, 0, 1}, {3, 1, 0}, {4, 1, 1}, {6, 1, 2}, {10, 1, 4}, {11, 1, 5}, {12, 2, 0}, {13, 3, 0}, {16, 3, 3},
	} {
		p := l.position(tt.off)
		if int(p.Line) != tt.line || int(p.Character) != tt.char {
			t.Errorf("position(%d) = %d:%d, want %d:%d", tt.off, p.Line, p.Character, tt.line, tt.char)
		}
		if back := l.offset(p); back != tt.off {
			t.Errorf("offset(%d:%d) = %d, want %d", p.Line, p.Character, back, tt.off)
		}
	}
	for _, tt := range []struct {
		line, char, want int
	}{
		{0, 5, 1},   // past the end of a line: before its "\r\n"
		{1, 3, 6},   // inside the surrogate pair: the start of its character
		{9, 0, 16},  // past the last line
		{3, 99, 16}, // past the end of the text
	} {
		if got := l.offset(protocol.Position{Line: protocol.UInteger(tt.line), Character: protocol.UInteger(tt.char)}); got != tt.want {
			t.Errorf("offset(%d:%d) = %d, want %d", tt.line, tt.char, got, tt.want)
		}
	}
}

// FuzzFrames reads any stream of bytes as messages: the reader never
// returns more than its limit, and always ends; a message written by the
// writer after the bytes, on a stream that then closes, is read back
// whole when the bytes end between messages.
func FuzzFrames(f *testing.F) {
	for _, s := range []string{
		"", "Content-Length: 2\r\n\r\n{}", "Content-Length: 99999999999\r\n\r\n", "content-length:3\n\nabc",
		"junk Content-Length: 2\r\n\r\n{}", "Content-Length: 2\r\nContent-Length: 3\r\n\r\nabc", "\r\n\r\n\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const max = 1 << 10
		r := newFrameReader(bytes.NewReader(data), max)
		for range len(data) + 2 {
			body, err := r.next()
			if len(body) > max {
				t.Fatalf("a body of %d bytes, over the limit of %d", len(body), max)
			}
			if err != nil && !errors.Is(err, errTooLarge) && !errors.Is(err, errBadHeader) {
				return
			}
		}
		t.Fatal("the reader does not end")
	})
}

// TestFrameRoundTrip writes messages and reads them back, with garbage
// and messages too large between them.
func TestFrameRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	w := &frameWriter{w: &buf}
	bodies := []string{`{"a":1}`, "", strings.Repeat("é", 1500), `{"b":"\r\n"}`}
	for _, b := range bodies {
		if err := w.write([]byte(b)); err != nil {
			t.Fatal(err)
		}
		buf.WriteString("Content-Length: 5000\r\n\r\n" + strings.Repeat("x", 5000)) // too large: skipped
	}
	r := newFrameReader(&buf, 4096)
	var got []string
	for {
		body, err := r.next()
		if errors.Is(err, errTooLarge) || errors.Is(err, errBadHeader) {
			continue
		}
		if err != nil {
			if !errors.Is(err, io.EOF) {
				t.Fatal(err)
			}
			break
		}
		got = append(got, string(body))
	}
	if len(got) != len(bodies) {
		t.Fatalf("read %d messages, want %d", len(got), len(bodies))
	}
	for i := range got {
		if got[i] != bodies[i] {
			t.Errorf("message %d = %q, want %q", i, got[i], bodies[i])
		}
	}
}
