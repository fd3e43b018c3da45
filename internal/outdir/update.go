package outdir

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// Updating is the file an output folder holds while Update moves the
// files of a build into it. A folder that holds it is between two builds:
// the next build replaces it whole.
const Updating = ".guides-updating"

// ErrNotUpdatable is the error of ReadFile for a folder that Update cannot
// change in place: it does not exist, was not made by a build, or was left
// between two builds. The build then replaces it whole.
var ErrNotUpdatable = errors.New("the output folder cannot be updated in place")

// ReadFile returns the file at name, a slash-separated path, of the
// output folder dir, made by an earlier build that finished. It fails
// with ErrNotUpdatable when dir is not such a folder, or is a symbolic
// link to one, and when the file is not there or is not a regular file:
// a link, a FIFO or a device is never opened, as a folder committed to a
// repository may hold one.
func ReadFile(dir, name string) ([]byte, error) {
	root, err := openUpdatable(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return readRegular(root, name)
}

// openUpdatable opens the output folder dir, made by an earlier build that
// finished, as a root, or fails with ErrNotUpdatable.
func openUpdatable(dir string) (*os.Root, error) {
	if info, err := os.Lstat(dir); err != nil || !info.IsDir() {
		return nil, ErrNotUpdatable // a link is never followed, as Replace never replaces one
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, ErrNotUpdatable
	}
	marker, err := root.Lstat(Marker)
	_, updating := root.Lstat(Updating)
	if err != nil || !marker.Mode().IsRegular() || !errors.Is(updating, fs.ErrNotExist) {
		root.Close()
		return nil, ErrNotUpdatable
	}
	return root, nil
}

// OpenFile opens the file name of the output folder dir, made by an
// earlier build, as ReadFile reads it: for a file too large to read
// whole. The caller closes it.
func OpenFile(dir, name string) (*os.File, error) {
	root, err := openUpdatable(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return openRegular(root, name)
}

// readRegular reads the regular file name of root, without following a
// link and without waiting on a FIFO; ErrNotUpdatable when it is not one.
func readRegular(root *os.Root, name string) ([]byte, error) {
	f, err := openRegular(root, name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// openRegular opens the regular file name of root as readRegular reads
// it.
func openRegular(root *os.Root, name string) (*os.File, error) {
	if !validName(name) {
		return nil, fmt.Errorf("reading %q: not a path inside the output folder", name)
	}
	f, err := root.OpenFile(filepath.FromSlash(name), readFlags, 0)
	if err != nil {
		return nil, ErrNotUpdatable
	}
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		f.Close()
		return nil, ErrNotUpdatable
	}
	return f, nil
}

// Changes are the files a build changes in an output folder (see Update).
// Put, Create and Remove may be called from several goroutines at once.
type Changes struct {
	stage   *Folder
	mu      sync.Mutex
	put     map[string]bool
	removed map[string]bool
}

// Put writes the file at name, a slash-separated path inside the folder,
// to take the place of the folder's file of that name, if any. It fails
// with the context's error once the context of Update is done.
func (c *Changes) Put(name string, data []byte) error {
	if err := c.add(name); err != nil {
		return err
	}
	return c.stage.Put(name, data)
}

// Create is Put for a file too large to hold whole: the file is whole
// once the writer is closed.
func (c *Changes) Create(name string) (io.WriteCloser, error) {
	if err := c.add(name); err != nil {
		return nil, err
	}
	return c.stage.Create(name)
}

// Remove removes the folder's file at name.
func (c *Changes) Remove(name string) error {
	if !validName(name) || isOwn(name) {
		return fmt.Errorf("removing %q: not a file of the site", name)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.removed[name] = true
	return nil
}

func (c *Changes) add(name string) error {
	if !validName(name) || isOwn(name) {
		return fmt.Errorf("writing %q: not a path inside the output folder", name)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.put[name] = true
	return nil
}

// isOwn reports whether name is one of the files of this package.
func isOwn(name string) bool { return name == Marker || name == Updating }

func validName(name string) bool {
	return fs.ValidPath(name) && name != "." && !strings.Contains(name, `\`)
}

// Update changes the output folder dir, made by an earlier build (see
// ReadFile), into what write makes of it: the files it puts replace those
// of the same names, the files it removes go, and every other file stays
// as it is, untouched. It keeps the promise of Replace in its own way:
//
//   - every file is replaced whole, by a rename: a reader never sees part
//     of a file;
//   - the files are first written into a staging folder inside dir, so
//     that when write fails, or ctx is done before write returns, dir is
//     left as it was, its staging folder removed;
//   - every path is resolved inside dir, through an os.Root: a folder of
//     dir that is a symbolic link out of it is refused, never written
//     through;
//   - from the first file staged to the last moved, dir holds the file
//     Updating: should the process end midway, the next build finds it
//     and replaces dir whole.
func Update(ctx context.Context, dir string, write func(*Changes) error) (err error) {
	dir = filepath.Clean(dir)
	root, err := openUpdatable(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	if parent, base := filepath.Split(dir); base != "" {
		removeStale(cmp.Or(parent, "."), base) // what a killed Replace left
	}
	// Updating is there from the first file staged to the last moved:
	// whenever the process ends, the next build finds the folder between
	// two builds and replaces it whole, staging folder and all.
	mark, err := root.OpenFile(Updating, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("output folder %s: %w", dir, err)
	}
	_, err = mark.WriteString(updatingText)
	if cerr := mark.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		root.Remove(Updating)
		return fmt.Errorf("output folder %s: %w", dir, err)
	}
	// The staging folder is inside dir, so that every file moves within
	// the root: a folder of dir that is a link leading out of it is
	// refused, never written through.
	tmp, err := os.MkdirTemp(dir, stagingPrefix)
	if err != nil {
		root.Remove(Updating)
		return fmt.Errorf("output folder %s: %w", dir, err)
	}
	stage := filepath.Base(tmp)
	defer os.RemoveAll(tmp)
	c := &Changes{stage: &Folder{ctx: ctx, dir: tmp, show: dir}, put: map[string]bool{}, removed: map[string]bool{}}
	if err := write(c); err != nil {
		root.Remove(Updating)
		return err
	}
	if err := ctx.Err(); err != nil {
		root.Remove(Updating)
		return context.Cause(ctx)
	}
	if err := c.apply(root, stage); err != nil {
		return fmt.Errorf("updating %s: %w; the next build replaces it whole", dir, err)
	}
	if err := os.RemoveAll(tmp); err != nil {
		return fmt.Errorf("updating %s: %w; the next build replaces it whole", dir, err)
	}
	return root.Remove(Updating)
}

// stagingPrefix starts the name of the folder, inside the output folder,
// into which Update writes the files of a build before it moves them.
const stagingPrefix = ".guides-update-"

const updatingText = "guides build is changing this folder. Should this file stay, the next build replaces the folder whole.\n"

// apply moves the files put from the folder stage of root, the output
// folder, into their places, and removes those removed, with the folders
// they leave empty. Every path is resolved inside root.
func (c *Changes) apply(root *os.Root, stage string) error {
	names := make([]string, 0, len(c.put))
	for name := range c.put {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		from, to := filepath.Join(stage, filepath.FromSlash(name)), filepath.FromSlash(name)
		err := root.Rename(from, to)
		if errors.Is(err, fs.ErrNotExist) {
			if err = root.MkdirAll(filepath.Dir(to), 0o755); err == nil {
				err = root.Rename(from, to)
			}
		}
		if err != nil {
			return err
		}
	}
	var emptied []string
	for name := range c.removed {
		if c.put[name] {
			continue
		}
		err := root.Remove(filepath.FromSlash(name))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		for d := path.Dir(name); d != "."; d = path.Dir(d) {
			emptied = append(emptied, d)
		}
	}
	// The deepest first: a folder is removed only once it is empty.
	slices.SortFunc(emptied, func(a, b string) int {
		return cmp.Or(strings.Count(b, "/")-strings.Count(a, "/"), strings.Compare(a, b))
	})
	for _, d := range slices.Compact(emptied) {
		root.Remove(filepath.FromSlash(d)) // fails, as it should, when not empty
	}
	return nil
}
