// Package slab keeps many small values that live as long as each other in
// a few large blocks: one allocation for thousands of strings or short
// slices, instead of one each. A loader of a hundred thousand files keeps
// their texts and lists this way: the allocator and the collector see a
// few objects, and the blocks, when large, are backed by huge pages (see
// package hugepage), so that filling them costs few page faults.
//
// A value kept in a block keeps the whole block alive: a slab is for
// values that are dropped together. A slab is not safe for concurrent use.
package slab

import (
	"sync"
	"unsafe"

	"github.com/visual-guides/guides/internal/hugepage"
)

// Strings keeps copies of strings in blocks of Block bytes.
type Strings struct {
	// Block is the size of a block in bytes; a string longer than a
	// quarter of it gets an allocation of its own.
	Block int
	// From, when not nil, is where the blocks come from: a region that
	// slabs of several goroutines share.
	From *Region
	buf  []byte
}

// Region hands out blocks of bytes cut from larger ones, to the Strings of
// several goroutines: each fills blocks of its own, and only the last of
// the region's large blocks is partly used, so that large blocks, on huge
// pages, cost no more memory than the strings in them. It is safe for
// concurrent use.
type Region struct {
	// Size is the size of the region's blocks in bytes.
	Size int
	mu   sync.Mutex
	buf  []byte
}

// block returns n bytes of the region's current block, or of a new one.
func (r *Region) block(n int) []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	if cap(r.buf)-len(r.buf) < n {
		r.buf = make([]byte, 0, max(r.Size, n))
		hugepage.Slice(r.buf)
	}
	start := len(r.buf)
	r.buf = r.buf[:start+n]
	return r.buf[start : start : start+n]
}

// Keep returns a copy of s, in the current block.
func (k *Strings) Keep(s string) string {
	return k.Join(s, nil)
}

// Join returns a copy of a followed by b, in the current block.
func (k *Strings) Join(a string, b []byte) string {
	n := len(a) + len(b)
	if n == 0 {
		return ""
	}
	if n > k.Block/4 {
		out := make([]byte, 0, n)
		out = append(append(out, a...), b...)
		return unsafe.String(unsafe.SliceData(out), n)
	}
	if cap(k.buf)-len(k.buf) < n {
		if k.From != nil {
			k.buf = k.From.block(k.Block)
		} else {
			k.buf = make([]byte, 0, k.Block)
			hugepage.Slice(k.buf)
		}
	}
	start := len(k.buf)
	k.buf = append(append(k.buf, a...), b...)
	// The bytes from start on are never written again: later strings go
	// after them, and a full block is replaced, not reused.
	return unsafe.String(&k.buf[start], n)
}

// Slices hands out slices of T from blocks of Block elements.
type Slices[T any] struct {
	// Block is the size of a block in elements; a slice longer than a
	// quarter of it gets an allocation of its own.
	Block int
	buf   []T
}

// Make returns a slice of n zero values whose capacity is n, so that
// appending to it never writes over another slice of the block.
func (k *Slices[T]) Make(n int) []T {
	if n > k.Block/4 {
		return make([]T, n)
	}
	if cap(k.buf)-len(k.buf) < n {
		k.buf = make([]T, 0, k.Block)
		hugepage.Slice(k.buf)
	}
	start := len(k.buf)
	k.buf = k.buf[:start+n]
	return k.buf[start : start+n : start+n]
}
