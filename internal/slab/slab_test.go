package slab

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

func TestStrings(t *testing.T) {
	for _, block := range []int{0, 1, 16, 64 << 10} {
		k := Strings{Block: block}
		var kept, want []string
		for i := range 2000 {
			s := strings.Repeat(fmt.Sprint(i%10), i%40)
			src := []byte("data/" + s) // a buffer that is then reused
			switch i % 3 {
			case 0:
				kept = append(kept, k.Keep(string(src)))
			default:
				kept = append(kept, k.Join("data/", src[len("data/"):]))
			}
			want = append(want, "data/"+s)
			clear(src)
		}
		for i := range kept {
			if kept[i] != want[i] {
				t.Fatalf("block %d: string %d is %q, want %q", block, i, kept[i], want[i])
			}
		}
		if k.Keep("") != "" || k.Join("", nil) != "" {
			t.Fatal("the empty string is not kept as empty")
		}
	}
}

// TestStringsShareBlocks checks that short strings share a block: one
// allocation for many.
func TestStringsShareBlocks(t *testing.T) {
	k := Strings{Block: 1 << 20}
	src := []byte("a category id")
	allocs := testing.AllocsPerRun(1000, func() { k.Join("", src) })
	if allocs > 0.01 {
		t.Fatalf("%v allocations a string", allocs)
	}
}

// TestRegion fills Strings of several goroutines from one region, and
// checks that every string stays as it was kept.
func TestRegion(t *testing.T) {
	r := &Region{Size: 1 << 16}
	var wg sync.WaitGroup
	kept := make([][]string, 4)
	for w := range kept {
		wg.Go(func() {
			k := Strings{Block: 1 << 10, From: r}
			for i := range 5000 {
				kept[w] = append(kept[w], k.Keep(fmt.Sprint(w, "/", i)))
			}
		})
	}
	wg.Wait()
	for w := range kept {
		for i, s := range kept[w] {
			if want := fmt.Sprint(w, "/", i); s != want {
				t.Fatalf("worker %d string %d is %q, want %q", w, i, s, want)
			}
		}
	}
}

func TestSlices(t *testing.T) {
	for _, block := range []int{0, 3, 64} {
		k := Slices[string]{Block: block}
		var got [][]string
		for i := range 500 {
			s := k.Make(i % 7)
			if len(s) != i%7 || cap(s) != i%7 {
				t.Fatalf("block %d: len %d cap %d, want %d", block, len(s), cap(s), i%7)
			}
			for j := range s {
				if s[j] != "" {
					t.Fatalf("block %d: item %d of a new slice is %q", block, j, s[j])
				}
				s[j] = fmt.Sprint(i, j)
			}
			// Appending to a full slice moves it: its neighbours stay.
			_ = append(s, "over")
			got = append(got, s)
		}
		for i, s := range got {
			for j := range s {
				if want := fmt.Sprint(i, j); s[j] != want {
					t.Fatalf("block %d: slice %d item %d is %q, want %q", block, i, j, s[j], want)
				}
			}
		}
	}
}
