package hugepage

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The tests in this file map memory of their own, fresh and shared with
// nothing, and read what the kernel says of it in /proc/self/smaps: which
// pages are marked for huge pages (VmFlags "hg") and how much of it huge
// pages back (AnonHugePages).

// TestSliceAdvises checks which pages Slice marks for huge pages: the
// whole pages inside the slice, up to its capacity, and not the pages it
// only partly covers at either end.
func TestSliceAdvises(t *testing.T) {
	kernelHasTHP(t)
	page := os.Getpagesize()
	mem := mapFresh(t, 4*MinSize)
	n := len(mem)
	Slice(mem[1 : n-1 : n-1]) // from the second byte to the last page's second-to-last byte
	first, whole, last := vma(t, &mem[0]), vma(t, &mem[page]), vma(t, &mem[n-page])
	if first.advised() || last.advised() {
		t.Errorf("a page the slice covers only in part is advised: first %v, last %v", first.advised(), last.advised())
	}
	if !whole.advised() || whole.start != addr(&mem[page]) || whole.end != addr(&mem[n-page]) {
		t.Errorf("advised %v from %#x to %#x, want from %#x to %#x", whole.advised(), whole.start, whole.end, addr(&mem[page]), addr(&mem[n-page]))
	}
	small := mapFresh(t, MinSize)
	Slice(small[: MinSize-1 : MinSize-1])
	if vma(t, &small[0]).advised() {
		t.Error("a slice smaller than MinSize is advised")
	}
}

// TestSliceHugePages checks that an advised block touched whole is backed
// by huge pages. It skips where the kernel gives none: transparent huge
// pages off, or off for this process, or none free when the block was
// touched (the kernel counts that as a fallback).
func TestSliceHugePages(t *testing.T) {
	kernelHasTHP(t)
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("transparent huge pages: %s", bytes.TrimSpace(mode))
	if bytes.Contains(mode, []byte("[never]")) {
		t.Skipf("this machine: transparent huge pages are off (%s)", bytes.TrimSpace(mode))
	}
	if status, err := os.ReadFile("/proc/self/status"); err == nil && bytes.Contains(status, []byte("\nTHP_enabled:\t0")) {
		t.Skip("this machine: huge pages are disabled for this process (THP_enabled 0 in /proc/self/status)")
	}
	mem := mapFresh(t, 4*MinSize)
	fallbacks := thpFallbacks(t)
	Slice(mem)
	for i := 0; i < len(mem); i += os.Getpagesize() {
		mem[i] = 1
	}
	huge := 0
	for i := 0; i < len(mem); {
		v := vma(t, &mem[i])
		huge += v.anonHuge
		i += int(v.end - addr(&mem[i]))
	}
	t.Logf("%d KiB of %d KiB in huge pages", huge>>10, len(mem)>>10)
	if huge >= 2<<20 {
		return
	}
	if more := thpFallbacks(t) - fallbacks; more > 0 {
		t.Skipf("this machine: the kernel had no free huge page (thp_fault_fallback rose by %d)", more)
	}
	t.Errorf("%d bytes in huge pages, and the kernel counted no fallback", huge)
}

// kernelHasTHP skips t where the kernel has no transparent huge pages.
func kernelHasTHP(t *testing.T) {
	t.Helper()
	if _, err := os.Stat("/sys/kernel/mm/transparent_hugepage"); err != nil {
		t.Skipf("this machine: the kernel has no transparent huge pages (%v)", err)
	}
}

// mapFresh maps n bytes of anonymous memory until t ends.
func mapFresh(t *testing.T, n int) []byte {
	t.Helper()
	mem, err := unix.Mmap(-1, 0, n, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Munmap(mem) })
	return mem
}

// addr returns the address of p.
func addr(p *byte) uint64 { return uint64(uintptr(unsafe.Pointer(p))) }

// mapping is what /proc/self/smaps says of one mapping.
type mapping struct {
	start, end uint64
	flags      []string
	anonHuge   int // bytes
}

func (m mapping) advised() bool {
	for _, f := range m.flags {
		if f == "hg" {
			return true
		}
	}
	return false
}

// vma returns the mapping that holds p.
func vma(t *testing.T, p *byte) mapping {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a := addr(p)
	var m mapping
	found := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		fields := strings.Fields(line)
		if len(fields) < 2 {
			continue
		}
		switch {
		case strings.Contains(fields[0], "-") && !strings.HasSuffix(fields[0], ":"):
			if found {
				return m
			}
			var start, end uint64
			if _, err := fmt.Sscanf(fields[0], "%x-%x", &start, &end); err != nil {
				t.Fatalf("smaps: %q: %v", line, err)
			}
			m = mapping{start: start, end: end}
			found = start <= a && a < end
		case found && fields[0] == "AnonHugePages:":
			kb, err := strconv.Atoi(fields[1])
			if err != nil {
				t.Fatalf("smaps: %q: %v", line, err)
			}
			m.anonHuge = kb << 10
		case found && fields[0] == "VmFlags:":
			m.flags = fields[1:]
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if !found {
		t.Fatalf("no mapping holds %#x", a)
	}
	return m
}

// thpFallbacks returns how many times the kernel could not give a huge
// page where one was asked for, from /proc/vmstat.
func thpFallbacks(t *testing.T) int {
	t.Helper()
	b, err := os.ReadFile("/proc/vmstat")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, line := range strings.Split(string(b), "\n") {
		name, v, ok := strings.Cut(line, " ")
		if ok && (name == "thp_fault_fallback" || name == "thp_fault_fallback_charge") {
			k, _ := strconv.Atoi(v)
			n += k
		}
	}
	return n
}
