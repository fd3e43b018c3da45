//go:build !unix

package app

import "os"

// readFlags open a file of the user's cache to read; the Stat that follows
// refuses what is not a regular file.
const readFlags = os.O_RDONLY
