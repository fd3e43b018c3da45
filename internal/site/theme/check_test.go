package theme

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

// TestEmbeddedThemeChecks runs the checker on the theme's own templates,
// reporting every problem wherever it is: there must be none, and each
// block the theme lists must be a template of it.
func TestEmbeddedThemeChecks(t *testing.T) {
	for _, kind := range Kinds() {
		set := embeddedTrees(kind)
		c := &checker{trees: set, seen: map[string]bool{}, used: map[string]bool{}, caller: &Problem{Path: "(theme)", Line: 1, Col: 1}}
		c.template("base", reflect.TypeFor[*Page](), c.caller)
		for _, p := range c.problems {
			t.Errorf("%s: %s", kind, p.Msg)
		}
		if !c.used["main"] {
			t.Errorf("%s: base does not run main", kind)
		}
	}
	all := map[string]bool{}
	for _, kind := range Kinds() {
		for name := range embeddedTrees(kind) {
			all[name] = true
		}
	}
	for _, b := range Blocks() {
		if !all[b.Name] {
			t.Errorf("the block %s is no template of the theme", b.Name)
		}
		if _, err := Source(b.Name); err != nil {
			t.Errorf("Source(%q): %v", b.Name, err)
		}
	}
	for name := range all {
		if !strings.Contains(fmt.Sprint(Blocks()), "{"+name+" ") {
			t.Errorf("the theme's template %s is not in Blocks", name)
		}
	}
}

// TestCheck checks collections' layouts: each problem with its place.
func TestCheck(t *testing.T) {
	for _, tt := range []struct {
		name  string
		files map[string]string
		want  []string // PATH:LINE:COL: a part of the message
	}{
		{"none", nil, nil},
		{"good overrides", map[string]string{
			"layouts/blocks.html":       "{{define \"footer\"}}<footer>{{.Site.Title}} · {{template \"mine\" .Site}}</footer>{{end}}\n{{define \"mine\"}}{{.Guides}}{{end}}",
			"layouts/guide.html":        "{{define \"guide-footer\"}}{{with .Guide}}{{range .Tags}}{{.Name}}{{end}}{{$.Site.Asset \"site.js\"}}{{end}}{{end}}",
			"layouts/index.html":        "{{define \"card\"}}<h2>{{.Title}}</h2>{{range $i, $g := .Guides}}{{$i}} {{$g.Title}} {{date $g.Date $g.DateOnly}}{{end}}{{end}}",
			"layouts/assets/custom.css": "/* brand */\n:root { --accent: #6d28d9; }\na[href^=\"http\"]::after { content: \"\\2197\"; }\n",
		}, nil},
		{"syntax", map[string]string{"layouts/blocks.html": "{{define \"footer\"}}\n<p>{{.Site.Title}</p>{{end}}"},
			[]string{"layouts/blocks.html:2:"}},
		{"unclosed", map[string]string{"layouts/blocks.html": "{{define \"footer\"}}\n{{if .Site.Title}}x\n"},
			[]string{"layouts/blocks.html:"}},
		{"unknown block", map[string]string{"layouts/blocks.html": "\n\n{{define \"foter\"}}x{{end}}"},
			[]string{`layouts/blocks.html:3:10: the theme has no block "foter", and no template uses it; did you mean "footer"?`}},
		{"missing field", map[string]string{"layouts/blocks.html": "{{define \"guide-header\"}}\n  <h1>{{.Guide.Titel}}</h1>{{end}}"},
			[]string{"layouts/blocks.html:2:15: template: a value of type Guide has no field or method Titel; did you mean Title?"}},
		{"field in a range", map[string]string{"layouts/index.html": "{{define \"card\"}}{{range .Guides}}{{.Nme}}{{end}}{{end}}"},
			[]string{"layouts/index.html:1:37: template: a value of type Item has no field or method Nme"}},
		{"field of a variable", map[string]string{"layouts/blocks.html": "{{define \"footer\"}}{{$s := .Site}}{{$s.Brand.Colour}}{{end}}"},
			[]string{"layouts/blocks.html:1:45: template: a value of type Brand has no field or method Colour"}},
		{"a swap of letters", map[string]string{"layouts/index.html": "{{define \"index-hero\"}}\n<h1>{{.Titel}}</h1>{{end}}"},
			[]string{"layouts/index.html:2:7: template: a value of type Page has no field or method Titel; did you mean Title?"}},
		{"one kind", map[string]string{"layouts/tag.html": "{{define \"main\"}}{{.Nope}}{{end}}"},
			[]string{"layouts/tag.html:1:20: template: a value of type Page has no field or method Nope"}},
		{"no such template", map[string]string{"layouts/blocks.html": "{{define \"footer\"}}{{template \"nowhere\" .}}{{end}}"},
			[]string{`layouts/blocks.html:1:31: template: no template is named "nowhere"`}},
		{"the theme's template given the wrong value", map[string]string{"layouts/index.html": "{{define \"card\"}}{{template \"guide-list\" .Title}}{{end}}"},
			[]string{`layouts/index.html:1:18: template: the theme's "guide-list", run here, cannot run with this value`}},
		{"css", map[string]string{"layouts/assets/custom.css": "a {\n  color: red;\n\nb { content: \"x; }\n/* never closed"},
			[]string{"layouts/assets/custom.css:1:3: css: this { is not closed", "layouts/assets/custom.css:4:3: css: this { is not closed", "layouts/assets/custom.css:4:14: css: this string is not closed", "layouts/assets/custom.css:5:1: css: this comment is not closed"}},
		{"css closing nothing", map[string]string{"layouts/assets/x.css": "a { color: red; }}\n"},
			[]string{"layouts/assets/x.css:1:18: css: } closes nothing"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, data := range tt.files {
				fsys[name] = &fstest.MapFile{Data: []byte(data)}
			}
			got := Check(fsys)
			if len(got) != len(tt.want) {
				t.Errorf("%d problems, want %d: %v", len(got), len(tt.want), got)
			}
			for i, p := range got {
				s := fmt.Sprintf("%s:%d:%d: %s", p.Path, p.Line, p.Col, p.Msg)
				if i < len(tt.want) && !strings.HasPrefix(s, tt.want[i]) {
					t.Errorf("problem %d is\n\t%s\nwant\n\t%s…", i, s, tt.want[i])
				}
			}
		})
	}
}

// TestSource prints blocks to start an override from: each is a define
// that parses, and holds what the theme's does.
func TestSource(t *testing.T) {
	src, err := Source("footer")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(src, `{{define "footer"}}`) || !strings.Contains(src, `class="site-footer"`) || !strings.HasSuffix(src, "{{end}}\n") {
		t.Errorf("Source(footer) = %s", src)
	}
	fsys := fstest.MapFS{"layouts/blocks.html": {Data: []byte(src)}}
	if p := Check(fsys); len(p) > 0 {
		t.Errorf("the footer's own source does not check: %v", p)
	}
	if src, err := Source("tag/main"); err != nil || !strings.Contains(src, "Tag:") {
		t.Errorf("Source(tag/main) = %q, %v", src, err)
	}
	if _, err := Source("nope"); err == nil {
		t.Error("Source of a block the theme has not gives no error")
	}
}
