package search

import (
	"encoding/binary"
	"errors"
	"maps"
	"slices"
)

// AppendFileList appends list to b, for ReadFileList to read back: its
// folders (the first its Base; none when list is nil), its numbers of
// documents and of documents a bucket holds, then each file's name, key
// and the index of its folder, in the order of their names.
func AppendFileList(b []byte, list *FileList) []byte {
	if list == nil {
		return binary.AppendUvarint(b, 0)
	}
	dirs := []string{list.Base}
	index := map[string]int{list.Base: 0}
	names := slices.Sorted(maps.Keys(list.Files))
	for _, name := range names {
		if d := list.Files[name].Dir; !slices.Contains(dirs, d) {
			index[d] = len(dirs)
			dirs = append(dirs, d)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(dirs)))
	for _, d := range dirs {
		b = binary.AppendUvarint(b, uint64(len(d)))
		b = append(b, d...)
	}
	b = binary.AppendUvarint(b, uint64(list.Docs))
	b = binary.AppendUvarint(b, uint64(list.Bucket))
	b = binary.AppendUvarint(b, uint64(len(names)))
	for _, name := range names {
		f := list.Files[name]
		b = binary.AppendUvarint(b, uint64(len(name)))
		b = append(b, name...)
		b = binary.AppendUvarint(b, f.Key)
		b = binary.AppendUvarint(b, uint64(index[f.Dir]))
	}
	return b
}

var errFileList = errors.New("search: a list of files cut short or damaged")

// ReadFileList reads a list AppendFileList wrote at the start of b, and
// returns it (nil for none) with the rest of b.
func ReadFileList(b []byte) (*FileList, []byte, error) {
	r := &reader{b: b}
	count := func() int {
		n := r.uvarint()
		if n < 0 || n > len(r.b) {
			r.err = errFileList
			r.b = nil
			return 0
		}
		return n
	}
	str := func() string { return string(r.bytes(count())) }
	dirs := make([]string, count())
	if r.err != nil || len(dirs) == 0 {
		return nil, r.b, r.err
	}
	for i := range dirs {
		dirs[i] = str()
	}
	docs, bucket := r.uvarint(), r.uvarint()
	n := count()
	if r.err != nil || docs < 0 || bucket < 0 || docs > 1<<31 || bucket > 1<<31 {
		return nil, nil, errFileList
	}
	list := &FileList{Base: dirs[0], Files: make(map[string]ListedFile, n), Docs: docs, Bucket: bucket}
	for range n {
		name := str()
		k := r.uvarint64()
		i := r.uvarint()
		if r.err != nil || i < 0 || i >= len(dirs) {
			return nil, nil, errFileList
		}
		list.Files[name] = ListedFile{Key: k, Dir: dirs[i]}
	}
	return list, r.b, nil
}
