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
// rlimits and execs the command. fastExecBlocker decides, in pure code,
// when that path cannot give the process exactly what it asks for, or
// would expose a tent binary to the container; exec then takes stage-2.

// fastExecFacts is what the decision needs beyond the process.
type fastExecFacts struct {
	haveDMZ  bool // a trampoline exists for this arch
	userNS   bool // the container has a user namespace
	cgroupV2 bool // the child is cloned into the cgroup (clone3)
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

// fastExecBlocker says why p cannot take the fast path ("" when it can).
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
	if f.filter != nil {
		for _, d := range fastExecSyscalls(p, f.cgroupV2) {
			d.Arch = f.arch
			if ret, ok := f.filter.Eval(d); !ok || !seccompAllows(ret) {
				return fmt.Sprintf("the seccomp filter does not allow syscall %d", d.Nr)
			}
		}
	}
	return ""
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
