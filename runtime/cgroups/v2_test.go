package cgroups

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

func TestV2CreateWrites(t *testing.T) {
	q, p := CPUQuota(1.5)
	for _, tc := range []struct {
		name string
		r    *specs.LinuxResources
		want map[string]string // path under root -> content
	}{
		{"controllers enabled in root and /tent", nil, map[string]string{
			"cgroup.subtree_control":      "+cpu +cpuset +io +memory +pids",
			"tent/cgroup.subtree_control": "+cpu +cpuset +io +memory +pids"}},
		{"memory 32m, memory-swap 48m", &specs.LinuxResources{Memory: &specs.LinuxMemory{Limit: i64p(32 << 20), Swap: i64p(48 << 20)}},
			map[string]string{"tent/c1/memory.max": "33554432", "tent/c1/memory.swap.max": "16777216"}},
		{"--cpus 1.5 --cpu-shares 512", &specs.LinuxResources{CPU: &specs.LinuxCPU{Quota: &q, Period: &p, Shares: u64p(512)}},
			map[string]string{"tent/c1/cpu.max": "150000 100000", "tent/c1/cpu.weight": "20"}},
		{"pids 20", &specs.LinuxResources{Pids: &specs.LinuxPids{Limit: i64p(20)}},
			map[string]string{"tent/c1/pids.max": "20"}},
		{"unified", &specs.LinuxResources{Unified: map[string]string{"io.weight": "default 50"}},
			map[string]string{"tent/c1/io.weight": "default 50"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := fakeV2(t, "/tent/c1")
			m, err := New("/tent/c1", WithRoot(root), WithMode(V2))
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

func TestV2SubtreeFastPath(t *testing.T) {
	root := fakeV2(t, "/tent/c1")
	put(t, filepath.Join(root, "tent"), "cgroup.subtree_control", "cpuset cpu io memory pids\n")
	m, _ := New("/tent/c1", WithRoot(root), WithMode(V2))
	if err := m.Create(nil); err != nil {
		t.Fatal(err)
	}
	if got := get(t, root, "cgroup.subtree_control"); got != "" {
		t.Errorf("root subtree_control rewritten (%q) though /tent enables everything", got)
	}
}

func TestV2OnlyAvailableControllers(t *testing.T) {
	root := fakeV2(t, "/tent/c1")
	put(t, root, "cgroup.controllers", "memory pids")
	m, _ := New("/tent/c1", WithRoot(root), WithMode(V2))
	if err := m.Create(nil); err != nil {
		t.Fatal(err)
	}
	if got := get(t, root, "tent/cgroup.subtree_control"); got != "+memory +pids" {
		t.Errorf("subtree_control = %q", got)
	}
}

func TestV2Errors(t *testing.T) {
	for _, tc := range []struct {
		name, remove string
		r            *specs.LinuxResources
		want         string
	}{
		{"memory.max absent: named", "tent/c1/memory.max", &specs.LinuxResources{Memory: &specs.LinuxMemory{Limit: i64p(33554432)}},
			"create cgroup /tent/c1: write memory.max=33554432: no such file or directory"},
		{"swap.max absent (no swap accounting): skipped", "tent/c1/memory.swap.max",
			&specs.LinuxResources{Memory: &specs.LinuxMemory{Limit: i64p(1), Swap: i64p(-1)}}, ""},
		{"pids.max absent: named", "tent/c1/pids.max", &specs.LinuxResources{Pids: &specs.LinuxPids{Limit: i64p(20)}},
			"write pids.max=20: no such file or directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := fakeV2(t, "/tent/c1")
			if err := os.Remove(filepath.Join(root, tc.remove)); err != nil {
				t.Fatal(err)
			}
			m, _ := New("/tent/c1", WithRoot(root), WithMode(V2))
			m.(*v2).rmdir = func(string) error { return nil }
			err := m.Create(tc.r)
			if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
				t.Fatalf("Create: %v, want %q", err, tc.want)
			}
		})
	}
}

func TestV2StateFiles(t *testing.T) {
	root := fakeV2(t, "/tent/c1")
	d := filepath.Join(root, "tent/c1")
	m, _ := New("/tent/c1", WithRoot(root), WithMode(V2))
	m.(*v2).rmdir = removeAll
	if err := m.Create(nil); err != nil {
		t.Fatal(err)
	}
	if err := m.Apply(77); err != nil || get(t, d, "cgroup.procs") != "77" {
		t.Errorf("Apply: %v, cgroup.procs %q", err, get(t, d, "cgroup.procs"))
	}
	fd, ok, err := m.FD()
	if err != nil || !ok {
		t.Fatalf("FD: %d %v %v", fd, ok, err)
	}
	unix.Close(fd)
	put(t, d, "cgroup.events", "populated 1\nfrozen 1\n")
	if err := m.Freeze(); err != nil || get(t, d, "cgroup.freeze") != "1" {
		t.Errorf("Freeze: %v, cgroup.freeze %q", err, get(t, d, "cgroup.freeze"))
	}
	if frozen, err := m.Frozen(); err != nil || !frozen {
		t.Errorf("Frozen() = %v, %v with frozen 1", frozen, err)
	}
	put(t, d, "cgroup.events", "populated 1\nfrozen 0\n")
	if err := m.Thaw(); err != nil || get(t, d, "cgroup.freeze") != "0" {
		t.Errorf("Thaw: %v", err)
	}
	if frozen, err := m.Frozen(); err != nil || frozen {
		t.Errorf("Frozen() = %v, %v with frozen 0", frozen, err)
	}
	if err := m.Kill(); err != nil || get(t, d, "cgroup.kill") != "1" {
		t.Errorf("Kill: %v, cgroup.kill %q", err, get(t, d, "cgroup.kill"))
	}
	if err := m.Destroy(); err != nil || exists(d) {
		t.Errorf("Destroy: %v, dir left: %v", err, exists(d))
	}
	if _, err := Load("/tent/c1", WithRoot(root), WithMode(V2)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load after Destroy: %v", err)
	}
}

func TestV2Stats(t *testing.T) {
	root := fakeV2(t, "/tent/c1")
	d := filepath.Join(root, "tent/c1")
	put(t, d, "cpu.stat", "usage_usec 2500\nuser_usec 2000\nsystem_usec 500\n")
	put(t, d, "memory.current", "5000000\n")
	put(t, d, "memory.max", "33554432\n")
	put(t, d, "memory.stat", "anon 100\nfile 200\nactive_file 50\ninactive_file 1000000\n")
	put(t, d, "memory.events", "low 0\nhigh 0\nmax 5\noom 1\noom_kill 1\noom_group_kill 0\n")
	put(t, d, "pids.current", "4\n")
	put(t, d, "pids.max", "max\n")
	m, _ := New("/tent/c1", WithRoot(root), WithMode(V2))
	s, err := m.Stats()
	if err != nil {
		t.Fatal(err)
	}
	want := Stats{CPUUsageNanos: 2500000, MemoryUsage: 4000000, MemoryLimit: 33554432, Pids: 4, OOMKills: 1}
	if *s != want {
		t.Errorf("Stats = %+v, want %+v", *s, want)
	}
	if oom, err := m.OOMKilled(); !oom || err != nil {
		t.Errorf("OOMKilled = %v, %v", oom, err)
	}
	os.Remove(filepath.Join(d, "pids.current"))
	if _, err := m.Stats(); err != nil {
		t.Errorf("Stats without pids files: %v", err)
	}
}

func TestNewDetect(t *testing.T) {
	var st unix.Statfs_t
	tmp := t.TempDir()
	if err := unix.Statfs(tmp, &st); err == nil && st.Type != unix.TMPFS_MAGIC { // tmpfs counts as a v1 root
		if _, err := New("/tent/x", WithRoot(tmp)); err == nil || !strings.Contains(err.Error(), "is not a cgroup mount") {
			t.Errorf("New on a plain dir: %v", err)
		}
	}
	if _, err := New("tent/x", WithMode(V2)); err == nil {
		t.Error("New with a relative path: no error")
	}
	m, err := New("/tent/x", WithRoot(t.TempDir()), WithMode(V2))
	if err != nil || m.Mode() != V2 || m.Path() != "/tent/x" {
		t.Errorf("New: %v %v", m, err)
	}
}
