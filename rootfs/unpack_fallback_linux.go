package rootfs

import (
	"errors"
	"fmt"
	"os"

	pathrs "github.com/cyphar/filepath-securejoin/pathrs-lite"
	"golang.org/x/sys/unix"
)

// inRootFallback resolves paths inside the layer root on kernels without
// openat2 (before Linux 5.6) with filepath-securejoin's pathrs-lite, which
// walks the path one component at a time with O_PATH|O_NOFOLLOW fds and
// resolves symlinks itself, inside the root.
type inRootFallback struct {
	root *os.File
}

func newInRootFallback(dir string) (*inRootFallback, error) {
	f, err := os.OpenFile(dir, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("unpack: open %s: %w", dir, err)
	}
	return &inRootFallback{root: f}, nil
}

// open returns an fd of p opened with flags, as openat2(RESOLVE_IN_ROOT)
// would. O_NOFOLLOW is not honored for the last component: a symlink there
// is followed, but still inside the root.
func (fb *inRootFallback) open(p string, flags uint64) (int, error) {
	h, err := pathrs.OpenatInRoot(fb.root, p)
	if err != nil {
		return -1, unwrapErrno(err)
	}
	defer h.Close()
	if flags&unix.O_DIRECTORY != 0 {
		var st unix.Stat_t
		if err := unix.Fstat(int(h.Fd()), &st); err != nil {
			return -1, err
		}
		if st.Mode&unix.S_IFMT != unix.S_IFDIR {
			return -1, unix.ENOTDIR
		}
	}
	if flags&unix.O_PATH != 0 {
		return unix.FcntlInt(h.Fd(), unix.F_DUPFD_CLOEXEC, 0)
	}
	f, err := pathrs.Reopen(h, int(flags&^(unix.O_NOFOLLOW|unix.O_DIRECTORY)))
	if err != nil {
		return -1, unwrapErrno(err)
	}
	defer f.Close()
	return unix.FcntlInt(f.Fd(), unix.F_DUPFD_CLOEXEC, 0)
}

func (fb *inRootFallback) close() { fb.root.Close() }

// unwrapErrno returns the errno inside err, so that callers can compare
// with unix.ENOENT as they do for openat2; other errors pass unchanged.
func unwrapErrno(err error) error {
	var errno unix.Errno
	if errors.As(err, &errno) {
		return errno
	}
	return err
}
