// Package atomicfile replaces files so that a reader sees the old content
// or the new, never a part of either, and a failure leaves the old file as
// it was.
package atomicfile

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
)

// ErrChanged is returned when the file to replace is no longer the one
// that was read: another program wrote or replaced it meanwhile, and its
// change is kept.
var ErrChanged = errors.New("it changed while it was being replaced")

// ErrNotRegular is returned for a name that is not a regular file.
var ErrNotRegular = errors.New("not a regular file")

// Options say how a file is replaced.
type Options struct {
	// Perm is the mode of a file that does not exist yet. A file that
	// exists keeps its mode, and its owner and group where the process
	// may give them (when it runs as root).
	Perm fs.FileMode
	// Expect, when set, is the file as it was read. The file is replaced
	// only if it is still that file, with that size and modification
	// time; else nothing is written and the error is ErrChanged.
	Expect fs.FileInfo
}

// WriteIn replaces the file name of the folder root, a slash-separated
// path without symbolic links, with what write writes: it writes a
// temporary file beside it, flushes it to disk, gives it the mode (and,
// when it may, the owner) of the file it replaces, checks that the file is
// still the one expected, and renames the temporary file over it. When
// write fails or ctx is done before the rename, the temporary file is
// removed and the file left as it was. Every step goes through root, so
// nothing outside it is written whatever the tree becomes meanwhile; a
// name that is a symbolic link, a folder, a FIFO or a device is refused
// (ErrNotRegular), not followed nor replaced.
func WriteIn(ctx context.Context, root *os.Root, name string, opts Options, write func(io.Writer) error) (err error) {
	perm := opts.Perm
	old, statErr := root.Lstat(name)
	switch {
	case statErr == nil && !old.Mode().IsRegular():
		return &fs.PathError{Op: "replace", Path: name, Err: ErrNotRegular}
	case statErr == nil:
		perm = old.Mode().Perm()
	case !errors.Is(statErr, fs.ErrNotExist):
		return statErr
	case opts.Expect != nil:
		return ErrChanged // it was read, and is gone
	}
	tmp, tmpName, err := createTemp(root, name)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			root.Remove(tmpName)
		}
	}()
	bw := bufio.NewWriterSize(tmp, 64<<10)
	if err := write(bw); err != nil {
		return err
	}
	steps := []func() error{bw.Flush, func() error { return tmp.Chmod(perm) }}
	if statErr == nil {
		steps = append(steps, func() error { return keepOwner(tmp, old) })
	}
	steps = append(steps, tmp.Sync, tmp.Close)
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if opts.Expect != nil {
		now, err := root.Lstat(name)
		if err != nil || !unchanged(opts.Expect, now) {
			return ErrChanged
		}
	}
	return root.Rename(tmpName, name)
}

// createTemp creates a new file beside name, named after it, hidden, and
// with a random part.
func createTemp(root *os.Root, name string) (*os.File, string, error) {
	dir, base := path.Split(name)
	for range 100 {
		var b [8]byte
		rand.Read(b[:])
		p := dir + "." + base + "." + hex.EncodeToString(b[:]) + ".tmp"
		f, err := root.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, p, err
	}
	return nil, "", fmt.Errorf("no free name for a temporary file beside %s", name)
}

// unchanged reports whether the file now is the file that was read: the
// same file, with the same size and modification time.
func unchanged(read, now fs.FileInfo) bool {
	return sameFile(read, now) && read.Size() == now.Size() && read.ModTime().Equal(now.ModTime()) && now.Mode().IsRegular()
}
