package lsp

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/workspace"
)

func (s *server) completion(_ *glsp.Context, params *protocol.CompletionParams) (any, error) {
	d, text, ok := s.document(params.TextDocument.URI)
	if !ok {
		return protocol.CompletionList{Items: []protocol.CompletionItem{}}, nil
	}
	l := newLines(text)
	c := s.snapshot().Complete(d.path, text, l.offset(params.Position))
	list := protocol.CompletionList{IsIncomplete: c.Incomplete, Items: make([]protocol.CompletionItem, 0, len(c.Items))}
	plain := protocol.InsertTextFormatPlainText
	for i, it := range c.Items {
		kind := itemKinds[it.Kind]
		sort := fmt.Sprintf("%04d", i)
		item := protocol.CompletionItem{
			Label:            it.Label,
			Kind:             &kind,
			SortText:         &sort,
			InsertTextFormat: &plain,
			TextEdit:         protocol.TextEdit{Range: l.span(it.Start, it.End), NewText: it.NewText},
		}
		if it.Detail != "" {
			item.Detail = &it.Detail
		}
		if it.Doc != "" {
			item.Documentation = protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: it.Doc}
		}
		if it.Filter != "" {
			item.FilterText = &it.Filter
		}
		list.Items = append(list.Items, item)
	}
	return list, nil
}

// itemKinds are the kinds of completion items the editor shows.
var itemKinds = map[workspace.ItemKind]protocol.CompletionItemKind{
	workspace.KeyItem:      protocol.CompletionItemKindProperty,
	workspace.CategoryItem: protocol.CompletionItemKindEnumMember,
	workspace.TagItem:      protocol.CompletionItemKindKeyword,
	workspace.DateItem:     protocol.CompletionItemKindValue,
	workspace.ValueItem:    protocol.CompletionItemKindValue,
	workspace.PageItem:     protocol.CompletionItemKindFile,
	workspace.HeadingItem:  protocol.CompletionItemKindReference,
}

func (s *server) hover(_ *glsp.Context, params *protocol.HoverParams) (*protocol.Hover, error) {
	d, text, ok := s.document(params.TextDocument.URI)
	if !ok {
		return nil, nil
	}
	l := newLines(text)
	h, ok := s.snapshot().Hover(d.path, text, l.offset(params.Position))
	if !ok {
		return nil, nil
	}
	r := l.span(h.Start, h.End)
	return &protocol.Hover{Contents: protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: h.Markdown}, Range: &r}, nil
}

func (s *server) definition(_ *glsp.Context, params *protocol.DefinitionParams) (any, error) {
	d, text, ok := s.document(params.TextDocument.URI)
	if !ok {
		return nil, nil
	}
	loc, ok := s.snapshot().Definition(d.path, text, newLines(text).offset(params.Position))
	if !ok {
		return nil, nil
	}
	line := protocol.UInteger(max(loc.Line-1, 0))
	at := protocol.Position{Line: line}
	return protocol.Location{URI: s.uri(loc.Path), Range: protocol.Range{Start: at, End: at}}, nil
}

func (s *server) codeAction(_ *glsp.Context, params *protocol.CodeActionParams) (any, error) {
	d, text, ok := s.document(params.TextDocument.URI)
	if !ok {
		return []protocol.CodeAction{}, nil
	}
	l := newLines(text)
	actions := s.snapshot().Actions(d.path, text, l.offset(params.Range.Start), l.offset(params.Range.End))
	out := make([]protocol.CodeAction, 0, len(actions))
	kind := protocol.CodeActionKindQuickFix
	for _, a := range actions {
		edits := make([]protocol.TextEdit, len(a.Edits))
		for i, e := range a.Edits {
			edits[i] = protocol.TextEdit{Range: l.span(e.Start, e.End), NewText: e.Text}
		}
		preferred := len(actions) == 1
		out = append(out, protocol.CodeAction{
			Title:       a.Title,
			Kind:        &kind,
			Diagnostics: []protocol.Diagnostic{diagnostic(l, a.Diag)},
			IsPreferred: &preferred,
			Edit:        &protocol.WorkspaceEdit{Changes: map[protocol.DocumentUri][]protocol.TextEdit{d.uri: edits}},
		})
	}
	return out, nil
}

func (s *server) documentSymbol(_ *glsp.Context, params *protocol.DocumentSymbolParams) (any, error) {
	_, text, ok := s.document(params.TextDocument.URI)
	if !ok {
		return []protocol.DocumentSymbol{}, nil
	}
	l := newLines(text)
	return symbols(l, workspace.Symbols(text)), nil
}

// symbols returns the headings as symbols: each spans its section, up to
// the next heading of its level or above.
func symbols(l *lines, syms []workspace.Symbol) []protocol.DocumentSymbol {
	out := make([]protocol.DocumentSymbol, len(syms))
	for i, sym := range syms {
		line := sym.Line - 1
		head := l.span(l.starts[line], l.lineEnd(line))
		out[i] = protocol.DocumentSymbol{
			Name:           sym.Name,
			Kind:           protocol.SymbolKindString,
			Range:          protocol.Range{Start: head.Start, End: l.position(l.lineEnd(sym.EndLine - 1))},
			SelectionRange: head,
			Children:       symbols(l, sym.Children),
		}
		if out[i].Name == "" {
			out[i].Name = strings.Repeat("#", sym.Level)
		}
	}
	return out
}

// publish sends the findings of every open document whose text or
// findings changed since they were last sent.
func (s *server) publish(snap *workspace.Snapshot) {
	s.mu.Lock()
	var uris []string
	for uri, d := range s.docs {
		if d.judged {
			uris = append(uris, uri)
		}
	}
	s.mu.Unlock()
	for _, uri := range uris {
		p := s.path(uri)
		doc, ok := snap.Docs[p]
		if !ok {
			continue
		}
		l := newLines(doc.Text)
		version := protocol.UInteger(doc.Version)
		params := protocol.PublishDiagnosticsParams{URI: uri, Version: &version, Diagnostics: make([]protocol.Diagnostic, 0, len(doc.Diags))}
		for _, d := range doc.Diags {
			params.Diagnostics = append(params.Diagnostics, diagnostic(l, d))
		}
		key, _ := json.Marshal(params)
		s.mu.Lock()
		same := s.published[uri] == string(key)
		s.published[uri] = string(key)
		s.mu.Unlock()
		if !same {
			s.notify(protocol.ServerTextDocumentPublishDiagnostics, params)
		}
	}
}

// clear takes back the findings of a document that was closed.
func (s *server) clear(uri string) {
	s.mu.Lock()
	delete(s.published, uri)
	s.mu.Unlock()
	s.notify(protocol.ServerTextDocumentPublishDiagnostics, protocol.PublishDiagnosticsParams{URI: uri, Diagnostics: []protocol.Diagnostic{}})
}

// diagnostic returns a finding as the protocol says it, over the text it
// was found in: from its position to the end of the word there, or of
// what its fix replaces.
func diagnostic(l *lines, d guides.Diagnostic) protocol.Diagnostic {
	sev := protocol.DiagnosticSeverityError
	if d.Severity == guides.Warning {
		sev = protocol.DiagnosticSeverityWarning
	}
	src := source
	start, end := findingSpan(l.text, d)
	return protocol.Diagnostic{
		Range:    l.span(start, end),
		Severity: &sev,
		Code:     &protocol.IntegerOrString{Value: d.Rule},
		Source:   &src,
		Message:  d.Message,
	}
}

// findingSpan returns the bytes a finding is about.
func findingSpan(text []byte, d guides.Diagnostic) (start, end int) {
	if d.Fix != nil && len(d.Fix.Edits) == 1 && d.Fix.Edits[0].Pos == d.Pos {
		if s, e, ok := d.Fix.Edits[0].Span(text); ok && e > s {
			return s, e
		}
	}
	pos := d.Pos
	wholeLine := pos.Col <= 0 || pos == guides.FileStart()
	if pos.Col <= 0 {
		pos.Col = 1
	}
	start, ok := guides.Offset(text, pos)
	if !ok {
		return 0, 0
	}
	end = start
	for end < len(text) && text[end] != '\n' && text[end] != '\r' && (wholeLine || !strings.ContainsRune(" \t,[]{}", rune(text[end]))) {
		end++
	}
	return start, end
}
