//go:build unix

package app

import (
	"os"
	"syscall"
)

// mapFile maps the first size bytes of f into memory, read-only: what a
// query does not read is never read from the disk. The mapping outlives
// f; release unmaps it.
func mapFile(f *os.File, size int) (data []byte, release func(), err error) {
	data, err = syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, err
	}
	return data, func() { _ = syscall.Munmap(data) }, nil
}
