package tests

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// leaks is a snapshot of what containers leave on the host if torn down badly.
type leaks struct {
	mounts  map[string]bool // mountinfo lines, mount ids dropped
	cgroups map[string]bool // dirs under the tent cgroup parents
	veths   map[string]bool // veth link names
	nft     map[string]bool // rule lines of `nft list table ip tent`
	state   map[string]bool // entries of TENT_STATE/runtime and /netns
	procs   map[string]bool // processes of this run running tent, tent-init or tent-image
}

// leakSnapshot records the host state that tent runs must give back. Take it
// before the runs, and compare with assertNoLeaks after them.
func leakSnapshot(t testing.TB) leaks {
	t.Helper()
	return leaks{
		mounts:  mountLines(t),
		cgroups: cgroupDirs(),
		veths:   vethNames(t),
		nft:     nftRules(),
		state:   stateEntries(testState),
		procs:   tentProcs(t),
	}
}

// assertNoLeaks fails the test if anything was added since before. The kernel
// tears some things down asynchronously (veths, netns), so it polls for up to
// 5 s before it reports; this is a window, not a speed assertion.
func assertNoLeaks(t testing.TB, before leaks) {
	t.Helper()
	var added []string
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if added = before.added(leakSnapshot(t)); len(added) == 0 || time.Now().After(deadline) {
			break
		}
	}
	if len(added) > 0 {
		t.Errorf("left behind after the containers were gone (another tent run on this host at the same time would also show here):\n  %s",
			strings.Join(added, "\n  "))
	}
}

// added lists what after has that l has not, sorted.
func (l leaks) added(after leaks) []string {
	var added []string
	for _, c := range []struct {
		what          string
		before, after map[string]bool
	}{
		{"mount", l.mounts, after.mounts},
		{"cgroup", l.cgroups, after.cgroups},
		{"veth", l.veths, after.veths},
		{"nft rule", l.nft, after.nft},
		{"state entry", l.state, after.state},
		{"process", l.procs, after.procs},
	} {
		for k := range c.after {
			if !c.before[k] {
				added = append(added, c.what+": "+k)
			}
		}
	}
	sort.Strings(added)
	return added
}

// initExe is the runtime's read-only mount of its init binary, made once per
// state dir by the first run and kept (runtime/init_exe_linux.go): no leak
// in the suite's own state dir (cleanupRun unmounts it), nor in a test's
// temp dir (shortTempDir unmounts it); anywhere else it outlives the test.
// So do exec's trampoline, a read-only mount of execDMZ+".elf" made by
// the first exec (runtime/execdmz_file_linux.go), and the static init, one
// of staticInit+".elf" made by the first run (runtime/sinit_file_linux.go).
const (
	initExe    = ".init-exe"
	execDMZ    = ".exec-dmz"
	staticInit = ".static-init"
)

// runtimeOwn: a file the runtime keeps under its root (not a leak).
func runtimeOwn(name string) bool {
	return name == initExe || name == execDMZ || name == execDMZ+".elf" || name == staticInit || name == staticInit+".elf"
}

func mountLines(t testing.TB) map[string]bool {
	data, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		t.Fatalf("leak snapshot: %v", err)
	}
	suiteOwn := map[string]bool{filepath.Join(testState, "runtime", initExe): true,
		filepath.Join(testState, "runtime", execDMZ): true, filepath.Join(testState, "runtime", staticInit): true}
	m := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if f := strings.Fields(line); len(f) > 4 && !suiteOwn[unescapeMount(f[4])] {
			// Drop mount id and parent id: a remount of the same thing is no leak.
			m[strings.Join(f[2:], " ")] = true
		}
	}
	return m
}

// cgroupDirs lists dirs under /sys/fs/cgroup/*/tent (v1 and hybrid) and
// /sys/fs/cgroup/tent (v2), and the same for tent-runc's parent.
func cgroupDirs() map[string]bool {
	m := map[string]bool{}
	parents, _ := filepath.Glob("/sys/fs/cgroup/*/tent")
	runc, _ := filepath.Glob("/sys/fs/cgroup/*/tent-runc")
	parents = append(append(parents, runc...), "/sys/fs/cgroup/tent", "/sys/fs/cgroup/tent-runc")
	for _, p := range parents {
		_ = filepath.WalkDir(p, func(path string, d os.DirEntry, err error) error {
			if err == nil && d.IsDir() && path != p {
				m[path] = true
			}
			return nil
		})
	}
	return m
}

func vethNames(t testing.TB) map[string]bool {
	m := map[string]bool{}
	out, err := exec.Command("ip", "-o", "link", "show", "type", "veth").Output()
	if err != nil {
		t.Logf("leak snapshot: ip link: %v (veths not checked)", err)
		return m
	}
	for _, line := range strings.Split(string(out), "\n") {
		if f := strings.Fields(line); len(f) > 1 {
			m[strings.SplitN(strings.TrimSuffix(f[1], ":"), "@", 2)[0]] = true
		}
	}
	return m
}

// nftRules lists the rules of tent's own table; none when there is no table.
func nftRules() map[string]bool {
	m := map[string]bool{}
	out, err := exec.Command("nft", "list", "table", "ip", "tent").Output()
	if err != nil {
		return m
	}
	for _, line := range strings.Split(string(out), "\n") {
		line = strings.TrimSpace(line)
		if i := strings.Index(line, " # handle"); i >= 0 {
			line = line[:i]
		}
		switch {
		case line == "", line == "}", strings.HasPrefix(line, "table "), strings.HasPrefix(line, "chain "),
			strings.HasPrefix(line, "type "), strings.HasPrefix(line, "policy "):
			continue
		}
		m[line] = true
	}
	return m
}

func stateEntries(state string) map[string]bool {
	m := map[string]bool{}
	for _, sub := range []string{"runtime", "netns"} {
		ents, _ := os.ReadDir(filepath.Join(state, sub))
		for _, e := range ents {
			if !runtimeOwn(e.Name()) {
				m[filepath.Join(sub, e.Name())] = true
			}
		}
	}
	return m
}

func tentProcs(t testing.TB) map[string]bool {
	m := map[string]bool{}
	if buildErrs["tent"] != nil {
		return m // no binary, no processes of it
	}
	pids := append(pidsOf(filepath.Join(binDir, "tent")), pidsOf(filepath.Join(binDir, "tent-init"))...)
	pids = append(pids, pidsOf(filepath.Join(binDir, "tent-image"))...)
	pids = append(pids, lingerPids()...)
	for _, pid := range pids {
		cmdline, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
		m[fmt.Sprintf("%d %s", pid, bytes.ReplaceAll(bytes.TrimRight(cmdline, "\x00"), []byte{0}, []byte{' '}))] = true
	}
	return m
}

// lingerPids are the holders of this run's nftables sockets (runtime.Linger:
// the static init under the test state, argv "tent-linger"), which must
// exit soon after the tent that started them.
func lingerPids() []int {
	exe := filepath.Join(testState, "runtime", ".static-init")
	ents, _ := os.ReadDir("/proc")
	var pids []int
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		cmdline, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
		if p, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid)); err == nil && p == exe && string(cmdline) == "tent-linger\x00" {
			pids = append(pids, pid)
		}
	}
	return pids
}

// TestHarnessLeakSnapshot checks that a snapshot sees a mount and a state
// entry appear, and nothing when they are gone again.
func TestHarnessLeakSnapshot(t *testing.T) {
	before := leakSnapshot(t)
	mp := filepath.Join(testTmp, "leak-probe")
	entry := filepath.Join(testState, "runtime", "leak-probe")
	for _, d := range []string{mp, entry} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mount("tmpfs", mp, "tmpfs", 0, "size=1m"); err != nil {
		t.Fatalf("mount tmpfs: %v", err)
	}
	got := before.added(leakSnapshot(t))
	want := map[string]bool{"mount": false, "state entry": false}
	for _, a := range got {
		what, rest, _ := strings.Cut(a, ": ")
		if what == "mount" && strings.Contains(rest, mp) || what == "state entry" && strings.HasSuffix(rest, "leak-probe") {
			want[what] = true
		}
	}
	for what, seen := range want {
		if !seen {
			t.Errorf("snapshot did not see the %s added; it saw: %q", what, got)
		}
	}
	if err := syscall.Unmount(mp, 0); err != nil {
		t.Fatalf("unmount: %v", err)
	}
	if err := os.Remove(entry); err != nil {
		t.Fatal(err)
	}
	assertNoLeaks(t, before)
}

// Places where a test's mount must not outlive it: tent-runc's, runc's and
// crun's default roots (an engine that passes no --root), and go test's temp
// dirs. The suite's own dir (testTmp) is unmounted by cleanupRun.
var outlivingMountDirs = []string{"/run/tent-runc", "/run/runc", "/run/crun", filepath.Join(os.TempDir(), "Test")}

// suiteMounts lists the mount points now in outlivingMountDirs.
func suiteMounts() map[string]bool {
	m := map[string]bool{}
	data, _ := os.ReadFile("/proc/self/mountinfo")
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) < 5 {
			continue
		}
		mp := unescapeMount(f[4])
		for _, d := range outlivingMountDirs {
			if mp == d || strings.HasPrefix(mp, d) && (strings.HasSuffix(d, "Test") || strings.HasPrefix(mp, d+"/")) {
				m[mp] = true
			}
		}
	}
	return m
}

// mountsOutliving is what suiteMounts has now that it had not before.
func mountsOutliving(before map[string]bool) []string {
	var left []string
	for mp := range suiteMounts() {
		if !before[mp] {
			left = append(left, mp)
		}
	}
	sort.Strings(left)
	return left
}
