package engine

import (
	"fmt"
	"os"
	"strconv"

	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/procfs"
	"github.com/tent-dev/tent/internal/spec"
	"github.com/tent-dev/tent/rootfs"
)

// copyRoot runs fn with an O_PATH fd of the container's root as its
// processes see it, mounts (volumes, binds) included. A running
// container's is /proc/<init>/root, opened and then checked to still be
// the init's (pid and start time). A stopped container's overlay and
// mounts are mounted in a mount namespace of their own on one thread
// (rootfs.InPrivateMountNamespace), gone when fn returns; its operation
// lock keeps `tent start` out meanwhile.
func (e *Engine) copyRoot(ref string, fn func(root int) error) error {
	rec, unlock, err := e.lockGet(ref)
	if err != nil {
		return err
	}
	defer unlock()
	if rec.State.Status == container.StatusRunning && container.Alive(rec.State.Pid, rec.State.PidStart) {
		return runningRoot(rec, fn)
	}
	return e.stoppedRoot(rec, fn)
}

func runningRoot(rec *container.Record, fn func(root int) error) error {
	fd, err := unix.Open("/proc/"+strconv.Itoa(rec.State.Pid)+"/root", unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("container %s: open its root: %w", rec.ShortID(), err)
	}
	defer unix.Close(fd)
	if st, err := procfs.ReadStat(rec.State.Pid); err != nil || st.StartTime != rec.State.PidStart {
		return fmt.Errorf("container %s stopped meanwhile", rec.ShortID())
	}
	return fn(fd)
}

// stoppedRoot mounts the stopped container's overlay and its bind and
// volume mounts (read-only ones read-only) privately, then runs fn.
func (e *Engine) stoppedRoot(rec *container.Record, fn func(root int) error) error {
	img, err := e.Images.Resolve(rec.ImageID)
	if err != nil {
		return fmt.Errorf("container %s: its image: %w", rec.ShortID(), err)
	}
	initDir, err := e.initLayer()
	if err != nil {
		return err
	}
	lowers := make([]string, 0, len(img.DiffIDs)+1)
	for _, d := range img.DiffIDs {
		lowers = append(lowers, e.Images.LayerDir(d))
	}
	upper, work, target := e.Layout.UpperDir(rec.ID), e.Layout.WorkDir(rec.ID), e.Layout.RootfsMountpoint()
	for _, d := range []string{upper, work} { // a container never started has none yet
		if err := os.Mkdir(d, 0o755); err != nil && !os.IsExist(err) {
			return err
		}
	}
	ms, err := rootfs.Overlay(append(lowers, initDir), upper, work, target)
	if err != nil {
		return err
	}
	return withMountedRoot(ms, target, rec.Mounts, recordOptions(rec).ReadOnly, fn)
}

// withMountedRoot mounts the planned rootfs ms on target (read-only with
// ro, as --read-only) and binds on it in a private mount namespace, runs
// fn with an O_PATH fd of the root,
// and unmounts it all (detached) before returning, so the overlay's upper
// dir is free again for the container's own mount.
func withMountedRoot(ms []rootfs.Mount, target string, binds []container.Mount, ro bool, fn func(root int) error) error {
	if err := os.MkdirAll(target, 0o755); err != nil {
		return fmt.Errorf("make the rootfs mountpoint: %w", err)
	}
	return rootfs.InPrivateMountNamespace(func() error {
		if err := rootfs.Apply(ms); err != nil {
			return fmt.Errorf("mount the container's rootfs: %w", err)
		}
		defer unix.Unmount(target, unix.MNT_DETACH)
		if ro {
			if err := unix.Mount("", target, "", unix.MS_REMOUNT|unix.MS_BIND|unix.MS_RDONLY, ""); err != nil {
				return fmt.Errorf("remount the rootfs read-only: %w", err)
			}
		}
		root, err := unix.Open(target, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		if err != nil {
			return err
		}
		defer unix.Close(root)
		for _, m := range binds {
			if err := bindInRoot(root, m); err != nil {
				return err
			}
		}
		return fn(root)
	})
}

// bindInRoot binds a volume or bind mount's source on its target, the
// target resolved in root and mounted through its fd; a target the
// rootfs lacks is skipped (the runtime makes it on start).
func bindInRoot(root int, m container.Mount) error {
	if m.Type == spec.MountTmpfs {
		return nil
	}
	fd, err := rootfs.OpenInRoot(root, m.Destination, true)
	if err != nil {
		return nil
	}
	defer unix.Close(fd)
	target := "/proc/self/fd/" + strconv.Itoa(fd)
	if err := unix.Mount(m.Source, target, "", unix.MS_BIND|unix.MS_REC, ""); err != nil {
		return fmt.Errorf("mount %s: %w", m.Destination, err)
	}
	if m.RW {
		return nil
	}
	// The new mount is on top of the target: reopen it to remount that one.
	rfd, err := rootfs.OpenInRoot(root, m.Destination, true)
	if err != nil {
		return err
	}
	defer unix.Close(rfd)
	if err := unix.Mount("", "/proc/self/fd/"+strconv.Itoa(rfd), "", unix.MS_BIND|unix.MS_REMOUNT|unix.MS_RDONLY, ""); err != nil {
		return fmt.Errorf("remount %s read-only: %w", m.Destination, err)
	}
	return nil
}
