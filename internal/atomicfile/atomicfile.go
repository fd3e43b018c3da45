// Package atomicfile replaces files so that a reader sees the old content
// or the new, never a part of either, and a failure leaves the old file as
// it was.
package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteFile replaces the file name with data: it writes a temporary file in
// the same folder, flushes it to disk, gives it the mode of the file it
// replaces (or perm for a new file), and renames it over name. A symbolic
// link is followed, so the file it points to is replaced and the link kept.
func WriteFile(name string, data []byte, perm fs.FileMode) error {
	return Write(name, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// Write replaces the file name as WriteFile does, with what write writes.
// When write fails, the file is left as it was.
func Write(name string, perm fs.FileMode, write func(io.Writer) error) (err error) {
	if target, err := filepath.EvalSymlinks(name); err == nil {
		name = target
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if info, err := os.Stat(name); err == nil {
		perm = info.Mode().Perm()
	}
	dir, base := filepath.Split(name)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriterSize(tmp, 64<<10)
	if err := write(bw); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	for _, step := range []func() error{bw.Flush, func() error { return tmp.Chmod(perm) }, tmp.Sync, tmp.Close} {
		if err := step(); err != nil {
			return fmt.Errorf("writing %s: %w", name, err)
		}
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	return nil
}
