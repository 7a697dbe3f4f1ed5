package monitor

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	goruntime "runtime"
	"runtime/debug"
	"time"

	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/debuglog"
	"github.com/tent-dev/tent/internal/exitcode"
	"github.com/tent-dev/tent/internal/layout"
	"github.com/tent-dev/tent/internal/logs"
)

// Main is the monitor process: `tent-monitor __tent_monitor [--debug]
// --tent PATH --root R --state S ID` (or tent's own __tent_monitor when
// tent-monitor is not installed). It returns the exit code.
func Main(args []string, stderr io.Writer) int {
	var early earlyStart // sent to an early monitor
	if len(args) == 1 && args[0] == EarlyFlag {
		var ok bool
		if early, ok = earlyHello(stderr); !ok {
			return 0 // tent did not need this monitor: nothing was made
		}
		args = early.args
	}
	fs := flag.NewFlagSet(Arg, flag.ContinueOnError)
	fs.SetOutput(stderr)
	tent := fs.String("tent", "", "")
	root := fs.String("root", "", "")
	state := fs.String("state", "", "")
	dbg := fs.Bool("debug", false, "")
	adopt := fs.Bool(AdoptFlag[2:], false, "")
	attachFirst := fs.Bool(AttachFirstFlag[2:], false, "")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 || *tent == "" || (early.pre != nil && !*adopt) {
		early.pre.abort()
		fmt.Fprintln(stderr, "usage: tent-monitor "+Arg+" [--debug] [--adopt] [--attach-first] --tent PATH --root DIR --state DIR ID")
		return 2
	}
	// Lean: one P, a small heap goal. The monitor mostly sleeps in wait4.
	goruntime.GOMAXPROCS(1)
	debug.SetGCPercent(20)
	t := &helperTarget{tent: *tent, root: *root, state: *state, id: fs.Arg(0), debug: *dbg}
	var target Target = t
	if *adopt {
		sock := early.sock
		if sock == nil {
			sock = controlSocket()
		}
		if sock == nil {
			fmt.Fprintln(stderr, "tent monitor: --adopt without a control socket on fd 4")
			return 2
		}
		at := &adoptTarget{sock: sock, h: t, pre: early.pre}
		if at.pre == nil && early.ahead != nil {
			at.pre = clonePre(*early.ahead) // before the store is read: it overlaps tent's planning
		}
		target = at
	}
	if err := run(t, target, *attachFirst, stderr); err != nil {
		fmt.Fprintf(stderr, "tent monitor %s: %v\n", t.id, err)
		return 1
	}
	return 0
}

// AttachFirstFlag makes the monitor wait for an attach client before the
// container's first start (Config.AttachFirst).
const AttachFirstFlag = "--attach-first"

func run(t *helperTarget, target Target, attachFirst bool, stderr io.Writer) error {
	notify := NotifyFile()
	fail := func(err error) error {
		if notify != nil {
			fmt.Fprintf(notify, "error %d %s\n", exitcode.Or(err, exitcode.Engine), err)
		}
		return err
	}
	store, err := container.Open(layout.New(t.root, t.state))
	if err != nil {
		return fail(err)
	}
	rec, err := store.Get(t.id)
	if err != nil {
		return fail(err)
	}
	cfg, err := ConfigFromRecord(rec)
	if err != nil {
		return fail(err)
	}
	cfg.ID, cfg.Store, cfg.Target, cfg.Notify = rec.ID, store, target, notify
	cfg.AttachFirst = attachFirst
	cfg.claimed = namesThisProcess(rec.State)
	if t.debug {
		cfg.Logger = stderrLogger{w: stderr, start: time.Now()}
	}
	m := newMonitor(cfg)
	go m.forwardTermination()
	return m.run(context.Background())
}

// ConfigFromRecord is the monitor's view of the container's record: the
// restart policy, --rm, log options and health check.
func ConfigFromRecord(rec *container.Record) (Config, error) {
	var o savedOptions
	if len(rec.Opts) > 0 {
		var err error
		if o, err = decodeOptions(rec.Opts); err != nil {
			return Config{}, fmt.Errorf("decode run options: %w", err)
		}
	}
	p, err := ParsePolicy(o.Restart)
	if err != nil {
		return Config{}, err
	}
	logOpts, err := logs.ParseOptions(o.LogOpts)
	if err != nil {
		return Config{}, err
	}
	c := Config{Policy: p, Rm: o.Rm, Log: logOpts}
	if hc := rec.Healthcheck; hc != nil && !o.NoHealthcheck {
		c.Health = &HealthConfig{Test: hc.Test, Interval: hc.Interval, Timeout: hc.Timeout,
			StartPeriod: hc.StartPeriod, Retries: hc.Retries, StartInterval: hc.StartInterval}
	}
	return c, nil
}

// forwardTermination makes a SIGTERM/SIGINT sent to the monitor (shutdown)
// a `tent stop` without the wait: the container's init gets it, no restart.
func (m *monitor) forwardTermination() {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, unix.SIGTERM, unix.SIGINT)
	for s := range ch {
		_ = m.c.Store.Update(m.c.ID, func(r *container.Record) error {
			r.State.StoppedByUser = true
			return nil
		})
		if run := m.current.Load(); run != nil {
			_ = (*run).Signal(s.(unix.Signal))
		}
	}
}

// stderrLogger is the monitor's debug logger (--debug): its stderr is the
// container's monitor log.
type stderrLogger struct {
	w     io.Writer
	start time.Time
}

func (l stderrLogger) Debugf(format string, args ...any) {
	fmt.Fprintf(l.w, "%9.3fms monitor: %s\n", float64(time.Since(l.start).Microseconds())/1000, fmt.Sprintf(format, args...))
}

var _ debuglog.Logger = stderrLogger{}
