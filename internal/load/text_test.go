package load

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/rules"
)

// TestTextAgreesWithLoad judges texts as an editor's buffers, and checks
// that the model and the findings are those Load gives for the same file.
func TestTextAgreesWithLoad(t *testing.T) {
	huge := "---\ntitle: Huge\n---\n" + strings.Repeat("x", guides.MaxFileSize)
	for name, src := range map[string]string{
		"good":      "---\ntitle: G\ncreatedAt: 2024-01-26\ncategories: [caching]\ntags: [a]\n---\n# One\n[x](other.md)\n",
		"broken":    "---\ntitle: A: B\n---\n",
		"misspelt":  "---\ntitle: G\ncreatedAt: 2024-02-30\ncatgories: [caching]\n---\n",
		"too large": huge,
	} {
		t.Run(name, func(t *testing.T) {
			c, loaded, err := Load(collection(map[string]string{"g.md": src}), opts)
			if err != nil {
				t.Fatal(err)
			}
			var f rules.Files
			g, ds := GuideText(&f, "data/guides/g.md", "g", []byte(src))
			if diff := cmp.Diff(c.Guide("g"), g); diff != "" {
				t.Errorf("the guide differs from Load's (-load +text):\n%s", diff)
			}
			var want guides.Diagnostics
			for _, d := range loaded {
				if d.Path == g.Path {
					want = append(want, d)
				}
			}
			if diff := cmp.Diff(diagStrings(want), diagStrings(ds)); diff != "" {
				t.Errorf("findings differ from Load's (-load +text):\n%s", diff)
			}
		})
	}
	var f rules.Files
	c, ds := CategoryText(&f, "data/categories/c.md", "c", []byte(huge))
	if c.ID != "c" || len(ds) != 1 || ds[0].Rule != guides.RuleLimit {
		t.Errorf("a huge category gives %+v, %v", c, ds)
	}
}
