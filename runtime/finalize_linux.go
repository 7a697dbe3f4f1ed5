package runtime

import (
	"errors"
	"fmt"
	"os"
	"strconv"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"github.com/tent-dev/tent/internal/exitcode"
	"github.com/tent-dev/tent/runtime/seccomp/load"
	"golang.org/x/sys/unix"
)

// boundCaps reads the process's capability sets and drops the bounding set
// (CAP_SETPCAP is still held): the first step of finalize, which the init
// takes before it reports ready.
func boundCaps(pc *specs.LinuxCapabilities) (*capSets, error) {
	caps, err := newCapSets(pc)
	if err != nil {
		return nil, err
	}
	if err := caps.applyBounding(); err != nil {
		return nil, err
	}
	return caps, nil
}

// seccompBeforeReady decodes the seccomp program and, without
// no_new_privs, installs it now, before "ready", as runc does: installing a
// filter then needs CAP_SYS_ADMIN, which finalize drops, and the kernel's
// work (checking and JIT-compiling the program) overlaps the parent's
// (network setup) instead of delaying the start. Every syscall from here
// to execve must pass the filter, as with runc. With no_new_privs the
// program is returned for finalize, which installs it last.
func seccompBeforeReady(b []byte, noNewPrivs bool) (*load.Program, error) {
	filter, err := decodeSeccomp(b)
	if err != nil || filter == nil || noNewPrivs {
		return filter, err
	}
	if err := load.Install(*filter, false); err != nil {
		return nil, err
	}
	return nil, nil
}

// finalize turns the (locked) thread into the user's process, after
// boundCaps: groups, gid, uid (keeping the permitted set across setuid),
// then the capability sets, no_new_privs, the umask, every fd above 2
// close-on-exec, and execve. A seccomp filter left by seccompBeforeReady
// goes on as runc does: with no_new_privs as the very last step before
// execve (load.Install sets no_new_privs first); without it (not the
// usual path) first, while the thread still holds CAP_SYS_ADMIN.
func finalize(p *specs.Process, exe string, caps *capSets, filter *load.Program) error {
	if filter != nil && !p.NoNewPrivileges {
		if err := load.Install(*filter, false); err != nil {
			return err
		}
	}
	if err := setUser(p.User); err != nil {
		return err
	}
	if err := caps.apply(); err != nil {
		return err
	}
	if p.NoNewPrivileges && filter == nil {
		if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
			return &SyscallError{Op: "prctl no_new_privs", Err: err}
		}
	}
	umask := 0o022
	if p.User.Umask != nil {
		umask = int(*p.User.Umask)
	}
	unix.Umask(umask)
	if err := cloexecFrom3(); err != nil {
		return err
	}
	if filter != nil && p.NoNewPrivileges {
		if err := load.Install(*filter, true); err != nil {
			return err
		}
	}
	return execve(exe, p.Args, p.Env)
}

func execve(exe string, args, env []string) error {
	err := unix.Exec(exe, args, env)
	code := exitcode.CannotExec
	if errors.Is(err, unix.ENOENT) {
		code = exitcode.NotFound
	}
	return exitcode.New(code, fmt.Errorf("exec: %q: %w", args[0], err))
}

// setUser sets groups, gid and uid of this thread only (raw syscalls: the
// execve that follows runs from it), with PR_SET_KEEPCAPS so the
// permitted set survives a non-zero uid until the capability sets are set.
func setUser(u specs.User) error {
	if err := unix.Prctl(unix.PR_SET_KEEPCAPS, 1, 0, 0, 0); err != nil {
		return &SyscallError{Op: "prctl keepcaps", Err: err}
	}
	groups := make([]uint32, len(u.AdditionalGids))
	copy(groups, u.AdditionalGids)
	var gp uintptr
	if len(groups) > 0 {
		gp = uintptr(unsafePointer(&groups[0]))
	}
	if _, _, e := unix.RawSyscall(unix.SYS_SETGROUPS, uintptr(len(groups)), gp, 0); e != 0 {
		return &SyscallError{Op: "setgroups", Err: e}
	}
	if _, _, e := unix.RawSyscall(unix.SYS_SETRESGID, uintptr(u.GID), uintptr(u.GID), uintptr(u.GID)); e != 0 {
		return &SyscallError{Op: "setresgid", Path: fmt.Sprint(u.GID), Err: e}
	}
	if _, _, e := unix.RawSyscall(unix.SYS_SETRESUID, uintptr(u.UID), uintptr(u.UID), uintptr(u.UID)); e != 0 {
		return &SyscallError{Op: "setresuid", Path: fmt.Sprint(u.UID), Err: e}
	}
	return nil
}

// cloexecFrom3 marks every fd from 3 on close-on-exec: close_range(2),
// or, where it fails with ENOSYS or EPERM (before Linux 5.11, or under a
// spec's seccomp profile older than the call: the init installs it before
// this), fcntl(2) on each fd /proc/self/fd lists.
func cloexecFrom3() error {
	err := unix.CloseRange(3, ^uint(0), unix.CLOSE_RANGE_CLOEXEC)
	if err == nil || (err != unix.ENOSYS && err != unix.EPERM) {
		if err != nil {
			return &SyscallError{Op: "close_range", Err: err}
		}
		return nil
	}
	d, err := os.Open("/proc/self/fd")
	if err != nil {
		return &SyscallError{Op: "open", Path: "/proc/self/fd", Err: err}
	}
	names, err := d.Readdirnames(-1)
	d.Close()
	if err != nil {
		return &SyscallError{Op: "readdir", Path: "/proc/self/fd", Err: err}
	}
	for _, n := range names {
		fd, err := strconv.Atoi(n)
		if err != nil || fd < 3 {
			continue
		}
		if _, err := unix.FcntlInt(uintptr(fd), unix.F_SETFD, unix.FD_CLOEXEC); err != nil && err != unix.EBADF {
			return &SyscallError{Op: "fcntl FD_CLOEXEC", Err: err}
		}
	}
	return nil
}
