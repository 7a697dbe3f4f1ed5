package runtime

// This file is the runtime's public contract: the engine (tent run), the
// monitor (tent run -d) and, later, the runc-compatible CLI all drive
// containers through these types only.

import (
	"os"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"github.com/tent-dev/tent/internal/trace"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/rootfs"
	"github.com/tent-dev/tent/runtime/cgroups"
	"github.com/tent-dev/tent/runtime/seccomp/load"
)

// Stdio is what the container's process gets as fds 0, 1 and 2. Nil means /dev/null.
type Stdio struct {
	Stdin, Stdout, Stderr *os.File
}

// CreateOpts says how to create a container from a spec.
type CreateOpts struct {
	// Bundle is the OCI bundle dir; Spec.Root.Path is relative to it.
	Bundle string
	// Spec; when nil, Bundle/config.json is read.
	Spec *specs.Spec
	// RootfsMounts, when set, are mounted (in order) on the rootfs inside the
	// container's mount namespace before pivot_root (tent's overlay). Empty
	// means the rootfs is already there (runc behaviour).
	RootfsMounts []rootfs.Mount
	// Stdio of the init process when Spec.Process.Terminal is false.
	Stdio Stdio
	// Console: when Spec.Process.Terminal is true, the runtime makes a pty in
	// the container and hands the master here (tent run -it). If nil and
	// ConsoleSocket is set, the master is sent over that unix socket (runc).
	Console func(master *os.File) error
	// ConsoleSocket is runc's --console-socket.
	ConsoleSocket string
	// PidFile, when set, receives the init pid.
	PidFile string
	// Prestart runs in the caller with the init's pid once the init exists in
	// its namespaces and cgroup, concurrently with the init's rootfs setup;
	// the user process is not exec'd before it returns nil (network setup).
	Prestart func(pid int) error
	// Trace, when set, records each setup step, the init's own included
	// (--trace); nil reads no clock.
	Trace *trace.Tracer
	// Spawned, when set, is an init cloned ahead by Runtime.Spawn: Create
	// uses it instead of cloning one, and owns it from then on (on error it
	// is killed). One whose namespaces differ from the spec's is killed and
	// replaced by a new clone.
	Spawned *Spawned
	// NoClone: Create takes Spawned or fails; it clones no init itself
	// (one cloned by another process, SpawnOpts.CloneBy, was meant).
	NoClone bool
	// Seccomp, when set, is Spec.Linux.Seccomp compiled by the caller (it
	// knows a cheaper cache key than the section itself); nil: the
	// runtime compiles it with its SeccompCompiler.
	Seccomp *load.Program
	// StartNow creates and starts in one (runc run): the init execs the
	// process as soon as it is set up, with no exec fifo to wait on and no
	// round trip through Start, and Create returns it running (Start is
	// then a no-op). Taken only without Prestart, PidFile and hooks, whose
	// order needs the two steps; otherwise Create leaves it created.
	StartNow bool
}

// SpawnOpts says how to clone an init ahead of Create (Runtime.Spawn).
type SpawnOpts struct {
	// Namespaces as the spec will list them; a Path means "joined by the
	// init once it has its config", whatever the path will be.
	Namespaces []specs.LinuxNamespace
	// Stdio of the init when Terminal is false.
	Stdio    Stdio
	Terminal bool
	// CloneBy, when set, has another process clone the init, so that the
	// init is that process's child (tent's monitor, which reaps it): Spawn
	// checks the binary and plans the clone as usual, hands the command to
	// CloneBy, and adopts the init it cloned (Stdio is then CloneBy's).
	CloneBy func(InitCommand) (Adopted, error)
	// NoSetup makes Spawn fail rather than create the runtime root or its
	// read-only init binary: for a speculative spawn, made before the
	// caller has checked its arguments, that must leave nothing behind.
	NoSetup bool
}

// InitCommand is an init's clone for another process to make (SpawnOpts.CloneBy):
// execve(2) Path with Args and Env, fds 0-2 its stdio (/dev/null with
// Terminal), fd 3 the read end of a config pipe, fd 4 one end of a
// SOCK_SEQPACKET socket pair, the clone flags and a new session (setsid).
type InitCommand struct {
	Path       string   `json:"path"`
	Args       []string `json:"args"`
	Env        []string `json:"env"`
	CloneFlags uintptr  `json:"cloneFlags"`
	Terminal   bool     `json:"terminal"`
}

// Adopted is an init another process cloned for InitCommand: its pid, the
// write end of its config pipe and the other end of its sync socket.
type Adopted struct {
	Pid        int
	Config     *os.File
	SyncSocket *os.File
}

// ExitStatus is how a container's process ended.
type ExitStatus struct {
	Code      int         `json:"code"`   // Docker convention: 128+N when killed by signal N
	Signal    unix.Signal `json:"signal"` // 0 when it exited
	OOMKilled bool        `json:"oomKilled"`
}

// Stats is a reading of a container's cgroup: CPU time, memory and its
// limit, pids and their limit, OOM kills (Container.Stats, Runtime.Stats).
type Stats = cgroups.Stats

// Process is a process started by Exec.
type Process interface {
	Pid() int
	Wait() (ExitStatus, error)
	Signal(unix.Signal) error
}

// Container is one container known to a Runtime.
type Container interface {
	ID() string
	Bundle() string
	// Pid of the init process, 0 once stopped.
	Pid() int
	// Start lets a created container's init exec the user process.
	Start() error
	// State as the OCI runtime-spec defines it (created|running|stopped).
	State() (*specs.State, error)
	// Signal the init (all: every process in the container's cgroup).
	Signal(sig unix.Signal, all bool) error
	// Wait for the init to exit; only in the process that called Create.
	Wait() (ExitStatus, error)
	// Exec runs p inside all the container's namespaces and its cgroup.
	Exec(p *specs.Process, stdio Stdio, console func(*os.File) error) (Process, error)
	// Stats from the container's cgroup.
	Stats() (*Stats, error)
	// Delete removes the cgroup and runtime state; force kills a running init first.
	Delete(force bool) error
}
