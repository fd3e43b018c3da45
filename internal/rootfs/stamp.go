package rootfs

import (
	"io/fs"
	"path"
)

// Stamp tells one state of a file from another without reading it, as
// make and git do: a file whose stamp is the same is taken to hold the same
// bytes. Change is when the file's status last changed (its content, its
// name or its mode), which no program can set back, where the system
// keeps it; elsewhere it is Mod.
type Stamp struct {
	Mode        fs.FileMode
	Size        int64
	Mod, Change int64 // nanoseconds since 1970
	Ino         uint64
}

// DirStamp is an entry of a folder and its stamp, or why it has none.
type DirStamp struct {
	Name  string
	Stamp Stamp
	Err   error
}

// StampDir lists the folder name, sorted by name, with the stamp of what
// each entry leads to: a symbolic link is followed by the package's rules.
func (f *FS) StampDir(name string) ([]DirStamp, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrInvalid}
	}
	out, err := f.stampDir(name)
	if err != nil {
		return nil, pathError("readdir", name, err)
	}
	return out, nil
}

// stampDirPortable is StampDir through ReadDir and Stat.
func (f *FS) stampDirPortable(name string) ([]DirStamp, error) {
	entries, err := f.ReadDir(name)
	if err != nil {
		return nil, err
	}
	out := make([]DirStamp, len(entries))
	for i, e := range entries {
		out[i].Name = e.Name()
		info, err := f.Stat(path.Join(name, e.Name()))
		if err != nil {
			out[i].Err = err
			continue
		}
		out[i].Stamp = StampOf(info)
	}
	return out, nil
}
