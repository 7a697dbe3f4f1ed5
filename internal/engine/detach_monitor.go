package engine

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	goruntime "runtime"
	"runtime/debug"

	"github.com/tent-dev/tent/internal/exitcode"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/monitor"
)

// MonitorArg is argv[1] of tent running as a detached container's monitor.
const MonitorArg = monitor.Arg

// MonitorMain is the body of `tent __tent_monitor [--debug] --root R
// --state S ID` (see package monitor); it returns the monitor's exit code.
// With --debug (the run was `tent --debug run -d`), loggers gives the
// loggers; their lines go to the monitor's log.
func MonitorMain(args []string, stderr io.Writer, loggers func() Loggers) int {
	fs := flag.NewFlagSet(MonitorArg, flag.ContinueOnError)
	root := fs.String("root", "", "")
	state := fs.String("state", "", "")
	setup := fs.Bool("setup", false, "")
	dbg := fs.Bool("debug", false, "")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: tent __tent_monitor [--setup] [--debug] --root DIR --state DIR ID")
		return 2
	}
	var opts []Option
	if *dbg && loggers != nil {
		opts = append(opts, WithLoggers(loggers()))
	}
	if *setup {
		return setupMain(*root, *state, fs.Arg(0), opts...)
	}
	// Lean: one P, a small heap goal. The monitor mostly sleeps in wait4.
	goruntime.GOMAXPROCS(1)
	debug.SetGCPercent(20)
	if err := runMonitor(*root, *state, fs.Arg(0), opts...); err != nil {
		fmt.Fprintf(stderr, "tent monitor %s: %v\n", fs.Arg(0), err)
		return 1
	}
	return 0
}

func runMonitor(root, state, id string, opts ...Option) error {
	notify := monitor.NotifyFile()
	fail := func(err error) error {
		if notify != nil {
			fmt.Fprintf(notify, "error %d %s\n", exitcode.Or(err, exitcode.Engine), err)
		}
		return err
	}
	e, err := New(root, state, opts...)
	if err != nil {
		return fail(err)
	}
	rec, err := e.Containers.Get(id)
	if err != nil {
		return fail(err)
	}
	var o RunOptions
	if err := json.Unmarshal(rec.Opts, &o); err != nil {
		return fail(fmt.Errorf("decode run options: %w", err))
	}
	cfg, err := e.monitorConfig(rec, o)
	if err != nil {
		return fail(err)
	}
	cfg.Notify = notify
	ctx := context.Background()
	go e.forwardTermination(rec.ID)
	return monitor.Run(ctx, cfg)
}

// monitorConfig is the monitor's view of the container's options.
func (e *Engine) monitorConfig(rec *container.Record, o RunOptions) (monitor.Config, error) {
	p, err := monitor.ParsePolicy(o.Restart)
	if err != nil {
		return monitor.Config{}, err
	}
	var h *monitor.HealthConfig
	if hc := rec.Healthcheck; hc != nil && !o.NoHealthcheck {
		h = &monitor.HealthConfig{Test: hc.Test, Interval: hc.Interval, Timeout: hc.Timeout,
			StartPeriod: hc.StartPeriod, Retries: hc.Retries, StartInterval: hc.StartInterval}
	}
	logOpts, err := logOptions(o)
	if err != nil {
		return monitor.Config{}, err
	}
	return monitor.Config{
		ID: rec.ID, Store: e.Containers, Policy: p, Health: h, Rm: o.Rm, Log: logOpts, Logger: e.loggers.logger("monitor"),
		Target: &detachedTarget{e: e, id: rec.ID, o: o},
	}, nil
}

// forwardTermination makes a SIGTERM/SIGINT sent to the monitor (shutdown)
// a `tent stop` without the wait: the user process gets it, no restart.
func (e *Engine) forwardTermination(id string) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, unix.SIGTERM, unix.SIGINT)
	for s := range ch {
		_ = e.Containers.Update(id, func(r *container.Record) error {
			r.State.StoppedByUser = true
			return nil
		})
		if rec, err := e.Containers.Get(id); err == nil {
			_ = e.signal(rec, s.(unix.Signal), false)
		}
	}
}
