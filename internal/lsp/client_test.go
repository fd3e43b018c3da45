package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/visual-guides/guides/internal/rootfs"
	"github.com/visual-guides/guides/internal/workspace"
)

// A test plays the client: it writes messages to the server through a
// pipe and reads what the server writes through another, in the process.

// client is the client side of a session with a server.
type client struct {
	t    *testing.T
	dir  string // the collection's root
	in   *io.PipeWriter
	done chan error // Serve's result
	// from the server
	mu        sync.Mutex
	responses map[string]chan json.RawMessage
	notes     chan note
	requests  []string // methods of the server's requests
	nextID    int
}

// note is a notification from the server.
type note struct {
	Method string
	Params json.RawMessage
}

// writeCollection writes files, by slash-separated path, to a new folder.
func writeCollection(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, data := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// start loads the collection at dir and starts a server on it, with a
// client that has initialized it.
func start(t *testing.T, dir string) *client {
	t.Helper()
	c := startRaw(t, dir)
	c.call("initialize", map[string]any{"processId": nil, "rootUri": c.uri(""), "capabilities": map[string]any{}})
	c.notify("initialized", map[string]any{})
	return c
}

// startRaw starts a server on the collection at dir, not initialized.
func startRaw(t *testing.T, dir string) *client {
	t.Helper()
	ws := loadWorkspace(t, dir)
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	c := &client{t: t, dir: dir, in: inW, done: make(chan error, 1), responses: map[string]chan json.RawMessage{}, notes: make(chan note, 100)}
	go func() {
		c.done <- Serve(ctx, inR, outW, Options{Root: dir, Workspace: ws, Log: t.Logf})
		outW.Close()
	}()
	go c.readLoop(newFrameReader(outR, MaxMessage))
	t.Cleanup(func() {
		cancel()
		inW.Close()
		outR.Close()
	})
	return c
}

// loadWorkspace loads the collection at dir, through its confined root.
func loadWorkspace(t *testing.T, dir string) *workspace.Workspace {
	t.Helper()
	root, err := rootfs.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	opts := workspace.Options{GuidesDir: "data/guides", CategoriesDir: "data/categories", Now: func() time.Time { return time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC) }}
	ws, err := workspace.Load(context.Background(), root, opts)
	if err != nil {
		t.Fatal(err)
	}
	return ws
}

// writeFile writes a file of the collection at dir.
func writeFile(t *testing.T, dir, p, data string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(p)), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// readLoop routes what the server writes: responses to their calls,
// notifications to notes.
func (c *client) readLoop(r *frameReader) {
	for {
		body, err := r.next()
		if err != nil {
			close(c.notes)
			return
		}
		var m struct {
			ID     json.RawMessage `json:"id"`
			Method string          `json:"method"`
			Params json.RawMessage `json:"params"`
		}
		if err := json.Unmarshal(body, &m); err != nil {
			c.t.Errorf("the server wrote a message that is not JSON: %q", body)
			continue
		}
		switch {
		case m.Method != "" && len(m.ID) > 0:
			c.mu.Lock()
			c.requests = append(c.requests, m.Method)
			c.mu.Unlock()
		case m.Method != "":
			c.notes <- note{m.Method, m.Params}
		default:
			c.mu.Lock()
			ch, ok := c.responses[string(m.ID)]
			c.mu.Unlock()
			if !ok {
				c.t.Errorf("a response to no request: %s", body)
				continue
			}
			ch <- body
		}
	}
}

// send writes a message.
func (c *client) send(v any) {
	c.t.Helper()
	body, err := json.Marshal(v)
	if err != nil {
		c.t.Fatal(err)
	}
	c.sendRaw(fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body))
}

// sendRaw writes bytes as they are.
func (c *client) sendRaw(s string) {
	c.t.Helper()
	if _, err := io.WriteString(c.in, s); err != nil {
		c.t.Fatalf("writing to the server: %v", err)
	}
}

// response is a response of the server.
type response struct {
	ID     json.RawMessage `json:"id"`
	Result json.RawMessage `json:"result"`
	Error  *rpcError       `json:"error"`
}

// call sends a request and returns its result, failing on an error.
func (c *client) call(method string, params any) json.RawMessage {
	c.t.Helper()
	r := c.request(method, params)
	if r.Error != nil {
		c.t.Fatalf("%s: error %d: %s", method, r.Error.Code, r.Error.Message)
	}
	return r.Result
}

// request sends a request and waits for its response.
func (c *client) request(method string, params any) response {
	c.t.Helper()
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	ch := make(chan json.RawMessage, 1)
	c.responses[fmt.Sprint(id)] = ch
	c.mu.Unlock()
	c.send(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params})
	return c.await(ch, method)
}

// await waits for a response on ch.
func (c *client) await(ch chan json.RawMessage, what string) response {
	c.t.Helper()
	select {
	case body := <-ch:
		var r response
		if err := json.Unmarshal(body, &r); err != nil {
			c.t.Fatal(err)
		}
		return r
	case <-time.After(30 * time.Second):
		c.t.Fatalf("no response to %s", what)
	}
	return response{}
}

// expect registers a response to a request the test writes itself, by
// its id as JSON.
func (c *client) expect(id string) chan json.RawMessage {
	ch := make(chan json.RawMessage, 1)
	c.mu.Lock()
	c.responses[id] = ch
	c.mu.Unlock()
	return ch
}

// notify sends a notification.
func (c *client) notify(method string, params any) {
	c.t.Helper()
	c.send(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

// uri returns the URI of a path of the collection.
func (c *client) uri(p string) string {
	return "file://" + filepath.ToSlash(filepath.Join(c.dir, filepath.FromSlash(p)))
}

// open opens a document.
func (c *client) open(p, text string) {
	c.t.Helper()
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": c.uri(p), "languageId": "markdown", "version": 1, "text": text}})
}

// finding is a finding as the server publishes it.
type finding struct {
	Range    rng    `json:"range"`
	Severity int    `json:"severity"`
	Code     string `json:"code"`
	Source   string `json:"source"`
	Message  string `json:"message"`
}

type rng struct {
	Start pos `json:"start"`
	End   pos `json:"end"`
}

type pos struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

// diagnostics waits for the findings of the document at p, at the given
// version.
func (c *client) diagnostics(p string, version int) []finding {
	c.t.Helper()
	timeout := time.After(30 * time.Second)
	for {
		select {
		case n, ok := <-c.notes:
			if !ok {
				c.t.Fatal("the server closed its output")
			}
			if n.Method != "textDocument/publishDiagnostics" {
				continue
			}
			var params struct {
				URI         string    `json:"uri"`
				Version     int       `json:"version"`
				Diagnostics []finding `json:"diagnostics"`
			}
			if err := json.Unmarshal(n.Params, &params); err != nil {
				c.t.Fatal(err)
			}
			if params.URI == c.uri(p) && params.Version == version {
				return params.Diagnostics
			}
		case <-timeout:
			c.t.Fatalf("no findings of %s at version %d", p, version)
		}
	}
}

// messages returns the rule and message of each finding.
func messages(ds []finding) []string {
	out := []string{}
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%d:%d %s: %s", d.Range.Start.Line+1, d.Range.Start.Character+1, d.Code, d.Message))
	}
	return out
}

// at returns the position of the first occurrence of marker in text,
// just after it.
func at(t *testing.T, text, marker string) pos {
	t.Helper()
	i := strings.Index(text, marker)
	if i < 0 {
		t.Fatalf("no %q in the text", marker)
	}
	l := newLines([]byte(text)).position(i + len(marker))
	return pos{int(l.Line), int(l.Character)}
}

// toPosition returns a position of the protocol.
func toPosition(p pos) protocol.Position {
	return protocol.Position{Line: protocol.UInteger(p.Line), Character: protocol.UInteger(p.Character)}
}
