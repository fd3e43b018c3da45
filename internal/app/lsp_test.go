package app

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
)

// TestLSP serves a client that initializes the server, then goes away:
// the server answers, and returns when its input ends.
func TestLSP(t *testing.T) {
	s := openAt(t, collection(t, nil))
	body := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`
	in := strings.NewReader(fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body))
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- s.LSP(context.Background(), LSPOptions{In: in, Out: out, Log: io.Discard, Version: "test"})
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not return when its input ended")
	}
	if got := out.String(); !strings.Contains(got, `"serverInfo":{"name":"guides","version":"test"}`) {
		t.Errorf("the server wrote %q", got)
	}
}
