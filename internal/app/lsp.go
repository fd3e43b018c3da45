package app

import (
	"context"
	"fmt"
	"io"

	"github.com/visual-guides/guides/internal/load"
	"github.com/visual-guides/guides/internal/lsp"
	"github.com/visual-guides/guides/internal/workspace"
)

// LSPOptions are what the lsp command asks.
type LSPOptions struct {
	// In and Out are the stream of the client: the server reads its
	// messages from In and writes to Out.
	In  io.Reader
	Out io.Writer
	// Log, when set, is told what the server could not do, such as a
	// message it skipped; editors keep it in their log of the server.
	Log io.Writer
	// Version is the version the server says it is.
	Version string
}

// LSP serves the Language Server Protocol to an editor for the collection:
// it loads the collection once, then judges the editor's buffers with every
// rule as they change (see package lsp). It returns when the client goes
// away (In ends), when it exits, or when ctx is done.
func (s *Session) LSP(ctx context.Context, opts LSPOptions) error {
	coll, diags, err := load.LoadRoot(ctx, s.fsys, s.loadOptions(true))
	if err != nil {
		return err
	}
	ws := workspace.New(s.fsys, workspace.Options{GuidesDir: s.Config.GuidesDir, CategoriesDir: s.Config.CategoriesDir}, coll, diags)
	log := func(string, ...any) {}
	if opts.Log != nil {
		log = func(format string, args ...any) { fmt.Fprintf(opts.Log, "guides lsp: "+format+"\n", args...) }
	}
	return lsp.Serve(ctx, opts.In, opts.Out, lsp.Options{Root: s.base, Workspace: ws, Version: opts.Version, Log: log})
}

// loadOptions are the options of a load of the collection; missingOK
// takes a data folder that does not exist yet as empty.
func (s *Session) loadOptions(missingOK bool) load.Options {
	return load.Options{GuidesDir: s.Config.GuidesDir, CategoriesDir: s.Config.CategoriesDir, MissingOK: missingOK}
}
