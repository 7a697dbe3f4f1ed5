package engine

import "github.com/tent-dev/tent/internal/trace"

// RunOptions are `tent run`'s flags, kept in the container record (as JSON)
// so that `tent start` and restart policies can make the container again.
type RunOptions struct {
	Image       string    `json:"image"`
	Cmd         []string  `json:"cmd,omitempty"`        // args after the image
	Entrypoint  *[]string `json:"entrypoint,omitempty"` // --entrypoint ("" clears it)
	Env         []string  `json:"env,omitempty"`        // -e K=V or K (from tent's env)
	EnvFiles    []string  `json:"envFiles,omitempty"`
	Workdir     string    `json:"workdir,omitempty"`
	User        string    `json:"user,omitempty"` // uid[:gid] | name[:group]
	Hostname    string    `json:"hostname,omitempty"`
	Name        string    `json:"name,omitempty"`
	ReadOnly    bool      `json:"readOnly,omitempty"`
	Volumes     []string  `json:"volumes,omitempty"` // /host:/ctr[:ro], name:/ctr, /ctr
	Init        bool      `json:"init,omitempty"`
	Network     string    `json:"network,omitempty"` // none|host|bridge|<name>|container:<id>
	Ports       []string  `json:"ports,omitempty"`   // -p specs, parsed by network.ParsePorts
	PublishAll  bool      `json:"publishAll,omitempty"`
	Memory      int64     `json:"memory,omitempty"`     // bytes
	MemorySwap  int64     `json:"memorySwap,omitempty"` // bytes, -1 unlimited
	CPUs        float64   `json:"cpus,omitempty"`
	CPUShares   uint64    `json:"cpuShares,omitempty"`
	PidsLimit   int64     `json:"pidsLimit,omitempty"`
	TTY         bool      `json:"tty,omitempty"`
	Interactive bool      `json:"interactive,omitempty"`
	Detach      bool      `json:"detach,omitempty"`
	Attach      []string  `json:"attach,omitempty"`     // -a: the streams run shows (none: all)
	DetachKeys  string    `json:"detachKeys,omitempty"` // run -it: the keys that detach ("": ctrl-p,ctrl-q)
	// ConsoleSize is the pty's size at start (rows, cols) when the terminal
	// is not at hand: run -it through the monitor.
	ConsoleSize *[2]uint16 `json:"consoleSize,omitempty"`
	Rm          bool       `json:"rm,omitempty"`
	StopSignal  string     `json:"stopSignal,omitempty"`
	StopTimeout *int       `json:"stopTimeout,omitempty"`
	Restart     string     `json:"restart,omitempty"` // no|on-failure[:N]|always|unless-stopped
	LogOpts     []string   `json:"logOpts,omitempty"` // --log-opt max-size=10m, max-file=3 (json-file)
	// Health check overrides (--health-cmd ...); empty: the image's HEALTHCHECK.
	HealthCmd      string `json:"healthCmd,omitempty"`
	HealthInterval string `json:"healthInterval,omitempty"`
	HealthTimeout  string `json:"healthTimeout,omitempty"`
	HealthRetries  int    `json:"healthRetries,omitempty"`
	NoHealthcheck  bool   `json:"noHealthcheck,omitempty"`
	// Security: --cap-add, --cap-drop, --privileged, --security-opt (a
	// seccomp profile held as its JSON, see spec.ResolveSecurityOpts).
	CapAdd      []string `json:"capAdd,omitempty"`
	CapDrop     []string `json:"capDrop,omitempty"`
	Privileged  bool     `json:"privileged,omitempty"`
	SecurityOpt []string `json:"securityOpt,omitempty"`
	HostOptions          // options_host.go
	// Trace prints every kernel step with its time (teaching).
	// Kept in a detached container's record: its setup helper records the
	// start's steps for the CLI (TakeTrace).
	Trace bool `json:"trace,omitempty"`
	// Tracer, when set, is the tracer of the whole command (its own steps
	// before the run included); else Trace makes one printing to Stdio.Err.
	Tracer *trace.Tracer `json:"-"`

	// --mount, --tmpfs and --volumes-from (see userMountPoints).
	Mounts      []string `json:"mounts,omitempty"`
	Tmpfs       []string `json:"tmpfs,omitempty"`
	VolumesFrom []string `json:"volumesFrom,omitempty"`
}
