package runtime

import (
	"fmt"
	"os"
	"syscall"

	"github.com/moby/sys/capability"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/runtime/cgroups"
	"github.com/tent-dev/tent/runtime/seccomp/load"
)

// dmzPath is the trampoline as the child execs it: its fd 3, through the
// container's procfs (the child's root is the container's).
const dmzPath = "/proc/self/fd/3"

// run is the locked thread's part, in runc's order for exec (setns_init):
// cgroup, namespaces, root and cwd, console, bounding and inheritable
// capabilities, no_new_privs and seccomp last, then the fork. The child
// (Go's ForkExec) sets groups, gid, uid, ambient capabilities, and execs
// the trampoline with its fds 3 and 4.
func (j *fastExec) run() (int, error) {
	if err := cgroups.JoinThread(j.cgFiles); err != nil { // v1: the fork inherits the thread's cgroups
		return 0, err
	}
	for _, n := range j.joins {
		if err := unix.Setns(int(n.f.Fd()), n.typ); err != nil {
			return 0, &SyscallError{Op: "setns", Path: n.f.Name(), Err: err}
		}
	}
	// A thread of its own fs_struct may join a mount namespace; its root
	// and cwd become the container's.
	if err := unix.Unshare(unix.CLONE_FS); err != nil {
		return 0, &SyscallError{Op: "unshare CLONE_FS", Err: err}
	}
	if err := unix.Setns(int(j.mnt.Fd()), unix.CLONE_NEWNS); err != nil {
		return 0, &SyscallError{Op: "setns mnt", Err: err}
	}
	var fs unix.Statfs_t
	if err := unix.Statfs("/proc", &fs); err != nil || fs.Type != unix.PROC_SUPER_MAGIC {
		return 0, errFastExecFallback // the trampoline is reached through /proc/self/fd
	}
	exe, err := j.enter()
	if err != nil {
		return 0, err
	}
	if j.p.Terminal {
		slave, err := j.openConsole()
		if err != nil {
			return 0, err
		}
		defer slave.Close()
		j.files[0], j.files[1], j.files[2] = slave.Fd(), slave.Fd(), slave.Fd()
	}
	if err := j.restrict(); err != nil {
		return 0, err
	}
	argv := append([]string{exe}, j.p.Args...)
	pid, err := syscall.ForkExec(dmzPath, argv, &syscall.ProcAttr{Env: j.p.Env, Files: j.files, Sys: j.attr})
	if err != nil {
		return 0, &SyscallError{Op: "fork/exec", Path: j.p.Args[0], Err: err}
	}
	return pid, nil
}

// enter resolves the command and enters the cwd, in the container's root,
// and sets the umask (the thread's own fs_struct): as stage-2 does.
func (j *fastExec) enter() (string, error) {
	exe, err := lookPath(j.p)
	if err != nil {
		return "", err
	}
	if err := enterCwd(j.p.Cwd); err != nil {
		return "", err
	}
	umask := 0o022
	if j.p.User.Umask != nil {
		umask = int(*j.p.User.Umask)
	}
	unix.Umask(umask)
	return exe, nil
}

// openConsole opens a pty in the container's devpts, hands the master to
// the caller's goroutine (its callback may use host paths: a console
// socket) and returns the slave, the child's stdio and controlling tty.
func (j *fastExec) openConsole() (*os.File, error) {
	master, slave, err := openPty()
	if err != nil {
		return nil, err
	}
	if err := setWinsize(master, j.p.ConsoleSize); err != nil {
		master.Close()
		slave.Close()
		return nil, err
	}
	j.consoleC <- master // the callback owns it now
	if err := <-j.consoleE; err != nil {
		slave.Close()
		return nil, err
	}
	return slave, nil
}

// restrict gives the thread (and so the child) the process's bounding
// and inheritable capabilities and an effective set without
// CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH (the child then cannot read the
// trampoline it execs, which makes it non-dumpable: execdmz.go), then
// no_new_privs and the seccomp filter, on this thread only: the filter's
// last, so that only the fork path runs under it (fastExecSyscalls).
func (j *fastExec) restrict() error {
	if err := j.caps.applyBounding(); err != nil {
		return err
	}
	if err := capsetThread(j.caps.inheritable, dmzUnreadable); err != nil {
		return err
	}
	if j.filter != nil {
		return load.InstallThread(*j.filter, j.p.NoNewPrivileges)
	}
	if j.p.NoNewPrivileges {
		if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
			return &SyscallError{Op: "prctl no_new_privs", Err: err}
		}
	}
	return nil
}

// dmzUnreadable are the capabilities that would let the child read the
// trampoline (mode 0111) when it execs it.
var dmzUnreadable = []capability.Cap{capability.CAP_DAC_OVERRIDE, capability.CAP_DAC_READ_SEARCH}

// capsetThread sets this thread's inheritable set to inheritable and takes
// noEffective out of its effective set, keeping its permitted set
// (capset(2) on the calling thread).
func capsetThread(inheritable, noEffective []capability.Cap) error {
	hdr := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	var data [2]unix.CapUserData
	if err := unix.Capget(&hdr, &data[0]); err != nil {
		return &SyscallError{Op: "capget", Err: err}
	}
	data[0].Inheritable, data[1].Inheritable = 0, 0
	for _, c := range inheritable {
		data[c/32].Inheritable |= 1 << (uint(c) % 32)
	}
	for _, c := range noEffective {
		data[c/32].Effective &^= 1 << (uint(c) % 32)
	}
	if err := unix.Capset(&hdr, &data[0]); err != nil {
		return &SyscallError{Op: "capset", Err: fmt.Errorf("inheritable and effective: %w", err)}
	}
	return nil
}
