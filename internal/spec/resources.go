package spec

import (
	"errors"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// Resources are the cgroup limits of `docker run`'s flags.
type Resources struct {
	Memory     int64   // -m, bytes; 0: no limit
	MemorySwap int64   // --memory-swap, bytes (memory plus swap); -1: unlimited swap
	CPUs       float64 // --cpus
	CPUShares  uint64  // -c, --cpu-shares
	PidsLimit  int64   // --pids-limit; 0 and -1: unlimited

	CPUQuota          int64  // --cpu-quota, µs per period; 0: none
	CPUPeriod         uint64 // --cpu-period, µs; 0: the kernel's
	CpusetCpus        string // --cpuset-cpus, e.g. "0-2,4"
	CpusetMems        string // --cpuset-mems
	MemoryReservation int64  // --memory-reservation, bytes (a soft limit)
}

// cpuPeriod is the CFS period --cpus is expressed in (Docker's 100 ms).
const cpuPeriod = 100000

// minMemory is the smallest -m Docker accepts.
const minMemory = 6 << 20

// Validate rejects the limits Docker rejects, with Docker's messages.
func (r Resources) Validate() error {
	switch {
	case r.Memory < 0 || (r.Memory > 0 && r.Memory < minMemory):
		return errors.New("minimum memory limit allowed is 6MB")
	case r.MemorySwap > 0 && r.Memory == 0:
		return errors.New("you should always set the memory limit when using a memory-swap limit")
	case r.MemorySwap > 0 && r.MemorySwap < r.Memory:
		return errors.New("minimum memory-swap limit should be larger than the memory limit")
	case r.CPUs < 0:
		return errors.New("--cpus must be positive")
	}
	return r.validateMore()
}

// resources are the cgroup limits: Docker's device rules, memory, cpu, pids.
func resources(o Resources) *specs.LinuxResources {
	r := &specs.LinuxResources{Devices: deviceRules()}
	if o.Memory > 0 || o.MemorySwap != 0 || o.MemoryReservation > 0 {
		r.Memory = &specs.LinuxMemory{}
		if o.Memory > 0 {
			r.Memory.Limit = ptr(o.Memory)
		}
		switch {
		case o.MemorySwap == -1:
			r.Memory.Swap = ptr(int64(-1))
		case o.MemorySwap > 0:
			r.Memory.Swap = ptr(o.MemorySwap)
		case o.Memory > 0: // Docker: swap as large as the memory limit
			r.Memory.Swap = ptr(2 * o.Memory)
		}
	}
	if o.CPUs > 0 || o.CPUShares > 0 || o.hasCPUMore() {
		r.CPU = &specs.LinuxCPU{}
		if o.CPUs > 0 {
			r.CPU.Period = ptr(uint64(cpuPeriod))
			r.CPU.Quota = ptr(int64(o.CPUs * cpuPeriod))
		}
		if o.CPUShares > 0 {
			r.CPU.Shares = ptr(o.CPUShares)
		}
	}
	moreResources(r, o)
	if o.PidsLimit > 0 { // 0 and -1: unlimited, as Docker
		r.Pids = &specs.LinuxPids{Limit: ptr(o.PidsLimit)}
	}
	return r
}

// deviceRules: deny all, then Docker's allow list (mknod of any char/block
// device, the default nodes, the tty, console, ptmx and every pts).
func deviceRules() []specs.LinuxDeviceCgroup {
	rule := func(typ string, major, minor int64, access string) specs.LinuxDeviceCgroup {
		d := specs.LinuxDeviceCgroup{Allow: true, Type: typ, Access: access}
		if major >= 0 {
			d.Major = ptr(major)
		}
		if minor >= 0 {
			d.Minor = ptr(minor)
		}
		return d
	}
	return []specs.LinuxDeviceCgroup{
		{Allow: false, Access: "rwm"},
		rule("c", -1, -1, "m"), rule("b", -1, -1, "m"),
		rule("c", 1, 3, "rwm"), rule("c", 1, 5, "rwm"), rule("c", 1, 7, "rwm"),
		rule("c", 1, 8, "rwm"), rule("c", 1, 9, "rwm"), rule("c", 5, 0, "rwm"),
		rule("c", 5, 1, "rwm"), rule("c", 5, 2, "rwm"), rule("c", 136, -1, "rwm"),
	}
}

func ptr[T any](v T) *T { return &v }
