package engine

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/signal"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/exitcode"
	"github.com/tent-dev/tent/internal/jsonlite"
	"github.com/tent-dev/tent/internal/procfs"
	"github.com/tent-dev/tent/internal/spec"
	"github.com/tent-dev/tent/internal/trace"
	"github.com/tent-dev/tent/runtime"
)

// ExecOptions are `tent exec` flags.
type ExecOptions struct {
	Cmd         []string
	Env         []string // K=V, or K from tent's environment
	Workdir     string
	User        string
	TTY         bool
	Interactive bool
	Detach      bool
	Tracer      *trace.Tracer `json:"-"` // exec --trace: records the steps; nil: off
}

// ErrNotRunning is returned (wrapped) by commands that need a running container.
var ErrNotRunning = errors.New("is not running")

// Exec runs a command in a running container, joined to all its namespaces
// and its cgroup, and returns the command's exit code.
func (e *Engine) Exec(ref string, o ExecOptions, stdio Stdio) (int, error) {
	l := o.Tracer.Laps()
	rec, c, err := e.loadRunning(ref)
	if err != nil {
		return exitcode.Engine, err
	}
	l.Step("container record, runtime state")
	spec, err := loadSpec(e.Layout.SpecFile(rec.ID))
	if err != nil {
		return exitcode.Engine, err
	}
	l.Step("load spec")
	p, err := execProcess(spec.Process, o, rec.State.Pid, os.LookupEnv)
	if err != nil {
		return exitcode.Engine, engineErr("exec: %w", err)
	}
	rs := runtime.Stdio{Stdout: stdio.Out, Stderr: stdio.Err}
	if o.Interactive {
		rs.Stdin = stdio.In
	}
	var cons *console
	var consoleFn func(*os.File) error
	if o.TTY && !o.Detach {
		cons = newConsole(stdio.Out)
		p.ConsoleSize = cons.size
		consoleFn = cons.set
		defer cons.restore()
	}
	l.Step("exec process")
	proc, err := c.Exec(p, rs, consoleFn)
	if err != nil {
		return exitcode.Or(err, exitcode.Engine), execErr(err)
	}
	l.Step("runtime exec: setns into the namespaces and cgroup, execve")
	if o.Detach {
		return 0, nil
	}
	if cons != nil {
		cons.attach(stdio, o.Interactive)
		stop := resizeOnWinch(cons, stdio.Out)
		defer stop()
	}
	st, err := proc.Wait()
	if cons != nil {
		cons.drain()
	}
	l.Step("command ran (wait)")
	if err != nil {
		return exitcode.Engine, engineErr("exec: wait: %w", err)
	}
	return st.Code, nil
}

// execErr keeps the runtime's exit code (126/127) and says what failed.
func execErr(err error) error {
	if _, ok := exitcode.From(err); ok {
		return err
	}
	return engineErr("exec: %w", err)
}

func resizeOnWinch(c *console, out *os.File) func() {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, unix.SIGWINCH)
	go func() {
		for range ch {
			c.resize(out)
		}
	}()
	return func() { signal.Stop(ch); close(ch) }
}

// loadRunning finds a running container and its runtime handle.
func (e *Engine) loadRunning(ref string) (*container.Record, runtime.Container, error) {
	rec, err := e.Containers.Get(ref)
	if err != nil {
		return nil, nil, exitcode.New(1, err)
	}
	if rec.State.Status != container.StatusRunning {
		return nil, nil, exitcode.New(1, fmt.Errorf("container %s %w", rec.ID, ErrNotRunning))
	}
	if err := refusePaused(rec); err != nil {
		return nil, nil, err
	}
	c, err := e.Runtime.Load(rec.ID)
	if err != nil {
		return nil, nil, exitcode.New(1, fmt.Errorf("container %s %w: %v", rec.ID, ErrNotRunning, err))
	}
	return rec, c, nil
}

// savedSpec is the part of the saved spec that exec and inspect read.
type savedSpec struct {
	Hostname string
	Process  *specs.Process
}

// loadSpec reads the spec the monitor saved in the container's dir (path),
// ~12 KiB with Docker's seccomp profile: one read(2) into a buffer of that
// size, without os.ReadFile's fstat and poller registration, and only its
// hostname and process decoded, without reflection (jsonlite): exec need
// not pay for encoding/json's first use, nor build the seccomp profile.
func loadSpec(path string) (*savedSpec, error) {
	b, err := procfs.ReadFile(path, make([]byte, 0, 16<<10))
	if err != nil {
		return nil, engineErr("read container spec: %w", err)
	}
	host, p, err := jsonlite.DecodeProcess(b)
	if err != nil || p == nil {
		return nil, engineErr("read container spec: %v", errors.Join(err, errors.New("no process")))
	}
	return &savedSpec{Hostname: host, Process: p}, nil
}

// execProcess is the exec'd process: the container's (env, caps, rlimits,
// user, cwd) with exec's flags on top. pid is the container's init, whose
// root holds the /etc/passwd that -u resolves against.
func execProcess(base *specs.Process, o ExecOptions, pid int, lookup func(string) (string, bool)) (*specs.Process, error) {
	if len(o.Cmd) == 0 {
		return nil, errors.New("no command")
	}
	p := *base
	p.Args = o.Cmd
	p.Terminal = o.TTY && !o.Detach
	p.ConsoleSize = nil
	var env spec.Env
	for _, kv := range base.Env {
		env.Set(kv)
	}
	for _, kv := range o.Env {
		if x, ok := expandExecEnv(kv, lookup); ok {
			env.Set(x)
		}
	}
	if o.TTY {
		env.SetDefault("TERM", "xterm")
	}
	p.Env = env.List()
	if o.Workdir != "" {
		p.Cwd = o.Workdir
	}
	if o.User != "" {
		db, err := spec.ReadUserDB(containerFiles(pid))
		if err != nil {
			return nil, fmt.Errorf("exec -u %s: %w", o.User, err)
		}
		u, home, err := spec.ResolveUser(o.User, db)
		if err != nil {
			return nil, err
		}
		p.User = u
		env.Set("HOME=" + home)
		p.Env = env.List()
	}
	return &p, nil
}

// expandExecEnv is -e K=V as is, -e K from tent's env (dropped when unset).
func expandExecEnv(kv string, lookup func(string) (string, bool)) (string, bool) {
	if bytes.IndexByte([]byte(kv), '=') >= 0 {
		return kv, true
	}
	if v, ok := lookup(kv); ok {
		return kv + "=" + v, true
	}
	return "", false
}
