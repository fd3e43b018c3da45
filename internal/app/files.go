package app

import (
	"errors"
	"io/fs"
	"path/filepath"
)

// joinPath joins root and a slash-separated relative path.
func joinPath(root, rel string) string {
	return filepath.Join(root, filepath.FromSlash(rel))
}

// unwrap drops the operation and path of a *fs.PathError, for messages
// that name the file themselves.
func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
