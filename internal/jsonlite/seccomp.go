package jsonlite

import specs "github.com/opencontainers/runtime-spec/specs-go"

func (d *decoder) seccomp() *specs.LinuxSeccomp {
	s := new(specs.LinuxSeccomp)
	d.object(func(k string) bool {
		switch k {
		case "defaultAction":
			s.DefaultAction = specs.LinuxSeccompAction(d.str())
		case "defaultErrnoRet":
			s.DefaultErrnoRet = ptr(uint(d.uint(0)))
		case "architectures":
			s.Architectures = strs[specs.Arch](d)
		case "flags":
			s.Flags = strs[specs.LinuxSeccompFlag](d)
		case "listenerPath":
			s.ListenerPath = d.str()
		case "listenerMetadata":
			s.ListenerMetadata = d.str()
		case "syscalls":
			s.Syscalls = []specs.LinuxSyscall{}
			d.array(func() { s.Syscalls = append(s.Syscalls, d.syscall()) })
		default:
			return false
		}
		return true
	})
	return s
}

func (d *decoder) syscall() specs.LinuxSyscall {
	var s specs.LinuxSyscall
	d.object(func(k string) bool {
		switch k {
		case "names":
			s.Names = strs[string](d)
		case "action":
			s.Action = specs.LinuxSeccompAction(d.str())
		case "errnoRet":
			s.ErrnoRet = ptr(uint(d.uint(0)))
		case "args":
			s.Args = []specs.LinuxSeccompArg{}
			d.array(func() { s.Args = append(s.Args, d.seccompArg()) })
		default:
			return false
		}
		return true
	})
	return s
}

func (d *decoder) seccompArg() specs.LinuxSeccompArg {
	var a specs.LinuxSeccompArg
	d.object(func(k string) bool {
		switch k {
		case "index":
			a.Index = uint(d.uint(0))
		case "value":
			a.Value = d.uint(64)
		case "valueTwo":
			a.ValueTwo = d.uint(64)
		case "op":
			a.Op = specs.LinuxSeccompOperator(d.str())
		default:
			return false
		}
		return true
	})
	return a
}
