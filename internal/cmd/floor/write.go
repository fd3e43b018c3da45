package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// siteFile is a file of a built site, held in memory.
type siteFile struct {
	name string // slash-separated, relative to the site's root
	data []byte
}

// writeFloor measures the floor of guides build: it reads the built site
// at src whole into memory, untimed, then makes the same folders and writes
// the same files with the same bytes into a new folder beside out and puts
// it in place of out, removing the copy of the last run, as a build replaces
// its output folder. Only that is timed; the time is printed as its last
// line, "seconds S".
func writeFloor(src, out string) error {
	var dirs []string
	var files []siteFile
	var bytes int64
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil || rel == "." {
			return err
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			dirs = append(dirs, rel)
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		bytes += int64(len(data))
		files = append(files, siteFile{rel, data})
		return nil
	})
	if err != nil {
		return err
	}
	// Folders by depth: a folder's parent is made before it.
	slices.SortStableFunc(dirs, func(a, b string) int { return strings.Count(a, "/") - strings.Count(b, "/") })
	tmp := out + ".floor-new"
	old := out + ".floor-old"
	for _, p := range []string{tmp, old} {
		if err := os.RemoveAll(p); err != nil {
			return err
		}
	}

	start := time.Now()
	if err := os.Mkdir(tmp, 0o755); err != nil {
		return err
	}
	workers := 2 * runtime.GOMAXPROCS(0)
	// Each depth's folders are made in parallel, then every file.
	for lo := 0; lo < len(dirs); {
		depth := strings.Count(dirs[lo], "/")
		hi := lo
		for hi < len(dirs) && strings.Count(dirs[hi], "/") == depth {
			hi++
		}
		level := dirs[lo:hi]
		if err := parallel(workers, len(level), func(i int) error {
			return syscall.Mkdir(tmp+"/"+level[i], 0o755)
		}); err != nil {
			return fmt.Errorf("making folders: %w", err)
		}
		lo = hi
	}
	if err := parallel(workers, len(files), func(i int) error {
		return writeFile(tmp+"/"+files[i].name, files[i].data)
	}); err != nil {
		return fmt.Errorf("writing files: %w", err)
	}
	written := time.Since(start)
	if _, err := os.Lstat(out); err == nil {
		if err := os.Rename(out, old); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, out); err != nil {
		return err
	}
	if err := os.RemoveAll(old); err != nil {
		return err
	}
	elapsed := time.Since(start)
	fmt.Printf("%d folders, %d files, %d bytes written in %.3f s, the last copy removed in %.3f s\nseconds %.6f\n",
		len(dirs), len(files), bytes, written.Seconds(), (elapsed - written).Seconds(), elapsed.Seconds())
	return nil
}

// parallel calls f(0) to f(n-1) on the given number of goroutines and
// returns the first error.
func parallel(workers, n int, f func(i int) error) error {
	var next atomic.Int64
	var first atomic.Pointer[error]
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := f(i); err != nil {
					first.CompareAndSwap(nil, &err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err := first.Load(); err != nil {
		return *err
	}
	return nil
}

// writeFile creates the file at p with the open, write and close system
// calls alone.
func writeFile(p string, data []byte) error {
	fd, err := syscall.Open(p, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_EXCL|syscall.O_CLOEXEC, 0o644)
	if err != nil {
		return &os.PathError{Op: "open", Path: p, Err: err}
	}
	for len(data) > 0 {
		n, err := syscall.Write(fd, data)
		if err != nil {
			syscall.Close(fd)
			return &os.PathError{Op: "write", Path: p, Err: err}
		}
		data = data[n:]
	}
	return syscall.Close(fd)
}
