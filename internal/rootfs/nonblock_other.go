//go:build !unix

package rootfs

const nonblockFlag = 0
