package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"

	"github.com/tent-dev/tent/internal/exitcode"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/monitor"
	"github.com/tent-dev/tent/runtime"
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

// helperResult is the helper's one line to the monitor.
type helperResult struct {
	Pid  int    `json:"pid,omitempty"`
	Code int    `json:"code,omitempty"` // exit code for Err (125, 126, 127)
	Err  string `json:"err,omitempty"`
}

// startViaHelper runs the setup helper with stdout, stderr and a result
// pipe as its fds 3, 4 and 5.
func (t *detachedTarget) startViaHelper(stdout, stderr *os.File) (monitor.Running, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, engineErr("helper pipe: %w", err)
	}
	defer r.Close()
	ours, theirs, err := socketPair() // the pty master comes back on it (-t)
	if err != nil {
		w.Close()
		return nil, engineErr("helper socket: %w", err)
	}
	defer ours.Close()
	cmd := exec.Command("/proc/self/exe", append(t.e.debugArgs(MonitorArg, "--setup"), "--root", t.e.Layout.Root, "--state", t.e.Layout.State, t.id)...)
	cmd.ExtraFiles = []*os.File{stdout, stderr, w, theirs}
	cmd.Stderr = os.Stderr                                   // the monitor's log
	cmd.Env = withoutEnv(os.Environ(), "GOMAXPROCS", "GOGC") // the monitor's lean settings
	err = cmd.Start()
	w.Close()
	theirs.Close()
	if err != nil {
		return nil, engineErr("start setup helper: %w", err)
	}
	out, _ := io.ReadAll(io.LimitReader(r, 64<<10))
	werr := cmd.Wait() // the init is ours from here on
	var res helperResult
	if jerr := json.Unmarshal(bytes.TrimSpace(out), &res); jerr != nil || (res.Pid == 0 && res.Err == "") {
		return nil, engineErr("setup helper failed: %v", errors.Join(werr, jerr))
	}
	if res.Err != "" {
		return nil, exitcode.New(res.Code, errors.New(res.Err))
	}
	l := &leanRun{e: t.e, id: t.id, pid: res.Pid}
	if t.o.TTY {
		if l.console, err = recvFile(ours, "pty"); err != nil {
			return nil, engineErr("receive the pty master: %w", err)
		}
	}
	return l, nil
}

// setupMain is the helper: it makes and starts the container and exits,
// leaving it running (no teardown unless the setup failed).
func setupMain(root, state, id string, opts ...Option) int {
	stdout, stderr, res := os.NewFile(3, "stdout"), os.NewFile(4, "stderr"), os.NewFile(5, "result")
	report := func(r helperResult) int {
		b, _ := json.Marshal(r)
		res.Write(append(b, '\n'))
		return 0
	}
	fail := func(err error) int {
		return report(helperResult{Code: exitcode.Or(err, exitcode.Engine), Err: err.Error()})
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
	d, err := t.startHere(context.Background(), stdout, stderr)
	if err != nil {
		return fail(err)
	}
	if c := d.r.console; c != nil && c.master != nil {
		// Nothing here reads the pty (keepPty): the monitor does, from now on.
		if err := sendFile(os.NewFile(6, "monitor"), c.master); err != nil {
			d.Teardown()
			return fail(engineErr("send the pty master: %w", err))
		}
	}
	return report(helperResult{Pid: d.Pid()})
}

// leanRun is a run whose init the monitor inherited from the helper.
type leanRun struct {
	e       *Engine
	id      string
	pid     int
	console *os.File // pty master (-t)
}

func (l *leanRun) Pid() int          { return l.pid }
func (l *leanRun) Console() *os.File { return l.console }

// Wait reaps the init with wait4 and reads the cgroup's OOM count.
func (l *leanRun) Wait() (runtime.ExitStatus, error) {
	var ws unix.WaitStatus
	for {
		_, err := unix.Wait4(l.pid, &ws, 0, nil)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return runtime.ExitStatus{}, fmt.Errorf("wait for %s: %w", l.id, err)
		}
		break
	}
	st := runtime.ExitStatus{Code: ws.ExitStatus()}
	if ws.Signaled() {
		st = runtime.ExitStatus{Code: 128 + int(ws.Signal()), Signal: ws.Signal()}
	}
	if st.Code != 0 {
		st.OOMKilled, _ = l.e.Runtime.OOMKilled(l.id)
	}
	return st, nil
}

// Kill kills the init, pid 1 of the container: the kernel kills the rest.
func (l *leanRun) Kill() error { return unix.Kill(l.pid, unix.SIGKILL) }

// Exec runs a health probe as `tent exec` in a child process, so the exec
// machinery's memory is never the monitor's.
func (l *leanRun) Exec(ctx context.Context, argv []string) (int, []byte, error) {
	args := append([]string{"--root", l.e.Layout.Root, "--state", l.e.Layout.State, "exec", l.id}, argv...)
	cmd := exec.CommandContext(ctx, "/proc/self/exe", args...)
	cmd.Env = withoutEnv(os.Environ(), "GOMAXPROCS", "GOGC")
	var out cappedBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if code, ok := exitcode.From(err); ok { // the probe ran and exited
		return code, out.b, nil
	}
	if err != nil {
		return -1, out.b, err
	}
	return 0, out.b, nil
}

// Teardown deletes the runtime container and detaches its network.
func (l *leanRun) Teardown() error {
	var errs []error
	if c, err := l.e.Runtime.Load(l.id); err == nil {
		errs = append(errs, c.Delete(true))
	}
	errs = append(errs, l.e.Network.Detach(l.id))
	return errors.Join(errs...)
}

// withoutEnv drops the keys from env.
func withoutEnv(env []string, keys ...string) []string {
	out := env[:0:0]
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		if !slices.Contains(keys, k) {
			out = append(out, kv)
		}
	}
	return out
}

// cappedBuffer keeps the first 4 KiB written to it.
type cappedBuffer struct{ b []byte }

func (c *cappedBuffer) Write(p []byte) (int, error) {
	if n := 4096 - len(c.b); n > 0 {
		c.b = append(c.b, p[:min(n, len(p))]...)
	}
	return len(p), nil
}
