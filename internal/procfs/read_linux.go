package procfs

import (
	"os"

	"golang.org/x/sys/unix"
)

// ReadFile reads the small file at path (a /proc file, a container record)
// into buf's spare capacity, growing it when the file is longer, with
// open(2), read(2) and close(2) only: os.ReadFile also stats the file,
// registers it with the runtime's poller (fcntl, epoll_ctl) and sets a
// finalizer, twice the syscalls, which ps pays for every container. An
// error is an *os.PathError: errors.Is(err, fs.ErrNotExist) holds for a
// missing file. A buf without capacity starts at 1 KiB, so that a small
// file takes one read(2) and the end-of-file one, not one per doubling
// from 8 bytes.
func ReadFile(path string, buf []byte) ([]byte, error) {
	if cap(buf) == 0 {
		buf = make([]byte, 0, 1024)
	}
	fd, err := ignoringEINTR(func() (int, error) { return unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0) })
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	defer unix.Close(fd)
	buf = buf[:0]
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)] // grows the capacity
		}
		n, err := ignoringEINTR(func() (int, error) { return unix.Read(fd, buf[len(buf):cap(buf)]) })
		if err != nil {
			return nil, &os.PathError{Op: "read", Path: path, Err: err}
		}
		if n == 0 {
			return buf, nil
		}
		buf = buf[:len(buf)+n]
	}
}

// ignoringEINTR retries f while a signal interrupts it (the Go runtime
// preempts with SIGURG).
func ignoringEINTR(f func() (int, error)) (int, error) {
	for {
		n, err := f()
		if err != unix.EINTR {
			return n, err
		}
	}
}
