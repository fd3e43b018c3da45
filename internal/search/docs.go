package search

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"sync"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"

	"github.com/visual-guides/guides"
)

// DocKey returns the key of what an index reads of d but its body, and of
// body, the key of what its body is made from: two documents with the same
// key are indexed alike. Whoever keeps an index between runs names each
// document by it.
func DocKey(d *Doc, body uint64) uint64 {
	var b []byte
	str := func(v string) {
		b = binary.AppendUvarint(b, uint64(len(v)))
		b = append(b, v...)
	}
	for _, v := range []string{d.ID, d.Title, d.Description} {
		str(v)
	}
	for _, list := range [][]string{d.Tags, d.Categories, d.CategoryTitles} {
		b = binary.AppendUvarint(b, uint64(len(list)))
		for _, v := range list {
			str(v)
		}
	}
	b = binary.LittleEndian.AppendUint64(b, uint64(d.Date.UnixNano()))
	str(d.Date.Location().String())
	if d.DateOnly {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	b = binary.LittleEndian.AppendUint64(b, body)
	return xxhash.Sum64(b)
}

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
