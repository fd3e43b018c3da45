// Package mapfile reads a file by mapping it into memory where the system
// allows, so that a large README costs no copy: its pages are the file
// cache's own.
package mapfile

import (
	"fmt"
	"os"
)

// File is the content of a file, mapped or read.
type File struct {
	Data  []byte
	unmap func() error
}

// Close releases the mapping. Data must not be used after.
func (f *File) Close() error {
	if f.unmap == nil {
		return nil
	}
	err := f.unmap()
	f.unmap, f.Data = nil, nil
	return err
}

// Open maps the file name read-only, or reads it where it cannot be mapped.
//
// A mapped file that another program truncates while it is mapped makes the
// next access to the lost pages fault; callers that must survive that call
// debug.SetPanicOnFault(true) and recover. Files this tool replaces are
// renamed over, which leaves a mapping intact.
func Open(name string) (*File, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if size := info.Size(); size > 0 && size == int64(int(size)) && info.Mode().IsRegular() {
		if data, unmap, err := mmap(f, int(size)); err == nil {
			return &File{Data: data, unmap: unmap}, nil
		}
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	return &File{Data: data}, nil
}
