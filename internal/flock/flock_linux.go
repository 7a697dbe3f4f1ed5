package flock

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// How says which lock to take: Exclusive or Shared, optionally |NonBlock.
type How int

const (
	Exclusive How = unix.LOCK_EX
	Shared    How = unix.LOCK_SH
	// NonBlock makes a taken lock fail at once (an error wrapping
	// unix.EWOULDBLOCK) instead of waiting.
	NonBlock How = unix.LOCK_NB
)

// Path locks the file path, creating it with perm (less the umask) in an
// existing dir. The returned func releases the lock.
func Path(path string, perm os.FileMode, how How) (unlock func(), err error) {
	fd, err := unix.Open(path, unix.O_RDWR|unix.O_CREAT|unix.O_CLOEXEC, uint32(perm.Perm()))
	if err != nil {
		return nil, fmt.Errorf("open lock %s: %w", path, err)
	}
	return lockFD(fd, path, how)
}

// Dir locks the directory dir itself.
func Dir(dir string, how How) (unlock func(), err error) {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("open lock %s: %w", dir, err)
	}
	return lockFD(fd, dir, how)
}

// lockFD takes the lock on fd, closing fd on failure; closing it releases.
func lockFD(fd int, path string, how How) (func(), error) {
	var err error
	for {
		err = unix.Flock(fd, int(how))
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
