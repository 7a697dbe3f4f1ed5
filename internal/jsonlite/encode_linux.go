package jsonlite

import specs "github.com/opencontainers/runtime-spec/specs-go"

// linuxFast says whether every field l sets is one appendLinux writes.
func linuxFast(l *specs.Linux) bool {
	if len(l.UIDMappings) > 0 || len(l.GIDMappings) > 0 || len(l.NetDevices) > 0 || l.IntelRdt != nil ||
		l.MemoryPolicy != nil || l.Personality != nil || len(l.TimeOffsets) > 0 {
		return false
	}
	r := l.Resources
	return r == nil || (r.BlockIO == nil && len(r.HugepageLimits) == 0 && r.Network == nil && len(r.Rdma) == 0)
}

func appendLinux(b []byte, l *specs.Linux) []byte {
	b = append(b, '{')
	if len(l.Sysctl) > 0 {
		b = AppendStringMap(AppendKey(b, "sysctl"), l.Sysctl)
	}
	if l.Resources != nil {
		b = appendResources(AppendKey(b, "resources"), l.Resources)
	}
	b = OptString(b, "cgroupsPath", l.CgroupsPath)
	if len(l.Namespaces) > 0 {
		b = AppendList(AppendKey(b, "namespaces"), l.Namespaces, func(b []byte, n specs.LinuxNamespace) []byte {
			b = AppendString(AppendKey(append(b, '{'), "type"), string(n.Type))
			return append(OptString(b, "path", n.Path), '}')
		})
	}
	if len(l.Devices) > 0 {
		b = AppendList(AppendKey(b, "devices"), l.Devices, appendDevice)
	}
	if l.Seccomp != nil {
		b = appendSeccomp(AppendKey(b, "seccomp"), l.Seccomp)
	}
	b = OptString(b, "rootfsPropagation", l.RootfsPropagation)
	b = OptStrings(b, "maskedPaths", l.MaskedPaths)
	b = OptStrings(b, "readonlyPaths", l.ReadonlyPaths)
	return append(OptString(b, "mountLabel", l.MountLabel), '}')
}

func appendDevice(b []byte, d specs.LinuxDevice) []byte {
	b = AppendString(AppendKey(append(b, '{'), "path"), d.Path)
	b = AppendString(AppendKey(b, "type"), d.Type)
	b = AppendInt(AppendKey(b, "major"), d.Major)
	b = AppendInt(AppendKey(b, "minor"), d.Minor)
	b = OptUint(b, "fileMode", d.FileMode)
	b = OptUint(b, "uid", d.UID)
	return append(OptUint(b, "gid", d.GID), '}')
}

func appendResources(b []byte, r *specs.LinuxResources) []byte {
	b = append(b, '{')
	if len(r.Devices) > 0 {
		b = AppendList(AppendKey(b, "devices"), r.Devices, func(b []byte, d specs.LinuxDeviceCgroup) []byte {
			b = strconvBool(AppendKey(append(b, '{'), "allow"), d.Allow)
			b = OptString(b, "type", d.Type)
			b = OptInt(b, "major", d.Major)
			b = OptInt(b, "minor", d.Minor)
			return append(OptString(b, "access", d.Access), '}')
		})
	}
	if m := r.Memory; m != nil {
		b = OptInt(append(AppendKey(b, "memory"), '{'), "limit", m.Limit)
		b = OptInt(b, "reservation", m.Reservation)
		b = OptInt(b, "swap", m.Swap)
		//lint:ignore SA1019 deprecated, but a spec may still set it
		b = OptInt(b, "kernel", m.Kernel)
		b = OptInt(b, "kernelTCP", m.KernelTCP)
		b = OptUint(b, "swappiness", m.Swappiness)
		b = OptBoolPtr(b, "disableOOMKiller", m.DisableOOMKiller)
		b = OptBoolPtr(b, "useHierarchy", m.UseHierarchy)
		b = append(OptBoolPtr(b, "checkBeforeUpdate", m.CheckBeforeUpdate), '}')
	}
	if c := r.CPU; c != nil {
		b = OptUint(append(AppendKey(b, "cpu"), '{'), "shares", c.Shares)
		b = OptInt(b, "quota", c.Quota)
		b = OptUint(b, "burst", c.Burst)
		b = OptUint(b, "period", c.Period)
		b = OptInt(b, "realtimeRuntime", c.RealtimeRuntime)
		b = OptUint(b, "realtimePeriod", c.RealtimePeriod)
		b = OptString(b, "cpus", c.Cpus)
		b = OptString(b, "mems", c.Mems)
		b = append(OptInt(b, "idle", c.Idle), '}')
	}
	if p := r.Pids; p != nil {
		b = append(OptInt(append(AppendKey(b, "pids"), '{'), "limit", p.Limit), '}')
	}
	if len(r.Unified) > 0 {
		b = AppendStringMap(AppendKey(b, "unified"), r.Unified)
	}
	return append(b, '}')
}

func appendSeccomp(b []byte, s *specs.LinuxSeccomp) []byte {
	b = AppendString(AppendKey(append(b, '{'), "defaultAction"), string(s.DefaultAction))
	b = OptUint(b, "defaultErrnoRet", s.DefaultErrnoRet)
	b = OptStrings(b, "architectures", s.Architectures)
	b = OptStrings(b, "flags", s.Flags)
	b = OptString(b, "listenerPath", s.ListenerPath)
	b = OptString(b, "listenerMetadata", s.ListenerMetadata)
	if len(s.Syscalls) > 0 {
		b = AppendList(AppendKey(b, "syscalls"), s.Syscalls, appendSyscall)
	}
	return append(b, '}')
}

func appendSyscall(b []byte, s specs.LinuxSyscall) []byte {
	b = AppendStrings(AppendKey(append(b, '{'), "names"), s.Names)
	b = AppendString(AppendKey(b, "action"), string(s.Action))
	b = OptUint(b, "errnoRet", s.ErrnoRet)
	if len(s.Args) > 0 {
		b = AppendList(AppendKey(b, "args"), s.Args, func(b []byte, a specs.LinuxSeccompArg) []byte {
			b = AppendUint(AppendKey(append(b, '{'), "index"), uint64(a.Index))
			b = AppendUint(AppendKey(b, "value"), a.Value)
			if a.ValueTwo != 0 {
				b = AppendUint(AppendKey(b, "valueTwo"), a.ValueTwo)
			}
			return append(AppendString(AppendKey(b, "op"), string(a.Op)), '}')
		})
	}
	return append(b, '}')
}
