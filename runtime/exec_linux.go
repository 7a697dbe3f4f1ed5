package runtime

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"syscall"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/runtime/cgroups"
	"github.com/tent-dev/tent/runtime/internal/initcodec"
)

// Exec runs p in the container. Its fast path (exec_fast.go) starts p
// from a locked thread of this process that entered the container, through
// a tiny trampoline (execdmz.go), with no re-exec of tent. Otherwise (a
// user namespace, CAP_SYS_PTRACE, a seccomp filter that would refuse the
// fork path, ...) it takes stage-2: a goroutine locks its OS thread,
// setns's it into the container's namespaces but the mount namespace, and
// starts the stage-2 (a re-exec'd tent, resolved in the host's mount
// namespace) from that thread, so the child is born in the container's
// pid, net, ipc, uts and cgroup namespaces. The thread is never unlocked:
// it dies with the goroutine. The stage-2 gets the mount namespace as an
// fd, and on its own locked thread does unshare(CLONE_FS) and setns into
// it (which moves that thread's root into the container); it waits for
// "go" (the parent has put it in the cgroup: CLONE_INTO_CGROUP on v2,
// Apply on v1) and execs p from that thread.
func (c *container) Exec(p *specs.Process, stdio Stdio, console func(*os.File) error) (Process, error) {
	if p == nil || len(p.Args) == 0 {
		return nil, fmt.Errorf("exec in %s: no process args", c.st.ID)
	}
	if err := checkProcess("process", p); err != nil {
		return nil, fmt.Errorf("exec in %s: %w", c.st.ID, err)
	}
	switch c.status() {
	case specs.StateStopped:
		return nil, fmt.Errorf("exec in %s: %w", c.st.ID, ErrNotRunning)
	case StatePaused:
		return nil, fmt.Errorf("exec in %s: cannot exec in a paused container", c.st.ID)
	}
	nsFiles, err := openNamespaces(c.st.Pid, c.st.Namespaces)
	if err != nil {
		return nil, fmt.Errorf("exec in %s: %w", c.st.ID, err)
	}
	defer closeAll(nsFiles)
	if !alive(c.st.Pid, c.st.StartTime) { // the ns files must be the container's, not a reused pid's
		return nil, fmt.Errorf("exec in %s: %w", c.st.ID, ErrNotRunning)
	}
	proc, err := c.startAnyExec(p, stdio, console, nsFiles)
	if err != nil {
		return nil, fmt.Errorf("exec in %s: %w", c.st.ID, err)
	}
	if c.log.On() {
		c.log.Debugf("exec in %s: %s", c.st.ID, execLine(proc.Pid(), p))
	}
	return proc, nil
}

// startAnyExec takes the fast path (exec_fast.go) unless fastExecPlan
// names a reason not to, or the thread finds one; then stage-2.
func (c *container) startAnyExec(p *specs.Process, stdio Stdio, console func(*os.File) error, nsFiles []nsFile) (Process, error) {
	facts, err := c.fastExecFacts(p, nsFiles)
	if err != nil {
		return nil, err
	}
	join, why := fastExecPlan(p, facts)
	if why == "" {
		if c.log.On() {
			c.log.Debugf("exec in %s: fast path: %s", c.st.ID, join)
		}
		proc, err := c.startFastExec(p, stdio, console, nsFiles, facts.filter, join)
		if !errors.Is(err, errFastExecFallback) {
			return proc, err
		}
		why = "no procfs at the container's /proc"
	}
	if c.log.On() {
		c.log.Debugf("exec in %s: stage-2: %s", c.st.ID, why)
	}
	return c.startExec(p, stdio, console, nsFiles)
}

func (c *container) startExec(p *specs.Process, stdio Stdio, console func(*os.File) error, nsFiles []nsFile) (Process, error) {
	if p.Terminal {
		stdio = Stdio{}
	}
	joins, mnt := splitMountNamespace(nsFiles)
	if mnt == nil {
		return nil, fmt.Errorf("no mount namespace to join")
	}
	if hasCap(p.Capabilities, "CAP_SYS_PTRACE") {
		if err := c.markPtraceExec(); err != nil { // before it can exist
			return nil, err
		}
	}
	exe, err := initExe(filepath.Dir(c.dir))
	if err != nil {
		return nil, err
	}
	s, err := newReexec(exe, stdio, &syscall.SysProcAttr{Setsid: p.Terminal}, c.cg, []*os.File{mnt})
	if err != nil {
		return nil, err
	}
	defer s.closeAll()
	if err := startInNamespaces(s.cmd, joins); err != nil {
		return nil, fmt.Errorf("start exec stage-2: %w", err)
	}
	proc := &execProcess{cmd: s.cmd}
	cfg := &initcodec.Config{Kind: initcodec.KindExec, Process: p, CgroupV2: c.cg.Mode() == cgroups.V2,
		CgroupThreadFiles: c.cg.ThreadFiles(), // v1: stage-2's thread joins itself, as the init's does
		Seccomp:           c.st.Seccomp}       // the container's filter applies to exec'd processes too
	err = s.afterStart(c.cg, cfg)
	if err == nil {
		err = s.waitReady(console, nil)
	}
	if err == nil {
		err = s.sync.send(syncMsg{Type: syncGo}, -1)
	}
	if err != nil {
		_ = s.cmd.Kill()
		_, _ = proc.Wait()
		return nil, err
	}
	return proc, nil
}

// execProcess is a Process started by Exec.
type execProcess struct {
	cmd  *child
	once sync.Once
	st   ExitStatus
	err  error
}

func (p *execProcess) Pid() int { return p.cmd.Pid() }

func (p *execProcess) Signal(sig unix.Signal) error { return p.cmd.Signal(sig) }

func (p *execProcess) Wait() (ExitStatus, error) {
	p.once.Do(func() {
		ws, err := p.cmd.Wait()
		if err != nil {
			p.err = fmt.Errorf("wait for exec: %w", err)
			return
		}
		p.st = exitStatus(ws)
	})
	return p.st, p.err
}

// execStage2 is the re-exec'd tent of Exec, born inside the container's
// namespaces but the mount one: enter it, console, checks, wait for "go"
// (in the cgroup), exec.
func execStage2(cfg *initcodec.Config, sync *syncConn) error {
	p := cfg.Process
	// While the host's /sys/fs/cgroup is still in view (before the mount
	// namespace): this thread execs the process.
	if err := cgroups.JoinThread(cfg.CgroupThreadFiles); err != nil {
		return reportAndWait(sync, err)
	}
	if err := enterMountNamespace(mntFD); err != nil {
		return reportAndWait(sync, err)
	}
	if p.Terminal {
		if err := setupConsole(sync, false, p.ConsoleSize); err != nil {
			return reportAndWait(sync, err)
		}
	}
	exe, err := lookPath(p)
	if err == nil {
		err = enterCwd(p.Cwd)
	}
	if err == nil {
		err = setProcessLimits(p)
	}
	if err != nil {
		return reportAndWait(sync, err)
	}
	caps, err := boundCaps(p.Capabilities)
	if err != nil {
		return reportAndWait(sync, err)
	}
	filter, err := seccompBeforeReady(cfg.Seccomp, p.NoNewPrivileges)
	if err != nil {
		return reportAndWait(sync, err)
	}
	if err := sync.send(syncMsg{Type: syncReady}, -1); err != nil {
		return err
	}
	if m, _, err := sync.recv(); err != nil || m.Type != syncGo {
		return fmt.Errorf("exec: parent did not say go: %v", err)
	}
	sync.Close()
	return finalize(p, exe, caps, filter)
}

// mntFD is the container's mount namespace in the exec stage-2.
const mntFD = extraFD
