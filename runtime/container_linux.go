package runtime

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/debuglog"
	"github.com/tent-dev/tent/runtime/cgroups"
)

// container is a Container; cmd is set only in the process that created it.
type container struct {
	dir       string
	st        *stateFile
	cg        cgroups.Manager
	cgCreated bool

	log  debuglog.Log
	warn func(format string, args ...any) // Runtime's WithWarner
	proc *specs.Process                   // the spec's process: only in the process that created it

	cmd        *child
	startedNow bool // Create started it (CreateOpts.StartNow): Start has nothing to do
	// static: a static init waiting for its table, which Start sends
	// (sinit_create_linux.go); only in the process that created it.
	static   *staticStart
	waitOnce sync.Once
	exit     ExitStatus
	waitErr  error
}

func (c *container) ID() string     { return c.st.ID }
func (c *container) Bundle() string { return c.st.Bundle }

func (c *container) Pid() int {
	if c.status() == specs.StateStopped {
		return 0
	}
	return c.st.Pid
}

// status: stopped once the init is gone (or a zombie); paused while its
// cgroup is frozen; created while its exec fifo exists; running after
// Start removed it.
func (c *container) status() specs.ContainerState {
	if !alive(c.st.Pid, c.st.StartTime) {
		return specs.StateStopped
	}
	if frozen, err := c.cg.Frozen(); err == nil && frozen {
		return StatePaused
	}
	if _, err := os.Lstat(filepath.Join(c.dir, fifoName)); err == nil {
		return specs.StateCreated
	}
	return specs.StateRunning
}

func (c *container) State() (*specs.State, error) {
	return c.st.ociState(c.status()), nil
}

// Start opens the exec fifo: the init, blocked opening its other end,
// writes one byte and execs the user's process. It works from any process.
func (c *container) Start() error {
	if c.startedNow {
		c.startedNow = false
		if c.log.On() {
			c.log.Debugf("start %s: %s (started with create)", c.st.ID, execLine(c.st.Pid, c.proc))
		}
		return nil
	}
	if s := c.static; s != nil {
		c.static = nil
		if err := s.start(); err != nil {
			return fmt.Errorf("start %s: %w", c.st.ID, err)
		}
		if c.log.On() {
			c.log.Debugf("start %s: %s (static init)", c.st.ID, execLine(c.st.Pid, c.proc))
		}
		return nil
	}
	switch c.status() {
	case specs.StateStopped:
		return fmt.Errorf("start %s: %w: %w", c.st.ID, ErrStopped, ErrNotRunning)
	case specs.StateRunning, StatePaused:
		return fmt.Errorf("start %s: %w", c.st.ID, ErrNotCreated)
	}
	pidfd, err := pidfdFor(c.st.Pid, c.st.StartTime)
	if err != nil {
		return fmt.Errorf("start %s: %w", c.st.ID, err)
	}
	defer unix.Close(pidfd)
	path := filepath.Join(c.dir, fifoName)
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("start %s: %w", c.st.ID, &SyscallError{Op: "open", Path: path, Err: err})
	}
	defer unix.Close(fd)
	if err := readFifo(fd, pidfd); err != nil {
		return fmt.Errorf("start %s: %w", c.st.ID, err)
	}
	if err := os.Remove(path); err != nil {
		return fmt.Errorf("start %s: %w", c.st.ID, err)
	}
	if c.log.On() {
		c.log.Debugf("start %s: %s", c.st.ID, execLine(c.st.Pid, c.proc))
	}
	// The process runs; a failing poststart hook is reported, as runc does,
	// without stopping it.
	if err := runHooks(c.st.Hooks, hookPoststart, c.st.ociState(specs.StateRunning)); err != nil {
		return fmt.Errorf("start %s: %w", c.st.ID, err)
	}
	return nil
}

// readFifo waits for the init's byte on the fifo, or for the init to die.
func readFifo(fd, pidfd int) error {
	fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}, {Fd: int32(pidfd), Events: unix.POLLIN}}
	for {
		if _, err := unix.Poll(fds, -1); err != nil {
			if err == unix.EINTR {
				continue
			}
			return &SyscallError{Op: "poll exec fifo", Err: err}
		}
		if fds[0].Revents != 0 {
			var b [1]byte
			if n, _ := unix.Read(fd, b[:]); n == 1 {
				return nil
			}
			return errors.New("init exited before start")
		}
		if fds[1].Revents != 0 {
			return errors.New("init exited before start")
		}
	}
}

// Signal sends sig to the init, or with all to every process of the cgroup.
func (c *container) Signal(sig unix.Signal, all bool) error {
	if all {
		return c.signalAll(sig)
	}
	pidfd, err := pidfdFor(c.st.Pid, c.st.StartTime)
	if err != nil {
		return fmt.Errorf("signal %s: %w", c.st.ID, err)
	}
	defer unix.Close(pidfd)
	if err := unix.PidfdSendSignal(pidfd, sig, nil, 0); err != nil {
		return fmt.Errorf("signal %s: %w", c.st.ID, &SyscallError{Op: "pidfd_send_signal", Err: err})
	}
	return nil
}

func (c *container) signalAll(sig unix.Signal) error {
	if sig == unix.SIGKILL {
		if err := c.cg.Kill(); err != nil {
			return fmt.Errorf("kill %s: %w", c.st.ID, err)
		}
		return nil
	}
	pids, err := c.cg.Pids()
	if err != nil {
		return fmt.Errorf("signal %s: %w", c.st.ID, err)
	}
	for _, pid := range pids {
		if err := unix.Kill(pid, sig); err != nil && err != unix.ESRCH {
			return fmt.Errorf("signal %s: %w", c.st.ID, &SyscallError{Op: "kill", Err: err})
		}
	}
	return nil
}

// Wait reaps the init (only in the process that created the container).
func (c *container) Wait() (ExitStatus, error) {
	if c.cmd == nil {
		return ExitStatus{}, fmt.Errorf("wait %s: only the process that created the container can wait for it", c.st.ID)
	}
	c.waitOnce.Do(func() {
		ws, err := c.cmd.Wait()
		if err != nil {
			c.waitErr = fmt.Errorf("wait %s: %w", c.st.ID, err)
			return
		}
		c.exit = exitStatus(ws)
		if c.exit.Code != 0 {
			// Any OOM kill in the container counts, as Docker's OOMKilled
			// (the victim may be a child whose death the init reports).
			c.exit.OOMKilled, _ = c.cg.OOMKilled()
		}
	})
	return c.exit, c.waitErr
}

func (c *container) Stats() (*Stats, error) { return c.cg.Stats() }

// Delete kills the init if forced (or still only created), waits for it,
// removes the cgroup and the state dir. Deleting twice is not an error.
func (c *container) Delete(force bool) error {
	if _, err := os.Stat(c.dir); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	st := c.status()
	if (st == specs.StateRunning || st == StatePaused) && !force {
		return fmt.Errorf("delete %s: %w (stop it or force)", c.st.ID, ErrRunning)
	}
	if st == StatePaused {
		// A frozen task dies only once thawed: kill them all, then thaw.
		_ = c.cg.Kill()
		_ = c.cg.Thaw()
	}
	if err := c.killAndWait(); err != nil {
		return fmt.Errorf("delete %s: %w", c.st.ID, err)
	}
	if err := destroyCgroup(c.cg); err != nil {
		return fmt.Errorf("delete %s: %w", c.st.ID, err)
	}
	if err := removeStateDir(c.dir); err != nil {
		return fmt.Errorf("delete %s: %w", c.st.ID, err)
	}
	if c.log.On() {
		c.log.Debugf("delete %s: init pid %d gone, cgroup and state dir removed", c.st.ID, c.st.Pid)
	}
	// The runtime-spec: a failed poststop hook is a warning, the remaining
	// hooks and the lifecycle go on as if it had succeeded.
	if c.st.Hooks != nil && len(c.st.Hooks.Poststop) > 0 {
		runHooksWarn(c.st.Hooks, hookPoststop, c.st.ociState(specs.StateStopped), func(err error) {
			if c.warn != nil {
				c.warn("delete %s: %v", c.st.ID, err)
			}
		})
	}
	return nil
}

// killAndWait SIGKILLs the init if it still runs, waits for it, then kills
// what is left in the cgroup (nothing, usually: the kernel kills a pid
// namespace with its init; the freezer dance of a v1 kill is skipped then).
func (c *container) killAndWait() error {
	if err := c.killInit(); err != nil {
		return err
	}
	if pids, err := c.cg.Pids(); err == nil && len(pids) > 0 {
		_ = c.cg.Kill()
	}
	return nil
}

func (c *container) killInit() error {
	if c.cmd != nil && c.cmd.Pid() != 0 {
		if alive(c.st.Pid, c.st.StartTime) {
			_ = c.cmd.Kill()
		}
		_, err := c.Wait()
		return err
	}
	if !alive(c.st.Pid, c.st.StartTime) {
		return nil
	}
	pidfd, err := pidfdFor(c.st.Pid, c.st.StartTime)
	if err != nil {
		if errors.Is(err, ErrNotRunning) {
			return nil
		}
		return err
	}
	defer unix.Close(pidfd)
	_ = unix.PidfdSendSignal(pidfd, unix.SIGKILL, nil, 0)
	return waitPidfd(pidfd)
}

// removeStateDir removes dir, which holds state.json and maybe the exec
// fifo: those two unlinks and an rmdir, not os.RemoveAll's probing
// (unlink, rmdir, open, fcntl, epoll, getdents, ...: ten more syscalls
// after every run). Anything else in it falls back to os.RemoveAll.
func removeStateDir(dir string) error {
	for _, name := range [...]string{stateFileName, fifoName} {
		if err := unix.Unlink(filepath.Join(dir, name)); err != nil && err != unix.ENOENT {
			return os.RemoveAll(dir)
		}
	}
	if err := unix.Rmdir(dir); err != nil && err != unix.ENOENT {
		return os.RemoveAll(dir)
	}
	return nil
}

// abort undoes a failed Create: the init, the cgroup, the state dir.
func (c *container) abort() {
	if c.cmd != nil && c.cmd.Pid() != 0 {
		_ = c.cmd.Kill()
		_, _ = c.Wait()
	}
	if c.cgCreated {
		_ = c.cg.Kill()
		_ = destroyCgroup(c.cg)
	}
	_ = os.RemoveAll(c.dir)
}
