//go:build !linux

package load

import "os"

// newDirSystem reads the folder dir through os.DirFS, where no cheaper
// calls are known.
func newDirSystem(dir string) (interface {
	system
	close()
}, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, err
	}
	return osSystem{fsSystem{os.DirFS(dir)}}, nil
}

type osSystem struct{ fsSystem }

func (osSystem) close() {}
