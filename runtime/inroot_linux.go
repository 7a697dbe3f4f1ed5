package runtime

import (
	"errors"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// Lookups inside the rootfs use openat2(RESOLVE_IN_ROOT): every symlink,
// absolute or "..", resolves as if the rootfs were "/", so no path can
// lead out of it, even if a running container swaps a component for a
// symlink meanwhile (CVE-2021-30465). Magic links (/proc/self/...) are
// refused.
const inRootResolve = unix.RESOLVE_IN_ROOT | unix.RESOLVE_NO_MAGICLINKS

// openInRoot opens p inside root as an O_PATH handle.
func openInRoot(root, p string) (*os.File, error) {
	rootfd, err := unix.Open(root, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &SyscallError{Op: "open rootfs", Path: root, Err: err}
	}
	defer unix.Close(rootfd)
	fd, err := openPathInRoot(rootfd, p)
	if err != nil {
		return nil, &SyscallError{Op: "openat2 in rootfs", Path: p, Err: err}
	}
	return os.NewFile(uintptr(fd), filepath.Join(root, p)), nil
}

func openPathInRoot(rootfd int, p string) (int, error) {
	how := &unix.OpenHow{Flags: unix.O_PATH | unix.O_CLOEXEC, Resolve: inRootResolve}
	rel := strings.TrimPrefix(filepath.Clean("/"+p), "/")
	if rel == "" {
		rel = "."
	}
	for {
		fd, err := unix.Openat2(rootfd, rel, how)
		if err == unix.EINTR || err == unix.EAGAIN {
			continue
		}
		return fd, err
	}
}

// mkdirAllInRoot makes dir p and its missing parents inside root. Each
// missing component is made with mkdirat in its parent, itself opened in
// root; a dangling symlink on the way is an error, never followed out.
func mkdirAllInRoot(root, p string, mode uint32) error {
	rootfd, err := unix.Open(root, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return &SyscallError{Op: "open rootfs", Path: root, Err: err}
	}
	defer unix.Close(rootfd)
	return mkdirAllAt(rootfd, filepath.Clean("/"+p), mode)
}

func mkdirAllAt(rootfd int, p string, mode uint32) error {
	fd, err := openPathInRoot(rootfd, p)
	if err == nil {
		unix.Close(fd)
		return nil
	}
	if !errors.Is(err, unix.ENOENT) || p == "/" {
		return &SyscallError{Op: "openat2 in rootfs", Path: p, Err: err}
	}
	parent := filepath.Dir(p)
	if err := mkdirAllAt(rootfd, parent, mode); err != nil {
		return err
	}
	pfd, err := openPathInRoot(rootfd, parent)
	if err != nil {
		return &SyscallError{Op: "openat2 in rootfs", Path: parent, Err: err}
	}
	defer unix.Close(pfd)
	if err := unix.Mkdirat(pfd, filepath.Base(p), mode); err != nil && !errors.Is(err, unix.EEXIST) {
		return &SyscallError{Op: "mkdirat in rootfs", Path: p, Err: err}
	}
	// EEXIST here with ENOENT above is a dangling symlink: the open says so.
	fd, err = openPathInRoot(rootfd, p)
	if err != nil {
		return &SyscallError{Op: "openat2 in rootfs", Path: p, Err: err}
	}
	unix.Close(fd)
	return nil
}
