//go:build !linux

package rootfs

import "io/fs"

// StampOf returns the stamp of what info describes.
func StampOf(info fs.FileInfo) Stamp {
	mod := info.ModTime().UnixNano()
	return Stamp{Mode: info.Mode(), Size: info.Size(), Mod: mod, Change: mod}
}

func (f *FS) stampDir(name string) ([]DirStamp, error) { return f.stampDirPortable(name) }
