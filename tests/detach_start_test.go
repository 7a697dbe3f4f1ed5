package tests

import (
	"os"
	"strings"
	"testing"
)

// TestDetachInitIsMonitorsChild: run -d makes the container in the CLI,
// but the init is its monitor's child (cloned by it), so that the monitor
// reaps it and reads its exit status.
func TestDetachInitIsMonitorsChild(t *testing.T) {
	id := runD(t, busyboxImage(t), "sleep", "1000")
	pid := inspectF(t, id, "{{.State.Pid}}")
	mon := inspectF(t, id, "{{.State.MonitorPid}}")
	b, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "\nPPid:\t"+mon+"\n") {
		t.Fatalf("init %s is not the child of monitor %s:\n%s", pid, mon, b)
	}
	if r := tent(t, "stop", "-t", "0", id); r.Code != 0 {
		t.Fatalf("stop: %s", r)
	}
	if code := inspectF(t, id, "{{.State.ExitCode}}"); code != "137" {
		t.Errorf("exit code %s after stop -t 0, want 137 (the monitor reaped it)", code)
	}
}

// TestDetachStartFailsLeavesNothing: a command that cannot run fails
// `run -d` with Docker's code and leaves no process, cgroup, mount, state,
// veth or rule; the container stays, exited, as Docker keeps it.
func TestDetachStartFailsLeavesNothing(t *testing.T) {
	img := busyboxImage(t)
	for _, network := range []string{"none", "bridge"} {
		t.Run(network, func(t *testing.T) {
			before := leakSnapshot(t)
			name := uniq("fail")
			r := tent(t, "run", "-d", "--name", name, "--network", network, img, "/no/such/cmd")
			if r.Code != 127 || !strings.Contains(r.Stderr, "/no/such/cmd") {
				t.Fatalf("run -d of a missing command: want 127 naming it\n%s", r)
			}
			id := inspectF(t, name, "{{.Id}}")
			if st := inspectF(t, id, "{{.State.Status}} {{.State.ExitCode}}"); st != "exited 127" {
				t.Errorf("state %q, want exited 127", st)
			}
			if n := countWith(t, id); n.cgroups+n.mounts+n.state != 0 {
				t.Errorf("left: %+v", n)
			}
			if r := tent(t, "rm", id); r.Code != 0 {
				t.Fatalf("rm: %s", r)
			}
			netAssertNoLeaks(t, before) // the bridge and its rules stay by design
		})
	}
}

// TestDetachHostNamespaces: run -d with --pid, --ipc and --uts host: the
// init the monitor clones has the spec's namespaces, the host's for these.
func TestDetachHostNamespaces(t *testing.T) {
	id := runD(t, "--pid", "host", "--ipc", "host", "--uts", "host", busyboxImage(t), "sleep", "1000")
	pid := inspectF(t, id, "{{.State.Pid}}")
	for _, ns := range []string{"pid", "ipc", "uts"} {
		host, _ := os.Readlink("/proc/self/ns/" + ns)
		got, err := os.Readlink("/proc/" + pid + "/ns/" + ns)
		if err != nil || got != host {
			t.Errorf("%s namespace %q (%v), want the host's %q", ns, got, err, host)
		}
	}
}
