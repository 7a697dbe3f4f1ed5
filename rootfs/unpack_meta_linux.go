package rootfs

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"unsafe"

	"golang.org/x/sys/unix"
)

const paxXattr = "SCHILY.xattr."

// lchown sets the owner of base in pfd without following a symlink.
func (u *unpacker) lchown(pfd int, base string, e *entry) error {
	if u.opts.noChown {
		return nil
	}
	if err := unix.Fchownat(pfd, base, e.uid, e.gid, unix.AT_SYMLINK_NOFOLLOW); err != nil {
		return fmt.Errorf("chown: %w", err)
	}
	return nil
}

// nodeMeta sets owner, mode (unless a symlink), xattrs and times of a
// non-regular entry, never following a symlink at e.base.
func (u *unpacker) nodeMeta(pfd int, e *entry, chmod bool) error {
	if err := u.lchown(pfd, e.base, e); err != nil {
		return err
	}
	if chmod {
		if err := chmodNode(pfd, e.base, e.mode); err != nil {
			return fmt.Errorf("chmod: %w", err)
		}
	}
	if err := u.setXattrs(e, -1, pfd); err != nil {
		return err
	}
	ts := timespecs(e)
	if err := unix.UtimesNanoAt(pfd, e.base, ts[:], unix.AT_SYMLINK_NOFOLLOW); err != nil {
		return fmt.Errorf("set times: %w", err)
	}
	return nil
}

// chmodNode sets the mode of the device or fifo just made by mknodat,
// whose mode was cut by the umask and lacks setuid/setgid/sticky. It uses
// fchmodat2 with AT_SYMLINK_NOFOLLOW (Linux 6.6); older kernels get plain
// fchmodat, safe here as base is the node just created, not a symlink.
func chmodNode(pfd int, base string, mode uint32) error {
	err := unix.Fchmodat(pfd, base, mode, unix.AT_SYMLINK_NOFOLLOW)
	if err == unix.EOPNOTSUPP || err == unix.ENOSYS {
		err = unix.Fchmodat(pfd, base, mode, 0)
	}
	return err
}

func hasXattrs(e *entry) bool {
	for k := range e.pax {
		if strings.HasPrefix(k, paxXattr) {
			return true
		}
	}
	return false
}

// setXattrs sets the entry's SCHILY.xattr.* records, on fd if it is >= 0,
// else on e.base in pfd without following it (lsetxattr through the
// directory's /proc/self/fd link). trusted.overlay.* and user.overlay.*
// records are ignored: they would let a layer redirect or merge paths in
// the overlay.
func (u *unpacker) setXattrs(e *entry, fd, pfd int) error {
	for k, v := range e.pax {
		if !strings.HasPrefix(k, paxXattr) {
			continue
		}
		name := k[len(paxXattr):]
		if strings.HasPrefix(name, "trusted.overlay.") || strings.HasPrefix(name, "user.overlay.") {
			continue
		}
		var err error
		if fd >= 0 {
			err = unix.Fsetxattr(fd, name, []byte(v), 0)
		} else {
			err = unix.Lsetxattr("/proc/self/fd/"+strconv.Itoa(pfd)+"/"+e.base, name, []byte(v), 0)
		}
		if err != nil && u.opts.bestEffortXattrs && (errors.Is(err, unix.ENOTSUP) || errors.Is(err, unix.EPERM)) {
			continue
		}
		if err != nil {
			return fmt.Errorf("set xattr %s: %w", name, err)
		}
	}
	return nil
}

// timespecs returns the entry's atime and mtime for utimensat.
func timespecs(e *entry) [2]unix.Timespec {
	return [2]unix.Timespec{
		{Sec: e.atime.Unix(), Nsec: int64(e.atime.Nanosecond())},
		{Sec: e.mtime.Unix(), Nsec: int64(e.mtime.Nanosecond())},
	}
}

// futimens sets the times of the file open at fd: utimensat with a NULL path.
func futimens(fd int, ts *[2]unix.Timespec) error {
	_, _, errno := unix.Syscall6(unix.SYS_UTIMENSAT, uintptr(fd), 0, uintptr(unsafe.Pointer(ts)), 0, 0, 0)
	if errno != 0 {
		return errno
	}
	return nil
}

// removeAll removes base in dirfd and, if it is a directory, everything in
// it, using only fds: never following a symlink.
func removeAll(dirfd int, base string) error {
	err := unix.Unlinkat(dirfd, base, 0)
	if err != unix.EISDIR {
		return err
	}
	fd, err := unix.Openat(dirfd, base, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return err
	}
	f := os.NewFile(uintptr(fd), base)
	names, err := f.Readdirnames(-1)
	if err == nil {
		for _, n := range names {
			if err = removeAll(fd, n); err != nil {
				break
			}
		}
	}
	f.Close()
	if err != nil {
		return err
	}
	return unix.Unlinkat(dirfd, base, unix.AT_REMOVEDIR)
}
