package runtime

import (
	"strconv"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/internal/debuglog"
	"github.com/tent-dev/tent/rootfs"
)

// The runtime's debug lines (WithLogger) are planned here, in pure code:
// what the spec asks for, one line, and one line per mount. The mounts are
// made by the init inside the container, whose stderr is the container's,
// so the parent logs them from the plan it sends.

// specSummary is the spec in one line: process, user, namespaces,
// capabilities, mounts and limits.
func specSummary(s *specs.Spec) string {
	var b strings.Builder
	if p := s.Process; p != nil {
		b.WriteString("args " + strconv.Quote(strings.Join(p.Args, " ")))
		b.WriteString(" user " + strconv.FormatUint(uint64(p.User.UID), 10) + ":" + strconv.FormatUint(uint64(p.User.GID), 10))
		if len(p.User.AdditionalGids) > 0 {
			b.WriteString(" +" + strconv.Itoa(len(p.User.AdditionalGids)) + " groups")
		}
		b.WriteString(" cwd " + p.Cwd + " tty " + strconv.FormatBool(p.Terminal))
		if p.Capabilities != nil {
			b.WriteString(" caps " + strconv.Itoa(len(p.Capabilities.Bounding)))
		}
		b.WriteString(" env " + strconv.Itoa(len(p.Env)))
		if p.NoNewPrivileges {
			b.WriteString(" no_new_privs")
		}
	}
	if s.Root != nil {
		b.WriteString(" root " + s.Root.Path)
		if s.Root.Readonly {
			b.WriteString(" (ro)")
		}
	}
	b.WriteString(" mounts " + strconv.Itoa(len(s.Mounts)))
	if l := s.Linux; l != nil {
		var ns []string
		for _, n := range l.Namespaces {
			if n.Path != "" {
				ns = append(ns, string(n.Type)+"="+n.Path)
			} else {
				ns = append(ns, string(n.Type))
			}
		}
		b.WriteString(" namespaces [" + strings.Join(ns, " ") + "]")
		b.WriteString(" masked " + strconv.Itoa(len(l.MaskedPaths)) + " readonly " + strconv.Itoa(len(l.ReadonlyPaths)))
		b.WriteString(" devices " + strconv.Itoa(len(l.Devices)))
		if sc := l.Seccomp; sc != nil {
			b.WriteString(" seccomp " + string(sc.DefaultAction) + " +" + strconv.Itoa(len(sc.Syscalls)) + " rules")
		}
		if lim := limits(l.Resources); lim != "" {
			b.WriteString(" limits " + lim)
		}
	}
	return b.String()
}

// limits are the resources set, e.g. "memory=67108864 pids=100".
func limits(r *specs.LinuxResources) string {
	if r == nil {
		return ""
	}
	var out []string
	add := func(k string, v int64) { out = append(out, k+"="+strconv.FormatInt(v, 10)) }
	if m := r.Memory; m != nil {
		if m.Limit != nil {
			add("memory", *m.Limit)
		}
		if m.Swap != nil {
			add("memory+swap", *m.Swap)
		}
		if m.Reservation != nil {
			add("memory.reservation", *m.Reservation)
		}
	}
	if c := r.CPU; c != nil {
		if c.Quota != nil && c.Period != nil {
			out = append(out, "cpu="+strconv.FormatInt(*c.Quota, 10)+"/"+strconv.FormatUint(*c.Period, 10))
		}
		if c.Shares != nil {
			out = append(out, "cpu.shares="+strconv.FormatUint(*c.Shares, 10))
		}
		if c.Cpus != "" {
			out = append(out, "cpuset="+c.Cpus)
		}
	}
	if r.Pids != nil && r.Pids.Limit != nil {
		add("pids", *r.Pids.Limit)
	}
	return strings.Join(out, " ")
}

// specMount is one spec mount for logs: "source → destination type (options)".
func specMount(m specs.Mount) string {
	s := m.Source + " → " + m.Destination + " type " + m.Type
	if len(m.Options) > 0 {
		s += " (" + strings.Join(m.Options, ",") + ")"
	}
	return s
}

// logPlan logs what Create will make: the spec, then each mount in the
// order the init makes them (the rootfs mounts, then the spec's).
func logPlan(log debuglog.Log, id string, s *specs.Spec, rootfsMounts []rootfs.Mount) {
	log.Debugf("create %s: spec %s", id, specSummary(s))
	for _, m := range rootfsMounts {
		log.Debugf("create %s: mount %s", id, m)
	}
	for _, m := range s.Mounts {
		log.Debugf("create %s: mount %s", id, specMount(m))
	}
}

// cloneFlagNames names the namespaces of CLONE_NEW* flags, e.g. "pid,mount".
func cloneFlagNames(f uintptr) string {
	var out []string
	for _, t := range []specs.LinuxNamespaceType{specs.PIDNamespace, specs.NetworkNamespace, specs.MountNamespace,
		specs.IPCNamespace, specs.UTSNamespace, specs.CgroupNamespace, specs.UserNamespace, specs.TimeNamespace} {
		if fl, ok := cloneFlag(t); ok && f&fl != 0 {
			out = append(out, string(t))
		}
	}
	return strings.Join(out, ",")
}

// execLine is what a start or an exec runs: "pid 42 execs "sh -c x" as 0:0 in /".
func execLine(pid int, p *specs.Process) string {
	s := "pid " + strconv.Itoa(pid)
	if p == nil {
		return s + " execs the spec's process"
	}
	return s + " execs " + strconv.Quote(strings.Join(p.Args, " ")) + " as " +
		strconv.FormatUint(uint64(p.User.UID), 10) + ":" + strconv.FormatUint(uint64(p.User.GID), 10) + " in " + p.Cwd
}
