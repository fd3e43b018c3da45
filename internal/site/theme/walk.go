package theme

import (
	"fmt"
	"reflect"
	"strings"
	"text/template/parse"
	"unicode/utf8"
)

// checker follows the templates of one kind of page from "base", with the
// type of the value each is given, as running them would, and notes every
// field or method that the value does not have and every template that is
// not there. A type it cannot know (what index returns, an interface) is
// nil, and what is reached through it is not checked.
type checker struct {
	trees    map[string]*parse.Tree
	files    map[string]string // the collection's templates, by name
	srcs     map[string]string // the text of each file of layouts/, by path
	seen     map[string]bool   // template name and type, checked already
	used     map[string]bool   // the templates a template runs
	problems []Problem
	// caller is the place in a file of layouts/ that ran the theme's
	// template being checked: a problem in it is the caller's.
	caller *Problem
}

// scope is what a part of a template sees: dot, and its variables.
type scope struct {
	dot  reflect.Type
	vars map[string]reflect.Type
}

// inner returns a scope for a nested part, whose variables end with it.
func (s scope) inner() scope {
	vars := make(map[string]reflect.Type, len(s.vars))
	for k, v := range s.vars {
		vars[k] = v
	}
	return scope{dot: s.dot, vars: vars}
}

// template checks the template name run with a value of type dot; from
// is the place that runs it, when that is in a file of layouts/.
func (c *checker) template(name string, dot reflect.Type, from *Problem) {
	c.used[name] = true
	t := c.trees[name]
	if t == nil {
		return
	}
	key := name + "\x00" + fmt.Sprint(dot)
	if c.seen[key] {
		return
	}
	c.seen[key] = true
	saved := c.caller
	if strings.HasPrefix(t.ParseName, Dir+"/") {
		c.caller = nil
	} else if from != nil {
		c.caller = from
	}
	c.list(t, t.Root, scope{dot: dot, vars: map[string]reflect.Type{"$": dot}})
	c.caller = saved
}

func (c *checker) list(t *parse.Tree, l *parse.ListNode, s scope) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		c.node(t, n, s)
	}
}

func (c *checker) node(t *parse.Tree, n parse.Node, s scope) {
	switch n := n.(type) {
	case *parse.ActionNode:
		c.pipe(t, n.Pipe, s, true)
	case *parse.IfNode:
		in := s.inner()
		c.pipe(t, n.Pipe, in, true)
		c.list(t, n.List, in)
		c.list(t, n.ElseList, s.inner())
	case *parse.WithNode:
		in := s.inner()
		in.dot = c.pipe(t, n.Pipe, in, true)
		c.list(t, n.List, in)
		c.list(t, n.ElseList, s.inner())
	case *parse.RangeNode:
		in := s.inner()
		typ := c.pipe(t, n.Pipe, in, false)
		key, elem, ok := rangeTypes(typ)
		if !ok {
			c.report(t, n.Pipe, "", "range cannot go over %s", describe(typ))
		}
		switch len(n.Pipe.Decl) {
		case 1:
			in.vars[n.Pipe.Decl[0].Ident[0]] = elem
		case 2:
			in.vars[n.Pipe.Decl[0].Ident[0]] = key
			in.vars[n.Pipe.Decl[1].Ident[0]] = elem
		}
		in.dot = elem
		c.list(t, n.List, in)
		c.list(t, n.ElseList, s.inner())
	case *parse.TemplateNode:
		var dot reflect.Type
		if n.Pipe != nil {
			dot = c.pipe(t, n.Pipe, s, true)
		}
		if c.trees[n.Name] == nil {
			c.report(t, n, fmt.Sprintf("%q", n.Name), "no template is named %q", n.Name)
			return
		}
		var from *Problem
		if p, line, col := c.place(t, n, ""); strings.HasPrefix(p, Dir+"/") {
			from = &Problem{Path: p, Line: line, Col: col}
		}
		c.template(n.Name, dot, from)
	}
}

// pipe checks a pipeline and returns the type of its value; with decl,
// the variables it declares take that type.
func (c *checker) pipe(t *parse.Tree, p *parse.PipeNode, s scope, decl bool) reflect.Type {
	if p == nil {
		return nil
	}
	var typ reflect.Type
	for _, cmd := range p.Cmds {
		typ = c.command(t, cmd, s)
	}
	if decl {
		for _, v := range p.Decl {
			s.vars[v.Ident[0]] = typ
		}
	}
	return typ
}

// command checks a command and returns the type of its value.
func (c *checker) command(t *parse.Tree, cmd *parse.CommandNode, s scope) reflect.Type {
	for _, a := range cmd.Args[1:] {
		c.arg(t, a, s)
	}
	return c.arg(t, cmd.Args[0], s)
}

// arg checks an operand and returns its type.
func (c *checker) arg(t *parse.Tree, n parse.Node, s scope) reflect.Type {
	switch n := n.(type) {
	case *parse.DotNode:
		return s.dot
	case *parse.FieldNode:
		return c.fields(t, n, s.dot, n.Ident)
	case *parse.ChainNode:
		return c.fields(t, n, c.arg(t, n.Node, s), n.Field)
	case *parse.VariableNode:
		return c.fields(t, n, s.vars[n.Ident[0]], n.Ident[1:])
	case *parse.IdentifierNode:
		return funcResult(n.Ident)
	case *parse.PipeNode:
		return c.pipe(t, n, s.inner(), true)
	case *parse.StringNode:
		return reflect.TypeFor[string]()
	case *parse.BoolNode:
		return reflect.TypeFor[bool]()
	case *parse.NumberNode:
		if n.IsInt {
			return reflect.TypeFor[int]()
		}
		return reflect.TypeFor[float64]()
	}
	return nil
}

// fields follows the fields or methods names from a value of type typ,
// and returns the type of the last.
func (c *checker) fields(t *parse.Tree, n parse.Node, typ reflect.Type, names []string) reflect.Type {
	for _, name := range names {
		if typ == nil {
			return nil
		}
		next, ok := member(typ, name)
		if !ok {
			msg := fmt.Sprintf("%s has no field or method %s", describe(typ), name)
			if s := closest(name, members(typ)); s != "" {
				msg += fmt.Sprintf("; did you mean %s?", s)
			}
			c.report(t, n, "."+name, "%s", msg)
			return nil
		}
		typ = next
	}
	return typ
}

// report notes a problem at the node n of the tree t, at the text what in
// it when it has that text: in a file of layouts/, where it is; in the
// theme's, at the place that ran it.
func (c *checker) report(t *parse.Tree, n parse.Node, what, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	p, line, col := c.place(t, n, what)
	if !strings.HasPrefix(p, Dir+"/") {
		if c.caller == nil {
			return
		}
		msg = fmt.Sprintf("the theme's %q, run here, cannot run with this value: %s", t.Name, msg)
		p, line, col = c.caller.Path, c.caller.Line, c.caller.Col
	}
	c.problems = append(c.problems, Problem{Path: p, Line: line, Col: col, Msg: "template: " + msg})
}

// member returns the type of the field or method name of a value of type
// typ, or nil when it cannot be known; ok is false when there is none.
func member(typ reflect.Type, name string) (reflect.Type, bool) {
	if typ.Kind() == reflect.Interface {
		return nil, true
	}
	for _, mt := range []reflect.Type{typ, reflect.PointerTo(typ)} {
		if m, ok := mt.MethodByName(name); ok {
			if m.Type.NumOut() == 0 {
				return nil, true
			}
			return m.Type.Out(0), true
		}
	}
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	switch typ.Kind() {
	case reflect.Struct:
		if f, ok := typ.FieldByName(name); ok && f.IsExported() {
			return f.Type, true
		}
	case reflect.Map:
		return typ.Elem(), true
	case reflect.Interface:
		return nil, true
	}
	return nil, false
}

// members returns the names of the exported fields and methods of typ.
func members(typ reflect.Type) []string {
	var names []string
	for _, mt := range []reflect.Type{typ, reflect.PointerTo(typ)} {
		for i := range mt.NumMethod() {
			names = append(names, mt.Method(i).Name)
		}
	}
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	if typ.Kind() == reflect.Struct {
		for _, f := range reflect.VisibleFields(typ) {
			if f.IsExported() {
				names = append(names, f.Name)
			}
		}
	}
	return names
}

// describe names a type for a message: "a Guide", "a []Item", "a string".
func describe(typ reflect.Type) string {
	if typ == nil {
		return "a value"
	}
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	return "a value of type " + strings.TrimPrefix(typ.String(), "theme.")
}

// place returns the file, line and column of the node n of the tree t,
// or of the text what in it.
func (c *checker) place(t *parse.Tree, n parse.Node, what string) (string, int, int) {
	p, line, col := location(t, n)
	src, ok := c.srcs[p]
	if !ok {
		return p, line, col
	}
	off, text := int(n.Position()), n.String()
	if what == "" {
		what = text
	}
	// A node's position is where the parser took it: for a chain of
	// fields, its second one. Its text starts a little before.
	from := max(0, off-len(text)-8)
	if i := strings.Index(src[from:min(len(src), off+len(text)+8)], text); i >= 0 {
		off = from + i
		if j := strings.Index(text, what); j >= 0 {
			off += j
		}
	}
	line = 1 + strings.Count(src[:off], "\n")
	col = 1 + utf8.RuneCountInString(src[strings.LastIndex(src[:off], "\n")+1:off])
	return p, line, col
}

// rangeTypes returns the types of the keys and elements a range over a
// value of type typ gives; ok is false when it cannot go over one.
func rangeTypes(typ reflect.Type) (key, elem reflect.Type, ok bool) {
	if typ == nil {
		return nil, nil, true
	}
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	switch typ.Kind() {
	case reflect.Slice, reflect.Array:
		return reflect.TypeFor[int](), typ.Elem(), true
	case reflect.Map:
		return typ.Key(), typ.Elem(), true
	case reflect.Int:
		return typ, typ, true
	case reflect.Interface, reflect.Chan, reflect.Func:
		return nil, nil, true
	}
	return nil, nil, false
}

// funcResult returns the type of the value of the function name, or nil.
func funcResult(name string) reflect.Type {
	if f, ok := Funcs()[name]; ok {
		if ft := reflect.TypeOf(f); ft.NumOut() > 0 {
			return ft.Out(0)
		}
	}
	switch name {
	case "not", "eq", "ne", "lt", "le", "gt", "ge":
		return reflect.TypeFor[bool]()
	case "len":
		return reflect.TypeFor[int]()
	case "print", "printf", "println", "html", "js", "urlquery":
		return reflect.TypeFor[string]()
	}
	return nil
}

// parseFuncs are the functions the parser accepts: the theme's and the
// template language's own.
func parseFuncs() map[string]any {
	funcs := Funcs()
	for _, name := range []string{"and", "or", "not", "len", "index", "slice", "print", "printf", "println", "html", "js", "urlquery", "call", "eq", "ne", "lt", "le", "gt", "ge"} {
		funcs[name] = fmt.Sprint
	}
	return funcs
}
