package runtime

import (
	"fmt"
	"os"
	"strconv"
	"syscall"

	"golang.org/x/sys/unix"
)

// An adopted init is cloned by another process for this one (SpawnOpts.CloneBy):
// tent run -d has its monitor clone the init, so that the init is the
// monitor's child (a subreaper reaps its children with their exit status)
// while tent, already started, makes and starts the container. This process
// drives it through the config pipe and sync socket as any init, and
// signals and waits for it through a pidfd: it is not its child.

// initArgv and initEnv are the command line and environment of every
// re-exec'd init (reexecCmd), whoever clones it.
func initArgv() []string { return []string{"tent", InitArg, initProtocol} }

var initEnv = []string{"GOGC=off", "GOMAXPROCS=1"}

// initCommand is the clone of an init of exe with flags.
func initCommand(exe string, flags uintptr, terminal bool) InitCommand {
	return InitCommand{Path: exe, Args: initArgv(), Env: initEnv, CloneFlags: flags, Terminal: terminal}
}

// InitCommandFor is the init that Spawn(o) would have o.CloneBy clone,
// once the protected init binary is ready; nothing is cloned or made. A
// process that clones an init ahead (a run -d's monitor) is told it, and
// compares it with the one Spawn asks for later.
func (r *Runtime) InitCommandFor(o SpawnOpts) (InitCommand, error) {
	plan, err := spawnPlan(o.Namespaces)
	if err != nil {
		return InitCommand{}, err
	}
	flags := plan.CloneFlags &^ unix.CLONE_NEWCGROUP
	exe, _, err := r.spawnExe(flags, o.Terminal, true)
	if err != nil {
		return InitCommand{}, err
	}
	return initCommand(exe, flags, o.Terminal), nil
}

// cloneBy spawns s's init through o.CloneBy and adopts it.
func (s *Spawned) cloneBy(exe string, o SpawnOpts) error {
	a, err := o.CloneBy(initCommand(exe, s.flags, o.Terminal))
	if err != nil {
		return err
	}
	c, err := adoptChild(a.Pid)
	if err != nil {
		a.Config.Close()
		a.SyncSocket.Close()
		return err
	}
	s.p = &initProcess{cmd: c, cfgW: a.Config, sync: &syncConn{a.SyncSocket}, cgroupFD: -1}
	s.adopted = true
	return nil
}

// adoptChild is the init another process cloned as pid, held by a pidfd.
// Its parent does not reap it before this process said it is done with
// it, so pid is still the init's.
func adoptChild(pid int) (*child, error) {
	if pid <= 0 {
		return nil, fmt.Errorf("adopt init: bad pid %d", pid)
	}
	fd, err := unix.PidfdOpen(pid, 0)
	if err != nil {
		return nil, &SyscallError{Op: "pidfd_open", Path: strconv.Itoa(pid), Err: err}
	}
	return &child{pid: pid, pidfd: fd, adopted: true}, nil
}

// signalAdopted sends sig through the pidfd. Called with c.mu held.
func (c *child) signalAdopted(sig unix.Signal) error {
	if c.reaped {
		return os.ErrProcessDone
	}
	if err := unix.PidfdSendSignal(c.pidfd, sig, nil, 0); err != nil && err != unix.ESRCH {
		return &SyscallError{Op: "pidfd_send_signal", Err: err}
	}
	return nil
}

// waitAdopted waits until the adopted init exited. Its exit status is its
// parent's to read: the status returned is 0.
func (c *child) waitAdopted() (syscall.WaitStatus, error) {
	c.mu.Lock()
	fd, reaped := c.pidfd, c.reaped
	c.mu.Unlock()
	if reaped {
		return 0, nil
	}
	if err := waitPidfd(fd); err != nil {
		return 0, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reaped = true
	unix.Close(c.pidfd)
	return 0, nil
}
