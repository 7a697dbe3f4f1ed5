package cgroups

import specs "github.com/opencontainers/runtime-spec/specs-go"

// Mode is the cgroup layout of the host.
type Mode int

const (
	V1 Mode = 1 // one hierarchy per controller (legacy and hybrid hosts)
	V2 Mode = 2 // unified hierarchy
)

// Stats is what `tent stats` shows, from either version.
type Stats struct {
	CPUUsageNanos uint64 `json:"cpuUsageNanos"`
	MemoryUsage   uint64 `json:"memoryUsage"`
	MemoryLimit   uint64 `json:"memoryLimit"` // 0: unlimited
	Pids          uint64 `json:"pids"`
	PidsLimit     uint64 `json:"pidsLimit"` // 0: unlimited
	OOMKills      uint64 `json:"oomKills"`
}

// Manager is one container's cgroup, in whichever version the host runs.
type Manager interface {
	// Create makes the cgroup dirs and writes the limits (before any process joins).
	Create(r *specs.LinuxResources) error
	// Apply moves pid into the cgroup.
	Apply(pid int) error
	// FD opens the v2 cgroup dir for clone3(CLONE_INTO_CGROUP); ok=false on v1.
	FD() (fd int, ok bool, err error)
	// Update rewrites limits of a live cgroup (tent update, runc update).
	Update(r *specs.LinuxResources) error
	Stats() (*Stats, error)
	// Pids lists every process in the cgroup.
	Pids() ([]int, error)
	// OOMKilled reports whether the kernel OOM-killed a process of this cgroup.
	OOMKilled() (bool, error)
	// Freeze / Thaw (pause, resume).
	Freeze() error
	Thaw() error
	// Destroy kills nothing; it removes the (empty) cgroup dirs.
	Destroy() error
	// Path is the cgroup path relative to the hierarchy root, e.g. /tent/<id>.
	Path() string
}
