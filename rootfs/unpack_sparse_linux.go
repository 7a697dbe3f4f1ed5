package rootfs

import (
	"bytes"
	"fmt"
	"io"

	"golang.org/x/sys/unix"
)

// holeBlock is the granularity of holes in a sparse file.
const holeBlock = 4096

var zeroBlock [holeBlock]byte

// copySparse writes size bytes of data to the new file fd, leaving blocks of
// zeros as holes (archive/tar hands out a sparse file's holes as zeros), so
// that a sparse file takes the disk space of its data only.
func (u *unpacker) copySparse(fd int, data io.Reader, size int64) (int64, error) {
	buf := *u.buf
	var off int64
	for off < size {
		chunk := buf[:min(int64(len(buf)), size-off)]
		n, err := io.ReadFull(data, chunk)
		if err != nil {
			return off, fmt.Errorf("read content: %w", err)
		}
		if err := pwriteData(fd, chunk[:n], off); err != nil {
			return off, fmt.Errorf("write content: %w", err)
		}
		off += int64(n)
	}
	if err := unix.Ftruncate(fd, size); err != nil { // a hole at the end
		return off, fmt.Errorf("set size: %w", err)
	}
	return off, nil
}

// pwriteData writes the runs of b that are not whole zero blocks at off.
func pwriteData(fd int, b []byte, off int64) error {
	start := -1 // of the current run of data
	for i := 0; i < len(b); i += holeBlock {
		end := min(i+holeBlock, len(b))
		zero := bytes.Equal(b[i:end], zeroBlock[:end-i])
		if !zero && start < 0 {
			start = i
		}
		if zero && start >= 0 {
			if err := pwriteAll(fd, b[start:i], off+int64(start)); err != nil {
				return err
			}
			start = -1
		}
	}
	if start >= 0 {
		return pwriteAll(fd, b[start:], off+int64(start))
	}
	return nil
}

func pwriteAll(fd int, b []byte, off int64) error {
	for len(b) > 0 {
		n, err := unix.Pwrite(fd, b, off)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return err
		}
		b, off = b[n:], off+int64(n)
	}
	return nil
}
