package cgroups

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// This file is pure: resources in, an ordered list of file writes out.
// Nothing here touches the filesystem, so every limit is unit-tested as data.

// planV1 lists the v1 writes for r, grouped by controller in a fixed order.
func planV1(r *specs.LinuxResources) ([]write, error) {
	if r == nil {
		return nil, nil
	}
	var ws []write
	ws = append(ws, memoryV1(r.Memory)...)
	ws = append(ws, cpuV1(r.CPU)...)
	ws = append(ws, pidsMax("pids", r.Pids)...)
	devs, err := devicesV1(r.Devices)
	if err != nil {
		return nil, err
	}
	ws = append(ws, devs...)
	if len(r.Unified) > 0 {
		return nil, fmt.Errorf("cgroup v1: unified resources given (%d keys): only cgroup v2 has them", len(r.Unified))
	}
	return ws, nil
}

func memoryV1(m *specs.LinuxMemory) []write {
	if m == nil {
		return nil
	}
	var ws []write
	add := func(file, v string, opt bool) { ws = append(ws, write{"memory", file, v, opt}) }
	if m.Limit != nil && *m.Limit != 0 {
		add("memory.limit_in_bytes", i64(*m.Limit), false)
	}
	// memsw is memory+swap; absent without swap accounting (swapaccount=0).
	if m.Swap != nil && *m.Swap != 0 {
		add("memory.memsw.limit_in_bytes", i64(*m.Swap), true)
	}
	if m.Reservation != nil && *m.Reservation != 0 {
		add("memory.soft_limit_in_bytes", i64(*m.Reservation), false)
	}
	if m.Swappiness != nil && *m.Swappiness <= 100 {
		add("memory.swappiness", u64(*m.Swappiness), false)
	}
	if m.DisableOOMKiller != nil && *m.DisableOOMKiller {
		add("memory.oom_control", "1", false)
	}
	return ws
}

func cpuV1(c *specs.LinuxCPU) []write {
	if c == nil {
		return nil
	}
	var ws []write
	add := func(ctrl, file, v string) { ws = append(ws, write{ctrl, file, v, false}) }
	if c.Shares != nil && *c.Shares != 0 {
		add("cpu", "cpu.shares", u64(*c.Shares))
	}
	// period before quota: the kernel checks quota against the current period.
	if c.Period != nil && *c.Period != 0 {
		add("cpu", "cpu.cfs_period_us", u64(*c.Period))
	}
	if c.Quota != nil && *c.Quota != 0 {
		add("cpu", "cpu.cfs_quota_us", i64(*c.Quota))
	}
	if c.Burst != nil {
		add("cpu", "cpu.cfs_burst_us", u64(*c.Burst))
	}
	if c.Cpus != "" {
		add("cpuset", "cpuset.cpus", c.Cpus)
	}
	if c.Mems != "" {
		add("cpuset", "cpuset.mems", c.Mems)
	}
	return ws
}

// pidsMax is the same file on v1 and v2; <= 0 means no limit.
func pidsMax(ctrl string, p *specs.LinuxPids) []write {
	if p == nil || p.Limit == nil {
		return nil
	}
	v := "max"
	if *p.Limit > 0 {
		v = i64(*p.Limit)
	}
	return []write{{ctrl, "pids.max", v, false}}
}

// devicesV1 writes the spec's rules in order (usually "deny all" first,
// then the allow list) to devices.deny / devices.allow.
func devicesV1(ds []specs.LinuxDeviceCgroup) ([]write, error) {
	var ws []write
	for _, d := range ds {
		rule, err := deviceRule(d)
		if err != nil {
			return nil, err
		}
		file := "devices.deny"
		if d.Allow {
			file = "devices.allow"
		}
		ws = append(ws, write{"devices", file, rule, false})
	}
	return ws, nil
}

// deviceRule renders "c 1:3 rwm"; missing parts are wildcards.
func deviceRule(d specs.LinuxDeviceCgroup) (string, error) {
	t := d.Type
	if t == "" {
		t = "a"
	}
	if t != "a" && t != "b" && t != "c" {
		return "", fmt.Errorf("device rule: bad type %q", d.Type)
	}
	acc := d.Access
	if acc == "" {
		acc = "rwm"
	}
	if strings.Trim(acc, "rwm") != "" {
		return "", fmt.Errorf("device rule: bad access %q", d.Access)
	}
	num := func(p *int64) string {
		if p == nil || *p < 0 {
			return "*"
		}
		return i64(*p)
	}
	return fmt.Sprintf("%s %s:%s %s", t, num(d.Major), num(d.Minor), acc), nil
}

// planV2 lists the v2 writes for r, in the leaf dir.
func planV2(r *specs.LinuxResources) ([]write, error) {
	if r == nil {
		return nil, nil
	}
	ws, err := memoryV2(r.Memory)
	if err != nil {
		return nil, err
	}
	ws = append(ws, cpuV2(r.CPU)...)
	ws = append(ws, pidsMax("", r.Pids)...)
	u, err := unifiedV2(r.Unified)
	if err != nil {
		return nil, err
	}
	return append(ws, u...), nil
}

func memoryV2(m *specs.LinuxMemory) ([]write, error) {
	if m == nil {
		return nil, nil
	}
	var ws []write
	add := func(file, v string) { ws = append(ws, write{"", file, v, false}) }
	if m.Limit != nil && *m.Limit != 0 {
		add("memory.max", maxOr(*m.Limit))
	}
	if m.Swap != nil && *m.Swap != 0 {
		v, err := swapV2(m.Limit, *m.Swap)
		if err != nil {
			return nil, err
		}
		ws = append(ws, write{"", "memory.swap.max", v, true})
	}
	if m.Reservation != nil && *m.Reservation != 0 {
		add("memory.low", maxOr(*m.Reservation))
	}
	return ws, nil
}

// swapV2 turns OCI's memory+swap total into v2's swap-only limit.
func swapV2(limit *int64, total int64) (string, error) {
	if total < 0 {
		return "max", nil
	}
	if limit == nil || *limit <= 0 {
		return "", fmt.Errorf("memory.swap.max: memory+swap %d given without a memory limit", total)
	}
	if total < *limit {
		return "", fmt.Errorf("memory.swap.max: memory+swap %d is below the memory limit %d", total, *limit)
	}
	return i64(total - *limit), nil
}

func cpuV2(c *specs.LinuxCPU) []write {
	if c == nil {
		return nil
	}
	var ws []write
	add := func(file, v string) { ws = append(ws, write{"", file, v, false}) }
	if c.Shares != nil && *c.Shares != 0 {
		add("cpu.weight", u64(SharesToWeight(*c.Shares)))
	}
	if (c.Quota != nil && *c.Quota != 0) || (c.Period != nil && *c.Period != 0) {
		q, p := "max", uint64(100000)
		if c.Quota != nil && *c.Quota > 0 {
			q = i64(*c.Quota)
		}
		if c.Period != nil && *c.Period != 0 {
			p = *c.Period
		}
		add("cpu.max", q+" "+u64(p))
	}
	if c.Burst != nil {
		add("cpu.max.burst", u64(*c.Burst))
	}
	if c.Cpus != "" {
		add("cpuset.cpus", c.Cpus)
	}
	if c.Mems != "" {
		add("cpuset.mems", c.Mems)
	}
	return ws
}

// unifiedV2 passes the spec's "unified" map through, sorted for a stable order.
func unifiedV2(u map[string]string) ([]write, error) {
	keys := make([]string, 0, len(u))
	for k := range u {
		if k == "" || strings.ContainsAny(k, "/\x00") || strings.HasPrefix(k, ".") {
			return nil, fmt.Errorf("unified resource %q: not a cgroup file name", k)
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	ws := make([]write, 0, len(keys))
	for _, k := range keys {
		ws = append(ws, write{"", k, u[k], false})
	}
	return ws, nil
}

// maxOr renders a v2 limit: negative means "max".
func maxOr(v int64) string {
	if v < 0 {
		return "max"
	}
	return i64(v)
}

func i64(v int64) string  { return strconv.FormatInt(v, 10) }
func u64(v uint64) string { return strconv.FormatUint(v, 10) }
