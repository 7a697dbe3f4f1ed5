package runtime

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// makeDevices fills the container's /dev tmpfs (before pivot_root): device
// nodes, then the usual symlinks, each made with *at calls in its parent
// dir, opened inside the rootfs (openat2 RESOLVE_IN_ROOT).
func makeDevices(root string, devs []specs.LinuxDevice) error {
	rootfd, err := unix.Open(root, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return &SyscallError{Op: "open rootfs", Path: root, Err: err}
	}
	defer unix.Close(rootfd)
	for _, d := range devs {
		if err := inParent(rootfd, d.Path, func(dirfd int, name string) error { return makeDevice(dirfd, name, d) }); err != nil {
			return err
		}
	}
	for _, l := range devSymlinks {
		err := inParent(rootfd, l[1], func(dirfd int, name string) error {
			if err := unix.Symlinkat(l[0], dirfd, name); err != nil && !errors.Is(err, unix.EEXIST) {
				return &SyscallError{Op: "symlink", Path: l[1], Err: err}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// inParent makes p's parent dir inside the root and calls f with it open.
func inParent(rootfd int, p string, f func(dirfd int, name string) error) error {
	p = filepath.Clean("/" + p)
	if err := mkdirAllAt(rootfd, filepath.Dir(p), 0o755); err != nil {
		return err
	}
	dirfd, err := openPathInRoot(rootfd, filepath.Dir(p))
	if err != nil {
		return &SyscallError{Op: "openat2 in rootfs", Path: filepath.Dir(p), Err: err}
	}
	defer unix.Close(dirfd)
	return f(dirfd, filepath.Base(p))
}

func makeDevice(dirfd int, name string, d specs.LinuxDevice) error {
	mode := uint32(0o666)
	if d.FileMode != nil {
		mode = uint32(*d.FileMode & 0o7777)
	}
	typ, err := deviceType(d.Type)
	if err != nil {
		return err
	}
	err = unix.Mknodat(dirfd, name, typ|mode, int(unix.Mkdev(uint32(d.Major), uint32(d.Minor))))
	if errors.Is(err, unix.EPERM) {
		return bindHostDevice(dirfd, name, d.Path)
	}
	if err != nil {
		return &SyscallError{Op: "mknod", Path: d.Path, Err: err}
	}
	uid, gid := 0, 0
	if d.UID != nil {
		uid = int(*d.UID)
	}
	if d.GID != nil {
		gid = int(*d.GID)
	}
	if err := unix.Fchownat(dirfd, name, uid, gid, unix.AT_SYMLINK_NOFOLLOW); err != nil {
		return &SyscallError{Op: "chown", Path: d.Path, Err: err}
	}
	return nil
}

func deviceType(t string) (uint32, error) {
	switch t {
	case "c", "u":
		return unix.S_IFCHR, nil
	case "b":
		return unix.S_IFBLK, nil
	case "p":
		return unix.S_IFIFO, nil
	}
	return 0, fmt.Errorf("device type %q: unknown", t)
}

// bindHostDevice binds the host's node when mknod is not allowed.
func bindHostDevice(dirfd int, name, hostPath string) error {
	if err := unix.Mknodat(dirfd, name, unix.S_IFREG|0o600, 0); err != nil {
		return &SyscallError{Op: "create device bind target", Path: hostPath, Err: err}
	}
	fd, err := unix.Openat(dirfd, name, unix.O_PATH|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return &SyscallError{Op: "open device bind target", Path: hostPath, Err: err}
	}
	defer unix.Close(fd)
	if err := unix.Mount(hostPath, "/proc/self/fd/"+strconv.Itoa(fd), "", unix.MS_BIND, ""); err != nil {
		return &SyscallError{Op: "bind device", Path: hostPath, Err: err}
	}
	return nil
}
