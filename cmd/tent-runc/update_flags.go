package main

import (
	"fmt"
	"strconv"
	"strings"

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

// parseBytes reads a size as runc does (go-units' RAMInBytes: a number
// with an optional binary suffix b, k, m, g, t, p, as in "64m", "1.5GiB";
// "-1" is unlimited). Parsed by hand: go-units compiles a regexp at init.
func parseBytes(s string) (int64, error) {
	if s == "-1" {
		return -1, nil
	}
	num := strings.TrimRightFunc(strings.ToLower(s), func(r rune) bool { return r >= 'a' && r <= 'z' })
	unit := strings.TrimSuffix(strings.TrimSuffix(strings.ToLower(s[len(num):]), "b"), "i")
	mult, ok := map[string]float64{"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40, "p": 1 << 50}[unit]
	f, err := strconv.ParseFloat(num, 64)
	if !ok || err != nil || f < 0 || num == "" {
		return 0, fmt.Errorf("invalid size %q", s)
	}
	return int64(f * mult), nil
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
