package runtime

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"time"

	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/trace"

	"github.com/tent-dev/tent/rootfs"
	"github.com/tent-dev/tent/runtime/cgroups"
	"github.com/tent-dev/tent/runtime/internal/initcodec"
)

// The fds of a re-exec'd init, after stdio (ExtraFiles in this order).
const (
	configFD = 3 // pipe: the initcodec.Config
	syncFD   = 4 // unix socket: messages and fds with the parent
	extraFD  = 5 // exec's stage-2: O_PATH of the container's mount namespace
)

// An init or exec stage-2 is not dumpable from its first package init to
// its execve: a container process without CAP_SYS_PTRACE cannot open
// /proc/<pid>/exe, /proc/<pid>/fd or /proc/<pid>/mem of it (CVE-2019-5736;
// the binary itself is also a read-only mount, initExe).
func init() {
	if len(os.Args) > 1 && os.Args[1] == InitArg {
		_ = unix.Prctl(unix.PR_SET_DUMPABLE, 0, 0, 0, 0)
	}
}

// initMain runs in the re-exec'd tent (argv[1] == InitArg). Its thread is
// locked and never unlocked: its namespaces, credentials and capabilities
// are changed, and the final execve runs from it.
func initMain() error {
	if len(os.Args) > 3 && os.Args[2] == initProtocol && os.Args[3] == launchArg {
		return launchMain(os.Args[4:])
	}
	entered := monotonic()
	runtime.LockOSThread()
	sync := &syncConn{os.NewFile(syncFD, "sync")}
	if len(os.Args) > 2 && os.Args[2] != initProtocol {
		return reportAndWait(sync, fmt.Errorf("%s speaks %q, tent wants %q: install tent and %s from one build",
			os.Args[0], os.Args[2], initProtocol, InitBinaryName))
	}
	cfg, rt, err := readInitConfig()
	if err != nil {
		return reportAndWait(sync, err)
	}
	if cfg.Kind == initcodec.KindExec {
		return execStage2(cfg, sync)
	}
	var tr *trace.Laps
	if cfg.Trace {
		tr = trace.New(nil).Laps()
		if t := tr.Tracer(); cfg.CloneAt != 0 {
			t.AddAt("exec + Go start", cfg.CloneAt, time.Duration(entered-cfg.CloneAt))
			t.AddAt("wait for config", entered, time.Duration(rt.received-entered))
			t.AddAt("decode config", rt.received, time.Duration(rt.decoded-rt.received))
		}
	}
	return containerInit(cfg, sync, tr)
}

// monotonic is CLOCK_MONOTONIC in ns: one clock for all processes.
func monotonic() int64 { return trace.Monotonic() }

// configTimes are when the config arrived and when it was decoded.
type configTimes struct{ received, decoded int64 }

// readInitConfig reads the whole config (the parent closes the pipe after
// it), then decodes it (runtime/internal/initcodec).
func readInitConfig() (*initcodec.Config, configTimes, error) {
	var t configTimes
	f := os.NewFile(configFD, "config")
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		return nil, t, fmt.Errorf("read init config: %w", err)
	}
	t.received = monotonic()
	cfg, err := initcodec.Unmarshal(b)
	if err != nil {
		return nil, t, err // "init config: decode <field>: ..."
	}
	t.decoded = monotonic()
	if cfg.Process == nil {
		return nil, t, fmt.Errorf("init config has no process")
	}
	return cfg, t, nil
}

// reportAndWait sends err to the parent, which kills this process while it
// cleans up; the error is returned (and printed) only if the parent is gone.
func reportAndWait(sync *syncConn, err error) error {
	if sync.sendError(err) == nil {
		_, _, _ = sync.recv()
	}
	return err
}

// containerInit: set up the container, report ready, wait for start, exec.
func containerInit(cfg *initcodec.Config, sync *syncConn, tr *trace.Laps) error {
	fifo := -1
	if !cfg.StartNow {
		var err error
		if fifo, err = openFifo(cfg.FifoPath); err != nil {
			return reportAndWait(sync, err)
		}
	}
	exe, hooks, err := setupContainer(cfg, sync, tr)
	if err != nil {
		return reportAndWait(sync, err)
	}
	// Before "ready", so that only the credentials and the execve are left
	// for after Start (and a bad capability name fails the create).
	caps, err := boundCaps(cfg.Process.Capabilities)
	if err != nil {
		return reportAndWait(sync, err)
	}
	filter, err := seccompBeforeReady(cfg.Seccomp, cfg.Process.NoNewPrivileges)
	if err != nil {
		return reportAndWait(sync, err)
	}
	if tr.On() {
		tr.Step(fmt.Sprintf("capabilities: bounding set (%d), seccomp filter ready (%d bytes)", capCount(cfg.Process.Capabilities), len(cfg.Seccomp)))
	}
	if err := sync.send(syncMsg{Type: syncReady, Steps: wireSteps(tr)}, -1); err != nil {
		return err
	}
	sync.Close()
	if !cfg.StartNow {
		if err := waitStart(fifo, hooks); err != nil {
			return err
		}
	}
	return finalize(cfg.Process, exe, caps, filter)
}

// setupContainer does everything before start, in order; it returns the
// resolved path of the command, and with HookSync the hooks to run after
// Start.
func setupContainer(cfg *initcodec.Config, sync *syncConn, tr *trace.Laps) (string, *containerHooks, error) {
	unix.Umask(0)
	// This thread execs the user's process: in its cgroup from here on.
	if err := cgroups.JoinThread(cfg.CgroupThreadFiles); err != nil {
		return "", nil, err
	}
	if tr.On() && len(cfg.CgroupThreadFiles) > 0 {
		tr.Step(fmt.Sprintf("cgroup: write 0 to %d tasks files", len(cfg.CgroupThreadFiles)))
	}
	if cfg.UnshareCgroupNS {
		if err := unshareCgroupNamespace(); err != nil {
			return "", nil, err
		}
		tr.Step("unshare(CLONE_NEWCGROUP)")
	}
	if err := joinNamespaces(cfg.Joins, tr); err != nil {
		return "", nil, err
	}
	if err := prepareRoot(cfg); err != nil {
		return "", nil, err
	}
	if tr.On() {
		tr.Step(rootfsStepName(cfg))
	}
	if err := mountAll(cfg, tr); err != nil {
		return "", nil, err
	}
	var hooks *containerHooks
	if cfg.HookSync {
		var err error
		if hooks, err = initHooks(sync); err != nil {
			return "", nil, err
		}
		tr.Step("hooks")
	}
	if err := rootfs.PivotRoot(cfg.Rootfs); err != nil {
		return "", nil, err
	}
	tr.Step("pivot_root")
	if err := afterPivot(cfg, sync, tr); err != nil {
		return "", nil, err
	}
	// After the masks' and the console's binds (an unbindable / refuses them).
	if err := rootPropagationAfterPivot(cfg); err != nil {
		return "", nil, err
	}
	exe, err := lookPath(cfg.Process)
	if err != nil {
		return "", nil, err
	}
	if err := enterCwd(cfg.Process.Cwd); err != nil {
		return "", nil, err
	}
	return exe, hooks, nil
}

// openFifo opens the exec fifo as O_PATH while the host's filesystem is
// still reachable; waitStart opens it for writing through /proc/self/fd.
func openFifo(path string) (int, error) {
	if path == "" {
		return -1, fmt.Errorf("init config has no exec fifo")
	}
	fd, err := unix.Open(path, unix.O_PATH|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, &SyscallError{Op: "open exec fifo", Path: path, Err: err}
	}
	return fd, nil
}

// waitStart blocks opening the exec fifo for writing until Start opens it
// for reading, runs the startContainer hooks, then writes the byte Start
// waits for (and runs poststart after).
func waitStart(fifo int, hooks *containerHooks) error {
	fd, err := unix.Open(fmt.Sprintf("/proc/self/fd/%d", fifo), unix.O_WRONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return &SyscallError{Op: "open exec fifo", Err: err}
	}
	defer unix.Close(fd)
	unix.Close(fifo)
	if hooks != nil {
		if err := runHookList(hookStartContainer, hooks.StartContainer, hooks.State); err != nil {
			return err
		}
	}
	if _, err := unix.Write(fd, []byte{0}); err != nil {
		return &SyscallError{Op: "write exec fifo", Err: err}
	}
	return nil
}

// wireSteps are the init's steps as sent with "ready", each placed by its
// start on CLOCK_MONOTONIC.
func wireSteps(tr *trace.Laps) []traceStep {
	if tr == nil {
		return nil
	}
	base := tr.Tracer().Base()
	steps := tr.Steps()
	w := make([]traceStep, len(steps))
	for i, s := range steps {
		w[i] = traceStep{Name: s.Name, At: base + int64(s.Start), Nanos: int64(s.Dur)}
	}
	return w
}
