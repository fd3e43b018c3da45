package frontmatter

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"github.com/visual-guides/guides/internal/textctl"
)

// Parse parses front matter: a YAML mapping, or nothing at all. firstLine is
// the line of the file on which front starts, so that positions name lines
// of the file. An empty front matter gives no fields and no error. Errors
// are *Error.
func Parse(front []byte, firstLine int) ([]Field, error) {
	var p Parser
	return p.parse(string(front), front, firstLine)
}

// Parser parses many front matters one after the other, reusing its memory:
// a loader keeps one per goroutine. The zero value is ready to use.
type Parser struct {
	fields []Field
	items  []Node
}

// ParseString parses front as Parse does, reusing the Parser's memory: the
// fields and the strings in them may point into front and into that
// memory, so they are valid only until the Parser is used again. Callers
// copy what they keep.
func (p *Parser) ParseString(front string, firstLine int) ([]Field, error) {
	return p.parse(front, nil, firstLine)
}

// parse parses src, whose bytes front holds when it is not nil. The
// limits are checked first: the fast path counts keys as it goes, and its
// shapes nest two deep at most; anything else is scanned before the
// library parses it, from a copy of src when front is nil.
func (p *Parser) parse(src string, front []byte, firstLine int) ([]Field, error) {
	if err := checkSize(src, firstLine); err != nil {
		return nil, err
	}
	if fields, ok := p.parseFast(src, firstLine); ok {
		if len(fields) > MaxKeys {
			f := fields[MaxKeys]
			return nil, tooManyKeys(f.KeyPos.Line, f.KeyPos.Col, defaultLimits)
		}
		return fields, nil
	}
	if err := checkLimits(src, firstLine, defaultLimits); err != nil {
		return nil, err
	}
	if front == nil {
		front = []byte(src)
	}
	return parseYAML(front, firstLine)
}

// parseYAML parses front matter with the YAML library, which handles all of
// YAML.
func parseYAML(front []byte, firstLine int) (fields []Field, err error) {
	defer func() {
		// The YAML library is not ours; a panic on hostile input becomes
		// an error about that input instead of a crash.
		if r := recover(); r != nil {
			fields, err = nil, &Error{Pos: Pos{Line: firstLine, Col: 1}, Msg: textctl.Printable(fmt.Sprintf("invalid YAML: the parser failed: %v", r))}
		}
	}()
	if bytes.Contains(front, []byte("\r\n")) {
		// YAML reads a line break as "\n" wherever it is in a scalar, so
		// this changes no value; but the library counts a comment ending
		// in CRLF as two lines, and would place everything after it on
		// the wrong line.
		front = bytes.ReplaceAll(front, []byte("\r\n"), []byte("\n"))
	}
	// Duplicate keys are found below, with positions in the file.
	file, err := parser.ParseBytes(front, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		return nil, syntaxError(err, front, firstLine)
	}
	c := converter{lineOffset: firstLine - 1}
	var root *Node
	for _, doc := range file.Docs {
		if doc == nil || doc.Body == nil {
			continue
		}
		if root != nil {
			return nil, &Error{Pos: c.pos(doc.Body), Msg: "front matter holds more than one YAML document"}
		}
		n, err := c.convert(doc.Body)
		if err != nil {
			return nil, err
		}
		root = &n
	}
	switch {
	case root == nil:
		return nil, nil
	case root.Kind != Map:
		if f, ok := findFix(front, root.Pos.Line-firstLine+1); ok && root.Kind == String {
			// "key:value" alone reads as one string.
			return nil, f.error(firstLine)
		}
		return nil, &Error{Pos: root.Pos, Msg: fmt.Sprintf("front matter must be a mapping of keys to values, not %s", root.Kind)}
	}
	return root.Fields, nil
}

// syntaxError turns an error of the YAML library into an *Error. When one
// of the mistakes people make explains it, the message says how to mend
// the line (see findFix); otherwise it is the library's, with control
// characters escaped.
func syntaxError(err error, front []byte, firstLine int) error {
	pos, msg := Pos{Line: firstLine, Col: 1}, err.Error()
	var ye yaml.Error
	if errors.As(err, &ye) {
		msg = ye.GetMessage()
		if tk := ye.GetToken(); tk != nil && tk.Position != nil {
			pos = Pos{Line: tk.Position.Line + firstLine - 1, Col: tk.Position.Column}
		}
	}
	if f, ok := findFix(front, pos.Line-firstLine+1); ok {
		return f.error(firstLine)
	}
	return &Error{Pos: pos, Msg: "invalid YAML: " + requote(textctl.Printable(msg))}
}

// requote writes the library's quotes around a character or a token,
// such as ']' or '\t', as Go does, "]": every message of guides quotes
// one way.
func requote(msg string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(msg, '\'')
		if i < 0 {
			break
		}
		j := strings.IndexByte(msg[i+1:], '\'')
		if j < 0 || j > 4 || j == 0 {
			b.WriteString(msg[:i+1])
			msg = msg[i+1:]
			continue
		}
		b.WriteString(msg[:i])
		b.WriteByte('"')
		b.WriteString(strings.ReplaceAll(msg[i+1:i+1+j], `"`, `\"`))
		b.WriteByte('"')
		msg = msg[i+2+j:]
	}
	return b.String() + msg
}

// converter turns the YAML library's syntax tree into Nodes.
type converter struct {
	lineOffset int
	anchors    map[string]Node
	depth      int
}

// maxDepth bounds nesting, so that hostile input cannot exhaust the stack.
const maxDepth = 100

func (c *converter) pos(n ast.Node) Pos {
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return Pos{}
	}
	return Pos{Line: tk.Position.Line + c.lineOffset, Col: tk.Position.Column}
}

// convert turns a node of the syntax tree, and what it holds, into a Node.
func (c *converter) convert(n ast.Node) (Node, error) {
	c.depth++
	defer func() { c.depth-- }()
	if c.depth > maxDepth {
		return Node{}, &Error{Pos: c.pos(n), Msg: "front matter is nested too deeply"}
	}
	pos := c.pos(n)
	switch n := n.(type) {
	case *ast.NullNode:
		return Node{Kind: Null, Pos: pos}, nil
	case *ast.BoolNode:
		return Node{Kind: Bool, Text: n.Token.Value, Pos: pos}, nil
	case *ast.IntegerNode:
		return Node{Kind: Int, Text: n.Token.Value, Pos: pos}, nil
	case *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		return Node{Kind: Float, Text: n.GetToken().Value, Pos: pos}, nil
	case *ast.StringNode:
		t := n.Token.Type
		quoted := t == token.SingleQuoteType || t == token.DoubleQuoteType
		return Node{Kind: String, Text: n.Value, Quoted: quoted, Pos: pos}, nil
	case *ast.LiteralNode:
		text := ""
		if n.Value != nil {
			text = n.Value.Value
		}
		return Node{Kind: String, Text: text, Quoted: true, Pos: pos}, nil
	case *ast.MappingNode:
		return c.mapping(n, pos)
	case *ast.MappingValueNode:
		f, err := c.field(n)
		if err != nil {
			return Node{}, err
		}
		return Node{Kind: Map, Pos: f.KeyPos, Fields: []Field{f}}, nil
	case *ast.SequenceNode:
		return c.sequence(n, pos)
	case *ast.AnchorNode:
		return c.anchor(n, pos)
	case *ast.AliasNode:
		name := n.Value.GetToken().Value
		v, ok := c.anchors[name]
		if !ok {
			return Node{}, &Error{Pos: pos, Msg: textctl.Printable(fmt.Sprintf("invalid YAML: alias *%s names no anchor before it", name))}
		}
		return v, nil
	case *ast.TagNode:
		return c.tag(n, pos)
	case *ast.MappingKeyNode:
		return c.convertOrNull(n.Value, pos)
	case *ast.MergeKeyNode:
		return Node{Kind: String, Text: "<<", Pos: pos}, nil
	}
	return Node{}, &Error{Pos: pos, Msg: fmt.Sprintf("invalid YAML: unsupported %s", n.Type())}
}

// mapping converts a mapping at pos, whose keys must differ.
func (c *converter) mapping(n *ast.MappingNode, pos Pos) (Node, error) {
	out := Node{Kind: Map, Pos: pos, Fields: make([]Field, 0, len(n.Values))}
	var seen map[string]int // index by key, for many keys
	for _, mv := range n.Values {
		f, err := c.field(mv)
		if err != nil {
			return Node{}, err
		}
		if i := findKey(out.Fields, &seen, f.Key); i >= 0 {
			return Node{}, &Error{Pos: f.KeyPos, Msg: fmt.Sprintf("invalid YAML: key %q is written twice; the first is on line %d", f.Key, out.Fields[i].KeyPos.Line)}
		}
		out.Fields = append(out.Fields, f)
	}
	if len(n.Values) > 0 {
		out.Pos = out.Fields[0].KeyPos
	}
	return out, nil
}

// sequence converts a list at pos.
func (c *converter) sequence(n *ast.SequenceNode, pos Pos) (Node, error) {
	out := Node{Kind: List, Pos: pos, Items: make([]Node, 0, len(n.Values))}
	for _, v := range n.Values {
		item, err := c.convert(v)
		if err != nil {
			return Node{}, err
		}
		out.Items = append(out.Items, item)
	}
	return out, nil
}

// anchor converts the value an anchor at pos names, and keeps it for the
// aliases after it.
func (c *converter) anchor(n *ast.AnchorNode, pos Pos) (Node, error) {
	v, err := c.convertOrNull(n.Value, pos)
	if err != nil {
		return Node{}, err
	}
	if c.anchors == nil {
		c.anchors = make(map[string]Node)
	}
	c.anchors[n.Name.GetToken().Value] = v
	return v, nil
}

// tag converts the value of a tag at pos: "!!str" makes a scalar a
// string, as quotes would; other tags change nothing.
func (c *converter) tag(n *ast.TagNode, pos Pos) (Node, error) {
	v, err := c.convertOrNull(n.Value, pos)
	if err != nil {
		return Node{}, err
	}
	if n.Start != nil && n.Start.Value == "!!str" && v.IsScalar() {
		v.Kind, v.Quoted = String, true
	}
	return v, nil
}

// findKey returns the index of the field with the given key among fields,
// or -1, and notes that the key is about to be added at the end. A few
// fields are looked through; beyond them, an index by key is kept in
// seen, so that finding duplicates stays linear in the number of keys.
func findKey(fields []Field, seen *map[string]int, key string) int {
	const few = 8
	if len(fields) < few {
		for i := range fields {
			if fields[i].Key == key {
				return i
			}
		}
		return -1
	}
	if *seen == nil {
		*seen = make(map[string]int, 2*len(fields))
		for i := range fields {
			if _, dup := (*seen)[fields[i].Key]; !dup {
				(*seen)[fields[i].Key] = i
			}
		}
	}
	if i, ok := (*seen)[key]; ok {
		return i
	}
	(*seen)[key] = len(fields)
	return -1
}

func (c *converter) convertOrNull(n ast.Node, pos Pos) (Node, error) {
	if n == nil {
		return Node{Kind: Null, Pos: pos}, nil
	}
	return c.convert(n)
}

func (c *converter) field(mv *ast.MappingValueNode) (Field, error) {
	key, err := c.convertOrNull(mv.Key, c.pos(mv))
	if err != nil {
		return Field{}, err
	}
	if !key.IsScalar() {
		return Field{}, &Error{Pos: key.Pos, Msg: "invalid YAML: a key must be a plain value, not " + key.Kind.String()}
	}
	val, err := c.convertOrNull(mv.Value, c.pos(mv))
	if err != nil {
		return Field{}, err
	}
	if val.Kind == Null && val.Text == "" && isImplicitNull(mv.Value) {
		// "key:" with nothing after it: point at the key, not past the
		// end of the line.
		val.Pos = key.Pos
	}
	return Field{Key: key.Text, KeyPos: key.Pos, Value: val}, nil
}

func isImplicitNull(n ast.Node) bool {
	if n == nil {
		return true
	}
	tk := n.GetToken()
	return tk != nil && tk.Type == token.ImplicitNullType
}
