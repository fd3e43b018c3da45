package hugepage

import (
	"bytes"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// TestSliceHugePages checks, where the kernel lets memory be advised, that
// an advised block touched whole is backed by huge pages. It comes first:
// memory that other tests have touched is no longer fresh.
func TestSliceHugePages(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("Linux only")
	}
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || !bytes.Contains(mode, []byte("[madvise]")) && !bytes.Contains(mode, []byte("[always]")) {
		t.Skip("transparent huge pages are off")
	}
	before := anonHuge(t)
	buf := make([]byte, 4*MinSize)
	Slice(buf)
	for i := 0; i < len(buf); i += 4096 {
		buf[i] = 1
	}
	if got := anonHuge(t) - before; got < 2<<20 {
		t.Skipf("no huge page was given (%d bytes more): the kernel may have none free", got)
	}
	runtime.KeepAlive(buf)
}

// TestSliceKeepsContents advises blocks of every size around MinSize, at
// every offset within a page, and checks that what they hold is unchanged
// and that they can still be written.
func TestSliceKeepsContents(t *testing.T) {
	for _, n := range []int{0, 1, MinSize - 1, MinSize, MinSize + 4095, 3 * MinSize} {
		for _, off := range []int{0, 1, 4095} {
			buf := bytes.Repeat([]byte("advised memory. "), (n+off)/16+1)[:n+off]
			want := bytes.Clone(buf)
			Slice(buf[off:])
			if !bytes.Equal(buf, want) {
				t.Fatalf("n=%d off=%d: the contents changed", n, off)
			}
			for i := 0; i < len(buf); i += 4096 {
				buf[i] ^= 0xff
			}
		}
	}
	type pair struct{ a, b string }
	ps := make([]pair, MinSize/16)
	ps[len(ps)-1] = pair{"x", "y"}
	Slice(ps)
	runtime.GC()
	if ps[len(ps)-1] != (pair{"x", "y"}) {
		t.Fatal("a slice of pointers changed")
	}
}

// anonHuge returns the process's anonymous memory in huge pages, in bytes.
func anonHuge(t *testing.T) int {
	b, err := os.ReadFile("/proc/self/smaps_rollup")
	if err != nil {
		t.Skip(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "AnonHugePages:"); ok {
			kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Skip("no AnonHugePages in smaps_rollup")
	return 0
}
