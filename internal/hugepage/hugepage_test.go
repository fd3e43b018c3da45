package hugepage

import (
	"bytes"
	"runtime"
	"testing"
)

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
