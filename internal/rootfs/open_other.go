//go:build !linux

package rootfs

import "io/fs"

// nonblock opens a FIFO without waiting for a writer, where there are
// FIFOs.
const nonblock = nonblockFlag

// sysRoot is unused where openat2 is missing: os.Root serves.
type sysRoot struct{}

func newSysRoot(string) *sysRoot { return nil }
func (*sysRoot) close()          {}

func (f *FS) open(name string) (fs.File, error) { return f.rootOpen(name) }

func (f *FS) stat(name string) (fs.FileInfo, error) { return f.rootStat(name) }

func (f *FS) resolve(name string) (string, error) { return resolve(f, name) }

func (f *FS) readFile(name string) ([]byte, error) { return f.rootReadFile(name) }
