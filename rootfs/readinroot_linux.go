package rootfs

import (
	"errors"
	"fmt"
	"io"

	pathrs "github.com/cyphar/filepath-securejoin/pathrs-lite"
	"golang.org/x/sys/unix"
)

// MaxInRootFile bounds what ReadFileInRoot reads: an /etc/passwd is a
// few KiB.
const MaxInRootFile = 4 << 20

// ErrNotRegular is returned for a file that is not a regular file (a
// device, a FIFO, a socket, a directory).
var ErrNotRegular = errors.New("not a regular file")

// ReadFileInRoot reads p of a live container's filesystem from the host,
// root being e.g. /proc/<pid>/root. Symlinks, absolute or "..", resolve as
// if root were "/" (openat2 RESOLVE_IN_ROOT through pathrs-lite, which walks
// the path itself on kernels without openat2): a container's
// /etc/passwd -> /etc/shadow names its own shadow file, never the host's.
// Only a regular file is opened for reading (its O_PATH handle is checked
// first, so a FIFO or a device is never opened), and reading stops after
// MaxInRootFile bytes, with an error. A missing file wraps fs.ErrNotExist.
func ReadFileInRoot(root, p string) ([]byte, error) {
	h, err := pathrs.OpenInRoot(root, p)
	if err != nil {
		return nil, fmt.Errorf("open %s in %s: %w", p, root, err)
	}
	defer h.Close()
	var st unix.Stat_t
	if err := unix.Fstat(int(h.Fd()), &st); err != nil {
		return nil, fmt.Errorf("stat %s in %s: %w", p, root, err)
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		return nil, fmt.Errorf("%s in %s: %w", p, root, ErrNotRegular)
	}
	if st.Size > MaxInRootFile {
		return nil, fmt.Errorf("%s in %s: %d bytes, over the %d-byte limit", p, root, st.Size, MaxInRootFile)
	}
	f, err := pathrs.Reopen(h, unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NONBLOCK|unix.O_NOCTTY)
	if err != nil {
		return nil, fmt.Errorf("open %s in %s: %w", p, root, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxInRootFile+1))
	if err != nil {
		return nil, fmt.Errorf("read %s in %s: %w", p, root, err)
	}
	if len(b) > MaxInRootFile {
		return nil, fmt.Errorf("%s in %s: over the %d-byte limit", p, root, MaxInRootFile)
	}
	return b, nil
}
