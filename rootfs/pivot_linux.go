package rootfs

import "golang.org/x/sys/unix"

// PivotRoot makes newRoot (a mount point) the root of the caller's mount
// namespace and detaches the old root, without needing a put_old dir:
//
//	chdir(newRoot); pivot_root(".", "."); mount(".", MS_SLAVE|MS_REC);
//	umount2(".", MNT_DETACH); chdir("/")
//
// After pivot_root(".", ".") the old root is mounted on top of the new one
// at "/"; making it a slave first keeps the detach from propagating to the
// host.
func PivotRoot(newRoot string) error {
	if err := unix.Chdir(newRoot); err != nil {
		return &MountError{Op: "chdir", Target: newRoot, Err: err}
	}
	if err := unix.PivotRoot(".", "."); err != nil {
		return &MountError{Op: "pivot_root", Target: newRoot, Err: err}
	}
	if err := unix.Mount("", ".", "", unix.MS_SLAVE|unix.MS_REC, ""); err != nil {
		return &MountError{Op: "make old root rslave", Target: newRoot, Err: err}
	}
	if err := unix.Unmount(".", unix.MNT_DETACH); err != nil {
		return &MountError{Op: "umount old root", Target: newRoot, Err: err}
	}
	if err := unix.Chdir("/"); err != nil {
		return &MountError{Op: "chdir", Target: "/", Err: err}
	}
	return nil
}
