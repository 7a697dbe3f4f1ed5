package runtime

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// maskPaths hides paths (after pivot_root): /dev/null bound over files, an
// empty read-only tmpfs over dirs. Missing paths are skipped.
func maskPaths(paths []string) error {
	if len(paths) == 0 {
		return nil
	}
	null, err := openDevNull()
	if err != nil {
		return err
	}
	defer null.Close()
	for _, p := range paths {
		if err := maskPath(p, null); err != nil {
			return err
		}
	}
	return nil
}

func maskPath(p string, null *os.File) error {
	var st unix.Stat_t
	if err := unix.Lstat(p, &st); err != nil {
		if errors.Is(err, unix.ENOENT) {
			return nil
		}
		return &SyscallError{Op: "stat masked path", Path: p, Err: err}
	}
	return maskMount(p, p, st.Mode&unix.S_IFMT == unix.S_IFDIR, null)
}

// maskMount hides target (named p in errors): an empty read-only tmpfs
// over a dir, null bound over anything else.
func maskMount(target, p string, dir bool, null *os.File) error {
	var err error
	if dir {
		err = unix.Mount("tmpfs", target, "tmpfs", unix.MS_RDONLY, "size=0,mode=555")
	} else {
		err = unix.Mount(fdPath(null), target, "", unix.MS_BIND, "")
	}
	if err != nil {
		return &SyscallError{Op: "mask", Path: p, Err: err}
	}
	return nil
}

// openDevNull opens the container's /dev/null and checks that it is the
// real null device, not something put there (CVE-2025-31133).
func openDevNull() (*os.File, error) {
	fd, err := unix.Open("/dev/null", unix.O_PATH|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &SyscallError{Op: "open", Path: "/dev/null", Err: err}
	}
	if err := isNullDevice(fd); err != nil {
		unix.Close(fd)
		return nil, err
	}
	return os.NewFile(uintptr(fd), "/dev/null"), nil
}

// isNullDevice checks that fd is the null device (char 1:3).
func isNullDevice(fd int) error {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return &SyscallError{Op: "fstat", Path: "/dev/null", Err: err}
	}
	if st.Mode&unix.S_IFMT != unix.S_IFCHR || unix.Major(st.Rdev) != 1 || unix.Minor(st.Rdev) != 3 {
		return fmt.Errorf("/dev/null is not the null device")
	}
	return nil
}

// readonlyPaths binds each path on itself and remounts it read-only.
func readonlyPaths(paths []string) error {
	for _, p := range paths {
		if err := unix.Mount(p, p, "", unix.MS_BIND|unix.MS_REC, ""); err != nil {
			if errors.Is(err, unix.ENOENT) {
				continue
			}
			return &SyscallError{Op: "bind read-only path", Path: p, Err: err}
		}
		fl := uintptr(unix.MS_BIND | unix.MS_REMOUNT | unix.MS_RDONLY | unix.MS_REC | unix.MS_NOSUID | unix.MS_NODEV | unix.MS_NOEXEC)
		if err := unix.Mount("", p, "", fl, ""); err != nil {
			return &SyscallError{Op: "remount read-only", Path: p, Err: err}
		}
	}
	return nil
}
