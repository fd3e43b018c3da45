// Command guides keeps a collection of visual guides in order: it
// regenerates README's table of contents, validates the collection, scaffolds
// new guides, and builds and serves the collection as a website.
//
// Run "guides -h" for the commands, and "guides COMMAND -h" for the flags of
// one. Exit codes: 0 success; 1 the collection has problems or the README is
// out of date; 2 usage, I/O or internal error; 130 and 143 stopped by an
// interrupt (Ctrl+C) or SIGTERM.
package main

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	os.Exit(runMain(env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, now: time.Now}))
}

// runMain runs the command line of the process. An interrupt (Ctrl+C) or
// SIGTERM stops the command: it removes its temporary files, leaves its
// outputs as they were, and the exit code is 128 plus the signal's number.
// A second signal ends the process at once.
func runMain(e env) int {
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case sig := <-signals:
			signal.Stop(signals)
			cancel(stopped{sig.(syscall.Signal)})
		case <-ctx.Done():
		}
	}()
	code := run(ctx, os.Args[1:], e)
	signal.Stop(signals)
	var s stopped
	if errors.As(context.Cause(ctx), &s) {
		return 128 + int(s.sig)
	}
	return code
}

// stopped is why a command stopped early: a signal.
type stopped struct{ sig syscall.Signal }

func (s stopped) Error() string {
	if s.sig == syscall.SIGINT {
		return "interrupted"
	}
	return "stopped by " + s.sig.String()
}
