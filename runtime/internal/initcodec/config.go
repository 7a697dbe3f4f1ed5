package initcodec

import (
	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/rootfs"
)

// Kind says what a re-exec'd tent (argv[1] == runtime.InitArg) is for.
type Kind string

const (
	KindInit Kind = "init" // a new container's PID 1: set up the rootfs, wait for start
	KindExec Kind = "exec" // tent exec: already in the namespaces; exec the process
)

// Config is everything the init needs, sent by the parent over a pipe.
type Config struct {
	Kind         Kind            `json:"kind"`
	Spec         *specs.Spec     `json:"spec,omitempty"` // KindInit
	Process      *specs.Process  `json:"process"`
	Rootfs       string          `json:"rootfs,omitempty"` // absolute host path
	RootfsMounts []rootfs.Mount  `json:"rootfsMounts,omitempty"`
	Joins        []NamespaceJoin `json:"joins,omitempty"` // namespaces the init setns's into
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
	// Trace: the init times its steps and sends them with "ready"; off,
	// it reads no clock for them.
	Trace bool `json:"trace,omitempty"`
	// Seccomp is the compiled filter (load.Program's binary form), empty
	// for none: installed last before execve (runtime/seccomp.go).
	Seccomp []byte `json:"seccomp,omitempty"`
	// HookSync: the spec has hooks that run between the init's mounts and
	// its pivot_root (prestart, createRuntime, createContainer) or before
	// its exec (startContainer); the init stops for them (syncHooks).
	HookSync bool `json:"hookSync,omitempty"`
	// StartNow: there is no exec fifo; the init execs the process right
	// after "ready" (CreateOpts.StartNow).
	StartNow bool `json:"startNow,omitempty"`
}

// TrimSpec is the part of spec the init uses (what it mounts, masks and
// sets): the cgroup resources, seccomp and the rest stay in the parent, and
// the init does not pay for decoding them (encoding/json builds a decoder
// for each struct type it meets, the first time in a new process).
func TrimSpec(s *specs.Spec) *specs.Spec {
	out := &specs.Spec{Version: s.Version, Process: s.Process, Root: s.Root, Hostname: s.Hostname,
		Domainname: s.Domainname, Mounts: s.Mounts}
	if l := s.Linux; l != nil {
		out.Linux = &specs.Linux{Devices: l.Devices, MaskedPaths: l.MaskedPaths, ReadonlyPaths: l.ReadonlyPaths,
			Sysctl: l.Sysctl, RootfsPropagation: l.RootfsPropagation}
	}
	return out
}

// NamespaceJoin is a namespace the init joins by path (a netns of tent's
// network part).
type NamespaceJoin struct {
	Type specs.LinuxNamespaceType `json:"type"`
	Path string                   `json:"path"`
}
