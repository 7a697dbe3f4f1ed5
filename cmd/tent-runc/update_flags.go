package main

import (
	"fmt"

	units "github.com/docker/go-units"
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// memoryFlags puts --memory, --memory-swap and --memory-reservation into res.
func (o *updateFlags) memoryFlags(res *specs.LinuxResources) error {
	for _, f := range []struct {
		name, val string
		dst       func(m *specs.LinuxMemory) **int64
	}{
		{"memory", o.memory, func(m *specs.LinuxMemory) **int64 { return &m.Limit }},
		{"memory-swap", o.memorySwap, func(m *specs.LinuxMemory) **int64 { return &m.Swap }},
		{"memory-reservation", o.memoryReservation, func(m *specs.LinuxMemory) **int64 { return &m.Reservation }},
	} {
		if !o.set(f.name) {
			continue
		}
		v, err := parseBytes(f.val)
		if err != nil {
			return fmt.Errorf("--%s: %w", f.name, err)
		}
		if res.Memory == nil {
			res.Memory = &specs.LinuxMemory{}
		}
		*f.dst(res.Memory) = &v
	}
	return nil
}

// parseBytes reads a size as runc does ("-1" is unlimited).
func parseBytes(s string) (int64, error) {
	if s == "-1" {
		return -1, nil
	}
	return units.RAMInBytes(s)
}

// cpuFlags puts the --cpu-* and --cpuset-* flags into res.
func (o *updateFlags) cpuFlags(res *specs.LinuxResources) {
	cpu := func() *specs.LinuxCPU {
		if res.CPU == nil {
			res.CPU = &specs.LinuxCPU{}
		}
		return res.CPU
	}
	if o.set("cpu-shares") {
		cpu().Shares = &o.cpuShares
	}
	if o.set("cpu-period") {
		cpu().Period = &o.cpuPeriod
	}
	if o.set("cpu-quota") {
		cpu().Quota = &o.cpuQuota
	}
	if o.set("cpuset-cpus") {
		cpu().Cpus = o.cpusetCpus
	}
	if o.set("cpuset-mems") {
		cpu().Mems = o.cpusetMems
	}
}
