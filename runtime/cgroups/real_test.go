package cgroups

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/internal/testutil"
	"github.com/tent-dev/tent/runtime/cgroups/devices"
)

// Tests on the host's real cgroups (v1 here; v2 inside the VM test of
// tests/cgroupv2_test.go, which runs this package's test binary). Root only.

const helperEnv = "TENT_CGROUP_TEST_HELPER"

func TestMain(m *testing.M) {
	if h := os.Getenv(helperEnv); h != "" {
		os.Exit(helper(h))
	}
	before := countTentDirs()
	code := m.Run()
	if after := countTentDirs(); code == 0 && after != before {
		fmt.Fprintf(os.Stderr, "cgroup dirs under tent: %d before, %d after: leaked\n", before, after)
		code = 1
	}
	os.Exit(code)
}

// helper is a child process body: wait for the parent to put us in the
// cgroup (a byte on stdin), then do the job.
func helper(job string) int {
	var b [1]byte
	os.Stdin.Read(b[:])
	switch job {
	case "alloc": // 100 MB, every page touched
		var keep [][]byte
		for i := 0; i < 100; i++ {
			p := make([]byte, 1<<20)
			for j := range p {
				if j%4096 == 0 {
					p[j] = 1
				}
			}
			keep = append(keep, p)
		}
		fmt.Println("allocated", len(keep), "MB")
		return 0
	case "devices":
		return devicesHelper()
	case "spin":
		for end := time.Now().Add(time.Second); time.Now().Before(end); {
		}
		return 0
	}
	return 2
}

// countTentDirs counts this package's test cgroups (tent/test-*) in every
// hierarchy; other engineers' containers may come and go meanwhile.
func countTentDirs() int {
	n := 0
	for _, pat := range []string{DefaultRoot + "/*/tent/test-*", DefaultRoot + "/tent/test-*"} {
		ms, _ := filepath.Glob(pat)
		for _, m := range ms {
			if fi, err := os.Stat(m); err == nil && fi.IsDir() {
				n++
			}
		}
	}
	return n
}

// realCgroup creates /tent/test-<pid>-<name> with r, and destroys it at the
// end, checking no dir is left.
func realCgroup(t *testing.T, r *specs.LinuxResources) Manager {
	t.Helper()
	testutil.RequireRoot(t)
	mode, err := Detect(DefaultRoot)
	if err != nil {
		t.Skip(err)
	}
	// The VM test sets this so a wrongly mounted guest cannot pass as v2.
	if want := os.Getenv("TENT_CGROUP_EXPECT"); want != "" && mode.String() != want {
		t.Fatalf("cgroup mode %v, the VM expects %s", mode, want)
	}
	m, err := New(fmt.Sprintf("/tent/test-%d-%s", os.Getpid(), strings.ReplaceAll(t.Name(), "/", "-")),
		WithDeviceFilter(devices.Filter{}))
	if err != nil {
		t.Fatal(err)
	}
	if m.Mode() != mode {
		t.Fatalf("New picked %v, Detect says %v", m.Mode(), mode)
	}
	if err := m.Create(r); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = m.Kill()
		if err := m.Destroy(); err != nil {
			t.Error(err)
		}
		if _, err := Load(m.Path()); err == nil {
			t.Errorf("%s still there after Destroy", m.Path())
		}
	})
	return m
}

// started is a child already moved into m and released.
type started struct {
	cmd *exec.Cmd
	mu  sync.Mutex
	out strings.Builder
}

func (s *started) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.out.Write(p)
}

func (s *started) output() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.out.String()
}

func start(t *testing.T, m Manager, cmd *exec.Cmd) *started {
	t.Helper()
	s := &started{cmd: cmd}
	cmd.Stdout, cmd.Stderr = s, s
	gate, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	cmd.WaitDelay = 5 * time.Second
	t.Cleanup(func() { m.Kill(); cmd.Process.Kill(); cmd.Wait() })
	if cmd.SysProcAttr == nil || !cmd.SysProcAttr.UseCgroupFD {
		if err := m.Apply(cmd.Process.Pid); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := gate.Write([]byte("\n")); err != nil {
		t.Fatal(err)
	}
	return s
}

// waitFor polls the child's output for word (10s at most).
func (s *started) waitFor(t *testing.T, word string) {
	t.Helper()
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		if strings.Contains(s.output(), word) {
			return
		}
	}
	t.Fatalf("child did not say %q in 10s", word)
}

func helperCmd(job string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+job)
	return cmd
}

func shCmd(t *testing.T, script string) *exec.Cmd {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	return exec.Command(sh, "-c", "read x; "+script)
}

func TestRealOOMKill(t *testing.T) {
	m := realCgroup(t, &specs.LinuxResources{Memory: &specs.LinuxMemory{Limit: i64p(32 << 20), Swap: i64p(32 << 20)}})
	c := start(t, m, helperCmd("alloc"))
	err := c.cmd.Wait()
	st, _ := c.cmd.ProcessState.Sys().(syscall.WaitStatus)
	if !st.Signaled() || st.Signal() != syscall.SIGKILL {
		t.Fatalf("child: %v (want SIGKILL by the OOM killer); output: %s", err, c.output())
	}
	oom, err := m.OOMKilled()
	if err != nil || !oom {
		t.Errorf("OOMKilled = %v, %v", oom, err)
	}
	s, err := m.Stats()
	if err != nil || s.OOMKills == 0 || s.MemoryLimit != 32<<20 {
		t.Errorf("Stats = %+v, %v", s, err)
	}
	t.Logf("OOM-killed at 32 MiB; stats %+v", *s)
}

func TestRealPidsLimit(t *testing.T) {
	m := realCgroup(t, &specs.LinuxResources{Pids: &specs.LinuxPids{Limit: i64p(10)}})
	c := start(t, m, shCmd(t, `for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do sleep 30 & done; echo all forked; wait`))
	c.waitFor(t, "fork") // dash: "Cannot fork"; busybox: "can't fork"
	pids, err := m.Pids()
	if err != nil {
		t.Fatal(err)
	}
	s, err := m.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if len(pids) > 10 || len(pids) < 9 || s.PidsLimit != 10 || strings.Contains(c.output(), "all forked") {
		t.Errorf("pids %d (%v), stats %+v; want 9-10 of limit 10; output: %s", len(pids), pids, *s, c.output())
	}
	t.Logf("fork loop stopped at %d pids; sh said: %q", len(pids), firstLine(c.output()))
}

func firstLine(s string) string { l, _, _ := strings.Cut(s, "\n"); return l }

func TestRealStatsFreeze(t *testing.T) {
	m := realCgroup(t, &specs.LinuxResources{Memory: &specs.LinuxMemory{Limit: i64p(64 << 20)},
		Pids: &specs.LinuxPids{Limit: i64p(50)}})
	c := start(t, m, shCmd(t, `i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; echo spun; sleep 30; echo end`))
	c.waitFor(t, "spun")
	for i := 0; i < 200; i++ { // sh forks sleep just after it says "spun"
		if p, _ := m.Pids(); len(p) == 2 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	s, err := m.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if s.CPUUsageNanos == 0 || s.MemoryUsage == 0 || s.MemoryLimit != 64<<20 || s.Pids != 2 || s.PidsLimit != 50 || s.OOMKills != 0 {
		t.Errorf("Stats = %+v", *s)
	}
	if err := m.Freeze(); err != nil {
		t.Fatal(err)
	}
	if err := m.Thaw(); err != nil {
		t.Fatal(err)
	}
	if err := m.Update(&specs.LinuxResources{Memory: &specs.LinuxMemory{Limit: i64p(128 << 20)}}); err != nil {
		t.Fatal(err)
	}
	if s, _ := m.Stats(); s.MemoryLimit != 128<<20 {
		t.Errorf("after Update: limit %d", s.MemoryLimit)
	}
	t.Logf("stats %+v", *s)
}

func TestRealCPUQuota(t *testing.T) {
	q, p := CPUQuota(0.2)
	m := realCgroup(t, &specs.LinuxResources{CPU: &specs.LinuxCPU{Quota: &q, Period: &p}})
	t0 := time.Now()
	c := start(t, m, helperCmd("spin"))
	c.cmd.Wait()
	wall := time.Since(t0)
	s, err := m.Stats()
	if err != nil {
		t.Fatal(err)
	}
	// The child spins for 1s of wall time; at 0.2 CPUs it gets ~0.2s of CPU.
	ratio := float64(s.CPUUsageNanos) / float64(wall.Nanoseconds())
	if ratio > 0.35 || s.CPUUsageNanos == 0 {
		t.Errorf("--cpus 0.2: used %v CPU in %v wall (ratio %.2f)", time.Duration(s.CPUUsageNanos), wall, ratio)
	}
	t.Logf("--cpus 0.2: %v CPU in %v wall (ratio %.2f)", time.Duration(s.CPUUsageNanos), wall, ratio)
}

func TestRealCloneIntoCgroup(t *testing.T) {
	m := realCgroup(t, nil)
	fd, ok, err := m.FD()
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		t.Skip("FD: cgroup v1 has no CLONE_INTO_CGROUP")
	}
	defer syscall.Close(fd)
	cmd := shCmd(t, "sleep 30")
	cmd.SysProcAttr = &syscall.SysProcAttr{UseCgroupFD: true, CgroupFD: fd}
	c := start(t, m, cmd)
	pids, err := m.Pids()
	if err != nil || len(pids) == 0 || pids[0] != c.cmd.Process.Pid {
		t.Errorf("Pids = %v, %v; want [%d]", pids, err, c.cmd.Process.Pid)
	}
}
