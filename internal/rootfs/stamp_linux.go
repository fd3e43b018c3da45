package rootfs

import (
	"io/fs"
	"os"
	"path"
	"runtime"
	"slices"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"
)

// StampOf returns the stamp of what info describes.
func StampOf(info fs.FileInfo) Stamp {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		mod := info.ModTime().UnixNano()
		return Stamp{Mode: info.Mode(), Size: info.Size(), Mod: mod, Change: mod}
	}
	return Stamp{
		Mode: info.Mode(), Size: st.Size, Ino: st.Ino,
		Mod: st.Mtim.Nano(), Change: st.Ctim.Nano(),
	}
}

// stampWorkers is the most goroutines that stamp one folder: fstatat
// waits on the kernel, not on the processor alone.
const stampWorkers = 8

// stampDir opens the folder once, lists it with getdents and stamps each
// entry with one fstatat relative to it; only links go the longer way,
// through stat.
func (f *FS) stampDir(name string) ([]DirStamp, error) {
	if f.sys == nil {
		return f.stampDirPortable(name)
	}
	fd, _, err := f.openFD(name, unix.O_RDONLY|unix.O_DIRECTORY)
	if err != nil {
		return nil, err
	}
	dir := os.NewFile(uintptr(fd), name)
	defer dir.Close()
	names, err := dir.Readdirnames(-1)
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	out := make([]DirStamp, len(names))
	workers := min(stampWorkers, 2*runtime.GOMAXPROCS(0), 1+len(names)/256)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(names); i += workers {
				out[i] = f.stampAt(fd, name, names[i])
			}
		})
	}
	wg.Wait()
	return out, nil
}

// stampAt stamps the entry n of the folder dir, open as fd.
func (f *FS) stampAt(fd int, dir, n string) DirStamp {
	e := DirStamp{Name: n}
	var st unix.Stat_t
	err := unix.Fstatat(fd, n, &st, unix.AT_SYMLINK_NOFOLLOW)
	for err == unix.EINTR {
		err = unix.Fstatat(fd, n, &st, unix.AT_SYMLINK_NOFOLLOW)
	}
	switch {
	case err != nil:
		e.Err = &fs.PathError{Op: "stat", Path: path.Join(dir, n), Err: err}
	case st.Mode&unix.S_IFMT == unix.S_IFLNK:
		info, err := f.Stat(path.Join(dir, n))
		if err != nil {
			e.Err = err
			return e
		}
		e.Stamp = StampOf(info)
	default:
		e.Stamp = Stamp{
			Mode: fileMode(uint32(st.Mode)), Size: st.Size, Ino: st.Ino,
			Mod: st.Mtim.Nano(), Change: st.Ctim.Nano(),
		}
	}
	return e
}
