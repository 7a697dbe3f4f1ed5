package cgroups

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Fake hierarchies: temp dir trees shaped like /sys/fs/cgroup, with the files
// the kernel would create. Writes truncate, so a file holds the last value.

var v1Files = map[string][]string{
	"memory": {"memory.limit_in_bytes", "memory.memsw.limit_in_bytes", "memory.soft_limit_in_bytes",
		"memory.swappiness", "memory.oom_control", "memory.usage_in_bytes", "memory.stat"},
	"cpu":     {"cpu.shares", "cpu.cfs_period_us", "cpu.cfs_quota_us", "cpu.cfs_burst_us"},
	"cpuacct": {"cpuacct.usage"},
	"pids":    {"pids.max", "pids.current"},
	"cpuset":  {"cpuset.cpus", "cpuset.mems"},
	"devices": {"devices.allow", "devices.deny"},
	"freezer": {"freezer.state"},
	"blkio":   {"blkio.weight"},
}

var v2Files = []string{"cgroup.procs", "cgroup.controllers", "cgroup.subtree_control", "cgroup.events",
	"cgroup.freeze", "cgroup.kill", "memory.max", "memory.swap.max", "memory.low", "memory.current",
	"memory.stat", "memory.events", "cpu.max", "cpu.weight", "cpu.stat", "cpuset.cpus", "cpuset.mems",
	"pids.max", "pids.current", "io.weight"}

func touch(t *testing.T, dir string, files ...string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func put(t *testing.T, dir, file, value string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, file), []byte(value), 0o644); err != nil {
		t.Fatal(err)
	}
}

func get(t *testing.T, dir, file string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

// fakeV1 makes root/<ctrl> for ctrls and, as the kernel would on mkdir,
// the files in root/<ctrl>/tent and root/<ctrl><leaf>.
func fakeV1(t *testing.T, leaf string, ctrls ...string) string {
	root := t.TempDir()
	for _, c := range ctrls {
		files := append([]string{"cgroup.procs"}, v1Files[c]...)
		for _, d := range []string{"", "/tent", leaf} {
			touch(t, filepath.Join(root, c+d), files...)
		}
	}
	if len(ctrls) > 0 && contains(ctrls, "cpuset") {
		put(t, filepath.Join(root, "cpuset"), "cpuset.cpus", "0-1")
		put(t, filepath.Join(root, "cpuset"), "cpuset.mems", "0")
	}
	return root
}

func fakeV2(t *testing.T, leaf string) string {
	root := t.TempDir()
	for _, d := range []string{"", "/tent", leaf} {
		touch(t, root+d, v2Files...)
	}
	put(t, root, "cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma misc")
	return root
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// removeAll stands in for rmdir(2) on a fake tree, whose dirs hold real files.
func removeAll(dir string) error {
	if _, err := os.Stat(dir); err != nil {
		return err
	}
	return os.RemoveAll(dir)
}
