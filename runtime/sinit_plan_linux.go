package runtime

import (
	"path/filepath"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/runtime/internal/initcodec"
)

// A spawned init is the static init (sinit_table.go). When the container
// fits (planStatic), the Go init's setup is split in two: a thread of the
// runtime's own process joins the init's namespaces and does the mounts,
// the masks outside /proc, pivot_root (which moves the waiting init's root
// with its own), the hostname and lo (sinit_setup_linux.go); the init's
// table then mounts /proc as PID 1 with the masks under it, enters the
// cwd and finalizes as the Go init does. When it does not fit, the table
// is one execve of the Go init, which reads its config after the table on
// the same pipe (sinitFallback): the container is then set up as before.

// staticPlan is the mounts of a container set up by the static init.
type staticPlan struct {
	mounts []mountStep // spec.Mounts but /proc, in order (the thread)
	proc   specs.Mount // the proc mount (the init's table)
	// masked and readonly outside /proc, done by the thread before
	// pivot_root; those under /proc are the table's.
	masked, readonly []string
}

// staticNS are the namespaces the thread joins, if the init has them new.
const staticNS = unix.CLONE_NEWIPC | unix.CLONE_NEWUTS | unix.CLONE_NEWNET | unix.CLONE_NEWNS

// staticAllowedNS are the namespaces a static init may be cloned into.
const staticAllowedNS = staticNS | unix.CLONE_NEWPID | unix.CLONE_NEWCGROUP

// planStatic says how the static init sets up the container, or why it
// cannot (then the Go init does): hooks, a terminal, namespaces joined by
// path but a network namespace (sinitJoins), a user namespace, sysctls
// (written through the container's /proc), shared or unbindable root
// propagation, a mount under /proc other than
// /proc itself, and a /dev that is not a fresh tmpfs (the masks bind its
// null device by path). cgroupDir is the container's cgroup as the host
// sees it: under a cgroup namespace, the thread binds it where the init
// would mount cgroup2 (the same directory, which the init's namespace
// shows as its root).
func planStatic(spec *specs.Spec, cfg *initcodec.Config, flags uintptr, cgroupDir string) (staticPlan, string) {
	var sp staticPlan
	p, l := spec.Process, spec.Linux
	switch {
	case cfg.HookSync || hasHooks(spec.Hooks):
		return sp, "hooks"
	case p == nil || p.Terminal:
		return sp, "terminal"
	case !netJoinsOnly(cfg.Joins, flags):
		return sp, "namespaces joined by path"
	case flags&^staticAllowedNS != 0 || flags&(unix.CLONE_NEWNS|unix.CLONE_NEWPID) != unix.CLONE_NEWNS|unix.CLONE_NEWPID:
		return sp, "namespaces"
	case l != nil && len(l.Sysctl) > 0:
		return sp, "sysctls"
	case l != nil && l.RootfsPropagation != "" && !strings.HasSuffix(l.RootfsPropagation, "slave") && !strings.HasSuffix(l.RootfsPropagation, "private"):
		return sp, "root propagation"
	}
	steps, err := planMounts(spec.Mounts)
	if err != nil || !devIsTmpfs(steps) {
		return sp, "no /dev tmpfs"
	}
	procs := 0
	for i, s := range steps {
		switch {
		case s.Dest == "/proc" && s.Kind == mountFS && s.Type == "proc":
			sp.proc = spec.Mounts[i]
			procs++
			continue
		case underProc(s.Dest):
			return sp, "a mount under /proc"
		case s.Kind == mountCgroup && cfg.UnshareCgroupNS:
			s = mountStep{Kind: mountBind, Source: cgroupDir, Dest: s.Dest, Flags: s.Flags | unix.MS_BIND | unix.MS_REC,
				Propagation: s.Propagation}
		}
		sp.mounts = append(sp.mounts, s)
	}
	if procs != 1 {
		return sp, "no single /proc"
	}
	if l != nil {
		sp.masked, sp.readonly = outsideProc(l.MaskedPaths), outsideProc(l.ReadonlyPaths)
	}
	return sp, ""
}

// netJoinsOnly says whether every namespace joined by path is a network
// namespace that the init was not cloned into a new one of: the static
// init's table joins those itself (sinitJoins), and the setup thread too.
func netJoinsOnly(joins []initcodec.NamespaceJoin, flags uintptr) bool {
	for _, j := range joins {
		if j.Type != specs.NetworkNamespace || j.Path == "" || flags&unix.CLONE_NEWNET != 0 {
			return false
		}
	}
	return true
}

// underProc says whether p is /proc or below it.
func underProc(p string) bool {
	p = filepath.Clean(p)
	return p == "/proc" || strings.HasPrefix(p, "/proc/")
}

// outsideProc are the paths of ps outside /proc, cleaned.
func outsideProc(ps []string) []string {
	var out []string
	for _, p := range ps {
		if !underProc(p) {
			out = append(out, filepath.Clean(p))
		}
	}
	return out
}

// hasHooks says whether h holds any hook.
func hasHooks(h *specs.Hooks) bool {
	//lint:ignore SA1019 runtime-spec deprecates prestart but runtimes must still run it
	return h != nil && len(h.Prestart)+len(h.CreateRuntime)+len(h.CreateContainer)+len(h.StartContainer)+len(h.Poststart)+len(h.Poststop) > 0
}
