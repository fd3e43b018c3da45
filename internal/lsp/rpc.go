package lsp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"runtime/debug"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// The error codes of JSON-RPC and of the protocol.
const (
	codeParseError           = -32700
	codeInvalidRequest       = -32600
	codeMethodNotFound       = -32601
	codeInvalidParams        = -32602
	codeInternalError        = -32603
	codeServerNotInitialized = -32002
	codeRequestFailed        = -32803
)

// message is any JSON-RPC message: a request (with an id and a method), a
// notification (a method alone), or a response (an id alone).
type message struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Method  *string         `json:"method"`
	Params  json.RawMessage `json:"params"`
}

// rpcError is the error of a response.
type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// handle answers one message. Nothing a client sends ends the session
// here: what cannot be read is answered with an error where it has an id.
func (s *server) handle(body []byte) {
	if b := bytes.TrimLeft(body, " \t\r\n"); len(b) > 0 && b[0] == '[' {
		s.respond(nil, nil, &rpcError{codeInvalidRequest, "batches of messages are not part of the protocol"})
		return
	}
	var m message
	if err := json.Unmarshal(body, &m); err != nil {
		s.respond(nil, nil, &rpcError{codeParseError, "the message is not JSON: " + err.Error()})
		return
	}
	isRequest := len(m.ID) > 0 && !bytes.Equal(m.ID, []byte("null"))
	switch {
	case isRequest && !validID(m.ID):
		s.respond(nil, nil, &rpcError{codeInvalidRequest, "the id is neither a number nor a string"})
		return
	case m.Method == nil && isRequest:
		return // a response to a request of the server's, such as registerCapability
	case m.Method == nil || m.JSONRPC != "2.0":
		s.respond(nil, nil, &rpcError{codeInvalidRequest, `not a JSON-RPC 2.0 request: it needs "jsonrpc": "2.0" and a method`})
		return
	}
	result, rerr := s.call(*m.Method, m.Params, isRequest)
	if isRequest {
		s.respond(m.ID, result, rerr)
	}
}

// validID reports whether a request's id is a number or a string.
func validID(id json.RawMessage) bool {
	var v any
	if json.Unmarshal(id, &v) != nil {
		return false
	}
	switch v.(type) {
	case float64, string:
		return true
	}
	return false
}

// call runs the method, and returns its result or error. A panic in a
// method is an internal error of that request, not of the session.
func (s *server) call(method string, params json.RawMessage, isRequest bool) (result any, rerr *rpcError) {
	defer func() {
		if r := recover(); r != nil {
			s.opts.Log("%s: internal error: %v\n%s", method, r, debug.Stack())
			result, rerr = nil, &rpcError{codeInternalError, fmt.Sprintf("internal error: %v", r)}
		}
	}()
	switch {
	case method == protocol.MethodExit:
		var err error
		if !s.shutdown.Load() {
			err = ErrExitWithoutShutdown
		}
		select {
		case s.exited <- err:
		default: // exit was sent before
		}
		return nil, nil
	case s.shutdown.Load() && isRequest:
		return nil, &rpcError{codeInvalidRequest, "the server is shutting down"}
	case method != protocol.MethodInitialize && !s.handler.IsInitialized():
		return nil, &rpcError{codeServerNotInitialized, "the server is not initialized"}
	}
	if len(params) == 0 || bytes.Equal(params, []byte("null")) {
		params = json.RawMessage("{}")
	}
	ctx := &glsp.Context{Method: method, Params: params, Notify: s.notify}
	r, validMethod, validParams, err := s.handler.Handle(ctx)
	switch {
	case !validMethod:
		return nil, &rpcError{codeMethodNotFound, "no method " + method}
	case !validParams:
		return nil, &rpcError{codeInvalidParams, fmt.Sprintf("the params of %s: %v", method, err)}
	case err != nil:
		return nil, &rpcError{codeRequestFailed, err.Error()}
	}
	return r, nil
}

// respond writes the response to the request with the given id (null when
// the request could not be read).
func (s *server) respond(id json.RawMessage, result any, rerr *rpcError) {
	if len(id) == 0 {
		id = json.RawMessage("null")
	}
	var resp any = struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Result  any             `json:"result"`
	}{"2.0", id, result}
	if rerr != nil {
		resp = struct {
			JSONRPC string          `json:"jsonrpc"`
			ID      json.RawMessage `json:"id"`
			Error   *rpcError       `json:"error"`
		}{"2.0", id, rerr}
	}
	body, err := json.Marshal(resp)
	if err != nil {
		s.opts.Log("writing a response: %v", err)
		return
	}
	s.write(body)
}

// notify sends a notification to the client.
func (s *server) notify(method string, params any) {
	body, err := json.Marshal(struct {
		JSONRPC string `json:"jsonrpc"`
		Method  string `json:"method"`
		Params  any    `json:"params"`
	}{"2.0", method, params})
	if err != nil {
		s.opts.Log("writing %s: %v", method, err)
		return
	}
	s.write(body)
}

// request sends a request to the client, whose response is not awaited.
func (s *server) request(method string, params any) {
	body, err := json.Marshal(struct {
		JSONRPC string `json:"jsonrpc"`
		ID      string `json:"id"`
		Method  string `json:"method"`
		Params  any    `json:"params"`
	}{"2.0", fmt.Sprintf("guides-%d", s.nextID.Add(1)), method, params})
	if err != nil {
		s.opts.Log("writing %s: %v", method, err)
		return
	}
	s.write(body)
}

func (s *server) write(body []byte) {
	if err := s.out.write(body); err != nil {
		s.opts.Log("writing to the client: %v", err)
	}
}
