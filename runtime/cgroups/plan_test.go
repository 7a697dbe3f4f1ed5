package cgroups

import (
	"reflect"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

func i64p(v int64) *int64     { return &v }
func u64p(v uint64) *uint64   { return &v }
func boolp(v bool) *bool      { return &v }
func w1(c, f, v string) write { return write{ctrl: c, file: f, value: v} }
func w2(f, v string) write    { return write{file: f, value: v} }

func TestPlanV1(t *testing.T) {
	q, p := CPUQuota(1.5)
	for _, tc := range []struct {
		name string
		r    *specs.LinuxResources
		want []write
	}{
		{"nil", nil, nil},
		{"memory 32m, swap unlimited, swappiness", &specs.LinuxResources{Memory: &specs.LinuxMemory{
			Limit: i64p(32 << 20), Swap: i64p(-1), Swappiness: u64p(0)}},
			[]write{w1("memory", "memory.limit_in_bytes", "33554432"),
				{"memory", "memory.memsw.limit_in_bytes", "-1", true},
				w1("memory", "memory.swappiness", "0")}},
		{"memory with swap total, reservation, no oom killer", &specs.LinuxResources{Memory: &specs.LinuxMemory{
			Limit: i64p(100), Swap: i64p(300), Reservation: i64p(50), DisableOOMKiller: boolp(true)}},
			[]write{w1("memory", "memory.limit_in_bytes", "100"),
				{"memory", "memory.memsw.limit_in_bytes", "300", true},
				w1("memory", "memory.soft_limit_in_bytes", "50"),
				w1("memory", "memory.oom_control", "1")}},
		{"--cpus 1.5 --cpu-shares 512 --cpuset-cpus 0", &specs.LinuxResources{CPU: &specs.LinuxCPU{
			Quota: &q, Period: &p, Shares: u64p(512), Cpus: "0", Mems: "0"}},
			[]write{w1("cpu", "cpu.shares", "512"), w1("cpu", "cpu.cfs_period_us", "100000"),
				w1("cpu", "cpu.cfs_quota_us", "150000"), w1("cpuset", "cpuset.cpus", "0"),
				w1("cpuset", "cpuset.mems", "0")}},
		{"pids 10", &specs.LinuxResources{Pids: &specs.LinuxPids{Limit: i64p(10)}},
			[]write{w1("pids", "pids.max", "10")}},
		{"pids unlimited", &specs.LinuxResources{Pids: &specs.LinuxPids{Limit: i64p(-1)}},
			[]write{w1("pids", "pids.max", "max")}},
		{"devices: deny all then allow null and pts", &specs.LinuxResources{Devices: []specs.LinuxDeviceCgroup{
			{Allow: false, Access: "rwm"},
			{Allow: true, Type: "c", Major: i64p(1), Minor: i64p(3), Access: "rwm"},
			{Allow: true, Type: "c", Major: i64p(136), Access: "rw"}}},
			[]write{w1("devices", "devices.deny", "a *:* rwm"), w1("devices", "devices.allow", "c 1:3 rwm"),
				w1("devices", "devices.allow", "c 136:* rw")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := planV1(tc.r)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("planV1:\n got %v\nwant %v", got, tc.want)
			}
		})
	}
}

func TestPlanV2(t *testing.T) {
	q, p := CPUQuota(0.5)
	for _, tc := range []struct {
		name string
		r    *specs.LinuxResources
		want []write
	}{
		{"nil", nil, nil},
		{"memory 32m, memory-swap 64m", &specs.LinuxResources{Memory: &specs.LinuxMemory{
			Limit: i64p(32 << 20), Swap: i64p(64 << 20), Swappiness: u64p(10)}},
			[]write{w2("memory.max", "33554432"), {"", "memory.swap.max", "33554432", true}}},
		{"memory-swap equal to memory: no swap", &specs.LinuxResources{Memory: &specs.LinuxMemory{
			Limit: i64p(100), Swap: i64p(100)}},
			[]write{w2("memory.max", "100"), {"", "memory.swap.max", "0", true}}},
		{"memory-swap -1, memory -1, reservation", &specs.LinuxResources{Memory: &specs.LinuxMemory{
			Limit: i64p(-1), Swap: i64p(-1), Reservation: i64p(10)}},
			[]write{w2("memory.max", "max"), {"", "memory.swap.max", "max", true}, w2("memory.low", "10")}},
		{"--cpus 0.5, shares 1024", &specs.LinuxResources{CPU: &specs.LinuxCPU{
			Quota: &q, Period: &p, Shares: u64p(1024)}},
			[]write{w2("cpu.weight", "39"), w2("cpu.max", "50000 100000")}},
		{"quota -1: max", &specs.LinuxResources{CPU: &specs.LinuxCPU{Quota: i64p(-1)}},
			[]write{w2("cpu.max", "max 100000")}},
		{"cpuset, pids", &specs.LinuxResources{CPU: &specs.LinuxCPU{Cpus: "0-1", Mems: "0"},
			Pids: &specs.LinuxPids{Limit: i64p(20)}},
			[]write{w2("cpuset.cpus", "0-1"), w2("cpuset.mems", "0"), w2("pids.max", "20")}},
		{"unified map, sorted", &specs.LinuxResources{Unified: map[string]string{"memory.high": "1000", "io.weight": "50"}},
			[]write{w2("io.weight", "50"), w2("memory.high", "1000")}},
		{"devices are not written on v2", &specs.LinuxResources{Devices: []specs.LinuxDeviceCgroup{{Allow: false}}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := planV2(tc.r)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("planV2:\n got %v\nwant %v", got, tc.want)
			}
		})
	}
}

func TestPlanErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		plan func(*specs.LinuxResources) ([]write, error)
		r    *specs.LinuxResources
		want string
	}{
		{"v2 swap without limit", planV2, &specs.LinuxResources{Memory: &specs.LinuxMemory{Swap: i64p(100)}},
			"memory.swap.max: memory+swap 100 given without a memory limit"},
		{"v2 swap below limit", planV2, &specs.LinuxResources{Memory: &specs.LinuxMemory{Limit: i64p(200), Swap: i64p(100)}},
			"memory.swap.max: memory+swap 100 is below the memory limit 200"},
		{"v2 unified path", planV2, &specs.LinuxResources{Unified: map[string]string{"../x": "1"}},
			`unified resource "../x": not a cgroup file name`},
		{"v1 unified", planV1, &specs.LinuxResources{Unified: map[string]string{"memory.high": "1"}},
			"only cgroup v2"},
		{"v1 device type", planV1, &specs.LinuxResources{Devices: []specs.LinuxDeviceCgroup{{Type: "x"}}},
			`device rule: bad type "x"`},
		{"v1 device access", planV1, &specs.LinuxResources{Devices: []specs.LinuxDeviceCgroup{{Access: "rwx"}}},
			`device rule: bad access "rwx"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.plan(tc.r)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestSharesToWeight(t *testing.T) {
	for _, tc := range []struct{ shares, weight uint64 }{
		{0, 0}, {2, 1}, {1024, 39}, {262144, 10000}, {1, 1}, {1 << 30, 10000},
	} {
		if got := SharesToWeight(tc.shares); got != tc.weight {
			t.Errorf("SharesToWeight(%d) = %d, want %d", tc.shares, got, tc.weight)
		}
	}
}

func TestCPUQuota(t *testing.T) {
	for _, tc := range []struct {
		cpus  float64
		quota int64
	}{{1, 100000}, {0.5, 50000}, {1.5, 150000}, {0.01, 1000}, {2, 200000}} {
		q, p := CPUQuota(tc.cpus)
		if q != tc.quota || p != 100000 {
			t.Errorf("CPUQuota(%v) = %d/%d, want %d/100000", tc.cpus, q, p, tc.quota)
		}
	}
}

func TestCleanPath(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"/tent/abc", "/tent/abc", true}, {"/tent/abc/", "/tent/abc", true},
		{"tent/abc", "", false}, {"/", "", false}, {"/tent/../x", "", false}, {"//tent", "", false},
	} {
		got, err := cleanPath(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("cleanPath(%q) = %q, %v; want %q ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}
