package runtime

// The container's mount setup, in the init before pivot_root: / made a
// slave (or what linux.rootfsPropagation says; for a shared one the rootfs
// and its parent mount are made private for pivot_root, and / shared again
// after it; an unbindable one is applied after it), the rootfs (tent's overlay, rootfs.Apply) or a bind of it onto
// itself, spec.Mounts in order (planned in mountsetup_plan_linux.go), each
// target opened inside the rootfs (inroot_linux.go), then /dev filled
// (devices_linux.go).

import (
	"errors"
	"fmt"
	"github.com/tent-dev/tent/internal/trace"
	"os"
	"path/filepath"
	"strconv"

	"github.com/moby/sys/mountinfo"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/rootfs"
	"github.com/tent-dev/tent/runtime/internal/initcodec"
)

// prepareRoot makes / a slave (or the spec's propagation) so nothing
// mounted here reaches the host, then mounts the rootfs (tent's overlay),
// or binds it onto itself so that it is a mount point for pivot_root.
func prepareRoot(cfg *initcodec.Config) error { return prepareRootWith(cfg, nil) }

// prepareRootWith is prepareRoot with the rootfs mounted by mount (a
// detached overlay's Attach) instead of rootfs.Apply, when not nil.
func prepareRootWith(cfg *initcodec.Config, mount func() error) error {
	prop := "rslave"
	if cfg.Spec.Linux != nil && cfg.Spec.Linux.RootfsPropagation != "" {
		prop = cfg.Spec.Linux.RootfsPropagation
	}
	flag, ok := rootfs.Propagation(prop)
	if !ok {
		return fmt.Errorf("rootfs propagation %q: unknown", prop)
	}
	// An unbindable / would refuse the binds of the rootfs and of the
	// spec's mounts: rslave until pivot_root (rootPropagationAfterPivot).
	unbindable := flag&unix.MS_UNBINDABLE != 0
	first := flag
	if unbindable {
		first = unix.MS_SLAVE
	}
	if err := unix.Mount("", "/", "", first|unix.MS_REC, ""); err != nil {
		return &SyscallError{Op: "make / " + prop, Err: err}
	}
	if mount != nil {
		if err := mount(); err != nil {
			return err
		}
	} else if len(cfg.RootfsMounts) > 0 {
		if err := rootfs.Apply(cfg.RootfsMounts); err != nil {
			return err
		}
	} else if err := unix.Mount(cfg.Rootfs, cfg.Rootfs, "", unix.MS_BIND|unix.MS_REC, ""); err != nil {
		return &SyscallError{Op: "bind rootfs", Path: cfg.Rootfs, Err: err}
	}
	if flag&unix.MS_SHARED != 0 {
		return rootfsPrivateForPivot(cfg.Rootfs)
	}
	return nil
}

// rootfsPrivateForPivot makes the rootfs mount and the mount it sits on
// private, for a shared rootfsPropagation: pivot_root(2) refuses a new root
// or a parent of it with shared propagation (EINVAL). Only those two
// mounts change, in this mount namespace; rootPropagationAfterPivot makes the
// new / shared again.
func rootfsPrivateForPivot(root string) error {
	ms, err := mountinfo.GetMounts(mountinfo.SingleEntryFilter(root))
	if err != nil || len(ms) == 0 {
		return fmt.Errorf("rootfs %s: find its mount: %v", root, err)
	}
	parent := ms[len(ms)-1].Parent
	if err := unix.Mount("", root, "", unix.MS_PRIVATE, ""); err != nil {
		return &SyscallError{Op: "make rootfs private", Path: root, Err: err}
	}
	ps, err := mountinfo.GetMounts(func(m *mountinfo.Info) (skip, stop bool) { return m.ID != parent, m.ID == parent })
	if err != nil || len(ps) == 0 {
		return fmt.Errorf("rootfs %s: find its parent mount: %v", root, err)
	}
	if err := unix.Mount("", ps[0].Mountpoint, "", unix.MS_PRIVATE, ""); err != nil {
		return &SyscallError{Op: "make the rootfs's parent mount private", Path: ps[0].Mountpoint, Err: err}
	}
	return nil
}

// rootPropagationAfterPivot gives the new / the shared or unbindable
// propagation the spec asked for, once the init's last bind is made
// (rootfsPrivateForPivot took shared away for pivot_root; unbindable
// waited for the binds).
func rootPropagationAfterPivot(cfg *initcodec.Config) error {
	if cfg.Spec.Linux == nil {
		return nil
	}
	flag, ok := rootfs.Propagation(cfg.Spec.Linux.RootfsPropagation)
	if !ok || flag&(unix.MS_SHARED|unix.MS_UNBINDABLE) == 0 {
		return nil
	}
	if err := unix.Mount("", "/", "", flag, ""); err != nil {
		return &SyscallError{Op: "make / " + cfg.Spec.Linux.RootfsPropagation, Err: err}
	}
	return nil
}

// mountAll mounts spec.Mounts in order, then fills /dev.
func mountAll(cfg *initcodec.Config, tr *trace.Laps) error {
	steps, err := planMounts(cfg.Spec.Mounts)
	if err != nil {
		return err
	}
	for _, s := range steps {
		if err := mountStepIn(cfg.Rootfs, s, cfg.CgroupV2, cfg.CgroupPath); err != nil {
			return err
		}
		if tr.On() {
			tr.Step(mountStepName(s))
		}
	}
	if devIsTmpfs(steps) {
		devs := planDevices(cfg.Spec.Linux)
		if err := makeDevices(cfg.Rootfs, devs); err != nil {
			return err
		}
		if tr.On() {
			tr.Step(fmt.Sprintf("/dev: %d device nodes", len(devs)))
		}
	}
	// As runc and Docker: a missing cwd is made (inside the rootfs). If that
	// fails (a read-only rootfs), the chdir after pivot_root reports it.
	if cwd := cfg.Process.Cwd; cwd != "" && cwd != "/" {
		_ = mkdirAllInRoot(cfg.Rootfs, cwd, 0o755)
	}
	return nil
}

// mountStepIn executes one planned mount under root (the rootfs, before
// pivot_root). The target is created and opened inside root with openat2
// RESOLVE_IN_ROOT, and the mount made through /proc/self/fd/N of that
// O_PATH handle, so a symlink in the rootfs can never redirect it to the
// host (CVE-2021-30465).
func mountStepIn(root string, s mountStep, cgroupV2 bool, cgPath string) error {
	isDir := true
	if s.Kind == mountBind {
		fi, err := os.Stat(s.Source)
		if err != nil {
			return fmt.Errorf("bind source: %w", err)
		}
		isDir = fi.IsDir()
	}
	target, err := makeTarget(root, s.Dest, isDir)
	if err != nil {
		return err
	}
	defer target.Close()
	src, typ, data, flags := s.Source, s.Type, s.Data, s.Flags&^unix.MS_RDONLY|roUnlessBind(s)
	v1Cgroups := s.Kind == mountCgroup && !cgroupV2
	if s.Kind == mountCgroup {
		src, typ = cgroupFS(cgroupV2)
	}
	if v1Cgroups {
		data, flags = "mode=755", flags&^unix.MS_RDONLY // filled, then made read-only
	}
	if err := unix.Mount(src, fdPath(target), typ, flags, data); err != nil {
		return &SyscallError{Op: "mount " + typ + " " + src, Path: s.Dest, Err: err}
	}
	if v1Cgroups {
		mnt, err := openInRoot(root, s.Dest) // the new tmpfs, not the dir under it
		if err != nil {
			return err
		}
		defer mnt.Close()
		return mountV1Cgroups(fdPath(mnt), cgPath, s.Flags&unix.MS_RDONLY != 0)
	}
	if !s.remount() && len(s.Propagation) == 0 {
		return nil
	}
	return adjustMount(root, s)
}

// roUnlessBind keeps MS_RDONLY on the first mount call except for binds
// (which take it only on the remount).
func roUnlessBind(s mountStep) uintptr {
	if s.Kind == mountBind {
		return 0
	}
	return s.Flags & unix.MS_RDONLY
}

// adjustMount remounts a bind with its flags and sets propagation, through
// a fresh handle on the new mount.
func adjustMount(root string, s mountStep) error {
	mnt, err := openInRoot(root, s.Dest)
	if err != nil {
		return fmt.Errorf("reopen mount %s: %w", s.Dest, err)
	}
	defer mnt.Close()
	if s.remount() {
		if err := unix.Mount("", fdPath(mnt), "", s.Flags|unix.MS_REMOUNT, ""); err != nil {
			return &SyscallError{Op: "remount", Path: s.Dest, Err: err}
		}
	}
	for _, p := range s.Propagation {
		if err := unix.Mount("", fdPath(mnt), "", p, ""); err != nil {
			return &SyscallError{Op: "set propagation", Path: s.Dest, Err: err}
		}
	}
	return nil
}

func cgroupFS(v2 bool) (source, typ string) {
	if v2 {
		return "cgroup2", "cgroup2"
	}
	// v1: an empty tmpfs; the controllers' hierarchies are not bound in yet.
	return "tmpfs", "tmpfs"
}

func fdPath(f *os.File) string { return "/proc/self/fd/" + strconv.Itoa(int(f.Fd())) }

// makeTarget creates dest inside root (a dir, or an empty file for a file
// bind) without following symlinks out of root, and opens it O_PATH.
func makeTarget(root, dest string, isDir bool) (*os.File, error) {
	if isDir {
		if err := mkdirAllInRoot(root, dest, 0o755); err != nil {
			return nil, fmt.Errorf("mount target %s: %w", dest, err)
		}
		return openInRoot(root, dest)
	}
	if err := mkdirAllInRoot(root, filepath.Dir(dest), 0o755); err != nil {
		return nil, fmt.Errorf("mount target %s: %w", dest, err)
	}
	parent, err := openInRoot(root, filepath.Dir(dest))
	if err != nil {
		return nil, err
	}
	err = unix.Mknodat(int(parent.Fd()), filepath.Base(dest), unix.S_IFREG|0o644, 0)
	parent.Close()
	if err != nil && !errors.Is(err, unix.EEXIST) {
		return nil, &SyscallError{Op: "create mount target", Path: dest, Err: err}
	}
	return openInRoot(root, dest)
}
