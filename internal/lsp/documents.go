package lsp

import (
	"net/url"
	"path/filepath"
	"strings"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// The names the server gives itself, and the source of its findings.
const (
	serverName = "guides"
	source     = "guides"
)

func (s *server) initialize(_ *glsp.Context, params *protocol.InitializeParams) (any, error) {
	if ws := params.Capabilities.Workspace; ws != nil && ws.DidChangeWatchedFiles != nil && ws.DidChangeWatchedFiles.DynamicRegistration != nil {
		s.watch = *ws.DidChangeWatchedFiles.DynamicRegistration
	}
	sync := protocol.TextDocumentSyncKindIncremental
	yes := true
	version := s.opts.Version
	return protocol.InitializeResult{
		Capabilities: protocol.ServerCapabilities{
			TextDocumentSync: protocol.TextDocumentSyncOptions{OpenClose: &yes, Change: &sync, Save: true},
			CompletionProvider: &protocol.CompletionOptions{
				TriggerCharacters: []string{"#", "/", "(", "[", ","},
			},
			HoverProvider:          true,
			DefinitionProvider:     true,
			DocumentSymbolProvider: true,
			CodeActionProvider:     protocol.CodeActionOptions{CodeActionKinds: []protocol.CodeActionKind{protocol.CodeActionKindQuickFix}},
		},
		ServerInfo: &protocol.InitializeResultServerInfo{Name: serverName, Version: &version},
	}, nil
}

// initialized asks a client that can to tell the server of every file
// that changes on disk: images that links name, guides written by other
// programs.
func (s *server) initialized(*glsp.Context, *protocol.InitializedParams) error {
	if s.watch {
		s.request(protocol.ServerClientRegisterCapability, protocol.RegistrationParams{Registrations: []protocol.Registration{{
			ID:              "guides-files",
			Method:          protocol.MethodWorkspaceDidChangeWatchedFiles,
			RegisterOptions: protocol.DidChangeWatchedFilesRegistrationOptions{Watchers: []protocol.FileSystemWatcher{{GlobPattern: "**/*"}}},
		}}})
	}
	s.judge()
	return nil
}

// path returns the path relative to the root of the file a URI names, or
// "" when it names no file under the root.
func (s *server) path(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" {
		return ""
	}
	p := filepath.FromSlash(u.Path)
	if rel, ok := within(s.opts.Root, p); ok {
		return rel
	}
	// The client may name the file through a symbolic link of a folder.
	root, err1 := filepath.EvalSymlinks(s.opts.Root)
	real, err2 := filepath.EvalSymlinks(filepath.Dir(p))
	if err1 != nil || err2 != nil {
		return ""
	}
	rel, _ := within(root, filepath.Join(real, filepath.Base(p)))
	return rel
}

// within returns p relative to root, slash-separated, when it is inside.
func within(root, p string) (string, bool) {
	rel, err := filepath.Rel(root, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// uri returns the URI of a path relative to the root.
func (s *server) uri(p string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(s.opts.Root, filepath.FromSlash(p)))}).String()
}

func (s *server) didOpen(_ *glsp.Context, params *protocol.DidOpenTextDocumentParams) error {
	td := params.TextDocument
	d := &document{uri: td.URI, path: s.path(td.URI), version: td.Version, text: []byte(td.Text)}
	if d.path != "" {
		d.judged = s.ws.Open(d.path, d.version, d.text)
	}
	s.mu.Lock()
	s.docs[td.URI] = d
	s.mu.Unlock()
	if d.judged {
		s.judge()
	}
	return nil
}

func (s *server) didChange(_ *glsp.Context, params *protocol.DidChangeTextDocumentParams) error {
	s.mu.Lock()
	d, ok := s.docs[params.TextDocument.URI]
	var version int32
	var text []byte
	if ok {
		d.apply(params.ContentChanges)
		d.version = params.TextDocument.Version
		version, text = d.version, d.text
	}
	s.mu.Unlock()
	if ok && d.judged {
		s.ws.Change(d.path, version, text)
		s.judge()
	}
	return nil
}

func (s *server) didClose(_ *glsp.Context, params *protocol.DidCloseTextDocumentParams) error {
	uri := params.TextDocument.URI
	s.mu.Lock()
	d, ok := s.docs[uri]
	delete(s.docs, uri)
	s.mu.Unlock()
	if ok && d.judged {
		s.ws.Close(d.path)
		s.judge()
		s.clear(uri)
	}
	return nil
}

// didSave looks up every file again: a save is a moment when files
// around the guide, such as its images, have often changed too.
func (s *server) didSave(*glsp.Context, *protocol.DidSaveTextDocumentParams) error {
	s.ws.FilesChanged()
	s.judge()
	return nil
}

func (s *server) didChangeWatchedFiles(_ *glsp.Context, params *protocol.DidChangeWatchedFilesParams) error {
	var paths []string
	for _, c := range params.Changes {
		if p := s.path(c.URI); p != "" {
			paths = append(paths, p)
		}
	}
	s.ws.Reload(paths...)
	s.judge()
	return nil
}

// document returns an open document of the workspace, and a snapshot of
// the collection to answer about it with.
func (s *server) document(uri string) (*document, []byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.docs[uri]
	if !ok || !d.judged {
		return nil, nil, false
	}
	return d, d.text, true
}
