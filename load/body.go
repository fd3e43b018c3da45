package load

import (
	"fmt"
	"io/fs"

	"github.com/visual-guides/guides"
)

// Body reads the markdown body of a loaded guide or category: the bytes of
// the file at path after its front matter. Loading never reads bodies; the
// site does, one file at a time.
func Body(fsys fs.FS, path string, ref guides.BodyRef) ([]byte, error) {
	src, err := fs.ReadFile(fsys, path)
	if err != nil {
		return nil, err
	}
	if int(ref.Offset) > len(src) {
		return nil, fmt.Errorf("%s changed since it was loaded: it is shorter than its front matter", path)
	}
	return src[ref.Offset:], nil
}
