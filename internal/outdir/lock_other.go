//go:build !unix

package outdir

import (
	"os"
	"path/filepath"
	"time"
)

// claim makes sure dir holds the Marker. Without flock, a running build is
// told from one that was killed by the age of its Marker (see stale).
func claim(dir string) (unlock func(), err error) {
	p := filepath.Join(dir, Marker)
	if _, err := os.Lstat(p); err == nil {
		return func() {}, nil
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, err
	}
	_, err = f.WriteString(markerText)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	return func() {}, nil
}

// staleAge is how old the Marker of a folder of Replace must be for the
// folder to be taken for one a killed build left, where flock is missing.
const staleAge = time.Hour

// stale reports whether dir, a folder named as Replace names its folders,
// was left by a build that no longer runs: its Marker was written over an
// hour ago, or it is empty and was made over a minute ago.
func stale(dir string) bool {
	info, err := os.Lstat(filepath.Join(dir, Marker))
	if err != nil {
		return emptyAndOld(dir)
	}
	return info.Mode().IsRegular() && time.Since(info.ModTime()) > staleAge
}

// readFlags open a file of a folder to read; the Stat that follows refuses
// what is not a regular file.
const readFlags = os.O_RDONLY
