package runtime

import specs "github.com/opencontainers/runtime-spec/specs-go"

// checkResources refuses the linux.resources fields the cgroup manager
// (runtime/cgroups, plan.go) does not write on this cgroup version.
func checkResources(r *specs.LinuxResources, cgroupV2 bool) error {
	if r == nil {
		return nil
	}
	switch {
	case r.BlockIO != nil:
		return unsupported("linux.resources.blockIO", "")
	case len(r.HugepageLimits) > 0:
		return unsupported("linux.resources.hugepageLimits", "")
	case r.Network != nil:
		return unsupported("linux.resources.network", "")
	case len(r.Rdma) > 0:
		return unsupported("linux.resources.rdma", "")
	case len(r.Unified) > 0 && !cgroupV2:
		return unsupported("linux.resources.unified", "cgroup v1")
	}
	if err := checkMemory(r.Memory, cgroupV2); err != nil {
		return err
	}
	return checkCPU(r.CPU)
}

func checkMemory(m *specs.LinuxMemory, cgroupV2 bool) error {
	if m == nil {
		return nil
	}
	switch {
	//lint:ignore SA1019 a deprecated field a bundle may still set: refused, not read
	case m.Kernel != nil && *m.Kernel != 0:
		return unsupported("linux.resources.memory.kernel", "")
	case m.KernelTCP != nil && *m.KernelTCP != 0:
		return unsupported("linux.resources.memory.kernelTCP", "")
	case m.UseHierarchy != nil:
		return unsupported("linux.resources.memory.useHierarchy", "")
	case m.CheckBeforeUpdate != nil && *m.CheckBeforeUpdate:
		return unsupported("linux.resources.memory.checkBeforeUpdate", "")
	}
	// Swappiness above 100 means "unset" (Docker's -1); v2 has no such file.
	if cgroupV2 && m.Swappiness != nil && *m.Swappiness <= 100 {
		return unsupported("linux.resources.memory.swappiness", "cgroup v2")
	}
	if cgroupV2 && m.DisableOOMKiller != nil && *m.DisableOOMKiller {
		return unsupported("linux.resources.memory.disableOOMKiller", "cgroup v2")
	}
	return nil
}

func checkCPU(c *specs.LinuxCPU) error {
	switch {
	case c == nil:
		return nil
	case c.RealtimeRuntime != nil && *c.RealtimeRuntime != 0:
		return unsupported("linux.resources.cpu.realtimeRuntime", "")
	case c.RealtimePeriod != nil && *c.RealtimePeriod != 0:
		return unsupported("linux.resources.cpu.realtimePeriod", "")
	case c.Idle != nil && *c.Idle != 0:
		return unsupported("linux.resources.cpu.idle", "")
	}
	return nil
}
