package hugepage

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// advise marks the whole pages of the n bytes at p for huge pages. An
// error, such as a kernel without transparent huge pages, leaves the memory
// as it was, which is all the advice is worth then.
func advise(p unsafe.Pointer, n uintptr) {
	page := uintptr(unix.Getpagesize())
	start := (uintptr(p) + page - 1) &^ (page - 1)
	end := (uintptr(p) + n) &^ (page - 1)
	if end <= start {
		return
	}
	// The pages stay in the slice's memory, which the slice keeps alive.
	b := unsafe.Slice((*byte)(unsafe.Add(p, start-uintptr(p))), end-start)
	_ = unix.Madvise(b, unix.MADV_HUGEPAGE)
}
