package cgroups

import (
	"errors"
	"fmt"
	"github.com/tent-dev/tent/internal/trace"
	"io/fs"
	"path"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/internal/debuglog"
)

// Mode is the cgroup layout of the host.
type Mode int

const (
	V1 Mode = 1 // one hierarchy per controller (legacy and hybrid hosts)
	V2 Mode = 2 // unified hierarchy
)

func (m Mode) String() string {
	switch m {
	case V1:
		return "v1"
	case V2:
		return "v2"
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// DefaultRoot is where hosts mount their cgroup hierarchies.
const DefaultRoot = "/sys/fs/cgroup"

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
	// ThreadFiles are, on v1, the "tasks" file of each hierarchy: a thread
	// that writes "0" to them moves itself (JoinThread), without the global
	// lock a pid written to cgroup.procs takes. nil on v2.
	ThreadFiles() []string
	// FD opens the v2 cgroup dir for clone3(CLONE_INTO_CGROUP); ok=false on v1.
	// The caller closes fd.
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
	// Frozen reports whether the cgroup is frozen (runc's "paused" status).
	Frozen() (bool, error)
	// Kill sends SIGKILL to every process in the cgroup (cgroup.kill on v2
	// when the kernel has it; otherwise freeze, signal each pid, thaw). It
	// does not wait for them to exit. Contract addition for runc's kill --all
	// and delete --force.
	Kill() error
	// Destroy kills nothing; it removes the (empty) cgroup dirs.
	Destroy() error
	// Path is the cgroup path relative to the hierarchy root, e.g. /tent/<id>.
	Path() string
	// Mode says which version this manager drives (contract addition: the
	// runtime picks CLONE_NEWCGROUP and CLONE_INTO_CGROUP by it).
	Mode() Mode
}

type config struct {
	root    string
	mode    Mode
	modeSet bool
	log     debuglog.Log
	devices DeviceFilter // v2 only: see WithDeviceFilter
	tr      *trace.Laps
}

// Option configures New and Load.
type Option func(*config)

// WithRoot sets the hierarchy root (default /sys/fs/cgroup); unit tests
// point it at a temp dir.
func WithRoot(dir string) Option { return func(c *config) { c.root = dir } }

// WithMode skips detection and drives the given version.
func WithMode(m Mode) Option { return func(c *config) { c.mode, c.modeSet = m, true } }

// WithLogger logs what the manager does to the cgroup filesystem at debug
// level (dirs made and removed, "file ← value" writes, joins); by default
// it logs nothing.
func WithLogger(l debuglog.Logger) Option { return func(c *config) { c.log = debuglog.New(l) } }

// WithTrace records each dir made and each file written as a step of tr
// (tent run --trace); nil records nothing.
func WithTrace(tr *trace.Laps) Option { return func(c *config) { c.tr = tr } }

// New returns the manager of cgroup path (e.g. "/tent/<id>") for the host's
// cgroup version. It touches nothing: Create makes the dirs.
func New(cgPath string, opts ...Option) (Manager, error) {
	c := config{root: DefaultRoot}
	for _, o := range opts {
		o(&c)
	}
	p, err := cleanPath(cgPath)
	if err != nil {
		return nil, err
	}
	if !c.modeSet {
		if c.mode, err = detectCached(c.root); err != nil {
			return nil, err
		}
	}
	switch c.mode {
	case V1:
		m := newV1(c.root, p)
		m.log, m.tr = c.log, c.tr
		return m, nil
	case V2:
		m := newV2(c.root, p)
		m.log, m.tr = c.log, c.tr
		m.devices = c.devices
		return m, nil
	}
	return nil, fmt.Errorf("cgroup %s: unknown mode %v", p, c.mode)
}

// Load returns the manager of an existing cgroup (exec, stats, delete from
// another process); the error wraps fs.ErrNotExist when it is gone.
func Load(cgPath string, opts ...Option) (Manager, error) {
	m, err := New(cgPath, opts...)
	if err != nil {
		return nil, err
	}
	if !m.(interface{ exists() bool }).exists() {
		return nil, fmt.Errorf("load cgroup %s: %w", m.Path(), fs.ErrNotExist)
	}
	return m, nil
}

// cleanPath checks that p is an absolute cgroup path below the root.
func cleanPath(p string) (string, error) {
	if !strings.HasPrefix(p, "/") {
		return "", fmt.Errorf("cgroup path %q: must be absolute", p)
	}
	c := path.Clean(p)
	if c == "/" {
		return "", errors.New("cgroup path \"/\": refusing the hierarchy root")
	}
	if c != p && c+"/" != p {
		return "", fmt.Errorf("cgroup path %q: not clean (want %q)", p, c)
	}
	return c, nil
}

// CPUQuota turns docker's --cpus into a CFS quota and period (period 100000us).
func CPUQuota(cpus float64) (quota int64, period uint64) {
	const p = 100000
	return int64(cpus*p + 0.5), p
}

// SharesToWeight converts cgroup v1 cpu.shares (2..262144) to v2 cpu.weight (1..10000).
func SharesToWeight(shares uint64) uint64 {
	if shares == 0 {
		return 0
	}
	if shares < 2 {
		shares = 2
	}
	if shares > 262144 {
		shares = 262144
	}
	return 1 + ((shares-2)*9999)/262142
}
