package container

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// flockDir takes an exclusive flock(2) on the directory dir itself: a lock
// that needs no file of its own (one inode fewer to make and delete per
// container on a slow filesystem).
func flockDir(dir string) (func(), error) {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: dir, Err: err}
	}
	return lockFD(fd, dir)
}

// flockPath takes an exclusive flock(2) on path (created if missing, in an
// existing dir) and returns its release. The lock dies with the process, so
// a killed CLI never leaves a container locked.
func flockPath(path string) (func(), error) {
	fd, err := unix.Open(path, unix.O_RDWR|unix.O_CREAT|unix.O_CLOEXEC, 0o600)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	return lockFD(fd, path)
}

// lockFD blocks until fd holds an exclusive flock; it closes fd on failure.
func lockFD(fd int, path string) (func(), error) {
	var err error
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
