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
	b = optString(b, "cgroupsPath", l.CgroupsPath)
	if len(l.Namespaces) > 0 {
		b = appendList(AppendKey(b, "namespaces"), l.Namespaces, func(b []byte, n specs.LinuxNamespace) []byte {
			b = AppendString(AppendKey(append(b, '{'), "type"), string(n.Type))
			return append(optString(b, "path", n.Path), '}')
		})
	}
	if len(l.Devices) > 0 {
		b = appendList(AppendKey(b, "devices"), l.Devices, appendDevice)
	}
	if l.Seccomp != nil {
		b = appendSeccomp(AppendKey(b, "seccomp"), l.Seccomp)
	}
	b = optString(b, "rootfsPropagation", l.RootfsPropagation)
	b = optStrings(b, "maskedPaths", l.MaskedPaths)
	b = optStrings(b, "readonlyPaths", l.ReadonlyPaths)
	return append(optString(b, "mountLabel", l.MountLabel), '}')
}

func appendDevice(b []byte, d specs.LinuxDevice) []byte {
	b = AppendString(AppendKey(append(b, '{'), "path"), d.Path)
	b = AppendString(AppendKey(b, "type"), d.Type)
	b = AppendInt(AppendKey(b, "major"), d.Major)
	b = AppendInt(AppendKey(b, "minor"), d.Minor)
	b = optUint(b, "fileMode", d.FileMode)
	b = optUint(b, "uid", d.UID)
	return append(optUint(b, "gid", d.GID), '}')
}

func appendResources(b []byte, r *specs.LinuxResources) []byte {
	b = append(b, '{')
	if len(r.Devices) > 0 {
		b = appendList(AppendKey(b, "devices"), r.Devices, func(b []byte, d specs.LinuxDeviceCgroup) []byte {
			b = strconvBool(AppendKey(append(b, '{'), "allow"), d.Allow)
			b = optString(b, "type", d.Type)
			b = optInt(b, "major", d.Major)
			b = optInt(b, "minor", d.Minor)
			return append(optString(b, "access", d.Access), '}')
		})
	}
	if m := r.Memory; m != nil {
		b = optInt(append(AppendKey(b, "memory"), '{'), "limit", m.Limit)
		b = optInt(b, "reservation", m.Reservation)
		b = optInt(b, "swap", m.Swap)
		//lint:ignore SA1019 deprecated, but a spec may still set it
		b = optInt(b, "kernel", m.Kernel)
		b = optInt(b, "kernelTCP", m.KernelTCP)
		b = optUint(b, "swappiness", m.Swappiness)
		b = optBoolPtr(b, "disableOOMKiller", m.DisableOOMKiller)
		b = optBoolPtr(b, "useHierarchy", m.UseHierarchy)
		b = append(optBoolPtr(b, "checkBeforeUpdate", m.CheckBeforeUpdate), '}')
	}
	if c := r.CPU; c != nil {
		b = optUint(append(AppendKey(b, "cpu"), '{'), "shares", c.Shares)
		b = optInt(b, "quota", c.Quota)
		b = optUint(b, "burst", c.Burst)
		b = optUint(b, "period", c.Period)
		b = optInt(b, "realtimeRuntime", c.RealtimeRuntime)
		b = optUint(b, "realtimePeriod", c.RealtimePeriod)
		b = optString(b, "cpus", c.Cpus)
		b = optString(b, "mems", c.Mems)
		b = append(optInt(b, "idle", c.Idle), '}')
	}
	if p := r.Pids; p != nil {
		b = append(optInt(append(AppendKey(b, "pids"), '{'), "limit", p.Limit), '}')
	}
	if len(r.Unified) > 0 {
		b = AppendStringMap(AppendKey(b, "unified"), r.Unified)
	}
	return append(b, '}')
}

func appendSeccomp(b []byte, s *specs.LinuxSeccomp) []byte {
	b = AppendString(AppendKey(append(b, '{'), "defaultAction"), string(s.DefaultAction))
	b = optUint(b, "defaultErrnoRet", s.DefaultErrnoRet)
	b = optStrings(b, "architectures", s.Architectures)
	b = optStrings(b, "flags", s.Flags)
	b = optString(b, "listenerPath", s.ListenerPath)
	b = optString(b, "listenerMetadata", s.ListenerMetadata)
	if len(s.Syscalls) > 0 {
		b = appendList(AppendKey(b, "syscalls"), s.Syscalls, appendSyscall)
	}
	return append(b, '}')
}

func appendSyscall(b []byte, s specs.LinuxSyscall) []byte {
	b = AppendStrings(AppendKey(append(b, '{'), "names"), s.Names)
	b = AppendString(AppendKey(b, "action"), string(s.Action))
	b = optUint(b, "errnoRet", s.ErrnoRet)
	if len(s.Args) > 0 {
		b = appendList(AppendKey(b, "args"), s.Args, func(b []byte, a specs.LinuxSeccompArg) []byte {
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
