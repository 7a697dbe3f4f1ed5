package runtime

import (
	"fmt"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/rootfs"
)

// initKind says what a re-exec'd tent (argv[1] == InitArg) is for.
type initKind string

const (
	kindInit initKind = "init" // a new container's PID 1: set up the rootfs, wait for start
	kindExec initKind = "exec" // tent exec: already in the namespaces; exec the process
)

// The fds of a re-exec'd init, after stdio (ExtraFiles in this order).
const (
	configFD = 3 // pipe: the initConfig (initcodec.go)
	syncFD   = 4 // unix socket: messages and fds with the parent
	extraFD  = 5 // exec's stage-2: O_PATH of the container's mount namespace
)

// initConfig is everything the init needs, sent by the parent over a pipe.
type initConfig struct {
	Kind         initKind        `json:"kind"`
	Spec         *specs.Spec     `json:"spec,omitempty"` // kindInit
	Process      *specs.Process  `json:"process"`
	Rootfs       string          `json:"rootfs,omitempty"` // absolute host path
	RootfsMounts []rootfs.Mount  `json:"rootfsMounts,omitempty"`
	Joins        []namespaceJoin `json:"joins,omitempty"` // namespaces the init setns's into
	NewNet       bool            `json:"newNet,omitempty"`
	CgroupV2     bool            `json:"cgroupV2,omitempty"`
	CgroupPath   string          `json:"cgroupPath,omitempty"` // e.g. /tent/<id>, for /sys/fs/cgroup on v1
	// FifoPath is <state>/exec.fifo: the init opens it (O_PATH) before it
	// leaves the host's filesystem, and blocks opening it for writing until
	// Start reads it.
	FifoPath string `json:"fifoPath,omitempty"`
	// CgroupThreadFiles (cgroup v1): the init's main thread writes "0" to
	// each, moving itself into its cgroup (cgroups.JoinThread) instead of
	// the parent writing its pid to cgroup.procs.
	CgroupThreadFiles []string `json:"cgroupThreadFiles,omitempty"`
	// UnshareCgroupNS: a spawned init (Runtime.Spawn) was not cloned with
	// CLONE_NEWCGROUP; it unshares it first thing, now in its cgroup.
	UnshareCgroupNS bool `json:"unshareCgroupNS,omitempty"`
	// CloneAt is CLOCK_MONOTONIC (ns) when the parent started the clone, so
	// the init can report how long the exec and Go's start took.
	CloneAt int64 `json:"cloneAt,omitempty"`
}

// initSpec is the part of spec the init uses (what it mounts, masks and
// sets): the cgroup resources, seccomp and the rest stay in the parent, and
// the init does not pay for decoding them (encoding/json builds a decoder
// for each struct type it meets, ~0.3 ms for a whole spec in a new process).
func initSpec(s *specs.Spec) *specs.Spec {
	out := &specs.Spec{Version: s.Version, Process: s.Process, Root: s.Root, Hostname: s.Hostname,
		Domainname: s.Domainname, Mounts: s.Mounts}
	if l := s.Linux; l != nil {
		out.Linux = &specs.Linux{Devices: l.Devices, MaskedPaths: l.MaskedPaths, ReadonlyPaths: l.ReadonlyPaths,
			Sysctl: l.Sysctl, RootfsPropagation: l.RootfsPropagation}
	}
	return out
}

type namespaceJoin struct {
	Type specs.LinuxNamespaceType `json:"type"`
	Path string                   `json:"path"`
}

// nsPlan is how a spec's namespaces are made: clone flags for new ones,
// setns in the init for the ones given by path.
type nsPlan struct {
	CloneFlags uintptr
	Joins      []namespaceJoin
	Types      []specs.LinuxNamespaceType // every namespace of the container
	NewNet     bool
}

// planNamespaces turns spec.Linux.Namespaces into an nsPlan. The mount
// namespace is always new (the rootfs is set up inside it); joining the pid
// or mount namespace of another process, and user namespaces, are not
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
			flag, ok := cloneFlag[ns.Type]
			if !ok {
				return p, fmt.Errorf("namespace %q: not supported", ns.Type)
			}
			p.Types = append(p.Types, ns.Type)
			if ns.Path == "" {
				p.CloneFlags |= flag
				p.NewNet = p.NewNet || ns.Type == specs.NetworkNamespace
				continue
			}
			if ns.Type == specs.PIDNamespace || ns.Type == specs.MountNamespace {
				return p, fmt.Errorf("joining a %s namespace (%s): not supported", ns.Type, ns.Path)
			}
			p.Joins = append(p.Joins, namespaceJoin{Type: ns.Type, Path: ns.Path})
		}
	}
	if !seen[specs.MountNamespace] {
		p.CloneFlags |= cloneFlag[specs.MountNamespace]
		p.Types = append(p.Types, specs.MountNamespace)
	}
	if cgroupV2 && !seen[specs.CgroupNamespace] {
		p.CloneFlags |= cloneFlag[specs.CgroupNamespace]
		p.Types = append(p.Types, specs.CgroupNamespace)
	}
	return p, nil
}
