package monitor

import (
	"encoding/binary"
	"fmt"
	"io"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// The attach socket: the monitor of each detached container listens on
// <container dir>/attach.sock (like conmon's attach socket); tent attach
// connects. Both sides speak frames: a type byte, a big-endian uint32
// length, the data. The monitor sends FrameStdout and FrameStderr (the
// container's output, live) and FrameExit; the client sends FrameStdin, FrameResize
// (rows, cols as two uint16) and FrameCloseStdin.
const (
	AttachSocketName = "attach.sock"

	FrameStdin      byte = 0
	FrameStdout     byte = 1
	FrameStderr     byte = 2
	FrameResize     byte = 3
	FrameCloseStdin byte = 4
	FrameExit       byte = 5 // the container's exit code (uint32), when it is done for good

	maxFrame = 1 << 20
)

// WriteFrame writes one frame.
func WriteFrame(w io.Writer, typ byte, data []byte) error {
	b := make([]byte, 5, 5+len(data))
	b[0] = typ
	binary.BigEndian.PutUint32(b[1:], uint32(len(data)))
	_, err := w.Write(append(b, data...))
	return err
}

// ReadFrame reads one frame.
func ReadFrame(r io.Reader) (byte, []byte, error) {
	var h [5]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return 0, nil, err
	}
	n := binary.BigEndian.Uint32(h[1:])
	if n > maxFrame {
		return 0, nil, fmt.Errorf("attach frame of %d bytes", n)
	}
	data := make([]byte, n)
	if _, err := io.ReadFull(r, data); err != nil {
		return 0, nil, err
	}
	return h[0], data, nil
}

// ResizeFrame is the data of a FrameResize.
func ResizeFrame(rows, cols uint16) []byte {
	return binary.BigEndian.AppendUint16(binary.BigEndian.AppendUint16(nil, rows), cols)
}

// AttachSocketIn runs fn with a path to the attach socket of the container
// whose dir is dir (see inDir): tent attach dials it.
func AttachSocketIn(dir string, fn func(path string) error) error {
	return inDir(dir, AttachSocketName, fn)
}

// inDir runs fn with a path that names name inside dir through an O_PATH
// descriptor (/proc/self/fd/N/name): a socket path must fit in 108 bytes,
// and a deep store would not.
func inDir(dir, name string, fn func(path string) error) error {
	fd, err := unix.Open(dir, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("open %s: %w", dir, err)
	}
	defer unix.Close(fd)
	return fn(filepath.Join(fmt.Sprintf("/proc/self/fd/%d", fd), name))
}
