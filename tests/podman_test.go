package tests

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// podman runs podman with the runtime under test and storage, state,
// network config and events all in dir: no host container store touched.
// podman passes the runtime no --root (tent-runc would keep its state and
// its init binary's mount in /run/tent-runc): --runtime-flag gives it one
// in dir too.
type podman struct {
	exe, rt, dir string
}

func (p *podman) run(t testing.TB, args ...string) result {
	t.Helper()
	global := []string{"--runtime", p.rt, "--root", filepath.Join(p.dir, "root"),
		"--runroot", filepath.Join(p.dir, "runroot"), "--tmpdir", filepath.Join(p.dir, "tmp"),
		"--storage-driver", "vfs", "--cgroup-manager", "cgroupfs", "--events-backend", "file",
		"--network-config-dir", filepath.Join(p.dir, "net"), "--runtime-flag", "root=" + filepath.Join(p.dir, "rt")}
	env := append(os.Environ(), "CONTAINERS_CONF="+filepath.Join(p.dir, "containers.conf"))
	return runCmd(t, env, p.exe, append(global, args...)...)
}

// podmanLimits: podman's default rlimits (nofile 1048576) exceed this kind
// of host's hard limits, which root without CAP_SYS_RESOURCE cannot raise.
var podmanLimits = []string{"--ulimit", "nofile=1024:1024", "--ulimit", "nproc=4096:4096", "--network", "none"}

// TestPodman drives the runtime under test through podman: run --rm with
// the exit code and output, run -d, exec, stop, rm; nothing left behind.
func TestPodman(t *testing.T) {
	p := &podman{exe: needTool(t, "podman", "podman"), rt: interopRuntime(t), dir: shortTempDir(t, "pod")}
	if err := os.WriteFile(filepath.Join(p.dir, "containers.conf"), []byte("[engine]\nevents_logfile_path = \""+
		filepath.Join(p.dir, "events.log")+"\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ref := pushBusybox(t, startRegistry(t), "interop/busybox")
	mustSucceed(t, p.run(t, "pull", "--tls-verify=false", ref))
	t.Cleanup(func() { p.run(t, "rm", "-a", "-f") }) // then shortTempDir's unmounts (rt/.init-exe)

	r := p.run(t, append(append([]string{"run", "--rm"}, podmanLimits...), ref, "sh", "-c", "echo out-$((6*7)); exit 7")...)
	if r.Code != 7 || strings.TrimSpace(r.Stdout) != "out-42" {
		t.Fatalf("podman run --rm: want exit 7 and out-42:\n%s", r)
	}
	r = p.run(t, append(append([]string{"run", "-d", "--name", "bg"}, podmanLimits...), ref, "sleep", "300")...)
	mustSucceed(t, r)
	r = p.run(t, "exec", "bg", "sh", "-c", "echo exec-ok; exit 4")
	if r.Code != 4 || strings.TrimSpace(r.Stdout) != "exec-ok" {
		t.Errorf("podman exec: want exit 4 and exec-ok:\n%s", r)
	}
	start := time.Now()
	mustSucceed(t, p.run(t, "stop", "-t", "1", "bg"))
	r = p.run(t, "inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", "bg")
	if got := strings.TrimSpace(r.Stdout); got != "exited 137" {
		t.Errorf("after stop (%v): state %q, want \"exited 137\" (sleep as PID 1 ignores SIGTERM)\n%s",
			time.Since(start).Round(time.Millisecond), got, r)
	}
	mustSucceed(t, p.run(t, "rm", "bg"))
	r = p.run(t, "ps", "-a", "-q")
	if mustSucceed(t, r); strings.TrimSpace(r.Stdout) != "" {
		t.Errorf("containers left in podman: %s", r.Stdout)
	}
	assertGone(t, func() []string {
		mps, _ := mountsUnder(p.dir)
		return append(procsMentioning(p.dir+"/"), withoutInitExe(mps)...)
	})
	if _, err := os.Stat(filepath.Join(p.dir, "rt", initExe)); err != nil {
		t.Errorf("the runtime did not get podman's --runtime-flag root=: %v", err)
	}
}
