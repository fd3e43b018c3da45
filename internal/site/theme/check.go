package theme

import (
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/template/parse"
	"unicode/utf8"
)

// Problem is something wrong with a file of layouts/: Path is the file's
// path from the collection's root, Line and Col where in it (1-based).
type Problem struct {
	Path      string
	Line, Col int
	Msg       string
}

// Check reads the templates (*.html) and stylesheets (assets/*.css) of the
// layouts/ folder of the collection at fsys, and returns what is wrong
// with them: a syntax error; a block the theme does not have, that no
// template uses either (often a misspelt name); a template no page can
// run, such as one that names a field the values it is given do not have;
// a stylesheet whose comments, strings, brackets or braces are not
// closed. A missing layouts/ folder has nothing wrong with it.
func Check(fsys fs.FS) []Problem {
	var problems []Problem
	trees := map[string]*parse.Tree{} // the collection's, by template name
	files := map[string]string{}      // the file each template came from
	srcs := map[string]string{}       // the text of each file
	byKind := map[string][]string{}   // the collection's templates of one kind of page
	for _, f := range layoutTemplates(fsys) {
		srcs[f.path] = f.src
		if f.err != nil {
			problems = append(problems, syntaxProblem(f.path, f.err))
			continue
		}
		for tname, tree := range f.trees {
			if slices.Contains(Kinds(), f.kind) {
				byKind[f.kind] = append(byKind[f.kind], tname)
			}
			trees[f.kind+"\x00"+tname] = tree
			files[tname] = f.path
		}
	}
	for _, css := range cssFiles(fsys) {
		problems = append(problems, css...)
	}
	if len(srcs) > 0 {
		// The theme's own templates are checked by its tests
		// (TestEmbeddedThemeChecks): with nothing of the collection's
		// among them there is nothing to learn here, and parsing them
		// all would be most of the README job's time.
		problems = append(problems, checkTrees(trees, files, srcs)...)
	}
	sort.SliceStable(problems, func(i, j int) bool {
		a, b := problems[i], problems[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	return slices.CompactFunc(problems, func(a, b Problem) bool { return a == b })
}

// checkTrees checks the collection's templates against the theme's, for
// every kind of page: each is run, in thought, from "base" with a *Page.
func checkTrees(trees map[string]*parse.Tree, files, srcs map[string]string) []Problem {
	var problems []Problem
	used := map[string]bool{}
	for _, kind := range Kinds() {
		set := embeddedTrees(kind)
		for key, tree := range trees {
			k, name, _ := strings.Cut(key, "\x00")
			if !slices.Contains(Kinds(), k) || k == kind {
				set[name] = tree
			}
		}
		c := &checker{trees: set, files: files, srcs: srcs, seen: map[string]bool{}, used: used}
		c.template("base", reflect.TypeFor[*Page](), nil)
		problems = append(problems, c.problems...)
	}
	known := blockNames()
	for _, kind := range Kinds() {
		for name := range embeddedTrees(kind) {
			known = append(known, name)
		}
	}
	for tname, p := range files {
		if slices.Contains(known, tname) || used[tname] {
			continue
		}
		msg := fmt.Sprintf("the theme has no block %q, and no template uses it", tname)
		if s := closest(tname, known); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		line, col := definePos(srcs[p], tname)
		problems = append(problems, Problem{Path: p, Line: line, Col: col, Msg: msg + " (guides theme lists the blocks)"})
	}
	return problems
}

// definePos returns where src defines the template name: the line and
// column of its quoted name.
func definePos(src, name string) (int, int) {
	re := regexp.MustCompile(`\{\{-?\s*(?:define|block)\s+(` + regexp.QuoteMeta(strconv.Quote(name)) + `)`)
	m := re.FindStringSubmatchIndex(src)
	if m == nil {
		return 1, 1
	}
	off := m[2]
	return 1 + strings.Count(src[:off], "\n"), 1 + utf8.RuneCountInString(src[strings.LastIndex(src[:off], "\n")+1:off])
}

// embeddedTrees parses the theme's templates of one kind of page.
func embeddedTrees(kind string) map[string]*parse.Tree {
	set := map[string]*parse.Tree{}
	for _, name := range append(Shared(), kind+".html") {
		src, err := fs.ReadFile(Files, name)
		if err != nil {
			panic(err) // embedded
		}
		parsed, err := parse.Parse(name, string(src), "{{", "}}", parseFuncs())
		if err != nil {
			panic(err) // embedded, and tested
		}
		for tname, tree := range parsed {
			if tname != name {
				set[tname] = tree
			}
		}
	}
	return set
}

// syntaxProblem turns a parse error into a problem at its position.
func syntaxProblem(p string, err error) Problem {
	msg := err.Error()
	line, col := 1, 1
	if m := errPos.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		if m[2] != "" {
			col, _ = strconv.Atoi(m[2])
		}
		msg = strings.TrimSpace(msg[len(m[0]):])
	}
	return Problem{Path: p, Line: line, Col: col, Msg: "template: " + msg}
}

// errPos finds the position in a parse error: "template: NAME:LINE:COL: "
// or "template: NAME:LINE: ".
var errPos = regexp.MustCompile(`^template: [^:]*:(\d+):(?:(\d+):)?`)

// location returns where a node of a tree is: its file, line and column.
func location(t *parse.Tree, n parse.Node) (string, int, int) {
	loc, _ := t.ErrorContext(n)
	parts := strings.Split(loc, ":")
	if len(parts) < 3 {
		return t.ParseName, 1, 1
	}
	line, _ := strconv.Atoi(parts[len(parts)-2])
	col, _ := strconv.Atoi(parts[len(parts)-1])
	return strings.Join(parts[:len(parts)-2], ":"), line, col + 1
}

// closest returns the name of names nearest to s, if one is near.
func closest(s string, names []string) string {
	best, bestD := "", 3
	for _, n := range names {
		if d := distance(s, n); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

// distance is the edit distance of two short strings, a swap of two
// letters side by side counting as one edit (Titel, Title).
func distance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// Overrides returns the templates the files of the layouts/ folder of the
// collection at fsys define, each with the file that defines it; a
// template defined by a file of one kind of page is named KIND/NAME
// (guide/main). Files that do not parse are left out: Check reports them.
func Overrides(fsys fs.FS) map[string]string {
	out := map[string]string{}
	for _, f := range layoutTemplates(fsys) {
		for tname := range f.trees {
			if slices.Contains(Kinds(), f.kind) {
				tname = f.kind + "/" + tname
			}
			out[tname] = f.path
		}
	}
	return out
}

// layoutTemplate is a template file of the layouts/ folder, parsed.
type layoutTemplate struct {
	path, kind, src string // kind: the file's name without .html
	// trees are the templates it defines, without the text outside
	// them; err is why it does not parse.
	trees map[string]*parse.Tree
	err   error
}

// layoutTemplates reads and parses the template files (*.html) of the
// layouts/ folder of the collection at fsys, in the order of their names.
// A file that cannot be read is left out: the layout rules report it.
func layoutTemplates(fsys fs.FS) []layoutTemplate {
	entries, err := fs.ReadDir(fsys, Dir)
	if err != nil {
		return nil
	}
	var out []layoutTemplate
	for _, e := range entries {
		name := e.Name()
		p := Dir + "/" + name
		if e.IsDir() || strings.HasPrefix(name, ".") || path.Ext(name) != ".html" {
			continue
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			continue
		}
		f := layoutTemplate{path: p, kind: strings.TrimSuffix(name, ".html"), src: string(src)}
		f.trees, f.err = parse.Parse(p, f.src, "{{", "}}", parseFuncs())
		delete(f.trees, p) // the file's text outside its definitions
		out = append(out, f)
	}
	return out
}
