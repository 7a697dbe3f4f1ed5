package runtime

import (
	"fmt"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/runtime/seccomp/load"
)

// Exec's fast path starts the process from a locked thread of the calling
// process, with no stage-2: the thread enters the container (namespaces,
// cgroup, root, cwd), takes the process's bounding and inheritable
// capabilities, no_new_privs and seccomp filter (all per thread), and
// forks; the child changes uid, gid and groups, raises the ambient
// capabilities and execs the trampoline (execdmz.go), which sets the
// rlimits and execs the command. fastExecPlan decides, in pure code,
// when that path cannot give the process exactly what it asks for, or
// would expose a tent binary to the container; exec then takes stage-2.
//
// The child gets into the container's cgroup before the trampoline runs
// the command, one of three ways (cgroupJoin): on v1 the thread joins the
// cgroups and the fork inherits them; on v2 the fork is a clone3 with
// CLONE_INTO_CGROUP, or, where the seccomp filter refuses clone3 (Docker's
// profile answers it ENOSYS) or would fail (cgroup2's nsdelegate, see
// fastExecFacts.cgroupNS), a plain clone whose trampoline writes "0"
// to the cgroup's cgroup.procs, opened by tent on the host (execdmz.go).
// That write is checked against the opener's credentials and cgroup
// namespace from Linux 5.16 on; before, against the writer's, in the
// container's cgroup namespace, where the move is refused: such kernels
// take stage-2.

// fastExecFacts is what the decision needs beyond the process.
type fastExecFacts struct {
	haveDMZ  bool // a trampoline exists for this arch
	userNS   bool // the container has a user namespace
	cgroupV2 bool
	// cgroupNS: the thread joins the container's cgroup namespace before
	// it forks; nsDelegate says whether cgroup2 is mounted nsdelegate.
	// Both together make clone3's CLONE_INTO_CGROUP fail (ENOENT): the
	// kernel checks it against the forking thread's cgroup namespace, in
	// which tent's own cgroup is not.
	cgroupNS   bool
	nsDelegate func() bool
	// kernel is the running kernel's release (uname -r).
	kernel string
	// suidDumpable is fs.suid_dumpable: 1 would leave the trampoline
	// dumpable (and ptraceable) before it joins the cgroup.
	suidDumpable int
	// hardLimit is the caller's hard limit of an rlimit type; the child
	// inherits the caller's limits and may only lower a hard one.
	hardLimit func(typ string) (uint64, bool)
	// oomScoreAdj is the caller's; the child inherits it.
	oomScoreAdj int
	// filter is the container's seccomp program; arch its audit arch.
	filter *load.Program
	arch   uint32
	// ptraceReach says why some process of the container's pid namespace
	// may hold CAP_SYS_PTRACE (exec_ptrace_linux.go); "" when none can.
	ptraceReach string
}

// cgroupJoin is how the fast path's child joins the container's cgroup.
type cgroupJoin int

const (
	joinByThread cgroupJoin = iota // v1: the thread joins, the fork inherits
	joinByClone3                   // v2: clone3 CLONE_INTO_CGROUP
	joinByDMZ                      // v2: plain clone; the trampoline writes "0" to cgroup.procs
)

func (j cgroupJoin) String() string {
	return [...]string{"the thread joins the cgroups", "clone3 into the cgroup", "the trampoline joins the cgroup"}[j]
}

// fastExecPlan says how p joins its cgroup on the fast path or, when it
// returns a reason, why p cannot take that path.
func fastExecPlan(p *specs.Process, f fastExecFacts) (cgroupJoin, string) {
	if why := fastExecBlocker(p, f); why != "" {
		return 0, why
	}
	if !f.cgroupV2 {
		return joinByThread, f.filterRefuses(p, joinByThread)
	}
	why := f.filterRefuses(p, joinByClone3)
	if why == "" && f.cgroupNS && f.nsDelegate() {
		why = "clone3 CLONE_INTO_CGROUP would be checked in the container's cgroup namespace (nsdelegate)"
	}
	if why == "" {
		return joinByClone3, ""
	}
	switch {
	case f.filterRefuses(p, joinByDMZ) != "":
		return 0, f.filterRefuses(p, joinByDMZ)
	case !kernelAtLeast(f.kernel, 5, 16):
		return 0, why + ", and Linux " + f.kernel + " (before 5.16) checks a move into a cgroup against the mover's cgroup namespace"
	case f.suidDumpable == 1:
		return 0, why + ", and fs.suid_dumpable=1 would leave the trampoline ptraceable before it joins the cgroup"
	}
	return joinByDMZ, ""
}

// fastExecBlocker says why p cannot take the fast path, whatever the
// seccomp filter and the cgroup ("" when it can).
func fastExecBlocker(p *specs.Process, f fastExecFacts) string {
	switch {
	case !f.haveDMZ:
		return "no exec trampoline for this arch"
	case f.userNS:
		return "a user namespace"
	case hasCap(p.Capabilities, "CAP_SYS_PTRACE"):
		return "CAP_SYS_PTRACE (it could reach the runtime before it execs)"
	case f.ptraceReach != "":
		return f.ptraceReach + " (a process of the container could reach the runtime before it execs)"
	case p.OOMScoreAdj != nil && *p.OOMScoreAdj != f.oomScoreAdj:
		return "an oom_score_adj of its own"
	case len(p.Rlimits) > dmzMaxRlimits:
		return "more rlimits than the trampoline takes"
	}
	for _, r := range p.Rlimits {
		if hard, ok := f.hardLimit(r.Type); !ok || r.Soft > r.Hard || r.Hard > hard {
			return fmt.Sprintf("rlimit %s %d:%d the caller cannot pass down", r.Type, r.Soft, r.Hard)
		}
	}
	return ""
}

// filterRefuses names the first syscall of the fast path (joining by
// join) that the container's seccomp filter refuses, "" when none.
func (f fastExecFacts) filterRefuses(p *specs.Process, join cgroupJoin) string {
	if f.filter == nil {
		return ""
	}
	for _, d := range fastExecSyscalls(p, join) {
		d.Arch = f.arch
		if ret, ok := f.filter.Eval(d); !ok || !seccompAllows(ret) {
			return fmt.Sprintf("the seccomp filter does not allow syscall %d", d.Nr)
		}
	}
	return ""
}

// kernelAtLeast says whether a kernel release ("6.1.0-57-amd64") is
// major.minor or later; false when it does not parse.
func kernelAtLeast(release string, major, minor int) bool {
	var ma, mi int
	if _, err := fmt.Sscanf(release, "%d.%d", &ma, &mi); err != nil {
		return false
	}
	return ma > major || ma == major && mi >= minor
}

// seccompAllows: SECCOMP_RET_ALLOW and SECCOMP_RET_LOG let a syscall run.
func seccompAllows(ret uint32) bool {
	const actionFull, allow, log = 0xffff0000, 0x7fff0000, 0x7ffc0000
	a := ret & actionFull
	return a == allow || a == log
}

func hasCap(c *specs.LinuxCapabilities, name string) bool {
	if c == nil {
		return false
	}
	for _, set := range [][]string{c.Bounding, c.Effective, c.Permitted, c.Inheritable, c.Ambient} {
		for _, n := range set {
			if strings.EqualFold(n, name) {
				return true
			}
		}
	}
	return false
}
