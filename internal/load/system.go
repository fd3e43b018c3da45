package load

import "github.com/visual-guides/guides/internal/slab"

// A collection is read through one interface, system, with two
// implementations: fsSystem, which reads any fs.FS and so works on every
// system, and, on Linux, rawSystem, which reads a root folder with raw
// system calls and fewer of them. rootSystem picks the one a root folder
// is read with. Both give the same collection and the same findings.

// closingSystem is a system that holds resources until it is closed.
type closingSystem interface {
	system
	close()
}

// system is where a collection's files come from.
type system interface {
	// readDir lists the folder dir as files whose path is prefix+name,
	// whose id is, for now, the whole name, and whose mode holds the type
	// of the entry (a symbolic link is not followed), in any order. The
	// paths may be kept in texts.
	readDir(dir, prefix string, texts *slab.Region) ([]file, error)
	// source returns a reader of files for one worker.
	source() source
}

// source opens and reads the files of a collection, one at a time, for
// one worker.
type source interface {
	// open opens the file f and returns its size, as the file system
	// reports it when the file is opened, or -1 when the source does not
	// ask for it. What is not a regular file, or leads out of the root, is
	// not opened: the error is then a *rootfs.NotRegularError or a
	// *rootfs.LinkError.
	open(f *file) (size int64, err error)
	read(p []byte) (int, error) // io.EOF at the end
	close() error
	release() // when the worker is done
}
