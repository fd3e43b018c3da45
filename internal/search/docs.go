package search

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"sync"
	"unicode/utf8"

	"github.com/visual-guides/guides"
)

// ReadDocs reads the body of each guide of list, guides of c whose files
// are in fsys, on every core, and returns their Docs in the same order.
func ReadDocs(fsys fs.FS, c *guides.Collection, list []*guides.Guide) ([]Doc, error) {
	docs := make([]Doc, len(list))
	errs := make([]error, len(list))
	var wg sync.WaitGroup
	work := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range work {
				g := list[i]
				body, err := ReadBody(fsys, g.Path, g.Body)
				if err != nil {
					errs[i] = err
					continue
				}
				docs[i] = DocOf(c, g, ParseText(body))
			}
		})
	}
	for i := range list {
		work <- i
	}
	close(work)
	wg.Wait()
	return docs, errors.Join(errs...)
}

// ReadBody reads the markdown body of a loaded guide or category: the bytes
// of the file at path after its front matter.
func ReadBody(fsys fs.FS, path string, ref guides.BodyRef) ([]byte, error) {
	src, err := fs.ReadFile(fsys, path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if int(ref.Offset) > len(src) {
		return nil, fmt.Errorf("%s changed since it was checked: it is shorter than its front matter", path)
	}
	body := src[ref.Offset:]
	if !utf8.Valid(body) {
		// The rules report a body that is not UTF-8 text; it is searched
		// as the site shows it, each byte that is not text replaced.
		body = bytes.ToValidUTF8(body, []byte("\uFFFD"))
	}
	return body, nil
}
