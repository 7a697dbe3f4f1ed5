package engine

import (
	"context"
	"fmt"
	"os"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/logs"
	"github.com/tent-dev/tent/internal/monitor"
)

// RunDetached starts the container under a monitor process that outlives
// the CLI (tent run -d) and returns its id once it is running.
func (e *Engine) RunDetached(ctx context.Context, o RunOptions) (string, error) {
	e.tellAheadEarly(o)
	rec, img, err := e.newDetachedRecord(ctx, o)
	if err != nil {
		return "", err
	}
	tr := o.tracer(nil)
	t := tr.Start()
	if err := e.startDetached(ctx, rec, img, tr.With("setup")); err != nil {
		return "", err
	}
	tr.End("spawn monitor, start the container under it", t)
	return rec.ID, nil
}

// checkDetached refuses option mixes Docker refuses.
func checkDetached(o RunOptions) error {
	p, err := monitor.ParsePolicy(o.Restart)
	if err != nil {
		return err
	}
	if o.Rm && p.Name != "no" {
		return fmt.Errorf("conflicting options: cannot specify both --restart and --rm")
	}
	if _, err := healthFromOptions(nil, o); err != nil {
		return err
	}
	if _, err := logs.ParseOptions(o.LogOpts); err != nil {
		return err
	}
	return nil
}

// spawnMonitor starts the container's monitor and waits until the
// container runs (or failed to start: the monitor recorded why).
func (e *Engine) spawnMonitor(id string, flags ...string) error {
	exe, err := os.Executable()
	if err != nil {
		return engineErr("find tent's binary: %w", err)
	}
	args := append(e.debugArgs(flags...), "--tent", exe, "--root", e.Layout.Root, "--state", e.Layout.State, id)
	spawn := e.spawnMonitorFn
	if spawn == nil {
		spawn = monitor.Spawn
	}
	_, err = spawn(monitorExe(exe), args, e.Layout.MonitorLog(id))
	return err
}

// debugArgs is args, then --debug when this engine logs at debug level:
// the monitor and its setup helper then log too (to the monitor's log).
func (e *Engine) debugArgs(args ...string) []string {
	if e.loggers != nil {
		args = append(args, "--debug")
	}
	return args
}

// recordHealthcheck is the health check of a run -d's record, resolved now,
// while the image is at hand: the monitor then never reads the image. It
// goes into the record as it is made, in the same write; nil: none.
func recordHealthcheck(img *image.Image, o RunOptions) (*container.Healthcheck, error) {
	h, err := healthFromOptions(img, o)
	if err != nil || h == nil {
		return nil, err
	}
	return &container.Healthcheck{Test: h.Test, Interval: h.Interval, Timeout: h.Timeout,
		StartPeriod: h.StartPeriod, Retries: h.Retries, StartInterval: h.StartInterval}, nil
}
