package monitor

import (
	"context"
	"os"
	"syscall"
	"time"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/debuglog"
	"github.com/tent-dev/tent/internal/earlymon"
	"github.com/tent-dev/tent/internal/logs"
)

// Arg is argv[1] of the tent binary re-executed as a monitor.
const Arg = earlymon.Arg

// Target makes the container, once per run (the first start and every
// restart): the engine's setup, behind an interface so the monitor's loop
// can be tested without namespaces.
type Target interface {
	// Start creates and starts the container with stdout and stderr as its
	// fds 1 and 2 (with a tty they are unused: see Running.Console).
	Start(ctx context.Context, stdout, stderr *os.File) (Running, error)
}

// Running is one run of the container.
type Running interface {
	Pid() int
	// Console is the pty master with a tty (-t), else nil.
	Console() *os.File
	Wait() (ExitStatus, error)
	// Exec runs argv in the container (health checks) and returns its exit
	// code and combined output.
	Exec(ctx context.Context, argv []string) (code int, output []byte, err error)
	// Kill sends SIGKILL to every process of the container.
	Kill() error
	// Signal sends sig to the container's init.
	Signal(sig syscall.Signal) error
	// Teardown deletes the runtime container (cgroup, state) and its
	// network; it says whether the cgroup saw an OOM kill.
	Teardown() (oomKilled bool, err error)
}

// ExitStatus is how a run ended: Docker's code (128+N for signal N).
type ExitStatus struct {
	Code      int
	Signal    syscall.Signal
	OOMKilled bool
}

// HealthConfig is a health check: Docker's HEALTHCHECK.
type HealthConfig struct {
	Test        []string // argv to exec in the container
	Interval    time.Duration
	Timeout     time.Duration
	StartPeriod time.Duration
	Retries     int
	// StartInterval is the time between checks during StartPeriod (0: Interval).
	StartInterval time.Duration
}

// Config is what one monitor watches.
type Config struct {
	ID     string
	Store  *container.Store
	Target Target
	Policy Policy
	Health *HealthConfig // nil: none
	Rm     bool
	Log    []logs.Option
	// Logger, when set, gets the monitor's decisions at debug level
	// (started, exited, restart or not, back-off, health, teardown).
	Logger debuglog.Logger
	// AttachFirst: wait (a few seconds at most) for an attach client before
	// the first start (run -it: the CLI attaches, then the container runs).
	AttachFirst bool
	// Notify, when set, receives "ok\n" once the container first runs, or
	// the error; it is then closed (the CLI waiting in Spawn returns).
	Notify *os.File
	// claimed: the record read at the start names this process as the
	// monitor already (tent wrote it: earlymon), so claim writes nothing.
	claimed bool
}
