//go:build !linux

package load

// newRawSource is not available here: files are read through fs.FS.
func newRawSource(dir string) (source, bool) { return nil, false }

// readDirRaw is not available here: os.ReadDir lists folders.
func readDirRaw(root, dir, prefix string) ([]file, bool, error) { return nil, false, nil }
