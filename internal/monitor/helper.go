package monitor

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
	"time"

	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/exitcode"
)

// The monitor links none of tent's setup (image, spec, runtime, network):
// each run's setup and teardown are tent itself, executed as helpers,
//
//	tent __tent_monitor --setup    --root R --state S ID  (fds 3-6, below)
//	tent __tent_monitor --teardown --root R --state S ID
//
// and so are health probes (tent exec). The setup helper creates and
// starts the container with the monitor's pipes as its stdout and stderr,
// reports the init's pid on fd 5 and exits; the init, orphaned, is
// reparented to the monitor (a child subreaper), which waits for it with
// wait4(2). With a tty the helper sends the pty master on fd 6.

// Helper flags of tent's __tent_monitor.
const (
	SetupFlag    = "--setup"
	TeardownFlag = "--teardown"
)

// HelperResult is a helper's one line to the monitor.
type HelperResult struct {
	Pid       int    `json:"pid,omitempty"`
	TTY       bool   `json:"tty,omitempty"`       // the pty master follows on fd 6
	Stdin     bool   `json:"stdin,omitempty"`     // -i without -t: the stdin pipe's write end follows on fd 6
	OOMKilled bool   `json:"oomKilled,omitempty"` // teardown: the cgroup saw an OOM kill
	Code      int    `json:"code,omitempty"`      // exit code for Err (125, 126, 127)
	Err       string `json:"err,omitempty"`
}

// Write writes r as the helper's line.
func (r HelperResult) Write(w io.Writer) {
	b, _ := json.Marshal(r)
	w.Write(append(b, '\n'))
}

// helperTarget makes each run through tent's setup helper.
type helperTarget struct {
	tent, root, state, id string // tent's binary, its dirs, the container
	debug                 bool
}

// helperCmd is `tent __tent_monitor FLAG [--debug] --root R --state S ID`
// without the monitor's lean Go settings.
func (t *helperTarget) helperCmd(flag string) *exec.Cmd {
	args := []string{Arg, flag, "--root", t.root, "--state", t.state, t.id}
	if t.debug {
		args = slices.Insert(args, 2, "--debug")
	}
	cmd := exec.Command(t.tent, args...)
	cmd.Stderr = os.Stderr // the monitor's log
	cmd.Env = withoutEnv(os.Environ(), "GOMAXPROCS", "GOGC")
	return cmd
}

// Start implements Target.
func (t *helperTarget) Start(_ context.Context, stdout, stderr *os.File) (Running, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("helper pipe: %w", err)
	}
	defer r.Close()
	ours, theirs, err := socketPair()
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("helper socket: %w", err)
	}
	defer ours.Close()
	cmd := t.helperCmd(SetupFlag)
	cmd.ExtraFiles = []*os.File{stdout, stderr, w, theirs}
	err = cmd.Start()
	w.Close()
	theirs.Close()
	if err != nil {
		return nil, exitcode.New(exitcode.Engine, fmt.Errorf("start setup helper: %w", err))
	}
	res, err := readResult(r, cmd)
	if err != nil {
		return nil, err
	}
	run := &helperRun{t: t, pid: res.Pid}
	switch {
	case res.TTY:
		if run.console, err = recvFile(ours, "pty"); err != nil {
			return nil, exitcode.New(exitcode.Engine, fmt.Errorf("receive the pty master: %w", err))
		}
	case res.Stdin:
		if run.stdin, err = recvFile(ours, "stdin"); err != nil {
			return nil, exitcode.New(exitcode.Engine, fmt.Errorf("receive the stdin pipe: %w", err))
		}
	}
	return run, nil
}

// readResult reads a helper's line and waits for it to exit.
func readResult(r io.Reader, cmd *exec.Cmd) (HelperResult, error) {
	out, _ := io.ReadAll(io.LimitReader(r, 64<<10))
	awaitExit(cmd.Process.Pid)
	werr := cmd.Wait()
	var res HelperResult
	if jerr := json.Unmarshal(bytes.TrimSpace(out), &res); jerr != nil {
		return res, exitcode.New(exitcode.Engine, fmt.Errorf("%s helper failed: %v", cmd.Args[2], errors.Join(werr, jerr)))
	}
	if res.Err != "" {
		code := res.Code
		if code == 0 {
			code = exitcode.Engine
		}
		return res, exitcode.New(code, errors.New(res.Err))
	}
	return res, nil
}

// helperRun is a run whose init the monitor inherited from the helper.
type helperRun struct {
	t       *helperTarget
	pid     int
	console *os.File // pty master (-t)
	stdin   *os.File // the container's stdin pipe (-i without -t)
}

func (h *helperRun) Pid() int          { return h.pid }
func (h *helperRun) Console() *os.File { return h.console }

// Stdin is the write end of the container's stdin with -i and no tty.
func (h *helperRun) Stdin() *os.File { return h.stdin }

// Wait reaps the init with wait4 once it has exited (awaitExit).
func (h *helperRun) Wait() (ExitStatus, error) {
	awaitExit(h.pid)
	var ws unix.WaitStatus
	for {
		_, err := unix.Wait4(h.pid, &ws, 0, nil)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return ExitStatus{}, fmt.Errorf("wait for %s: %w", h.t.id, err)
		}
		break
	}
	if ws.Signaled() {
		return ExitStatus{Code: 128 + int(ws.Signal()), Signal: ws.Signal()}, nil
	}
	return ExitStatus{Code: ws.ExitStatus()}, nil
}

// Kill kills the init, pid 1 of the container: the kernel kills the rest.
// The init is the monitor's unreaped child, so its pid is not reused.
func (h *helperRun) Kill() error { return unix.Kill(h.pid, unix.SIGKILL) }

// Signal sends sig to the init.
func (h *helperRun) Signal(sig unix.Signal) error { return unix.Kill(h.pid, sig) }

// Exec runs a health probe as `tent exec` in a child process. Its output
// comes through a pipe the runtime's poller reads and its exit through
// awaitExit: no thread blocks, and a probe allocates little (no copying
// goroutine and its 32 KiB buffer), so probes seldom make a GC cycle.
func (h *helperRun) Exec(ctx context.Context, argv []string) (int, []byte, error) {
	args := append([]string{"--root", h.t.root, "--state", h.t.state, "exec", h.t.id}, argv...)
	cmd := exec.Command(h.t.tent, args...)
	cmd.Env = withoutEnv(os.Environ(), "GOMAXPROCS", "GOGC")
	r, w, err := os.Pipe()
	if err != nil {
		return -1, nil, fmt.Errorf("probe pipe: %w", err)
	}
	defer r.Close()
	cmd.Stdout, cmd.Stderr = w, w
	err = cmd.Start()
	w.Close()
	if err != nil {
		return -1, nil, err
	}
	// At the deadline: kill the probe and stop reading (a process it left
	// in the container may hold the pipe open).
	stop := context.AfterFunc(ctx, func() {
		_ = cmd.Process.Kill()
		_ = r.SetReadDeadline(time.Now())
	})
	defer stop()
	out := readCapped(r, healthOutputMax)
	awaitExit(cmd.Process.Pid)
	err = cmd.Wait()
	if code, ok := exitcode.From(err); ok { // the probe ran and exited
		return code, out, nil
	}
	if err != nil {
		return -1, out, err
	}
	return 0, out, nil
}

// readCapped reads r to its end (or error) and keeps the first n bytes.
func readCapped(r io.Reader, n int) []byte {
	var out []byte
	var buf [512]byte
	for {
		k, err := r.Read(buf[:])
		if room := n - len(out); room > 0 {
			out = append(out, buf[:min(k, room)]...)
		}
		if err != nil {
			return out
		}
	}
}

// Teardown has tent delete the runtime container and its network, and
// says whether the cgroup saw an OOM kill (read before it goes).
func (h *helperRun) Teardown() (bool, error) {
	for _, f := range []**os.File{&h.console, &h.stdin} {
		if *f != nil {
			(*f).Close()
			*f = nil
		}
	}
	r, w, err := os.Pipe()
	if err != nil {
		return false, fmt.Errorf("helper pipe: %w", err)
	}
	defer r.Close()
	cmd := h.t.helperCmd(TeardownFlag)
	cmd.Stdout = w
	err = cmd.Start()
	w.Close()
	if err != nil {
		return false, fmt.Errorf("start teardown helper: %w", err)
	}
	res, err := readResult(r, cmd)
	return res.OOMKilled, err
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
