package engine

import (
	"context"
	"errors"
	"net"
	"time"

	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/exitcode"
	"github.com/tent-dev/tent/internal/monitor"
)

// Attachable says whether `run` goes through RunAttached: -it on a
// terminal with --detach-keys given, where the keys can be typed (not with
// --trace, whose waterfall is the foreground run's). Without --detach-keys
// `run -it` stays in the foreground: a monitor-owned start costs a monitor
// and its setup and teardown helpers, about twice a foreground run's time,
// and tent run must not get slower for a feature not asked for.
func Attachable(o RunOptions, stdio Stdio) bool {
	return o.DetachKeys != "" && o.TTY && o.Interactive && !o.Detach && !o.Trace &&
		isTerminal(stdio.In) && isTerminal(stdio.Out)
}

// RunAttached is `run -it` on a terminal, as Docker's and podman's: the
// container runs under its monitor as with -d, and tent attaches to it
// before it starts (the monitor waits for it), so it sees all the output,
// and the detach keys (--detach-keys, default ctrl-p,ctrl-q) leave it
// running. It returns the container's exit code, also with --rm (the
// monitor sends it before it removes the record), or 0 once detached.
func (e *Engine) RunAttached(ctx context.Context, o RunOptions, stdio Stdio) (int, error) {
	keys, err := ParseDetachKeys(o.DetachKeys)
	if err != nil {
		return exitcode.Engine, engineErr("%w", err)
	}
	if ws, err := unix.IoctlGetWinsize(int(stdio.Out.Fd()), unix.TIOCGWINSZ); err == nil {
		o.ConsoleSize = &[2]uint16{ws.Row, ws.Col} // the pty's size from the start
	}
	rec, _, err := e.newDetachedRecord(ctx, o)
	if err != nil {
		return exitcode.Or(err, exitcode.Engine), err
	}
	spawned := goErr(func() error { return e.spawnMonitor(rec.ID, monitor.AttachFirstFlag) })
	conn, err := e.dialMonitor(rec.ID, spawned)
	if err != nil {
		return exitcode.Or(err, exitcode.Engine), err
	}
	code, err := e.attachConn(ctx, rec, conn, keys, AttachOptions{}, stdio.In, stdio.Out, stdio.Err)
	select {
	case serr := <-spawned: // the start failed: its code (125, 126, 127)
		if serr != nil {
			return exitcode.Or(serr, exitcode.Engine), serr
		}
	default:
	}
	return code, err
}

// dialMonitor connects to the monitor's attach socket as soon as it
// listens; spawned ends early when the monitor failed.
func (e *Engine) dialMonitor(id string, spawned <-chan error) (*net.UnixConn, error) {
	dir := e.Layout.ContainerDir(id)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		conn, err := dialAttach(dir)
		if err == nil {
			return conn, nil
		}
		select {
		case serr := <-spawned:
			if serr == nil {
				serr = errors.New("the container's monitor started it without serving attach")
			}
			return nil, serr
		default:
		}
		if time.Now().After(deadline) {
			return nil, engineErr("attach to %s: %w", id, err)
		}
	}
}
