package runtime

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/internal/testutil"
)

// TestJoinPidAndMountNamespace runs a container in the pid and mount
// namespaces of another process, given by path (runc's contract; what
// runtime-tools' linux_ns_path checks).
func TestJoinPidAndMountNamespace(t *testing.T) {
	testutil.RequireRoot(t)
	if _, err := exec.LookPath("unshare"); err != nil {
		t.Skip("needs unshare (util-linux) to make the namespaces to join")
	}
	// --kill-child: killing unshare must also end its sleep (pid 1 of the
	// new namespace), which otherwise outlives the test holding its fds.
	holder := exec.Command("unshare", "--pid", "--mount", "--fork", "--kill-child", "sleep", "600")
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = holder.Process.Kill(); _ = holder.Wait() })
	pidNS := fmt.Sprintf("/proc/%d/ns/pid_for_children", holder.Process.Pid)
	mntNS := fmt.Sprintf("/proc/%d/ns/mnt", holder.Process.Pid)
	wantPid, wantMnt := waitNewNamespaces(t, pidNS, mntNS)

	spec := testSpec("sh", "-c", "readlink /proc/self/ns/pid; readlink /proc/self/ns/mnt; echo pid=$$")
	for i, ns := range spec.Linux.Namespaces {
		switch ns.Type {
		case specs.PIDNamespace:
			spec.Linux.Namespaces[i].Path = pidNS
		case specs.MountNamespace:
			spec.Linux.Namespaces[i].Path = mntNS
		}
	}
	res := runContainer(t, newTestRuntime(t), busyboxBundle(t), spec)
	if res.err != nil || res.status.Code != 0 {
		t.Fatalf("run: %v, status %+v, stderr %q", res.err, res.status, res.stderr)
	}
	for _, want := range []string{wantPid, wantMnt} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("stdout %q, want %q", res.stdout, want)
		}
	}
	// sleep is pid 1 of the joined namespace: the container's shell is not.
	if strings.Contains(res.stdout, "pid=1\n") || strings.HasSuffix(res.stdout, "pid=1") {
		t.Errorf("stdout %q: the container is pid 1, not in the joined pid namespace", res.stdout)
	}
}

// waitNewNamespaces waits until unshare has made its namespaces (they
// differ from the test's) and returns their links, "pid:[N]" and "mnt:[N]".
func waitNewNamespaces(t *testing.T, pidNS, mntNS string) (string, string) {
	t.Helper()
	ownPid, _ := os.Readlink("/proc/self/ns/pid")
	ownMnt, _ := os.Readlink("/proc/self/ns/mnt")
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		p, perr := os.Readlink(pidNS)
		m, merr := os.Readlink(mntNS)
		if perr == nil && merr == nil && p != ownPid && m != ownMnt {
			return p, m
		}
	}
	t.Fatalf("unshare made no new pid and mount namespaces (%s, %s)", pidNS, mntNS)
	return "", ""
}
