package engine

import (
	"context"
	"os"

	"github.com/tent-dev/tent/internal/exitcode"
	"github.com/tent-dev/tent/internal/monitor"
)

// The setup helper keeps the monitor small. Making a container runs most
// of tent (image config, spec, overlay, network, runtime), and Go keeps what
// that touched: encoding/json's caches of the big spec and image types, grown
// stacks, idle threads. So the monitor re-executes tent as
// `__tent_monitor --setup`, which makes and starts the container with the
// monitor's pipes as its stdout and stderr, reports the init's pid and
// exits. The init, orphaned, is reparented to the monitor (a child
// subreaper, see package monitor), which then waits for it with wait4(2)
// like any child of its own.

// setupMain is the helper: it makes and starts the container and exits,
// leaving it running (no teardown unless the setup failed).
func setupMain(root, state, id string, opts ...Option) int {
	stdout, stderr, res := os.NewFile(3, "stdout"), os.NewFile(4, "stderr"), os.NewFile(5, "result")
	report := func(r monitor.HelperResult) int {
		r.Write(res)
		return 0
	}
	fail := func(err error) int {
		return report(monitor.HelperResult{Code: exitcode.Or(err, exitcode.Engine), Err: err.Error()})
	}
	e, err := New(root, state, opts...)
	if err != nil {
		return fail(err)
	}
	rec, err := e.Containers.Get(id)
	if err != nil {
		return fail(err)
	}
	t := &detachedTarget{e: e, id: id, o: recordOptions(rec), keepPty: true}
	var stdinW *os.File // -i without -t: the monitor writes the container's stdin
	if t.o.Interactive && !t.o.TTY {
		if t.stdin, stdinW, err = os.Pipe(); err != nil {
			return fail(engineErr("stdin pipe: %w", err))
		}
	}
	d, err := t.startHere(context.Background(), stdout, stderr)
	if err != nil {
		return fail(err)
	}
	hr, pass := monitor.HelperResult{Pid: d.Pid()}, stdinW
	if c := d.r.console; c != nil && c.master != nil {
		// Nothing here reads the pty (keepPty): the monitor does, from now on.
		hr.TTY, pass = true, c.master
	}
	hr.Stdin = stdinW != nil
	report(hr)
	if pass != nil {
		if err := monitor.SendFile(os.NewFile(6, "monitor"), pass); err != nil {
			d.Teardown()
			return 1
		}
	}
	return 0
}
