package cgroups

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

var allV1 = []string{"memory", "cpu", "cpuacct", "pids", "cpuset", "devices", "freezer", "blkio"}

func TestV1CreateWrites(t *testing.T) {
	q, p := CPUQuota(0.5)
	for _, tc := range []struct {
		name string
		r    *specs.LinuxResources
		want map[string]string // path under root -> content
	}{
		{"memory and swap", &specs.LinuxResources{Memory: &specs.LinuxMemory{Limit: i64p(32 << 20), Swap: i64p(64 << 20), Swappiness: u64p(0)}},
			map[string]string{"memory/tent/c1/memory.limit_in_bytes": "33554432",
				"memory/tent/c1/memory.memsw.limit_in_bytes": "67108864", "memory/tent/c1/memory.swappiness": "0"}},
		{"cpus and shares", &specs.LinuxResources{CPU: &specs.LinuxCPU{Quota: &q, Period: &p, Shares: u64p(256)}},
			map[string]string{"cpu/tent/c1/cpu.cfs_quota_us": "50000", "cpu/tent/c1/cpu.cfs_period_us": "100000",
				"cpu/tent/c1/cpu.shares": "256"}},
		{"pids", &specs.LinuxResources{Pids: &specs.LinuxPids{Limit: i64p(10)}},
			map[string]string{"pids/tent/c1/pids.max": "10"}},
		{"devices: last of each file", &specs.LinuxResources{Devices: []specs.LinuxDeviceCgroup{
			{Allow: false, Access: "rwm"}, {Allow: true, Type: "c", Major: i64p(1), Minor: i64p(5), Access: "rwm"}}},
			map[string]string{"devices/tent/c1/devices.deny": "a *:* rwm", "devices/tent/c1/devices.allow": "c 1:5 rwm"}},
		{"devices: a run of rules shares one open, a write each", &specs.LinuxResources{Devices: []specs.LinuxDeviceCgroup{
			{Allow: false, Access: "rwm"}, {Allow: true, Type: "c", Major: i64p(1), Minor: i64p(5), Access: "rwm"},
			{Allow: true, Type: "c", Major: i64p(1), Minor: i64p(3), Access: "rwm"}}},
			map[string]string{"devices/tent/c1/devices.deny": "a *:* rwm", "devices/tent/c1/devices.allow": "c 1:5 rwmc 1:3 rwm"}},
		{"cpuset copied down through /tent", nil,
			map[string]string{"cpuset/tent/cpuset.cpus": "0-1", "cpuset/tent/cpuset.mems": "0",
				"cpuset/tent/c1/cpuset.cpus": "0-1", "cpuset/tent/c1/cpuset.mems": "0"}},
		{"cpuset from the spec", &specs.LinuxResources{CPU: &specs.LinuxCPU{Cpus: "1"}},
			map[string]string{"cpuset/tent/c1/cpuset.cpus": "1", "cpuset/tent/c1/cpuset.mems": "0"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := fakeV1(t, "/tent/c1", allV1...)
			m, err := New("/tent/c1", WithRoot(root), WithMode(V1))
			if err != nil {
				t.Fatal(err)
			}
			if err := m.Create(tc.r); err != nil {
				t.Fatal(err)
			}
			for f, v := range tc.want {
				if got := get(t, root, f); got != v {
					t.Errorf("%s = %q, want %q", f, got, v)
				}
			}
		})
	}
}

func TestV1Errors(t *testing.T) {
	mem := &specs.LinuxResources{Memory: &specs.LinuxMemory{Limit: i64p(32 << 20), Swap: i64p(-1)}}
	for _, tc := range []struct {
		name   string
		ctrls  []string
		remove string // file under root to delete first
		r      *specs.LinuxResources
		want   string // "" = no error
	}{
		{"memsw absent: skipped quietly", allV1, "memory/tent/c1/memory.memsw.limit_in_bytes", mem, ""},
		{"limit file absent: named", allV1, "memory/tent/c1/memory.limit_in_bytes", mem,
			"create cgroup /tent/c1: write memory.limit_in_bytes=33554432: no such file or directory"},
		{"pids not mounted", []string{"memory", "cpu"}, "", &specs.LinuxResources{Pids: &specs.LinuxPids{Limit: i64p(5)}},
			"write pids.max=5: controller pids not mounted"},
		{"memsw without memory controller: skipped", []string{"cpu"}, "", &specs.LinuxResources{Memory: &specs.LinuxMemory{Swap: i64p(-1)}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := fakeV1(t, "/tent/c1", tc.ctrls...)
			if tc.remove != "" {
				if err := os.Remove(filepath.Join(root, tc.remove)); err != nil {
					t.Fatal(err)
				}
			}
			m, _ := New("/tent/c1", WithRoot(root), WithMode(V1))
			m.(*v1).rmdir = func(string) error { return nil }
			err := m.Create(tc.r)
			if tc.want == "" && err != nil || tc.want != "" && (err == nil || err.Error() != tc.want && !strings.Contains(err.Error(), tc.want)) {
				t.Fatalf("Create: %v, want %q", err, tc.want)
			}
		})
	}
}

func TestV1ApplyPidsDestroy(t *testing.T) {
	root := fakeV1(t, "/tent/c1", "memory", "pids", "freezer")
	m, _ := New("/tent/c1", WithRoot(root), WithMode(V1))
	m.(*v1).rmdir = removeAll
	if err := m.Create(nil); err != nil {
		t.Fatal(err)
	}
	if err := m.Apply(4242); err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"memory", "pids", "freezer"} {
		if got := get(t, root, c+"/tent/c1/cgroup.procs"); got != "4242" {
			t.Errorf("%s cgroup.procs = %q", c, got)
		}
	}
	put(t, filepath.Join(root, "pids/tent/c1"), "cgroup.procs", "1\n22\n333\n")
	if pids, err := m.Pids(); err != nil || !reflect.DeepEqual(pids, []int{1, 22, 333}) {
		t.Errorf("Pids = %v, %v", pids, err)
	}
	if _, ok, err := m.FD(); ok || err != nil {
		t.Errorf("FD on v1: ok=%v err=%v", ok, err)
	}
	if _, err := Load("/tent/c1", WithRoot(root), WithMode(V1)); err != nil {
		t.Errorf("Load before Destroy: %v", err)
	}
	if err := m.Destroy(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"memory", "pids", "freezer"} {
		if exists(filepath.Join(root, c, "tent/c1")) {
			t.Errorf("%s/tent/c1 left after Destroy", c)
		}
	}
	if _, err := Load("/tent/c1", WithRoot(root), WithMode(V1)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load after Destroy: %v, want ErrNotExist", err)
	}
}

func TestV1Stats(t *testing.T) {
	root := fakeV1(t, "/tent/c1", allV1...)
	d := func(c string) string { return filepath.Join(root, c, "tent/c1") }
	put(t, d("cpuacct"), "cpuacct.usage", "123456789\n")
	put(t, d("memory"), "memory.usage_in_bytes", "10000000\n")
	put(t, d("memory"), "memory.limit_in_bytes", "9223372036854771712\n")
	put(t, d("memory"), "memory.stat", "cache 5\ninactive_file 7\ntotal_inactive_file 1000000\n")
	put(t, d("memory"), "memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n")
	put(t, d("pids"), "pids.current", "3\n")
	put(t, d("pids"), "pids.max", "max\n")
	m, _ := New("/tent/c1", WithRoot(root), WithMode(V1))
	s, err := m.Stats()
	if err != nil {
		t.Fatal(err)
	}
	want := Stats{CPUUsageNanos: 123456789, MemoryUsage: 9000000, MemoryLimit: 0, Pids: 3, PidsLimit: 0, OOMKills: 2}
	if *s != want {
		t.Errorf("Stats = %+v, want %+v", *s, want)
	}
	if oom, err := m.OOMKilled(); !oom || err != nil {
		t.Errorf("OOMKilled = %v, %v", oom, err)
	}
	put(t, d("memory"), "memory.limit_in_bytes", "33554432\n")
	put(t, d("memory"), "memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 0\n")
	put(t, d("pids"), "pids.max", "10\n")
	s, _ = m.Stats()
	if s.MemoryLimit != 33554432 || s.PidsLimit != 10 || s.OOMKills != 0 {
		t.Errorf("Stats limits = %+v", *s)
	}
	if oom, _ := m.OOMKilled(); oom {
		t.Error("OOMKilled with oom_kill 0")
	}
}

func TestV1Freeze(t *testing.T) {
	root := fakeV1(t, "/tent/c1", "freezer")
	m, _ := New("/tent/c1", WithRoot(root), WithMode(V1))
	for _, tc := range []struct {
		f    func() error
		want string
	}{{m.Freeze, "FROZEN"}, {m.Thaw, "THAWED"}} {
		if err := tc.f(); err != nil {
			t.Fatal(err)
		}
		if got := get(t, root, "freezer/tent/c1/freezer.state"); got != tc.want {
			t.Errorf("freezer.state = %q, want %q", got, tc.want)
		}
		if frozen, err := m.Frozen(); err != nil || frozen != (tc.want == "FROZEN") {
			t.Errorf("Frozen() = %v, %v with freezer.state %s", frozen, err, tc.want)
		}
	}
}
