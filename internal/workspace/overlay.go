package workspace

import (
	"bytes"
	"io/fs"
	"path"
	"time"

	"github.com/visual-guides/guides/internal/rootfs"
)

// overlay is the collection's root with the texts of open buffers in place
// of their files: what the collection rules read (the headings of the
// pages links point into) is what the editor shows. Everything else is
// read from the root, by its rules.
type overlay struct {
	root  fs.FS
	texts map[string][]byte
}

// Open opens a buffer's text, or a file of the root.
func (o overlay) Open(name string) (fs.File, error) {
	if text, ok := o.texts[name]; ok {
		return &memFile{Reader: bytes.NewReader(text), info: memInfo{name: path.Base(name), size: int64(len(text))}}, nil
	}
	return o.root.Open(name)
}

// ReadFile reads a buffer's text, or a file of the root.
func (o overlay) ReadFile(name string) ([]byte, error) {
	if text, ok := o.texts[name]; ok {
		return bytes.Clone(text), nil
	}
	return fs.ReadFile(o.root, name)
}

// Stat describes a buffer, or a file of the root.
func (o overlay) Stat(name string) (fs.FileInfo, error) {
	if text, ok := o.texts[name]; ok {
		return memInfo{name: path.Base(name), size: int64(len(text))}, nil
	}
	return fs.Stat(o.root, name)
}

// ReadDir lists a folder of the root.
func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(o.root, name) }

// Resolve returns where name leads, as package rootfs does: a buffer leads
// to itself.
func (o overlay) Resolve(name string) (string, error) {
	if _, ok := o.texts[name]; ok {
		return name, nil
	}
	return rootfs.Resolve(o.root, name)
}

// memInfo describes a buffer as a file.
type memInfo struct {
	name string
	size int64
}

func (i memInfo) Name() string       { return i.name }
func (i memInfo) Size() int64        { return i.size }
func (i memInfo) Mode() fs.FileMode  { return 0o444 }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return false }
func (i memInfo) Sys() any           { return nil }

// memFile is an open buffer read as a file.
type memFile struct {
	*bytes.Reader
	info memInfo
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Close() error               { return nil }
