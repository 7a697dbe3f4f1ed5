package runtime

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// cgroupBind is one v1 hierarchy bound into the container's /sys/fs/cgroup:
// the container's own cgroup dir of that hierarchy, read-only.
type cgroupBind struct {
	Source string // host dir: <mountpoint><cgroup path>
	Name   string // dir under /sys/fs/cgroup, e.g. "cpu,cpuacct"
	Links  []string
}

// planV1CgroupBinds: for each v1 hierarchy mounted at mountpoints, a bind of
// the container's cgroup, and symlinks for co-mounted controllers
// (cpu -> cpu,cpuacct), as Docker shows them.
func planV1CgroupBinds(mountpoints []string, cgPath string) []cgroupBind {
	var out []cgroupBind
	for _, mp := range mountpoints {
		name := filepath.Base(mp)
		b := cgroupBind{Source: filepath.Join(mp, cgPath), Name: name}
		if parts := strings.Split(name, ","); len(parts) > 1 {
			b.Links = parts
		}
		out = append(out, b)
	}
	return out
}

// v1Hierarchies lists the mount points of the host's v1 cgroup hierarchies
// (read before pivot_root, from this mount namespace's copy of the host's):
// the dirs of /sys/fs/cgroup that statfs(2) finds cgroup v1 on. The init
// does not read mountinfo for it, whose size grows with every mount on the
// host (each running container adds its own).
func v1Hierarchies() ([]string, error) {
	ents, err := os.ReadDir(cgroupRoot)
	if err != nil {
		return nil, fmt.Errorf("list cgroup mounts: %w", err)
	}
	var out []string
	for _, e := range ents {
		if !e.IsDir() { // symlinks of co-mounted controllers: cpu -> cpu,cpuacct
			continue
		}
		mp := filepath.Join(cgroupRoot, e.Name())
		var fs unix.Statfs_t
		if err := unix.Statfs(mp, &fs); err != nil {
			return nil, &SyscallError{Op: "statfs", Path: mp, Err: err}
		}
		if fs.Type == unix.CGROUP_SUPER_MAGIC {
			out = append(out, mp)
		}
	}
	return out, nil
}

// cgroupRoot is where the host mounts its cgroup hierarchies.
const cgroupRoot = "/sys/fs/cgroup"

// mountV1Cgroups fills the tmpfs at dir (the container's /sys/fs/cgroup,
// host path before pivot_root) with read-only binds of the container's
// cgroups, then makes the tmpfs read-only if ro.
func mountV1Cgroups(dir, cgPath string, ro bool) error {
	mps, err := v1Hierarchies()
	if err != nil {
		return err
	}
	for _, b := range planV1CgroupBinds(mps, cgPath) {
		if err := bindCgroup(dir, b); err != nil {
			return err
		}
	}
	if ro {
		if err := unix.Mount("", dir, "", unix.MS_REMOUNT|unix.MS_RDONLY|unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, "mode=755"); err != nil {
			return &SyscallError{Op: "remount read-only", Path: "/sys/fs/cgroup", Err: err}
		}
	}
	return nil
}

func bindCgroup(dir string, b cgroupBind) error {
	target := filepath.Join(dir, b.Name)
	if err := os.Mkdir(target, 0o755); err != nil && !errors.Is(err, os.ErrExist) {
		return fmt.Errorf("cgroup mount %s: %w", b.Name, err)
	}
	if err := unix.Mount(b.Source, target, "", unix.MS_BIND|unix.MS_REC, ""); err != nil {
		if errors.Is(err, unix.ENOENT) {
			return nil // a hierarchy the cgroup manager does not use
		}
		return &SyscallError{Op: "bind cgroup", Path: b.Source, Err: err}
	}
	fl := uintptr(unix.MS_BIND | unix.MS_REMOUNT | unix.MS_RDONLY | unix.MS_NOSUID | unix.MS_NODEV | unix.MS_NOEXEC)
	if err := unix.Mount("", target, "", fl, ""); err != nil {
		return &SyscallError{Op: "remount cgroup read-only", Path: target, Err: err}
	}
	for _, l := range b.Links {
		if err := os.Symlink(b.Name, filepath.Join(dir, l)); err != nil && !errors.Is(err, os.ErrExist) {
			return fmt.Errorf("cgroup link %s: %w", l, err)
		}
	}
	return nil
}
