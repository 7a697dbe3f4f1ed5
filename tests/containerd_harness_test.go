package tests

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// containerd is a private containerd daemon a test starts: root, state,
// sockets and the runtime's root under its own dir. containerd 1.6 still
// puts shim sockets in /run/containerd/s and fifos in /run/containerd/fifo.
type containerd struct {
	dir, sock string
	runcRoot  string // --runc-root for ctr run
	log       string
}

// startContainerd writes a config.toml (extra is appended: plugin sections)
// and starts containerd with it; it is stopped, and its mounts removed, in
// t.Cleanup. With cri false the CRI plugin is disabled.
func startContainerd(t testing.TB, cri bool, extra string) *containerd {
	t.Helper()
	return startContainerdIn(t, shortTempDir(t, "ctd"), cri, extra)
}

// startContainerdIn is startContainerd with everything under dir.
func startContainerdIn(t testing.TB, dir string, cri bool, extra string) *containerd {
	t.Helper()
	exe := needTool(t, "containerd", "containerd")
	c := &containerd{dir: dir, sock: filepath.Join(dir, "c.sock"), runcRoot: filepath.Join(dir, "runc"),
		log: filepath.Join(dir, "containerd.log")}
	disabled := `["io.containerd.grpc.v1.cri"]`
	if cri {
		disabled = "[]"
	}
	conf := fmt.Sprintf(`version = 2
root = %q
state = %q
disabled_plugins = %s
[grpc]
  address = %q
[ttrpc]
  address = %q
[debug]
  level = "debug"
[plugins."io.containerd.internal.v1.opt"]
  path = %q
%s`, filepath.Join(dir, "root"), filepath.Join(dir, "state"), disabled, c.sock, filepath.Join(dir, "t.sock"),
		filepath.Join(dir, "opt"), extra)
	confPath := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	logf, err := os.Create(c.log)
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()
	cmd := exec.Command(exe, "--config", confPath)
	cmd.Stdout, cmd.Stderr = logf, logf
	// Pdeathsig: a test binary killed on timeout takes its daemon along.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start containerd: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
		if t.Failed() {
			out, _ := os.ReadFile(c.log)
			t.Logf("containerd log (last lines):\n%s", tail(string(out), 40))
		}
	})
	// Runs before the stop above: a failed test's tasks must not outlive it.
	t.Cleanup(func() { c.killAll(t) })
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		select {
		case <-exited:
			out, _ := os.ReadFile(c.log)
			t.Fatalf("containerd exited at start:\n%s", tail(string(out), 30))
		default:
		}
		if r := c.ctrQuiet("version"); r == nil {
			return c
		}
	}
	t.Fatalf("containerd did not answer on %s", c.sock)
	return nil
}

func (c *containerd) ctrQuiet(args ...string) error {
	return exec.Command("ctr", append([]string{"--address", c.sock}, args...)...).Run()
}

// ctr runs ctr against this containerd.
func (c *containerd) ctr(t testing.TB, args ...string) result {
	t.Helper()
	return runCmd(t, os.Environ(), needTool(t, "ctr", "containerd"), append([]string{"--address", c.sock}, args...)...)
}

// ctrCmd returns ctr as an unstarted command (stdin, a tty).
func (c *containerd) ctrCmd(t testing.TB, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(needTool(t, "ctr", "containerd"), append([]string{"--address", c.sock}, args...)...)
	t.Cleanup(func() {
		if cmd.Process != nil && cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
		}
	})
	return cmd
}

// pull pulls ref over plain HTTP from the test's registry.
func (c *containerd) pull(t testing.TB, ref string) {
	t.Helper()
	mustSucceed(t, c.ctr(t, "images", "pull", "--plain-http", ref))
}

// runArgs is `ctr run` with the runtime under test and its own runtime root.
func (c *containerd) runArgs(runtime string, args ...string) []string {
	return append([]string{"run", "--runc-binary", runtime, "--runc-root", c.runcRoot}, args...)
}

// assertClean fails the test if containerd still knows containers or tasks,
// or a shim, container cgroup or mount of this daemon is left.
func (c *containerd) assertClean(t testing.TB, ns string, ids ...string) {
	t.Helper()
	for _, what := range []string{"containers", "tasks"} {
		r := c.ctr(t, "-n", ns, what, "ls", "-q")
		mustSucceed(t, r)
		if s := strings.TrimSpace(r.Stdout); s != "" {
			t.Errorf("%s left in containerd: %s", what, s)
		}
	}
	assertGone(t, func() []string {
		left := procsMentioning("-address " + c.sock)
		mps, _ := mountsUnder(filepath.Join(c.dir, "state"))
		left = append(left, mps...)
		for _, id := range ids {
			left = append(left, cgroupsNamed(ns, id)...)
		}
		mps, _ = mountsUnder(c.runcRoot)
		left = append(left, withoutInitExe(mps)...)
		return left
	})
}

// killAll kills and deletes every task and container, in every namespace.
func (c *containerd) killAll(t testing.TB) {
	nss, _ := exec.Command("ctr", "--address", c.sock, "namespaces", "ls", "-q").Output()
	for _, ns := range strings.Fields(string(nss)) {
		ids, _ := exec.Command("ctr", "--address", c.sock, "-n", ns, "containers", "ls", "-q").Output()
		for _, id := range strings.Fields(string(ids)) {
			t.Logf("cleanup: removing container %s/%s", ns, id)
			_ = c.ctrQuiet("-n", ns, "tasks", "kill", "-s", "SIGKILL", id)
			_ = c.ctrQuiet("-n", ns, "tasks", "rm", "-f", id)
			_ = c.ctrQuiet("-n", ns, "containers", "rm", id)
		}
	}
}
