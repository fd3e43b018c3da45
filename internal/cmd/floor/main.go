// Command floor measures the file-system floor of the README job: it lists
// the two data folders of a collection and reads the first 1 KiB of every
// file, on every core, and does nothing else. It reads with the open, read
// and close system calls alone, the cheapest way there is, so guides readme
// and guides check cannot be faster than this.
//
// Usage:
//
//	go run ./internal/cmd/floor [-C DIR]
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
)

func main() {
	dir := flag.String("C", ".", "the collection's root `folder`")
	flag.Parse()
	var names []string
	for _, sub := range []string{"/data/categories/", "/data/guides/"} {
		entries, err := os.ReadDir(*dir + sub)
		if err != nil {
			fmt.Fprintln(os.Stderr, "floor:", err)
			os.Exit(1)
		}
		for _, e := range entries {
			names = append(names, *dir+sub+e.Name())
		}
	}
	var next, bytes atomic.Int64
	var wg sync.WaitGroup
	for range 2 * runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			buf := make([]byte, 1024)
			for {
				i := int(next.Add(1) - 1)
				if i >= len(names) {
					return
				}
				fd, err := syscall.Open(names[i], syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
				if err != nil {
					continue
				}
				n, _ := syscall.Read(fd, buf)
				syscall.Close(fd)
				bytes.Add(int64(max(n, 0)))
			}
		})
	}
	wg.Wait()
	fmt.Printf("%d files, %d bytes read\n", len(names), bytes.Load())
}
