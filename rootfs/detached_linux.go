package rootfs

import (
	"errors"
	"strings"

	"golang.org/x/sys/unix"
)

// ErrNotDetachable: Detach takes one overlay mount of absolute paths and
// filesystem options only.
var ErrNotDetachable = errors.New("not a mount Detach makes")

// Detached is a mount made with the new mount API and attached nowhere
// yet (fsmount(2)): its filesystem exists, in no mount namespace, until
// Attach moves it onto a target or Close drops it.
type Detached struct {
	fd int
	m  Mount
}

// Detach makes ms, when it is one overlay mount (Overlay's plan) without
// Chdir, propagation or volatile (whose work dir, once mounted, refuses a
// second mount: one dropped here would fail the caller's Apply), as a
// detached mount: fsopen, one fsconfig per
// option and one "lowerdir+" per layer (Linux 6.8+), fsmount. The costly
// part of an overlay mount (checking and preparing the work dir) is then
// done, in the caller's context, before the mount namespace it goes into
// exists. Otherwise, or when the kernel refuses, the error says why and
// the caller mounts with Apply.
func Detach(ms []Mount) (*Detached, error) {
	if len(ms) != 1 || ms[0].Type != "overlay" || ms[0].Chdir != "" {
		return nil, ErrNotDetachable
	}
	m := ms[0]
	f := ParseOptions(m.Options)
	if len(f.Propagation) > 0 || f.Flags&^unix.MS_RDONLY != 0 {
		return nil, ErrNotDetachable
	}
	var opts []string
	for _, o := range f.Data {
		if o == "volatile" { // a volatile work dir takes one mount: a dropped one would refuse the next
			return nil, ErrNotDetachable
		}
		layers, ok := strings.CutPrefix(o, "lowerdir=")
		if !ok {
			opts = append(opts, o)
			continue
		}
		for _, l := range strings.Split(layers, ":") {
			if !strings.HasPrefix(l, "/") {
				return nil, ErrNotDetachable
			}
			opts = append(opts, LowerdirAppend+"="+l)
		}
	}
	m.Options = opts
	fd, err := fsmountFD(m, f.Attr)
	if err != nil {
		return nil, err
	}
	return &Detached{fd: fd, m: m}, nil
}

// Attach moves the mount onto target (move_mount(2)) in the caller's
// mount namespace, making a missing target dir first. Close it after.
func (d *Detached) Attach(target string) error {
	if err := makeTargetDir(target); err != nil {
		return err
	}
	if err := unix.MoveMount(d.fd, "", unix.AT_FDCWD, target, unix.MOVE_MOUNT_F_EMPTY_PATH); err != nil {
		return &MountError{Op: "move_mount", Source: d.m.Type, Target: target, Err: err}
	}
	return nil
}

// Close drops the mount's fd: an unattached mount goes with it.
func (d *Detached) Close() error {
	if d == nil || d.fd < 0 {
		return nil
	}
	err := unix.Close(d.fd)
	d.fd = -1
	return err
}
