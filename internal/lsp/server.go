// Package lsp is a Language Server Protocol server for a guide collection:
// it tells an editor the findings of every rule as a guide or category is
// typed, completes keys, category ids, tags, dates and links, says what a
// name is, leads from a category id or a link to its file, offers the
// fixes the rules know, and lists a buffer's headings. Package workspace
// does the work; this package speaks the protocol over a stream, such as
// standard input and output.
//
// The protocol's types are those of github.com/tliron/glsp's
// protocol_3_16 package, which imports nothing but the standard library;
// the framing of messages and JSON-RPC are this package's own (frame.go,
// rpc.go), so that a message too large or malformed is skipped, answered
// where it can be, and never ends the session.
package lsp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/workspace"
)

// Options set a server up.
type Options struct {
	// Root is the absolute path of the collection's root folder: the
	// documents of the collection are the file URIs under it.
	Root string
	// Workspace is the collection, loaded.
	Workspace *workspace.Workspace
	// Version is the version the server says it is.
	Version string
	// Log, when set, is told what the server could not do, such as a
	// message it skipped.
	Log func(format string, args ...any)
}

// MaxMessage is the largest message the server reads, in bytes: a guide
// of the largest size guides reads, written in JSON with every byte
// escaped, and room for the rest. A larger message is skipped.
const MaxMessage = 6*guides.MaxFileSize + 1<<20

// ErrExitWithoutShutdown is returned by Serve when the client sent exit
// without asking the server to shut down first.
var ErrExitWithoutShutdown = errors.New("the client ended the session without shutting the server down")

// server is the state of one session.
type server struct {
	opts    Options
	ws      *workspace.Workspace
	out     *frameWriter
	handler *protocol.Handler

	mu   sync.Mutex
	docs map[string]*document // by URI

	snap     atomic.Pointer[workspace.Snapshot]
	ready    chan struct{} // closed once snap is set
	wake     chan struct{}
	shutdown atomic.Bool
	exited   chan error
	// published holds what was last published for each document.
	published map[string]string
	nextID    atomic.Int64
	watch     bool // the client registers file watchers
}

// Serve answers the client that writes to in and reads from out until
// the client closes in, sends exit, or ctx is done. It returns nil when
// the client went away or shut the server down, ErrExitWithoutShutdown
// when it exited without shutting down, or the cause of ctx. Serve does
// not wait for a read of in to return: a read that blocks is left behind.
func Serve(ctx context.Context, in io.Reader, out io.Writer, opts Options) error {
	if opts.Log == nil {
		opts.Log = func(string, ...any) {}
	}
	s := &server{
		opts:      opts,
		ws:        opts.Workspace,
		out:       &frameWriter{w: out},
		docs:      map[string]*document{},
		ready:     make(chan struct{}),
		wake:      make(chan struct{}, 1),
		exited:    make(chan error, 1),
		published: map[string]string{},
	}
	s.handler = s.handlers()
	ctx, cancel := context.WithCancel(ctx)
	var judging sync.WaitGroup
	defer judging.Wait()
	defer cancel() // before the wait: it stops the judging
	judging.Go(func() { s.judgeLoop(ctx) })
	s.judge() // the collection as loaded, for the first answers
	read := make(chan error, 1)
	go func() { read <- s.readLoop(newFrameReader(in, MaxMessage)) }()
	select {
	case err := <-read:
		return err
	case err := <-s.exited:
		return err
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// readLoop reads and answers messages, one at a time, in order, until the
// stream ends.
func (s *server) readLoop(r *frameReader) error {
	for {
		body, err := r.next()
		switch {
		case errors.Is(err, errTooLarge), errors.Is(err, errBadHeader):
			s.opts.Log("skipped a message: %v", err)
			continue
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			return nil // the client went away
		case err != nil:
			return fmt.Errorf("reading from the client: %w", err)
		}
		s.handle(body)
	}
}

// handlers returns the methods the server answers.
func (s *server) handlers() *protocol.Handler {
	return &protocol.Handler{
		Initialize:                     s.initialize,
		Initialized:                    s.initialized,
		Shutdown:                       func(*glsp.Context) error { s.shutdown.Store(true); return nil },
		SetTrace:                       func(*glsp.Context, *protocol.SetTraceParams) error { return nil },
		CancelRequest:                  func(*glsp.Context, *protocol.CancelParams) error { return nil },
		TextDocumentDidOpen:            s.didOpen,
		TextDocumentDidChange:          s.didChange,
		TextDocumentDidClose:           s.didClose,
		TextDocumentDidSave:            s.didSave,
		WorkspaceDidChangeWatchedFiles: s.didChangeWatchedFiles,
		TextDocumentCompletion:         s.completion,
		TextDocumentHover:              s.hover,
		TextDocumentDefinition:         s.definition,
		TextDocumentCodeAction:         s.codeAction,
		TextDocumentDocumentSymbol:     s.documentSymbol,
	}
}

// judgeLoop judges the collection whenever woken, and publishes the
// findings of the open documents; changes that come while it judges are
// judged together next.
func (s *server) judgeLoop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		}
		snap := s.ws.Judge(ctx)
		if ctx.Err() != nil {
			return
		}
		if s.snap.Swap(snap) == nil {
			close(s.ready)
		}
		s.publish(snap)
	}
}

// judge asks for the collection to be judged again.
func (s *server) judge() {
	select {
	case s.wake <- struct{}{}:
	default: // already asked
	}
}

// snapshot returns the collection as last judged, waiting for the first
// judgement.
func (s *server) snapshot() *workspace.Snapshot {
	<-s.ready
	return s.snap.Load()
}
