// Package hugepage asks the operating system to back large blocks of memory
// that a program is about to fill with huge pages (2 MiB on x86-64) rather
// than with pages of 4 KiB.
//
// Each first touch of a fresh page is a fault the kernel must serve; on
// virtual machines that is slow (about 12 µs a page on the machines of
// docs/performance.md), and loading a large collection touches tens of
// thousands of fresh pages. A huge page costs one fault for 512 pages.
// Linux gives huge pages to anonymous memory only where it is told to when
// transparent huge pages are in "madvise" mode, a common default, and the
// Go runtime does not ask for its heap. Elsewhere, and where the system
// does not support it, Advise does nothing.
package hugepage

import "unsafe"

// MinSize is the smallest block worth advising: only the whole huge pages
// inside a block can be backed by them, and a block of this size holds at
// least one, wherever it starts.
const MinSize = 4 << 20

// Slice advises the memory of s up to its capacity, when it is at least
// MinSize bytes. The advice changes no byte of s: its contents, and the
// runtime's view of it, stay as they are.
func Slice[T any](s []T) {
	var zero T
	n := uintptr(cap(s)) * unsafe.Sizeof(zero)
	if n < MinSize {
		return
	}
	advise(unsafe.Pointer(unsafe.SliceData(s)), n)
}
