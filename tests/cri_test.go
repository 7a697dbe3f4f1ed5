package tests

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestCRIPod is the Kubernetes path: containerd's CRI plugin with the
// runtime under test as a runtime handler and pod networking from Debian's
// CNI plugins; crictl runs a pod with a busybox container through runp,
// create, start, exec -s, logs, stop, rm, stopp, rmp, and nothing is left.
func TestCRIPod(t *testing.T) {
	rt := interopRuntime(t)
	exe := crictlBin(t)
	needTool(t, "/usr/lib/cni/bridge", "containernetworking-plugins")
	reg := startRegistry(t)
	ref := pushBusybox(t, reg, "interop/busybox")
	pause := pushPause(t, ref, reg)
	netnsBefore := netnsNames()
	dir := shortTempDir(t, "cri")
	writeCNI(t, dir)
	c := startContainerdIn(t, dir, true, criConfig(dir, rt, reg, pause))
	cri := func(args ...string) result { t.Helper(); return crictl(t, exe, c, args...) }
	t.Cleanup(func() { // before containerd stops: a failed test's pods go too
		for _, id := range strings.Fields(cri("pods", "-q").Stdout) {
			t.Logf("cleanup: removing pod %s", id)
			cri("stopp", id)
			cri("rmp", id)
		}
	})
	pod := writeJSON(t, dir, "pod.json", `{"metadata": {"name": "tentpod", "namespace": "default", "uid": "tent-pod-1"}, "hostname": "tentpod",
		"log_directory": "`+filepath.Join(dir, "logs")+`", "linux": {"cgroup_parent": "/`+criCgroup+`",
		"security_context": {"namespace_options": {"pid": 1}}}}`)
	// pid 1 = CONTAINER, kubelet's choice unless shareProcessNamespace is
	// set (crictl's default, POD, needs joining a pid namespace: see
	// docs/runc.md).
	ctr := writeJSON(t, dir, "ctr.json", `{"metadata": {"name": "bb"}, "image": {"image": "`+ref+`"},
		"command": ["sh", "-c", "echo hello-from-cri; exec sleep 300"], "log_path": "bb.log",
		"linux": {"security_context": {"namespace_options": {"pid": 1}}}}`)

	mustSucceed(t, cri("pull", ref))
	r := cri("runp", "--runtime", criHandler, pod)
	mustSucceed(t, r)
	podID := strings.TrimSpace(r.Stdout)
	r = cri("inspectp", "-o", "go-template", "--template", "{{.status.network.ip}}", podID)
	if mustSucceed(t, r); !strings.HasPrefix(strings.TrimSpace(r.Stdout), "10.213.7.") {
		t.Errorf("pod IP %q, want one of %s:\n%s", r.Stdout, criSubnet, r)
	}
	r = cri("create", podID, ctr, pod)
	mustSucceed(t, r)
	ctrID := strings.TrimSpace(r.Stdout)
	mustSucceed(t, cri("start", ctrID))
	r = cri("exec", "-s", ctrID, "sh", "-c", "echo exec-$(hostname)")
	if mustSucceed(t, r); strings.TrimSpace(r.Stdout) != "exec-tentpod" {
		t.Errorf("exec -s: want exec-tentpod (the pod's hostname):\n%s", r)
	}
	waitFor(t, 10*time.Second, "the container's log", func() bool {
		return strings.Contains(cri("logs", ctrID).Stdout, "hello-from-cri")
	})
	mustSucceed(t, cri("stop", "--timeout", "1", ctrID))
	mustSucceed(t, cri("rm", ctrID))
	mustSucceed(t, cri("stopp", podID))
	mustSucceed(t, cri("rmp", podID))

	for _, args := range [][]string{{"pods", "-q"}, {"ps", "-a", "-q"}} {
		r := cri(args...)
		if mustSucceed(t, r); strings.TrimSpace(r.Stdout) != "" {
			t.Errorf("crictl %s still lists %s", args[0], r.Stdout)
		}
	}
	assertGone(t, func() []string {
		left := addedKeys("netns", netnsBefore, netnsNames())
		left = append(left, bridgePorts(criBridge)...) // other runs' veths on the host are not ours
		left = append(left, cgroupsNamed(criCgroup, "*")...)
		mps, _ := mountsUnder(dir)
		return append(append(left, withoutInitExe(mps)...), procsMentioning("-address "+c.sock)...)
	})
}
