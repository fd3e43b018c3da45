package load

import (
	"io/fs"

	"github.com/visual-guides/guides"
	"github.com/visual-guides/guides/frontmatter"
)

// Locate finds where a value was written in the front matter of the file
// at path: the value of key, or, when item is not empty, the item of the
// list under key equal to item. A loaded collection does not keep where
// each value was written, to stay small; the few findings that need a
// position read the file again. What cannot be found is at the start of
// the file.
func Locate(fsys fs.FS, path, key, item string) guides.Pos {
	src, err := fs.ReadFile(fsys, path)
	if err != nil {
		return guides.FileStart()
	}
	parts, err := frontmatter.Split(src, true)
	if err != nil {
		return guides.FileStart()
	}
	fields, err := frontmatter.Parse(parts.Front, parts.FrontLine)
	if err != nil {
		return guides.FileStart()
	}
	v := frontmatter.Lookup(fields, key)
	switch {
	case v == nil:
		return guides.FileStart()
	case item == "":
		return v.Pos
	}
	for _, it := range v.Items {
		if it.Text == item {
			return it.Pos
		}
	}
	return v.Pos
}
