package cgroups

import (
	"fmt"
	"sync"

	"golang.org/x/sys/unix"
)

// Detect reports the cgroup layout mounted at root (usually /sys/fs/cgroup):
// V2 when root itself is cgroup2; V1 when it is a tmpfs holding per-controller
// mounts. A hybrid host (v1 controllers plus an empty cgroup2 at
// root/unified) is V1: its controllers live in the v1 hierarchies.
// Detect always looks; what it finds is also what New uses from then on.
func Detect(root string) (Mode, error) {
	m, err := statfsMode(root)
	if err == nil {
		modes.Store(root, m)
	}
	return m, err
}

func statfsMode(root string) (Mode, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(root, &st); err != nil {
		return 0, fmt.Errorf("detect cgroup mode: statfs %s: %w", root, err)
	}
	switch st.Type {
	case unix.CGROUP2_SUPER_MAGIC:
		return V2, nil
	case unix.TMPFS_MAGIC, unix.CGROUP_SUPER_MAGIC:
		return V1, nil
	}
	return 0, fmt.Errorf("detect cgroup mode: %s is not a cgroup mount (fs type %#x)", root, st.Type)
}

// modes caches Detect per root: the mode does not change while tent runs,
// and New is on every container start (after the runtime's own Detect).
var modes sync.Map // root -> Mode

func detectCached(root string) (Mode, error) {
	if m, ok := modes.Load(root); ok {
		return m.(Mode), nil
	}
	return Detect(root)
}
