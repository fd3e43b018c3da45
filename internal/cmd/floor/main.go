// Command floor measures the file-system floor of the README job: it lists
// the two data folders of a collection and reads every file whole, on every
// core, and does nothing else. It reads with the open, read and close
// system calls alone, the cheapest way there is, so guides readme and guides
// check, which must read every file whole to judge its encoding, cannot be
// faster than this. With -whole=false -size 1024 it reads the first KiB of
// each file, the floor of a job that reads front matter only.
//
// With -write SITE -o OUT it measures the floor of guides build instead:
// it reads the site that a build wrote to SITE into memory, then makes the
// same folders and writes the same files into a new folder, and puts it in
// place of OUT, as a build replaces its output folder. It times that alone
// and prints the time as its last line, "seconds S".
//
// Usage:
//
//	go run ./internal/cmd/floor [-C DIR] [-whole=false] [-size N]
//	go run ./internal/cmd/floor -write SITE -o OUT
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
	size := flag.Int("size", 16<<10, "bytes to read of each file at a time")
	whole := flag.Bool("whole", true, "read every file to its end, as the rules must; else read size bytes of each")
	site := flag.String("write", "", "measure writing the built site in `folder` instead")
	out := flag.String("o", "", "with -write, the `folder` to write the copy into")
	flag.Parse()
	if *site != "" {
		if *out == "" {
			fmt.Fprintln(os.Stderr, "floor: -write needs -o")
			os.Exit(2)
		}
		if err := writeFloor(*site, *out); err != nil {
			fmt.Fprintln(os.Stderr, "floor:", err)
			os.Exit(1)
		}
		return
	}
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
			buf := make([]byte, *size)
			for {
				i := int(next.Add(1) - 1)
				if i >= len(names) {
					return
				}
				fd, err := syscall.Open(names[i], syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
				if err != nil {
					continue
				}
				// Read the first size bytes or, with -whole, the file to
				// its end: a read that fills less than the buffer is at the
				// end of a regular file.
				total := 0
				for {
					n, err := syscall.Read(fd, buf)
					if n > 0 {
						total += n
					}
					if err != nil || !*whole || n < len(buf) {
						break
					}
				}
				syscall.Close(fd)
				bytes.Add(int64(total))
			}
		})
	}
	wg.Wait()
	fmt.Printf("%d files, %d bytes read\n", len(names), bytes.Load())
}
