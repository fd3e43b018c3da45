package archtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// openers are the functions of package os that open a file by a path. A
// path that comes from a collection's data or settings must go through
// the collection's confined root (internal/rootfs, and atomicfile.WriteIn
// over its os.Root), which no symbolic link leads out of and which opens no
// FIFO; these open whatever the path names.
var openers = []string{"Open", "Create", "ReadFile", "WriteFile", "OpenFile", "CreateTemp", "DirFS"}

// doors are the calls of openers that the module may make, outside tests:
// each names the package, the function (with its receiver) and the
// function of os called, with why its path comes from neither a
// collection's data nor its settings, or how it is kept safe. A call that
// is not here fails TestDoors; so does an entry that no call matches, so
// that the list stays true.
var doors = map[string]string{
	// The output folder: the user names it, and Replace writes only into
	// the staging folder it has just made inside the folder's parent.
	"internal/outdir (*Folder).create os.OpenFile": "a file of the staging folder Replace made, by a path checked to stay inside it",
	"internal/outdir claim os.OpenFile":            "the marker file of a folder Replace made or replaces, never through a link",
	"internal/outdir stale os.OpenFile":            "the marker file of a folder Replace left, never through a link",
	// The search index spills to unnamed files of the temporary folder.
	"internal/search newTempFile os.CreateTemp": "a spill file of the index in the temporary folder, removed at once",
	// A server keeps the collection's files it read, and the search index
	// it serves, in files of its own in the temporary folder.
	"internal/app newPack os.CreateTemp":                "the server's pack of file versions, an unnamed temporary file",
	"internal/site NewSearchIndex os.CreateTemp":        "the texts of the server's search index, in the folder it made with MkdirTemp",
	"internal/site newWholeIndex os.CreateTemp":         "the documents of the server's search index, in the folder it made with MkdirTemp",
	"internal/site (*SearchIndex).write os.CreateTemp":  "the pack of the server's search index files, in the folder it made with MkdirTemp, unnamed at once",
	"internal/site (*wholeIndex).newKept os.CreateTemp": "the index the server's search index keeps for its next update, in the folder it made with MkdirTemp, unnamed at once",
	// git names the file of a shallow clone's boundary in its own folder,
	// which git itself reads on every command before this one.
	"internal/gitlog shallowness os.ReadFile": "the shallow file of the repository's git folder, as git names it",
	// Helpers of tests and programs of benchmarks: their paths are their
	// own or their flags'.
	"internal/golden CheckFile os.WriteFile":               "a golden file of a test, under -update",
	"internal/golden CheckFile os.ReadFile":                "a golden file of a test",
	"internal/golden (*Archive).Check os.WriteFile":        "a golden archive of a test, under -update",
	"internal/testenv Axe os.ReadFile":                     "axe-core, from the tools folder of the repository",
	"internal/cmd/floor writeFloor.func1 os.ReadFile":      "a file of the benchmark's own collection",
	"internal/cmd/hostile main os.WriteFile":               "the collections the benchmark writes, under -o",
	"internal/cmd/linkbench writeCollection os.WriteFile":  "the collection the benchmark writes, in its own temporary folder",
	"internal/cmd/searchbench readQueries os.Open":         "the benchmark's file of queries, under -queries",
	"internal/cmd/searchbench loadAverage os.ReadFile":     "/proc/loadavg, printed with the benchmark's times",
	"internal/cmd/searchbench (*server).serve os.ReadFile": "a file of the built site the benchmark serves to the browser, under -site",
	"internal/cmd/synth write.func1 os.WriteFile":          "the collection the program writes, under -o",
}

// TestDoors reads every Go file of the module, tests aside, and checks
// that each call of a function of os that opens a file by its path is one
// of doors.
func TestDoors(t *testing.T) {
	found := map[string]bool{}
	err := filepath.WalkDir("../..", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != "../.." && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		rel, err := filepath.Rel("../..", filepath.Dir(p))
		if err != nil {
			return err
		}
		for _, call := range openCalls(t, p) {
			key := filepath.ToSlash(rel) + " " + call.key
			if rel == "." {
				key = "(root) " + call.key
			}
			found[key] = true
			if _, ok := doors[key]; !ok {
				t.Errorf("%s: %s calls os.%s: open files of a collection through its root (internal/rootfs, atomicfile.WriteIn), or, if the path comes from neither data nor settings, add %q to doors in internal/archtest/doors_test.go, saying why", call.pos, call.fn, call.os, key)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var stale []string
	for key := range doors {
		if !found[key] {
			stale = append(stale, key)
		}
	}
	slices.Sort(stale)
	for _, key := range stale {
		t.Errorf("doors names %q, which no call matches: remove it from internal/archtest/doors_test.go", key)
	}
}

// openCall is a call of one of openers.
type openCall struct {
	pos    string // file:line
	fn, os string // the function that calls, and the function of os called
	key    string // fn and "os."+os, as doors names them
}

// openCalls parses the Go file at p and returns its calls of openers,
// whatever name it imports package os by.
func openCalls(t *testing.T, p string) []openCall {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	osName := ""
	for _, imp := range f.Imports {
		if v, _ := strconv.Unquote(imp.Path.Value); v == "os" {
			osName = "os"
			if imp.Name != nil {
				osName = imp.Name.Name
			}
		}
	}
	if osName == "" {
		return nil
	}
	var calls []openCall
	// walk finds the calls in the body of the function named fn; the
	// function literals in it are named fn.func1, fn.func2, … in order, as
	// the compiler names them.
	var walk func(body ast.Node, fn string)
	walk = func(body ast.Node, fn string) {
		lits := 0
		ast.Inspect(body, func(n ast.Node) bool {
			if lit, ok := n.(*ast.FuncLit); ok && n != body {
				lits++
				walk(lit, fn+".func"+strconv.Itoa(lits))
				return false
			}
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == osName && slices.Contains(openers, sel.Sel.Name) {
				pos := fset.Position(call.Pos())
				calls = append(calls, openCall{
					pos: path.Base(filepath.ToSlash(pos.Filename)) + ":" + strconv.Itoa(pos.Line),
					fn:  fn, os: sel.Sel.Name, key: fn + " os." + sel.Sel.Name,
				})
			}
			return true
		})
	}
	for _, decl := range f.Decls {
		if fd, ok := decl.(*ast.FuncDecl); ok && fd.Body != nil {
			walk(fd.Body, funcName(fd))
		}
	}
	return calls
}

// funcName names a function as doors does: "Replace", "(*Folder).create".
func funcName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	typ := fd.Recv.List[0].Type
	star := ""
	if s, ok := typ.(*ast.StarExpr); ok {
		star, typ = "*", s.X
	}
	if ix, ok := typ.(*ast.IndexExpr); ok {
		typ = ix.X
	}
	if id, ok := typ.(*ast.Ident); ok {
		return "(" + star + id.Name + ")." + fd.Name.Name
	}
	return fd.Name.Name
}

// TestOpenCalls checks that openCalls finds calls of openers by any name
// of package os, in methods and in function literals, and nothing else.
func TestOpenCalls(t *testing.T) {
	src := `package p

import sys "os"

type cache struct{}

func (c *cache) load(p string) {
	sys.ReadFile(p)
	func() { sys.OpenFile(p, 0, 0) }()
	sys.Stat(p)
}

func save(p string) { defer func() {}(); go func() { sys.WriteFile(p, nil, 0) }() }
`
	p := filepath.Join(t.TempDir(), "p.go")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range openCalls(t, p) {
		got = append(got, c.key)
	}
	want := []string{"(*cache).load os.ReadFile", "(*cache).load.func1 os.OpenFile", "save.func2 os.WriteFile"}
	if !slices.Equal(got, want) {
		t.Errorf("openCalls = %q, want %q", got, want)
	}
}
