package rootfs

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"golang.org/x/sys/unix"
)

// MountError is a failed mount-related syscall.
type MountError struct {
	Op     string // "mount", "fsconfig", "pivot_root", ...
	Source string
	Target string
	Err    error // usually a unix.Errno
}

func (e *MountError) Error() string {
	if e.Source != "" {
		return fmt.Sprintf("%s %s on %s: %v", e.Op, e.Source, e.Target, e.Err)
	}
	return fmt.Sprintf("%s %s: %v", e.Op, e.Target, e.Err)
}

func (e *MountError) Unwrap() error { return e.Err }

// Apply executes planned mounts in order, in the caller's mount namespace.
// A Mount with Chdir changes the process's working directory for the
// duration of its mount(2) call; run it from a single-threaded context or
// a thread that did unshare(CLONE_FS).
func Apply(ms []Mount) error {
	for _, m := range ms {
		if err := apply(m); err != nil {
			return err
		}
	}
	return nil
}

func apply(m Mount) error {
	if err := makeTargetDir(m.Target); err != nil {
		return err
	}
	for _, o := range m.Options {
		if strings.HasPrefix(o, LowerdirAppend+"=") {
			return appendOverlayMount(m)
		}
	}
	if m.Chdir != "" {
		return inDir(m.Chdir, func() error { return legacyMount(m) })
	}
	return legacyMount(m)
}

// makeTargetDir makes a missing target dir (Nested's group mount points);
// an existing target, dir or file, is left as it is.
func makeTargetDir(target string) error {
	if _, err := os.Lstat(target); err == nil || !errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err := os.Mkdir(target, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return &MountError{Op: "mkdir", Target: target, Err: err}
	}
	return nil
}

// appendOverlayMount mounts a lowerdir+ overlay with the new mount API; a
// kernel without lowerdir+ (before 6.8: EINVAL) gets the Nested plan.
func appendOverlayMount(m Mount) error {
	err := fsmount(m)
	if err == nil || !errors.Is(err, unix.EINVAL) {
		return err
	}
	plan, nerr := Nested(m)
	if nerr != nil {
		return fmt.Errorf("%w (and %v)", err, nerr)
	}
	return Apply(plan)
}

func legacyMount(m Mount) error {
	f := ParseOptions(m.Options)
	typ := m.Type
	if typ == "bind" {
		typ = ""
		f.Flags |= unix.MS_BIND
	}
	if err := unix.Mount(m.Source, m.Target, typ, f.Flags, f.DataString()); err != nil {
		return &MountError{Op: "mount", Source: m.Source, Target: m.Target, Err: err}
	}
	if f.Flags&unix.MS_BIND != 0 && f.Flags&^(unix.MS_BIND|unix.MS_REC) != 0 {
		// A bind ignores every other flag: they need a remount.
		fl := f.Flags | unix.MS_REMOUNT
		if err := unix.Mount("", m.Target, "", fl, ""); err != nil {
			return &MountError{Op: "remount", Target: m.Target, Err: err}
		}
	}
	for _, p := range f.Propagation {
		if err := unix.Mount("", m.Target, "", p, ""); err != nil {
			return &MountError{Op: "set propagation of", Target: m.Target, Err: err}
		}
	}
	return nil
}

// inDir runs f with the working directory set to dir, then goes back.
func inDir(dir string, f func() error) error {
	back, err := unix.Open(".", unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return &MountError{Op: "open", Target: ".", Err: err}
	}
	defer unix.Close(back)
	if err := unix.Chdir(dir); err != nil {
		return &MountError{Op: "chdir", Target: dir, Err: err}
	}
	ferr := f()
	if err := unix.Fchdir(back); err != nil && ferr == nil {
		ferr = &MountError{Op: "fchdir back from", Target: dir, Err: err}
	}
	return ferr
}

// fsmount makes a mount with the new mount API: fsopen, one fsconfig per
// option (so each lowerdir+ layer has its own 256-byte limit instead of one
// page for all), fsmount, move_mount onto the target.
func fsmount(m Mount) error {
	mfd, err := fsmountFD(m, ParseOptions(m.Options).Attr)
	if err != nil {
		return err
	}
	defer unix.Close(mfd)
	if err := unix.MoveMount(mfd, "", unix.AT_FDCWD, m.Target, unix.MOVE_MOUNT_F_EMPTY_PATH); err != nil {
		return &MountError{Op: "move_mount", Source: m.Type, Target: m.Target, Err: err}
	}
	return nil
}

// fsmountFD is fsmount up to the detached mount's fd (attr: MOUNT_ATTR_*).
func fsmountFD(m Mount, attr uint64) (int, error) {
	fsfd, err := unix.Fsopen(m.Type, unix.FSOPEN_CLOEXEC)
	if err != nil {
		return -1, &MountError{Op: "fsopen", Source: m.Type, Target: m.Target, Err: err}
	}
	defer unix.Close(fsfd)
	if m.Source != "" { // what mountinfo shows, as mount(2)'s source
		if err := unix.FsconfigSetString(fsfd, "source", m.Source); err != nil {
			return -1, &MountError{Op: "fsconfig source", Source: m.Source, Target: m.Target, Err: err}
		}
	}
	for _, o := range ParseOptions(m.Options).Data {
		key, val, hasVal := strings.Cut(o, "=")
		if hasVal {
			err = unix.FsconfigSetString(fsfd, key, val)
		} else {
			err = unix.FsconfigSetFlag(fsfd, key)
		}
		if err != nil {
			return -1, &MountError{Op: "fsconfig " + key, Source: val, Target: m.Target, Err: err}
		}
	}
	if err := unix.FsconfigCreate(fsfd); err != nil {
		return -1, &MountError{Op: "fsconfig create", Source: m.Type, Target: m.Target, Err: err}
	}
	mfd, err := unix.Fsmount(fsfd, unix.FSMOUNT_CLOEXEC, int(attr))
	if err != nil {
		return -1, &MountError{Op: "fsmount", Source: m.Type, Target: m.Target, Err: err}
	}
	return mfd, nil
}
