package synth

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/visual-guides/guides/internal/load"
	"github.com/visual-guides/guides/internal/rules"
)

func TestGenerateIsValidAndRealistic(t *testing.T) {
	fsys := fstest.MapFS{}
	err := Generate(Options{Guides: 2000, Categories: 12, Seed: 1}, func(p string, data []byte) error {
		fsys[p] = &fstest.MapFile{Data: data}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	c, diags, err := load.Load(fsys, load.Options{GuidesDir: "data/guides", CategoriesDir: "data/categories"})
	if err != nil {
		t.Fatal(err)
	}
	if diags.HasErrors() {
		t.Fatalf("synthetic collection has errors: %v", diags[:min(5, len(diags))])
	}
	if len(c.Guides) != 2000 || len(c.Categories) != 12 {
		t.Fatalf("%d guides in %d categories", len(c.Guides), len(c.Categories))
	}
	two, sameDay := 0, 0
	var single, double, plain int
	for i, g := range c.Guides {
		if len(g.Categories) == 2 {
			two++
		}
		if i > 0 && g.CreatedAt.Equal(c.Guides[i-1].CreatedAt) {
			sameDay++
		}
		src := string(fsys[g.Path].Data)
		switch {
		case strings.Contains(src, "title: '"):
			single++
		case strings.Contains(src, "title: \""):
			double++
		default:
			plain++
		}
		body := len(src) - int(g.Body.Offset)
		if body < 512 || body > 4096 {
			t.Errorf("%s: body of %d bytes", g.Path, body)
		}
	}
	if two < 5 || two > 50 {
		t.Errorf("%d of 2000 guides in two categories, want about 1%%", two)
	}
	if sameDay < 1000 {
		t.Errorf("only %d guides share a date with the previous one", sameDay)
	}
	if single == 0 || double == 0 || plain == 0 {
		t.Errorf("quoting styles: %d single, %d double, %d plain", single, double, plain)
	}
}

// TestShapes checks that every shape makes a clean collection, written the
// way the shape says.
func TestShapes(t *testing.T) {
	for _, shape := range Shapes() {
		t.Run(string(shape), func(t *testing.T) {
			fsys := fstest.MapFS{}
			err := Generate(Options{Guides: 600, Categories: 8, Seed: 5, Shape: shape}, func(p string, data []byte) error {
				fsys[p] = &fstest.MapFile{Data: data}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			c, diags, err := load.Load(fsys, load.Options{GuidesDir: "data/guides", CategoriesDir: "data/categories"})
			if err != nil {
				t.Fatal(err)
			}
			diags = append(diags, rules.Collection(fsys, c)...)
			if len(diags) > 0 {
				t.Fatalf("%d findings, such as %s", len(diags), diags[0])
			}
			if len(c.Guides) != 600 {
				t.Fatalf("%d guides", len(c.Guides))
			}
			count := map[string]int{}
			for _, g := range c.Guides {
				src := string(fsys[g.Path].Data)
				body := len(src) - int(g.Body.Offset)
				for what, yes := range map[string]bool{
					"crlf":           strings.Contains(src, "\r\n"),
					"lf alone":       strings.Count(src, "\n") > strings.Count(src, "\r\n"),
					"bom":            strings.HasPrefix(src, "\uFEFF"),
					"comment":        strings.Contains(src, "\n# ") || strings.Contains(src, " # "),
					"block list":     strings.Contains(src, "tags:\n  - ") || strings.Contains(src, "tags:\r\n  - "),
					"flow list":      strings.Contains(src, ": ["),
					"single title":   strings.Contains(src, "title: '"),
					"double image":   strings.Contains(src, "image: \""),
					"escape":         strings.Contains(src, `\u00e9`),
					"blank in yaml":  strings.Contains(src, "\r\n\r\nimage:"),
					"trailing":       strings.Contains(src, "  \r\n"),
					"body 3.5 KiB":   body >= 3500,
					"body > 4.6 KiB": body > 4600,
				} {
					if yes {
						count[what]++
					}
				}
			}
			all, none := 600, 0
			want := map[Shape]map[string]int{
				Plain:  {"crlf": none, "bom": none, "lf alone": all, "body > 4.6 KiB": none},
				Blocks: {"crlf": none, "bom": none, "block list": all, "single title": all, "double image": all, "body 3.5 KiB": all, "body > 4.6 KiB": none},
				Mixed:  {"crlf": all, "lf alone": none, "bom": all, "comment": all, "flow list": all, "blank in yaml": all, "body > 4.6 KiB": none},
			}[shape]
			for what, n := range want {
				if count[what] != n {
					t.Errorf("%d guides of 600 have %s, want %d", count[what], what, n)
				}
			}
			if shape == Mixed {
				for _, what := range []string{"block list", "single title", "double image", "escape", "trailing"} {
					if count[what] == 0 || count[what] == all {
						t.Errorf("%d guides of 600 have %s, want some", count[what], what)
					}
				}
			}
		})
	}
	if err := Generate(Options{Guides: 1, Shape: "round"}, func(string, []byte) error { return nil }); err == nil {
		t.Error("an unknown shape was taken")
	}
	if _, err := ParseShape("round"); err == nil {
		t.Error("ParseShape took an unknown shape")
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	hash := func(seed uint64) string {
		var b strings.Builder
		Generate(Options{Guides: 50, Categories: 3, Seed: seed}, func(p string, data []byte) error {
			b.WriteString(p)
			b.Write(data)
			return nil
		})
		return b.String()
	}
	if first, again := hash(7), hash(7); first != again {
		t.Error("the same seed gave different collections")
	}
	if hash(7) == hash(8) {
		t.Error("different seeds gave the same collection")
	}
}

func TestGenerateIsClean(t *testing.T) {
	fsys := fstest.MapFS{}
	Generate(Options{Guides: 3000, Categories: 20, Seed: 3}, func(p string, data []byte) error {
		fsys[p] = &fstest.MapFile{Data: data}
		return nil
	})
	c, diags, err := load.Load(fsys, load.Options{GuidesDir: "data/guides", CategoriesDir: "data/categories"})
	if err != nil {
		t.Fatal(err)
	}
	diags = append(diags, rules.Collection(fsys, c)...)
	if len(diags) > 0 {
		t.Errorf("a synthetic collection has %d findings, such as %s", len(diags), diags[0])
	}
}
