package cgroups

import (
	"fmt"
	"io"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// cgroupfs files are small and never block, so they are opened, read or
// written and closed with plain syscalls: an os.File would also register
// each fd with the runtime poller (fcntl F_GETFL/F_SETFL, epoll_ctl add and
// del), four more syscalls per file for nothing. A write costs open, write,
// close; a read open, read until EOF, close.

// openRaw opens path close-on-exec, retrying EINTR as package os does.
func openRaw(path string, flags int) (int, error) {
	for {
		fd, err := unix.Open(path, flags|unix.O_CLOEXEC, 0)
		if err != unix.EINTR {
			return fd, err
		}
	}
}

// closeRaw closes fd. Linux frees the fd even when close reports EINTR, so
// that is not retried (a retry could close an fd another goroutine got).
func closeRaw(fd int) error {
	if err := unix.Close(fd); err != nil && err != unix.EINTR {
		return err
	}
	return nil
}

// writeFD writes value in exactly one write(2): a cgroup file takes one
// value (one device rule) per write, so a short write is an error, never
// continued with the rest.
func writeFD(fd int, value string) error {
	b := []byte(value)
	for {
		n, err := unix.Write(fd, b)
		switch {
		case err == unix.EINTR:
			continue
		case err != nil:
			return err
		case n != len(b):
			return io.ErrShortWrite
		}
		return nil
	}
}

// readRaw returns the whole content of path.
func readRaw(path string) ([]byte, error) {
	fd, err := openRaw(path, unix.O_RDONLY)
	if err != nil {
		return nil, err
	}
	b, err := readFD(fd, make([]byte, 0, 512))
	if cerr := closeRaw(fd); err == nil {
		err = cerr
	}
	return b, err
}

// readFD appends what fd has left to b: cgroup files (seq_file) may return
// less than asked before EOF, so it reads until read(2) returns 0.
func readFD(fd int, b []byte) ([]byte, error) {
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := unix.Read(fd, b[len(b):cap(b)])
		switch {
		case err == unix.EINTR:
			continue
		case err != nil:
			return nil, err
		case n == 0:
			return b, nil
		}
		b = b[:len(b)+n]
	}
}

// fileWriter executes writes keeping the last file open, so that a run of
// writes to one file (the device rules: one deny-all, then the allow list)
// costs one open and one close instead of one each. Call close when done.
type fileWriter struct {
	path string // open file, "" when none
	fd   int
}

// write writes value to dir/file; errors read "write file=value: errno".
func (w *fileWriter) write(dir, file, value string) error {
	if p := filepath.Join(dir, file); p != w.path {
		if err := w.close(); err != nil {
			return err
		}
		fd, err := openRaw(p, unix.O_WRONLY|unix.O_TRUNC)
		if err != nil {
			return fmt.Errorf("write %s=%s: %w", file, value, err)
		}
		w.path, w.fd = p, fd
	}
	if err := writeFD(w.fd, value); err != nil {
		return fmt.Errorf("write %s=%s: %w", file, value, err)
	}
	return nil
}

func (w *fileWriter) close() error {
	if w.path == "" {
		return nil
	}
	p := w.path
	w.path = ""
	if err := closeRaw(w.fd); err != nil {
		return fmt.Errorf("close %s: %w", p, err)
	}
	return nil
}
