package runtime

import (
	"fmt"
	"strconv"
	"strings"
)

// The launcher (launch_linux.go) starts a process that must be born in a
// pid namespace which already has processes in it: exec's stage-2, or an
// init that joins a pid namespace by path. Between its clone and its
// execve, a child runs its parent's binary; if that parent were tent (a
// plain file on the host) a container process with CAP_SYS_PTRACE could
// open /proc/<pid>/exe of it in that window, keep the fd, and write the
// host's binary once tent has exited (CVE-2019-5736). So tent starts the
// launcher, the read-only init binary, in the host's namespaces; the
// launcher setns's a locked thread into the namespaces and clones the
// child with CLONE_PARENT (it becomes tent's child, as runc's nsexec does),
// so the only binary ever seen in the pid namespace is the read-only one.

// launchArg is argv[3] of the launcher, after initArgv().
const launchArg = "launch"

// launchArgs is what the launcher reads from its command line. Its fds 0
// to keep-1 are the child's; report is where it writes the child's pid
// (or an error). On cgroup v2 the launcher itself is cloned into the
// cgroup (CLONE_INTO_CGROUP), and its child is born there: clone3 refuses
// CLONE_PARENT with an exit signal, which Go's ForkExec always sets.
type launchArgs struct {
	cloneFlags uintptr
	setsid     bool
	keep       int
	report     int
	joins      []launchJoin
}

// launchJoin is a namespace fd of the launcher and its CLONE_NEW* type.
type launchJoin struct{ fd, typ int }

func (a launchArgs) encode() []string {
	out := []string{launchArg, "flags=" + strconv.FormatUint(uint64(a.cloneFlags), 16),
		"setsid=" + strconv.FormatBool(a.setsid), "keep=" + strconv.Itoa(a.keep),
		"report=" + strconv.Itoa(a.report)}
	for _, j := range a.joins {
		out = append(out, "ns="+strconv.Itoa(j.fd)+":"+strconv.FormatUint(uint64(j.typ), 16))
	}
	return out
}

// parseLaunchArgs reads encode's output (without launchArg).
func parseLaunchArgs(args []string) (launchArgs, error) {
	a := launchArgs{report: -1}
	seen := map[string]bool{}
	for _, arg := range args {
		k, v, ok := strings.Cut(arg, "=")
		if !ok || (seen[k] && k != "ns") {
			return a, fmt.Errorf("launcher: bad argument %q", arg)
		}
		seen[k] = true
		if err := a.set(k, v); err != nil {
			return a, fmt.Errorf("launcher: bad argument %q: %w", arg, err)
		}
	}
	if !seen["keep"] || !seen["report"] || a.keep < 3 || a.report < a.keep {
		return a, fmt.Errorf("launcher: need keep >= 3 and report >= keep, got %q", args)
	}
	return a, nil
}

func (a *launchArgs) set(k, v string) error {
	var err error
	switch k {
	case "flags":
		var f uint64
		f, err = strconv.ParseUint(v, 16, 64)
		a.cloneFlags = uintptr(f)
	case "setsid":
		a.setsid, err = strconv.ParseBool(v)
	case "keep":
		a.keep, err = strconv.Atoi(v)
	case "report":
		a.report, err = strconv.Atoi(v)
	case "ns":
		fd, typ, ok := strings.Cut(v, ":")
		if !ok {
			return fmt.Errorf("want fd:type")
		}
		var j launchJoin
		var t uint64
		if j.fd, err = strconv.Atoi(fd); err == nil {
			t, err = strconv.ParseUint(typ, 16, 32)
			j.typ = int(t)
		}
		a.joins = append(a.joins, j)
	default:
		return fmt.Errorf("unknown key")
	}
	return err
}

// parseLaunchReport reads what the launcher wrote on its report fd: the
// child's pid, or "error: ...".
func parseLaunchReport(b []byte) (int, error) {
	s := string(b)
	if msg, ok := strings.CutPrefix(s, "error: "); ok {
		return 0, fmt.Errorf("launcher: %s", msg)
	}
	pid, err := strconv.Atoi(s)
	if err != nil || pid <= 0 {
		return 0, fmt.Errorf("launcher: no pid in its report %q", s)
	}
	return pid, nil
}
