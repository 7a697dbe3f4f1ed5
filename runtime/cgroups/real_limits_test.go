package cgroups

import (
	"path/filepath"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// TestRealCreateAllLimits: the real kernel accepts every value tent writes,
// and reads them back.
func TestRealCreateAllLimits(t *testing.T) {
	q, p := CPUQuota(1.5)
	r := &specs.LinuxResources{
		Memory: &specs.LinuxMemory{Limit: i64p(64 << 20), Swap: i64p(128 << 20), Reservation: i64p(32 << 20), Swappiness: u64p(0)},
		CPU:    &specs.LinuxCPU{Shares: u64p(512), Quota: &q, Period: &p, Cpus: "0", Mems: "0"},
		Pids:   &specs.LinuxPids{Limit: i64p(100)},
		Devices: []specs.LinuxDeviceCgroup{{Allow: false, Access: "rwm"},
			{Allow: true, Type: "c", Major: i64p(1), Minor: i64p(3), Access: "rwm"},
			{Allow: true, Type: "c", Major: i64p(1), Minor: i64p(5), Access: "rw"}},
	}
	m := realCgroup(t, r)
	want := map[string]string{ // v2 files
		"memory.max": "67108864", "memory.swap.max": "67108864", "memory.low": "33554432",
		"cpu.weight": "20", "cpu.max": "150000 100000", "cpuset.cpus": "0", "cpuset.mems": "0", "pids.max": "100"}
	dir := func(string) string { return filepath.Join(DefaultRoot, m.Path()) }
	if m.Mode() == V1 {
		want = map[string]string{"memory/memory.limit_in_bytes": "67108864", "memory/memory.memsw.limit_in_bytes": "134217728",
			"memory/memory.soft_limit_in_bytes": "33554432", "memory/memory.swappiness": "0", "cpu/cpu.shares": "512",
			"cpu/cpu.cfs_quota_us": "150000", "cpu/cpu.cfs_period_us": "100000", "cpuset/cpuset.cpus": "0",
			"cpuset/cpuset.mems": "0", "pids/pids.max": "100", "devices/devices.list": "c 1:3 rwm\nc 1:5 rw"}
		dir = func(f string) string { return filepath.Join(DefaultRoot, filepath.Dir(f), m.Path()) }
	}
	for f, v := range want {
		got, err := readFile(dir(f), filepath.Base(f))
		if err != nil && strings.HasPrefix(f, "memory/memory.memsw") || err != nil && f == "memory.swap.max" {
			continue // no swap accounting
		}
		if err != nil || got != v {
			t.Errorf("%s = %q, %v; want %q", f, got, err, v)
		}
	}
}
