package engine

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/tent-dev/tent/internal/earlymon"
	"github.com/tent-dev/tent/internal/monitor"
	"github.com/tent-dev/tent/internal/trustedbin"
)

// MonitorArg is argv[1] of tent running as a detached container's monitor
// (when tent-monitor is not installed) or as one of its helpers.
const MonitorArg = monitor.Arg

// MonitorBinary is the lean monitor (cmd/tent-monitor), installed beside tent.
const MonitorBinary = earlymon.Binary

// MonitorMain is the body of `tent __tent_monitor ARGS`: the monitor's
// setup and teardown helpers (--setup, --teardown: see package monitor),
// else the monitor itself. With --debug (the run was `tent --debug run
// -d`), loggers gives the helpers' loggers; their lines go to the
// monitor's log. It returns the exit code.
func MonitorMain(args []string, stderr io.Writer, loggers func() Loggers) int {
	if !slices.Contains(args, monitor.SetupFlag) && !slices.Contains(args, monitor.TeardownFlag) {
		return monitor.Main(args, stderr)
	}
	fs := flag.NewFlagSet(MonitorArg, flag.ContinueOnError)
	root := fs.String("root", "", "")
	state := fs.String("state", "", "")
	setup := fs.Bool(monitor.SetupFlag[2:], false, "")
	fs.Bool(monitor.TeardownFlag[2:], false, "")
	dbg := fs.Bool("debug", false, "")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: tent __tent_monitor --setup|--teardown [--debug] --root DIR --state DIR ID")
		return 2
	}
	var opts []Option
	if *dbg && loggers != nil {
		opts = append(opts, WithLoggers(loggers()))
	}
	if *setup {
		return setupMain(*root, *state, fs.Arg(0), opts...)
	}
	return teardownMain(*root, *state, fs.Arg(0), opts...)
}

// monitorExe is the lean monitor beside tent when it is installed (and
// trusted: a root process runs it), else tent itself.
func monitorExe(tent string) string {
	p := filepath.Join(filepath.Dir(tent), MonitorBinary)
	if trustedbin.Check(p) == nil {
		return p
	}
	return tent
}

// teardownMain is the teardown helper: it reads whether the cgroup saw an
// OOM kill, deletes the runtime container and detaches its network, and
// reports on stdout.
func teardownMain(root, state, id string, opts ...Option) int {
	var res monitor.HelperResult
	defer func() { res.Write(os.Stdout) }()
	e, err := New(root, state, opts...)
	if err != nil {
		res.Err = err.Error()
		return 0
	}
	oom, err := e.teardownDetached(id)
	res.OOMKilled = oom
	if err != nil {
		res.Err = err.Error()
	}
	return 0
}

// teardownDetached deletes a detached run's runtime container and network.
func (e *Engine) teardownDetached(id string) (oom bool, err error) {
	oom, _ = e.Runtime.OOMKilled(id)
	var errs []error
	if c, err := e.Runtime.Load(id); err == nil {
		errs = append(errs, c.Delete(true))
	}
	errs = append(errs, e.Network.Detach(id))
	return oom, errors.Join(errs...)
}
