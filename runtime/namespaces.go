package runtime

// Namespaces, the plan: which namespaces the init's clone makes
// (CLONE_NEW* flags) and which it joins by path (setns), from the spec's
// list. namespaces_linux.go makes the calls.

import (
	"fmt"
	"path/filepath"
	"sort"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/runtime/internal/initcodec"
)

// nsPlan is how a spec's namespaces are made: clone flags for new ones,
// setns in the init for the ones given by path.
type nsPlan struct {
	CloneFlags uintptr
	Joins      []initcodec.NamespaceJoin // the init setns's (the mount namespace last)
	// JoinPID is the pid namespace the init is cloned into: the runtime's
	// thread setns's it before the clone (a process never changes its
	// own pid namespace, only its children's).
	JoinPID string
	Types   []specs.LinuxNamespaceType // every namespace of the container
	NewNet  bool
}

// planNamespaces turns spec.Linux.Namespaces into an nsPlan. The mount
// namespace is new unless the spec gives one by path (then the rootfs is
// set up inside that one, as runc does); user namespaces are not
// supported yet.
func planNamespaces(l *specs.Linux, cgroupV2 bool) (nsPlan, error) {
	p := nsPlan{}
	seen := map[specs.LinuxNamespaceType]bool{}
	if l != nil {
		for _, ns := range l.Namespaces {
			if seen[ns.Type] {
				return p, fmt.Errorf("namespace %q listed twice", ns.Type)
			}
			seen[ns.Type] = true
			flag, ok := cloneFlag(ns.Type)
			if !ok {
				return p, fmt.Errorf("namespace %q: not supported", ns.Type)
			}
			p.Types = append(p.Types, ns.Type)
			if ns.Path == "" {
				p.CloneFlags |= flag
				p.NewNet = p.NewNet || ns.Type == specs.NetworkNamespace
				continue
			}
			if ns.Type == specs.PIDNamespace {
				p.JoinPID = ns.Path
				continue
			}
			p.Joins = append(p.Joins, initcodec.NamespaceJoin{Type: ns.Type, Path: ns.Path})
		}
	}
	// The mount namespace changes the thread's root: joined last.
	sort.SliceStable(p.Joins, func(i, j int) bool {
		return p.Joins[j].Type == specs.MountNamespace && p.Joins[i].Type != specs.MountNamespace
	})
	if !seen[specs.MountNamespace] {
		p.CloneFlags |= nsFlag(specs.MountNamespace)
		p.Types = append(p.Types, specs.MountNamespace)
	}
	if cgroupV2 && !seen[specs.CgroupNamespace] {
		p.CloneFlags |= nsFlag(specs.CgroupNamespace)
		p.Types = append(p.Types, specs.CgroupNamespace)
	}
	return p, nil
}

// joinsThroughParent rewrites the paths of the namespaces a spawned init
// joins as /proc/<parent>/root/<path>. The init's mount namespace is a
// copy of the parent's from before the namespaces' files were bind-mounted
// (a bridge network's netns is made while the init starts), and where the
// host's / is not a shared mount that bind mount never shows in the copy:
// the init would open an empty file. /proc/<pid>/root resolves the rest of
// the path in the parent's own mount namespace, where it is. The init opens
// these before it mounts its own /proc, so /proc is still the host's.
func joinsThroughParent(joins []initcodec.NamespaceJoin, parent int) []initcodec.NamespaceJoin {
	out := make([]initcodec.NamespaceJoin, len(joins))
	for i, j := range joins {
		out[i] = j
		if filepath.IsAbs(j.Path) {
			out[i].Path = fmt.Sprintf("/proc/%d/root%s", parent, j.Path)
		}
	}
	return out
}
