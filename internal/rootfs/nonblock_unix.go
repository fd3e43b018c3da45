//go:build unix && !linux

package rootfs

import "syscall"

const nonblockFlag = syscall.O_NONBLOCK
