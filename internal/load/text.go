package load

import (
	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/internal/rules"
)

// GuideText applies the file rules to src, a text of the guide with the
// given id at path, as Load does to the file it reads there: a text larger
// than guides.MaxFileSize is not read, and is a finding of the limit rule.
// An editor's buffer is judged so. f may serve many calls, one at a time.
func GuideText(f *rules.Files, path, id string, src []byte) (*guides.Guide, guides.Diagnostics) {
	var ds guides.Diagnostics
	g := &guides.Guide{ID: id, Path: path}
	if len(src) > guides.MaxFileSize {
		tooLarge(&ds, path)
		return g, ds
	}
	f.Guide(path, id, src, g, &ds)
	return g, ds
}

// CategoryText is GuideText for a category.
func CategoryText(f *rules.Files, path, id string, src []byte) (*guides.Category, guides.Diagnostics) {
	var ds guides.Diagnostics
	c := &guides.Category{ID: id, Path: path}
	if len(src) > guides.MaxFileSize {
		tooLarge(&ds, path)
		return c, ds
	}
	f.Category(path, id, src, c, &ds)
	return c, ds
}
