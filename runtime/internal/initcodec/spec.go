package initcodec

import (
	"fmt"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// The spec and process parts of the init config (see codec.go). The
// spec is what TrimSpec keeps; every field of what it keeps is sent.

func (e *encoder) spec(s *specs.Spec, proc *specs.Process) {
	if !e.present(s != nil) {
		return
	}
	e.str(s.Version)
	switch {
	case s.Process == nil:
		e.b = append(e.b, 0)
	case s.Process == proc:
		e.b = append(e.b, specProcessIsProcess)
	default:
		e.b = append(e.b, 1)
		e.process(s.Process)
	}
	if e.present(s.Root != nil) {
		e.str(s.Root.Path)
		e.bool(s.Root.Readonly)
	}
	e.str(s.Hostname)
	e.str(s.Domainname)
	e.mounts(s.Mounts)
	if e.present(s.Linux != nil) {
		e.linux(s.Linux)
	}
}

// spec reads a spec; proc is the config's process, which Spec.Process
// may share.
func (d *decoder) spec(proc *specs.Process) *specs.Spec {
	if !d.present("spec") {
		return nil
	}
	d.enter("spec")
	defer d.leave()
	s := &specs.Spec{Version: d.str("ociVersion")}
	switch c := d.byte("process"); {
	case c == 1:
		s.Process = d.process("process")
	case c == specProcessIsProcess && proc != nil:
		s.Process = proc
	case c != 0:
		d.fail("process", fmt.Errorf("bad presence byte %#x", c))
	}
	if d.present("root") {
		s.Root = &specs.Root{Path: d.str("root.path"), Readonly: d.bool("root.readonly")}
	}
	s.Hostname = d.str("hostname")
	s.Domainname = d.str("domainname")
	s.Mounts = d.mounts()
	if d.present("linux") {
		s.Linux = d.linux()
	}
	return s
}

func (e *encoder) process(p *specs.Process) {
	e.bool(p.Terminal)
	if e.present(p.ConsoleSize != nil) {
		e.uvarint(uint64(p.ConsoleSize.Height))
		e.uvarint(uint64(p.ConsoleSize.Width))
	}
	e.user(&p.User)
	putStrings(e, p.Args)
	e.str(p.CommandLine)
	putStrings(e, p.Env)
	e.str(p.Cwd)
	if c := p.Capabilities; e.present(c != nil) {
		for _, set := range [][]string{c.Bounding, c.Effective, c.Inheritable, c.Permitted, c.Ambient} {
			putStrings(e, set)
		}
	}
	e.rlimits(p.Rlimits)
	e.bool(p.NoNewPrivileges)
	e.str(p.ApparmorProfile)
	if e.present(p.OOMScoreAdj != nil) {
		e.varint(int64(*p.OOMScoreAdj))
	}
	if e.present(p.Scheduler != nil) {
		e.scheduler(p.Scheduler)
	}
	e.str(p.SelinuxLabel)
	if e.present(p.IOPriority != nil) {
		e.str(string(p.IOPriority.Class))
		e.varint(int64(p.IOPriority.Priority))
	}
	if e.present(p.ExecCPUAffinity != nil) {
		e.str(p.ExecCPUAffinity.Initial)
		e.str(p.ExecCPUAffinity.Final)
	}
}

// process reads a process; name is where it is ("process", "spec.process").
func (d *decoder) process(name string) *specs.Process {
	d.enter(name)
	defer d.leave()
	p := &specs.Process{Terminal: d.bool("terminal")}
	if d.present("consoleSize") {
		p.ConsoleSize = &specs.Box{Height: d.uint("consoleSize.height"), Width: d.uint("consoleSize.width")}
	}
	p.User = d.user()
	p.Args = getStrings[string](d, "args")
	p.CommandLine = d.str("commandLine")
	p.Env = getStrings[string](d, "env")
	p.Cwd = d.str("cwd")
	if d.present("capabilities") {
		p.Capabilities = d.capabilities()
	}
	p.Rlimits = d.rlimits()
	p.NoNewPrivileges = d.bool("noNewPrivileges")
	p.ApparmorProfile = d.str("apparmorProfile")
	if d.present("oomScoreAdj") {
		adj := d.int("oomScoreAdj")
		p.OOMScoreAdj = &adj
	}
	if d.present("scheduler") {
		p.Scheduler = d.scheduler()
	}
	p.SelinuxLabel = d.str("selinuxLabel")
	if d.present("ioPriority") {
		p.IOPriority = &specs.LinuxIOPriority{Class: specs.IOPriorityClass(d.str("ioPriority.class")),
			Priority: d.int("ioPriority.priority")}
	}
	if d.present("execCPUAffinity") {
		p.ExecCPUAffinity = &specs.CPUAffinity{Initial: d.str("execCPUAffinity.initial"),
			Final: d.str("execCPUAffinity.final")}
	}
	return p
}

func (d *decoder) capabilities() *specs.LinuxCapabilities {
	d.enter("capabilities")
	defer d.leave()
	return &specs.LinuxCapabilities{
		Bounding:    getStrings[string](d, "bounding"),
		Effective:   getStrings[string](d, "effective"),
		Inheritable: getStrings[string](d, "inheritable"),
		Permitted:   getStrings[string](d, "permitted"),
		Ambient:     getStrings[string](d, "ambient"),
	}
}

func (e *encoder) user(u *specs.User) {
	e.uvarint(uint64(u.UID))
	e.uvarint(uint64(u.GID))
	e.optU32(u.Umask)
	e.length(len(u.AdditionalGids))
	for _, g := range u.AdditionalGids {
		e.uvarint(uint64(g))
	}
	e.str(u.Username)
}

func (d *decoder) user() specs.User {
	d.enter("user")
	defer d.leave()
	u := specs.User{UID: d.u32("uid"), GID: d.u32("gid")}
	u.Umask = d.optU32("umask")
	if n := d.length("additionalGids"); n > 0 {
		u.AdditionalGids = make([]uint32, n)
		for i := range u.AdditionalGids {
			u.AdditionalGids[i] = d.u32("additionalGids")
		}
	}
	u.Username = d.str("username")
	return u
}

func (e *encoder) rlimits(rs []specs.POSIXRlimit) {
	putList(e, rs, func(r *specs.POSIXRlimit) {
		e.str(r.Type)
		e.uvarint(r.Hard)
		e.uvarint(r.Soft)
	})
}

func (d *decoder) rlimits() []specs.POSIXRlimit {
	return getList(d, "rlimits", func(r *specs.POSIXRlimit) {
		*r = specs.POSIXRlimit{Type: d.str("type"), Hard: d.uvarint("hard"), Soft: d.uvarint("soft")}
	})
}

func (e *encoder) scheduler(s *specs.Scheduler) {
	e.str(string(s.Policy))
	e.varint(int64(s.Nice))
	e.varint(int64(s.Priority))
	putStrings(e, s.Flags)
	e.uvarint(s.Runtime)
	e.uvarint(s.Deadline)
	e.uvarint(s.Period)
}

func (d *decoder) scheduler() *specs.Scheduler {
	d.enter("scheduler")
	defer d.leave()
	return &specs.Scheduler{
		Policy:   specs.LinuxSchedulerPolicy(d.str("policy")),
		Nice:     d.i32("nice"),
		Priority: d.i32("priority"),
		Flags:    getStrings[specs.LinuxSchedulerFlag](d, "flags"),
		Runtime:  d.uvarint("runtime"),
		Deadline: d.uvarint("deadline"),
		Period:   d.uvarint("period"),
	}
}
