// Package rootfs reads the files of a collection without ever leaving its
// root folder. A collection arrives through pull requests: whatever its
// names and symbolic links say, nothing outside the root is read, no hidden
// file is reached through a link, and nothing but regular files and folders
// is opened, so that a FIFO or a device cannot block a reader.
//
// The rules, for every path asked for:
//
//   - symbolic links are followed while they stay inside the root; a link
//     that is absolute, or climbs above the root with "..", gives an error
//     that wraps ErrOutside;
//   - a path whose name is not hidden may not lead, through links, to a
//     hidden one (a segment starting with ".", such as .git): ErrHidden;
//   - a FIFO, socket or device is opened without blocking and refused:
//     ErrNotRegular.
//
// On Linux, paths are opened with openat2 and RESOLVE_BENEATH, so that the
// kernel confines them even when the tree changes during a read; where
// openat2 is missing, and on other systems, through os.Root.
package rootfs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/visual-guides/guides"
)

// The reasons a path is refused. Errors of this package wrap one of them,
// or an error of the operating system.
var (
	ErrOutside    = errors.New("outside the collection root")
	ErrHidden     = errors.New("a hidden file")
	ErrNotRegular = errors.New("not a regular file")
	ErrLoop       = errors.New("too many levels of symbolic links")
)

// maxLinks bounds the symbolic links followed to resolve one path, as the
// kernel does.
const maxLinks = 40

// LinkError is a path that symbolic links lead where the collection may not
// read: outside the root (ErrOutside), to a hidden file (ErrHidden), or
// round in a loop (ErrLoop).
type LinkError struct {
	// Path is the path asked for, relative to the root.
	Path string
	// Link is the symbolic link that leads out, relative to the root,
	// and Target what it holds. For ErrHidden, Target is the hidden path
	// the links lead to, relative to the root.
	Link, Target string
	Err          error
}

func (e *LinkError) Error() string {
	switch e.Err {
	case ErrOutside:
		return fmt.Sprintf("%s is a symbolic link to %s, outside the collection root", e.Link, guides.Quote(e.Target))
	case ErrHidden:
		return fmt.Sprintf("%s is a symbolic link to %s, a hidden file", e.Link, guides.Quote(e.Target))
	}
	return fmt.Sprintf("%s: %v", e.Link, e.Err)
}

func (e *LinkError) Unwrap() error { return e.Err }

// NotRegularError is a path that names something other than a regular
// file or a folder: a FIFO, a socket or a device.
type NotRegularError struct {
	Path string
	Mode fs.FileMode
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s is %s, not a regular file", e.Path, Kind(e.Mode))
}

func (e *NotRegularError) Unwrap() error { return ErrNotRegular }

// Kind names the type of a file mode with its article, for messages: "a
// FIFO", "a folder".
func Kind(m fs.FileMode) string {
	switch t := m.Type(); {
	case t == 0:
		return "a regular file"
	case t&fs.ModeDir != 0:
		return "a folder"
	case t&fs.ModeSymlink != 0:
		return "a symbolic link"
	case t&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case t&fs.ModeSocket != 0:
		return "a socket"
	case t&fs.ModeCharDevice != 0:
		return "a character device"
	case t&fs.ModeDevice != 0:
		return "a block device"
	}
	return "a special file"
}

// FS is the tree of files under a folder, confined to it as the package
// describes. It implements fs.FS, fs.StatFS, fs.ReadFileFS, fs.ReadDirFS
// and fs.ReadLinkFS, and is safe for concurrent use.
type FS struct {
	dir  string
	root *os.Root
	sys  *sysRoot // nil where openat2 is missing
}

// New opens the folder dir.
func New(dir string) (*FS, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	f := &FS{dir: dir, root: root}
	f.sys = newSysRoot(dir)
	return f, nil
}

// Close releases the folder.
func (f *FS) Close() error {
	f.sys.close()
	return f.root.Close()
}

// Dir returns the folder, as given to New.
func (f *FS) Dir() string { return f.dir }

// Root returns the folder as an os.Root, for writing into it.
func (f *FS) Root() *os.Root { return f.root }

func pathError(op, name string, err error) error {
	var le *LinkError
	var ne *NotRegularError
	if errors.As(err, &le) || errors.As(err, &ne) {
		return err
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return &fs.PathError{Op: op, Path: name, Err: err}
}

// Open opens a regular file or a folder for reading.
func (f *FS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	file, err := f.open(name)
	if err != nil {
		return nil, pathError("open", name, err)
	}
	return file, nil
}

// ReadFile reads a regular file.
func (f *FS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrInvalid}
	}
	data, err := f.readFile(name)
	if err != nil {
		return nil, pathError("read", name, err)
	}
	return data, nil
}

// Stat returns what a path leads to.
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	info, err := f.stat(name)
	if err != nil {
		return nil, pathError("stat", name, err)
	}
	return info, nil
}

// ReadDir lists a folder, sorted by name.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	file, err := f.Open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	d, ok := file.(fs.ReadDirFile)
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a folder")}
	}
	entries, err := d.ReadDir(-1)
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, err
}

// Lstat returns what a path names, without following a symbolic link at
// its end.
func (f *FS) Lstat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "lstat", Path: name, Err: fs.ErrInvalid}
	}
	return f.root.Lstat(name)
}

// ReadLink returns what the symbolic link name holds.
func (f *FS) ReadLink(name string) (string, error) {
	if !fs.ValidPath(name) {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
	}
	return f.root.Readlink(name)
}

// Resolve returns the path that name leads to, relative to the root, with
// every symbolic link followed, or an error when the links lead where the
// collection may not read (see LinkError). A path that does not exist
// gives an error wrapping fs.ErrNotExist.
func (f *FS) Resolve(name string) (string, error) {
	if !fs.ValidPath(name) {
		return "", &fs.PathError{Op: "resolve", Path: name, Err: fs.ErrInvalid}
	}
	return f.resolve(name)
}

// rootOpen opens a path through os.Root, without blocking on a FIFO, and
// refuses what is neither a regular file nor a folder.
func (f *FS) rootOpen(name string) (*os.File, error) {
	target, err := resolve(f, name)
	if err != nil {
		return nil, err
	}
	file, err := f.root.OpenFile(target, os.O_RDONLY|nonblock, 0)
	if err != nil {
		return nil, err
	}
	info, err := file.Stat()
	if err != nil {
		file.Close()
		return nil, err
	}
	if !info.Mode().IsRegular() && !info.IsDir() {
		file.Close()
		return nil, &NotRegularError{Path: name, Mode: info.Mode()}
	}
	return file, nil
}

func (f *FS) rootStat(name string) (fs.FileInfo, error) {
	target, err := resolve(f, name)
	if err != nil {
		return nil, err
	}
	return f.root.Stat(target)
}

func (f *FS) rootReadFile(name string) ([]byte, error) {
	file, err := f.rootOpen(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return nil, &NotRegularError{Path: name, Mode: info.Mode()}
	}
	return io.ReadAll(file)
}

// Resolve returns the path that name leads to in fsys, as (*FS).Resolve
// does. A file system without symbolic links (one that implements neither
// Resolve nor fs.ReadLinkFS) leads every name to itself.
func Resolve(fsys fs.FS, name string) (string, error) {
	if r, ok := fsys.(interface {
		Resolve(string) (string, error)
	}); ok {
		return r.Resolve(name)
	}
	if !fs.ValidPath(name) {
		return "", &fs.PathError{Op: "resolve", Path: name, Err: fs.ErrInvalid}
	}
	if _, ok := fsys.(fs.ReadLinkFS); !ok {
		return name, nil
	}
	return resolve(fsys, name)
}

// resolve follows the symbolic links of name in fsys, one segment at a
// time, and applies the package's rules to where they lead.
func resolve(fsys fs.FS, name string) (string, error) {
	parts := strings.Split(name, "/")
	resolved := "" // a path without links, relative to the root
	links := 0
	lastLink, lastTarget := "", ""
	for len(parts) > 0 {
		seg := parts[0]
		parts = parts[1:]
		switch seg {
		case "", ".":
			continue
		case "..":
			if resolved == "" {
				return "", &LinkError{Path: name, Link: lastLink, Target: lastTarget, Err: ErrOutside}
			}
			resolved = path.Dir(resolved)
			if resolved == "." {
				resolved = ""
			}
			continue
		}
		next := seg
		if resolved != "" {
			next = resolved + "/" + seg
		}
		info, err := fs.Lstat(fsys, next)
		if err != nil {
			rest := next
			if len(parts) > 0 {
				rest += "/" + strings.Join(parts, "/")
			}
			return path.Clean(rest), err
		}
		if info.Mode()&fs.ModeSymlink == 0 {
			if len(parts) > 0 && !info.IsDir() {
				return "", &fs.PathError{Op: "resolve", Path: name, Err: errNotDir}
			}
			resolved = next
			continue
		}
		links++
		if links > maxLinks {
			return "", &LinkError{Path: name, Link: next, Err: ErrLoop}
		}
		target, err := fs.ReadLink(fsys, next)
		if err != nil {
			return "", err
		}
		if target == "" || strings.HasPrefix(target, "/") || filepath.IsAbs(target) || filepath.VolumeName(target) != "" {
			return "", &LinkError{Path: name, Link: next, Target: target, Err: ErrOutside}
		}
		lastLink, lastTarget = next, target
		parts = append(strings.Split(target, "/"), parts...)
	}
	if resolved == "" {
		resolved = "."
	}
	if links > 0 && guides.IsHidden(resolved) && !guides.IsHidden(name) {
		return "", &LinkError{Path: name, Link: lastLink, Target: resolved, Err: ErrHidden}
	}
	return resolved, nil
}

var errNotDir = errors.New("not a folder")
