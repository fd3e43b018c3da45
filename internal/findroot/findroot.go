// Package findroot finds the collection a command runs on, as git finds a
// repository: from a folder upward, the first folder that looks like the
// root of a collection.
package findroot

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Markers name what makes a folder the root of a collection: the settings
// file, or both data folders. Paths are slash-separated and relative to
// the folder.
type Markers struct {
	Config string // such as "guides.yaml"
	// Data holds pairs of folders, guides then categories, such as
	// data/guides and data/categories: a folder holding both of a pair
	// is a root. The first pair is the one messages name.
	Data []DataDirs
}

// DataDirs are the data folders of a collection.
type DataDirs struct{ Guides, Categories string }

// Holds reports whether dir is the root of a collection: it holds the
// settings file, or both data folders of a pair.
func (m Markers) Holds(dir string) bool {
	if isFile(filepath.Join(dir, filepath.FromSlash(m.Config))) {
		return true
	}
	for _, d := range m.Data {
		if isDir(filepath.Join(dir, filepath.FromSlash(d.Guides))) && isDir(filepath.Join(dir, filepath.FromSlash(d.Categories))) {
			return true
		}
	}
	return false
}

// String names what the markers look for: "guides.yaml, or data/guides
// and data/categories".
func (m Markers) String() string {
	s := m.Config
	if len(m.Data) > 0 {
		s += ", or " + m.Data[0].Guides + " and " + m.Data[0].Categories
	}
	return s
}

// NotFoundError says that no folder from Start upward is a collection.
type NotFoundError struct {
	Start   string // the folder the search started from
	Markers Markers
}

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("no collection here: neither %s nor a folder above it holds %s", e.Start, e.Markers)
}

// Find returns the first folder from start upward that m says is a
// collection's root. start must be absolute and clean; so is the result.
// When there is none, the error is *NotFoundError.
func Find(start string, m Markers) (string, error) {
	if !filepath.IsAbs(start) {
		return "", errors.New("findroot: the start folder is not absolute")
	}
	for dir := filepath.Clean(start); ; {
		if m.Holds(dir) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", &NotFoundError{Start: start, Markers: m}
		}
		dir = parent
	}
}

func isFile(name string) bool {
	info, err := os.Stat(name)
	return err == nil && info.Mode().IsRegular()
}

func isDir(name string) bool {
	info, err := os.Stat(name)
	return err == nil && info.IsDir()
}
