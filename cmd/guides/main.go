// Command guides keeps a collection of visual guides in order: it
// regenerates README's table of contents, validates the collection, scaffolds
// new guides, and builds and serves the collection as a website.
//
// Run "guides -h" for the commands, and "guides COMMAND -h" for the flags of
// one. Exit codes: 0 success; 1 the collection has problems or the README is
// out of date; 2 usage, I/O or internal error.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], env{
		stdin:  os.Stdin,
		stdout: os.Stdout,
		stderr: os.Stderr,
		now:    time.Now,
	})
	stop()
	os.Exit(code)
}
