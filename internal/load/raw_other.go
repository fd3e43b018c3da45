//go:build !linux

package load

import "github.com/visual-guides/guides/internal/rootfs"

// rootSystem returns the system that reads the collection at root: the
// portable one, where no cheaper calls are known.
func rootSystem(root *rootfs.FS) (closingSystem, error) {
	return fsSystem{root}, nil
}
