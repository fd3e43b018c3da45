//go:build unix

package site_test

import (
	"syscall"
	"time"
)

// cpuTime returns the processor time this process has used, in user and
// system mode: what other processes on the machine take from it does not
// count.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
