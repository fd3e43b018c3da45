package frontmatter

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

func TestLimits(t *testing.T) {
	manyKeys := func(n int, first string) string {
		var b strings.Builder
		b.WriteString(first)
		for i := range n {
			fmt.Fprintf(&b, "k%d: %d\n", i, i)
		}
		return b.String()
	}
	tests := []struct {
		name, src string
		want      string // "" for no limit crossed
	}{
		{"flow lists", "tags: " + strings.Repeat("[", 200) + strings.Repeat("]", 200) + "\n", "2:106: the front matter nests lists and mappings more than 100 deep"},
		{"flow mappings", "a:\n  b: " + strings.Repeat("{a: ", 150) + "1" + strings.Repeat("}", 150) + "\n", "3:398: the front matter nests lists and mappings more than 100 deep"},
		{"dashes", "tags:\n" + strings.Repeat("- ", 200) + "x\n", "3:199: the front matter nests lists and mappings more than 100 deep"},
		{"keys, fast", manyKeys(1001, ""), "1002:1: the front matter has more than 1000 keys"},
		{"keys, library", manyKeys(1001, "a: &x 1\n"), "1002:5: the front matter has more than 1000 keys"},
		{"size", "description: " + strings.Repeat("x", MaxSize) + "\n", "2:1: the front matter is 64 KiB, more than the 64 KiB front matter may be"},
		{"deep enough", "tags: " + strings.Repeat("[", 99) + strings.Repeat("]", 99) + "\n", ""},
		{"keys enough", manyKeys(999, "a: &x 1\n"), ""},
		{"brackets in quotes", "title: \"" + strings.Repeat("[", 500) + "\"\nnote: '" + strings.Repeat("{", 500) + "'\n", ""},
		{"brackets in a comment", "title: x # " + strings.Repeat("[", 500) + "\n", ""},
		{"colons in quotes", "title: \"" + strings.Repeat("a: ", 2000) + "\"\n", ""},
		{"block scalar", "description: |\n" + strings.Repeat("  "+strings.Repeat(" ", 150)+"a: [b\n", 300) + "title: x\n", ""},
		{"urls and times", "image: https://example.org/a\ncreatedAt: 2024-01-01T10:00:00Z\n" + strings.Repeat("# c: d\n", 2000), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.src), 2)
			var fe *Error
			switch {
			case tt.want == "" && errors.As(err, &fe) && fe.Limit:
				t.Errorf("limit error %v", err)
			case tt.want != "" && (!errors.As(err, &fe) || !fe.Limit || fe.Error() != tt.want):
				t.Errorf("error %v, want %s", err, tt.want)
			}
		})
	}
}

// atLimits returns front matter of each kind the limits let through, the
// largest of its kind: the benchmark shows the library parses each in
// time linear in its size.
func atLimits() map[string]string {
	var keys strings.Builder
	keys.WriteString("a: &x 1\n")
	for i := 0; i < MaxKeys-1; i++ {
		fmt.Fprintf(&keys, "k%d: [%d, %d]\n", i, i, i)
	}
	nested := "a: " + strings.Repeat("[", MaxDepth-1) + strings.Repeat("]", MaxDepth-1) + "\n"
	var nestedKeys strings.Builder
	for i := 0; nestedKeys.Len()+len(nested) < MaxSize; i++ {
		fmt.Fprintf(&nestedKeys, "k%d: %s", i, nested[3:])
	}
	return map[string]string{
		"nested":      nestedKeys.String(),
		"keys":        keys.String(),
		"long-list":   "tags: [" + strings.Repeat("a, ", MaxSize/3-10) + "b]\n",
		"block-list":  "tags:\n" + strings.Repeat("  - a\n", MaxSize/6-2),
		"aliases":     "a: &x [1, 2]\nb: [" + strings.Repeat("*x, ", MaxSize/4-10) + "1]\n",
		"long-string": "title: \"" + strings.Repeat("é\\t", MaxSize/5) + "\"\n",
	}
}

func TestAtLimitsParse(t *testing.T) {
	for name, src := range atLimits() {
		if len(src) > MaxSize {
			t.Fatalf("%s: %d bytes", name, len(src))
		}
		if _, err := parseYAMLChecked([]byte(src)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// BenchmarkParseAtLimits parses the front matter of atLimits with the
// library, after the limits are checked.
func BenchmarkParseAtLimits(b *testing.B) {
	for name, src := range atLimits() {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				parseYAMLChecked([]byte(src))
			}
		})
	}
}

// parseYAMLChecked parses as Parse does when the fast path declines.
func parseYAMLChecked(src []byte) ([]Field, error) {
	if err := checkLimits(string(src), 1, defaultLimits); err != nil {
		return nil, err
	}
	return parseYAML(src, 1)
}

// FuzzLimits checks that checkLimits never counts less nesting or fewer
// keys than the YAML library finds: with small limits, front matter it
// lets through must parse to a tree within them.
func FuzzLimits(f *testing.F) {
	for _, s := range []string{
		"a: [[1]]\n", "a:\n  - - x\n", "a: {b: {c: 1}}\n", "? a\n: b\n", "a: 'x: [y'\nb: 1\n",
		"a: |\n  b: [[[\nc: 1\n", "- a: b\n  c: d\n", "a: \"k\": 1\n", "{a: 1, b: 2}\n", "a:\n b:\n  c:\n   d: 1\n",
	} {
		f.Add(s)
	}
	lim := limits{depth: 3, keys: 4}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 4096 {
			return
		}
		if checkLimits(src, 1, lim) != nil {
			return
		}
		file, err := parser.ParseBytes([]byte(src), 0, parser.AllowDuplicateMapKey())
		if err != nil {
			return
		}
		depth, keys := 0, 0
		for _, doc := range file.Docs {
			d, k := measure(doc.Body, false)
			depth, keys = max(depth, d), keys+k
		}
		if depth > lim.depth || keys > lim.keys {
			t.Fatalf("checkLimits passed %q: the library finds depth %d, %d keys", src, depth, keys)
		}
	})
}

// measure returns the nesting depth of the lists and mappings of a YAML
// tree and its number of keys. inMap is set for the entries of a mapping,
// which are at the mapping's level.
func measure(n ast.Node, inMap bool) (depth, keys int) {
	switch n := n.(type) {
	case *ast.MappingNode:
		for _, v := range n.Values {
			d, k := measure(v, true)
			depth, keys = max(depth, d), keys+k
		}
		return depth + 1, keys
	case *ast.MappingValueNode:
		dk, kk := measure(n.Key, false)
		dv, kv := measure(n.Value, false)
		depth, keys = max(dk, dv), kk+kv+1
		if !inMap {
			depth++
		}
		return depth, keys
	case *ast.SequenceNode:
		for _, v := range n.Values {
			d, k := measure(v, false)
			depth, keys = max(depth, d), keys+k
		}
		return depth + 1, keys
	case *ast.AnchorNode:
		return measure(n.Value, inMap)
	case *ast.TagNode:
		return measure(n.Value, inMap)
	case *ast.MappingKeyNode:
		return measure(n.Value, inMap)
	}
	return 0, 0
}
