package runtime

import (
	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/runtime/seccomp/load"
)

// fastExecSyscalls are the syscalls made under the container's seccomp
// filter on the fast path, with the arguments that matter to a filter's
// argument rules (the others zero): the thread's after it installs the
// filter (Go's fork, its wait for the exec, the runtime's own: signals,
// futexes, memory, the thread's exit), the child's (Go's side of
// syscall.ForkExec: fds, session, tty, credentials, ambient capabilities,
// exec) and the trampoline's (its write to fd 5 too). A filter that
// refuses any of them makes exec take stage-2, where the filter is
// installed right before execve.
func fastExecSyscalls(p *specs.Process, join cgroupJoin) []load.Data {
	nrs := []uint32{unix.SYS_READ, unix.SYS_WRITE, unix.SYS_CLOSE, unix.SYS_MMAP, unix.SYS_MUNMAP,
		unix.SYS_MADVISE, unix.SYS_RT_SIGPROCMASK, unix.SYS_RT_SIGRETURN, unix.SYS_SIGALTSTACK,
		unix.SYS_FUTEX, unix.SYS_SCHED_YIELD, unix.SYS_NANOSLEEP, unix.SYS_GETTID, unix.SYS_GETPID,
		unix.SYS_TGKILL, unix.SYS_EXIT, unix.SYS_EXIT_GROUP, unix.SYS_PIPE2, unix.SYS_WAIT4,
		unix.SYS_DUP3, unix.SYS_FCNTL, unix.SYS_SETGROUPS, unix.SYS_SETGID, unix.SYS_SETUID,
		unix.SYS_PRLIMIT64, unix.SYS_EXECVE, unix.SYS_CLOSE_RANGE}
	out := []load.Data{{Nr: unix.SYS_WRITE, Args: [6]uint64{dmzJoinFD}}}
	for _, nr := range nrs {
		out = append(out, load.Data{Nr: nr})
	}
	if join == joinByClone3 {
		out = append(out, load.Data{Nr: unix.SYS_CLONE3})
	} else {
		out = append(out, load.Data{Nr: unix.SYS_CLONE, Args: [6]uint64{unix.CLONE_VM | unix.CLONE_VFORK | uint64(unix.SIGCHLD)}})
	}
	if p.Terminal {
		out = append(out, load.Data{Nr: unix.SYS_SETSID},
			load.Data{Nr: unix.SYS_IOCTL, Args: [6]uint64{0, unix.TIOCSCTTY, 1}})
	}
	if p.Capabilities != nil && len(p.Capabilities.Ambient) > 0 {
		out = append(out, load.Data{Nr: unix.SYS_CAPGET}, load.Data{Nr: unix.SYS_CAPSET},
			load.Data{Nr: unix.SYS_PRCTL, Args: [6]uint64{unix.PR_SET_KEEPCAPS, 1}})
		amb, _ := capList(p.Capabilities.Ambient)
		for _, c := range amb {
			out = append(out, load.Data{Nr: unix.SYS_PRCTL, Args: [6]uint64{unix.PR_CAP_AMBIENT, unix.PR_CAP_AMBIENT_RAISE, uint64(c)}})
		}
	}
	return out
}
