package frontmatter

import (
	"strconv"
	"strings"
)

// Pos is a position in a file: a 1-based line and a 1-based column counted
// in bytes. It has the layout of guides.Pos, so that one converts to the
// other.
type Pos struct {
	Line int
	Col  int
}

// String formats the position as "line:col".
func (p Pos) String() string { return strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Col) }

// Kind is the type of a YAML value, resolved by the YAML 1.2 core schema.
type Kind uint8

// The kinds of values.
const (
	Null Kind = iota
	Bool
	Int
	Float
	String
	List
	Map
)

var kindNames = [...]string{"null", "a boolean", "an integer", "a number", "a string", "a list", "a mapping"}

// String names the kind with its article, for messages: "a string".
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Node is one YAML value with its position.
type Node struct {
	Kind Kind
	// Text is a scalar's value: unquoted and unescaped for strings, the
	// literal as written for booleans and numbers, empty for null.
	Text string
	// Quoted reports that a string was written in quotes or as a block
	// scalar, so it is a string whatever it looks like.
	Quoted bool
	Pos    Pos
	Items  []Node  // the items of a List
	Fields []Field // the entries of a Map, in source order
}

// Field is one key and its value in a mapping.
type Field struct {
	Key    string
	KeyPos Pos
	Value  Node
}

// IsScalar reports whether the node is neither a list nor a mapping.
func (n *Node) IsScalar() bool { return n.Kind < List }

// Int64 returns the value of an Int node: decimal, or with a 0x, 0o or 0b
// prefix, with an optional sign.
func (n *Node) Int64() (int64, error) {
	s := n.Text
	neg := false
	switch {
	case strings.HasPrefix(s, "-"):
		neg, s = true, s[1:]
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	base := 10
	if len(s) > 2 && s[0] == '0' {
		switch s[1] {
		case 'x', 'X':
			base, s = 16, s[2:]
		case 'o', 'O':
			base, s = 8, s[2:]
		case 'b', 'B':
			base, s = 2, s[2:]
		}
	}
	s = strings.ReplaceAll(s, "_", "")
	u, err := strconv.ParseUint(s, base, 64)
	if err != nil {
		return 0, err
	}
	if neg {
		if u > 1<<63 {
			return 0, strconv.ErrRange
		}
		return -int64(u), nil
	}
	if u > 1<<63-1 {
		return 0, strconv.ErrRange
	}
	return int64(u), nil
}

// Lookup returns the value of key in fields, or nil.
func Lookup(fields []Field, key string) *Node {
	for i := range fields {
		if fields[i].Key == key {
			return &fields[i].Value
		}
	}
	return nil
}
