package runtime

import (
	"errors"
	"fmt"
	"os"

	securejoin "github.com/cyphar/filepath-securejoin"
	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// makeDevices fills the container's /dev tmpfs (before pivot_root): device
// nodes, then the usual symlinks. No container process exists yet, so the
// symlink-resolving SecureJoin cannot be raced.
func makeDevices(root string, devs []specs.LinuxDevice) error {
	for _, d := range devs {
		p, err := securejoin.SecureJoin(root, d.Path)
		if err != nil {
			return fmt.Errorf("device %s: %w", d.Path, err)
		}
		if err := makeDevice(p, d); err != nil {
			return err
		}
	}
	for _, l := range devSymlinks {
		p, err := securejoin.SecureJoin(root, l[1])
		if err != nil {
			return fmt.Errorf("symlink %s: %w", l[1], err)
		}
		if err := os.Symlink(l[0], p); err != nil && !errors.Is(err, os.ErrExist) {
			return fmt.Errorf("dev symlink: %w", err)
		}
	}
	return nil
}

func makeDevice(p string, d specs.LinuxDevice) error {
	if err := os.MkdirAll(parentDir(p), 0o755); err != nil {
		return fmt.Errorf("device %s: %w", d.Path, err)
	}
	mode := uint32(0o666)
	if d.FileMode != nil {
		mode = uint32(*d.FileMode & 0o7777)
	}
	typ, err := deviceType(d.Type)
	if err != nil {
		return err
	}
	err = unix.Mknod(p, typ|mode, int(unix.Mkdev(uint32(d.Major), uint32(d.Minor))))
	if errors.Is(err, unix.EPERM) {
		return bindHostDevice(p, d.Path)
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
	if err := unix.Chown(p, uid, gid); err != nil {
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
func bindHostDevice(p, hostPath string) error {
	f, err := os.OpenFile(p, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("device %s: %w", hostPath, err)
	}
	f.Close()
	if err := unix.Mount(hostPath, p, "", unix.MS_BIND, ""); err != nil {
		return &SyscallError{Op: "bind device", Path: hostPath, Err: err}
	}
	return nil
}

func parentDir(p string) string {
	for i := len(p) - 1; i > 0; i-- {
		if p[i] == '/' {
			return p[:i]
		}
	}
	return "/"
}
