//go:build unix

package app

import (
	"os"
	"syscall"
)

// readFlags open a file of the user's cache to read without following a
// link or waiting on a FIFO.
const readFlags = os.O_RDONLY | syscall.O_NOFOLLOW | syscall.O_NONBLOCK
