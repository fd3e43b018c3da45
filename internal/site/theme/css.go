package theme

import (
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// cssFiles checks every stylesheet of layouts/assets/.
func cssFiles(fsys fs.FS) [][]Problem {
	var out [][]Problem
	dir := Dir + "/assets"
	_ = fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && p != dir && strings.HasPrefix(d.Name(), ".") {
			return fs.SkipDir
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") || !strings.EqualFold(path.Ext(p), ".css") {
			return nil
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil // the layout rules report what cannot be read
		}
		out = append(out, CheckCSS(p, src))
		return nil
	})
	return out
}

// CheckCSS checks the syntax of a stylesheet as far as a browser's
// reading of it depends on it: every comment and string is closed, and
// every bracket, parenthesis and brace is closed by its own kind, in
// order. A browser drops what follows such an error, often the rest of
// the file, without a word.
func CheckCSS(name string, src []byte) []Problem {
	type open struct {
		c         byte
		line, col int
	}
	var stack []open
	var problems []Problem
	line, col := 1, 1
	pair := map[byte]byte{'}': '{', ')': '(', ']': '['}
	for i := 0; i < len(src); i++ {
		c := src[i]
		startLine, startCol := line, col
		switch {
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			end := strings.Index(string(src[i+2:]), "*/")
			if end < 0 {
				problems = append(problems, Problem{name, startLine, startCol, "css: this comment is not closed with */"})
				i = len(src)
				continue
			}
			line, col = advance(src[i:i+2+end+2], line, col)
			i += 2 + end + 1
			continue
		case c == '"' || c == '\'':
			j := i + 1
			for ; j < len(src) && src[j] != c && src[j] != '\n'; j++ {
				if src[j] == '\\' {
					j++
				}
			}
			if j >= len(src) || src[j] != c {
				problems = append(problems, Problem{name, startLine, startCol, fmt.Sprintf("css: this string is not closed with %c on its line", c)})
			}
			line, col = advance(src[i:min(j+1, len(src))], line, col)
			i = j
			continue
		case c == '{' || c == '(' || c == '[':
			stack = append(stack, open{c, line, col})
		case c == '}' || c == ')' || c == ']':
			if len(stack) == 0 || stack[len(stack)-1].c != pair[c] {
				problems = append(problems, Problem{name, line, col, fmt.Sprintf("css: %c closes nothing that is open", c)})
			} else {
				stack = stack[:len(stack)-1]
			}
		}
		line, col = advance(src[i:i+1], line, col)
	}
	for _, o := range stack {
		problems = append(problems, Problem{name, o.line, o.col, fmt.Sprintf("css: this %c is not closed", o.c)})
	}
	return problems
}

// advance returns the line and column after b, from line and col.
func advance(b []byte, line, col int) (int, int) {
	for _, c := range b {
		if c == '\n' {
			line, col = line+1, 1
		} else if c < 0x80 || c >= 0xC0 {
			col++
		}
	}
	return line, col
}
