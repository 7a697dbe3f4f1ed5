package jsonlite

import (
	"os"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// linux decodes the spec's linux object: what runc-style callers set.
// User namespaces' mappings, blockIO, hugepages, RDMA, network classes,
// Intel RDT, personality, time offsets, net devices and memory policy are
// left to encoding/json.
func (d *decoder) linux() *specs.Linux {
	l := new(specs.Linux)
	d.object(func(k string) bool {
		switch k {
		case "sysctl":
			l.Sysctl = d.strMap()
		case "resources":
			l.Resources = d.resources()
		case "cgroupsPath":
			l.CgroupsPath = d.str()
		case "namespaces":
			l.Namespaces = []specs.LinuxNamespace{}
			d.array(func() { l.Namespaces = append(l.Namespaces, d.namespace()) })
		case "devices":
			l.Devices = []specs.LinuxDevice{}
			d.array(func() { l.Devices = append(l.Devices, d.device()) })
		case "seccomp":
			l.Seccomp = d.seccomp()
		case "rootfsPropagation":
			l.RootfsPropagation = d.str()
		case "maskedPaths":
			l.MaskedPaths = strs[string](d)
		case "readonlyPaths":
			l.ReadonlyPaths = strs[string](d)
		case "mountLabel":
			l.MountLabel = d.str()
		default:
			return false
		}
		return true
	})
	return l
}

func (d *decoder) namespace() specs.LinuxNamespace {
	var n specs.LinuxNamespace
	d.object(func(k string) bool {
		switch k {
		case "type":
			n.Type = specs.LinuxNamespaceType(d.str())
		case "path":
			n.Path = d.str()
		default:
			return false
		}
		return true
	})
	return n
}

func (d *decoder) device() specs.LinuxDevice {
	var v specs.LinuxDevice
	d.object(func(k string) bool {
		switch k {
		case "path":
			v.Path = d.str()
		case "type":
			v.Type = d.str()
		case "major":
			v.Major = d.int(64)
		case "minor":
			v.Minor = d.int(64)
		case "fileMode":
			v.FileMode = ptr(os.FileMode(d.uint(32)))
		case "uid":
			v.UID = ptr(uint32(d.uint(32)))
		case "gid":
			v.GID = ptr(uint32(d.uint(32)))
		default:
			return false
		}
		return true
	})
	return v
}

func (d *decoder) resources() *specs.LinuxResources {
	r := new(specs.LinuxResources)
	d.object(func(k string) bool {
		switch k {
		case "devices":
			r.Devices = []specs.LinuxDeviceCgroup{}
			d.array(func() { r.Devices = append(r.Devices, d.deviceRule()) })
		case "memory":
			r.Memory = d.memory()
		case "cpu":
			r.CPU = d.cpu()
		case "pids":
			r.Pids = new(specs.LinuxPids)
			d.object(func(k string) bool {
				if k == "limit" {
					r.Pids.Limit = ptr(d.int(64))
				}
				return k == "limit"
			})
		case "unified":
			r.Unified = d.strMap()
		default:
			return false
		}
		return true
	})
	return r
}

func (d *decoder) deviceRule() specs.LinuxDeviceCgroup {
	var v specs.LinuxDeviceCgroup
	d.object(func(k string) bool {
		switch k {
		case "allow":
			v.Allow = d.bool()
		case "type":
			v.Type = d.str()
		case "major":
			v.Major = ptr(d.int(64))
		case "minor":
			v.Minor = ptr(d.int(64))
		case "access":
			v.Access = d.str()
		default:
			return false
		}
		return true
	})
	return v
}

func (d *decoder) memory() *specs.LinuxMemory {
	m := new(specs.LinuxMemory)
	d.object(func(k string) bool {
		if p := memoryInt(m, k); p != nil {
			*p = ptr(d.int(64))
		} else if p := memoryBool(m, k); p != nil {
			*p = ptr(d.bool())
		} else if k == "swappiness" {
			m.Swappiness = ptr(d.uint(64))
		} else {
			return false
		}
		return true
	})
	return m
}

func memoryInt(m *specs.LinuxMemory, k string) **int64 {
	switch k {
	case "limit":
		return &m.Limit
	case "reservation":
		return &m.Reservation
	case "swap":
		return &m.Swap
	case "kernel":
		//lint:ignore SA1019 deprecated, but a bundle may set it: decoded as encoding/json does (and refused by the runtime)
		return &m.Kernel
	case "kernelTCP":
		return &m.KernelTCP
	}
	return nil
}

func memoryBool(m *specs.LinuxMemory, k string) **bool {
	switch k {
	case "disableOOMKiller":
		return &m.DisableOOMKiller
	case "useHierarchy":
		return &m.UseHierarchy
	case "checkBeforeUpdate":
		return &m.CheckBeforeUpdate
	}
	return nil
}

func (d *decoder) cpu() *specs.LinuxCPU {
	c := new(specs.LinuxCPU)
	d.object(func(k string) bool {
		switch k {
		case "quota":
			c.Quota = ptr(d.int(64))
		case "realtimeRuntime":
			c.RealtimeRuntime = ptr(d.int(64))
		case "idle":
			c.Idle = ptr(d.int(64))
		case "shares":
			c.Shares = ptr(d.uint(64))
		case "burst":
			c.Burst = ptr(d.uint(64))
		case "period":
			c.Period = ptr(d.uint(64))
		case "realtimePeriod":
			c.RealtimePeriod = ptr(d.uint(64))
		case "cpus":
			c.Cpus = d.str()
		case "mems":
			c.Mems = d.str()
		default:
			return false
		}
		return true
	})
	return c
}
