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
	if hash(7) != hash(7) {
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
