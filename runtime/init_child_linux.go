package runtime

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"
)

// child is a process the runtime re-execs (an init, exec's stage-2),
// started with syscall.ForkExec. os/exec's Cmd forks and execs the same
// way, but the first Start in a process also probes pidfd support with an
// extra clone and wait of a dummy child, on the critical
// path of every tent run. Only what the runtime needs is here: start,
// signal, wait; nil stdio is /dev/null, as with exec.Cmd.
type child struct {
	path  string
	args  []string
	env   []string
	stdio Stdio
	extra []*os.File // fds 3, 4, ...
	attr  *syscall.SysProcAttr

	mu     sync.Mutex
	pid    int
	reaped bool // wait returned: pid may belong to someone else now
	// adopted: another process cloned it (init_adopt_linux.go); it is
	// signalled and waited for through pidfd.
	adopted bool
	pidfd   int
}

var errNotStarted = errors.New("process not started")

// Start forks and execs; it returns once the execve succeeded (or failed).
func (c *child) Start() error {
	files, devNull, err := c.fds()
	if err != nil {
		return err
	}
	if devNull != nil {
		defer devNull.Close()
	}
	pid, err := syscall.ForkExec(c.path, c.args, &syscall.ProcAttr{Env: c.env, Files: files, Sys: c.attr})
	if err != nil {
		return &SyscallError{Op: "fork/exec", Path: c.path, Err: err}
	}
	c.mu.Lock()
	c.pid = pid
	c.mu.Unlock()
	return nil
}

// fds are the child's fds 0, 1, 2 and the extra files, in order.
func (c *child) fds() ([]uintptr, *os.File, error) {
	var devNull *os.File
	files := make([]uintptr, 0, 3+len(c.extra))
	for _, f := range []*os.File{c.stdio.Stdin, c.stdio.Stdout, c.stdio.Stderr} {
		if f == nil {
			if devNull == nil {
				var err error
				if devNull, err = os.OpenFile(os.DevNull, os.O_RDWR, 0); err != nil {
					return nil, nil, fmt.Errorf("open %s: %w", os.DevNull, err)
				}
			}
			f = devNull
		}
		files = append(files, f.Fd())
	}
	for _, f := range c.extra {
		files = append(files, f.Fd())
	}
	return files, devNull, nil
}

// Pid is the child's pid (0 before Start).
func (c *child) Pid() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pid
}

// Signal sends sig unless the child was reaped (its pid could be reused).
func (c *child) Signal(sig unix.Signal) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.pid == 0:
		return errNotStarted
	case c.adopted:
		return c.signalAdopted(sig)
	case c.reaped:
		return os.ErrProcessDone
	}
	return unix.Kill(c.pid, sig)
}

// Kill sends SIGKILL (see Signal).
func (c *child) Kill() error { return c.Signal(unix.SIGKILL) }

// Wait reaps the child; call it once. It waits without reaping first
// (WNOWAIT), so that Signal never races the reap onto a reused pid.
func (c *child) Wait() (syscall.WaitStatus, error) {
	pid := c.Pid()
	if pid == 0 {
		return 0, errNotStarted
	}
	if c.adopted {
		return c.waitAdopted()
	}
	var info unix.Siginfo
	for {
		err := unix.Waitid(unix.P_PID, pid, &info, unix.WEXITED|unix.WNOWAIT, nil)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return 0, &SyscallError{Op: "waitid", Err: err}
		}
		break
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	var ws syscall.WaitStatus
	if _, err := syscall.Wait4(pid, &ws, syscall.WNOHANG, nil); err != nil {
		return 0, &SyscallError{Op: "wait4", Err: err}
	}
	c.reaped = true
	return ws, nil
}
