package container

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// flockPath takes an exclusive flock(2) on path (created if missing, in an
// existing dir) and returns its release. The lock dies with the process, so
// a killed CLI never leaves a container locked.
func flockPath(path string) (func(), error) {
	fd, err := unix.Open(path, unix.O_RDWR|unix.O_CREAT|unix.O_CLOEXEC, 0o600)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	for {
		err = unix.Flock(fd, unix.LOCK_EX)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("flock %s: %w", path, err)
	}
	return func() { unix.Close(fd) }, nil
}
