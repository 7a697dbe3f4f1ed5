package tests

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// The CRI test's fixed parts: crictl's version, the pod network (a subnet no
// route on the test hosts covers) and its bridge, the pods' cgroup parent.
const (
	crictlVersion = "v1.37.0"
	criSubnet     = "10.213.7.0/24"
	criBridge     = "tentcri0"
	criCgroup     = "tentcritest"
	criHandler    = "tent" // the runtime handler (a RuntimeClass's handler)
)

// crictlBin installs crictl with go install into a cache dir (the module
// proxy serves it) once per host, and returns its path.
func crictlBin(t testing.TB) string {
	t.Helper()
	dir := "/var/cache/tent-test/crictl-" + crictlVersion
	p := filepath.Join(dir, "crictl")
	if _, err := os.Stat(p); err == nil {
		return p
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		gobin = "/usr/local/go/bin/go"
	}
	cmd := exec.Command(gobin, "install", "-trimpath", "sigs.k8s.io/cri-tools/cmd/crictl@"+crictlVersion)
	cmd.Env = append(os.Environ(), "GOBIN="+dir, "CGO_ENABLED=0", "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go install crictl@%s: %v\n%s", crictlVersion, err, out)
	}
	return p
}

// criConfig is the CRI plugin's part of containerd's config: the runtime
// under test as handler criHandler, a sandbox image and plain-HTTP mirror
// from the test's registry, CNI from Debian's plugins with conf in dir.
func criConfig(dir, runtime, reg, pauseRef string) string {
	return fmt.Sprintf(`[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = %q
  restrict_oom_score_adj = true
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    default_runtime_name = %q
  [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.%s]
    runtime_type = "io.containerd.runc.v2"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.%s.options]
      BinaryName = %q
      Root = %q
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = %q
  [plugins."io.containerd.grpc.v1.cri".registry.mirrors.%q]
    endpoint = ["http://%s"]
`, pauseRef, criHandler, criHandler, criHandler, runtime, filepath.Join(dir, "runc"), filepath.Join(dir, "cni"), reg, reg)
}

// writeCNI writes a bridge + host-local network on criSubnet. isGateway is
// off: no address on the host's bridge, no route, no ip_forward change.
func writeCNI(t testing.TB, dir string) {
	t.Helper()
	conf := fmt.Sprintf(`{"cniVersion": "0.4.0", "name": "tent-cri-test", "plugins": [
  {"type": "bridge", "bridge": %q, "isGateway": false, "ipMasq": false,
   "ipam": {"type": "host-local", "ranges": [[{"subnet": %q}]], "dataDir": %q}}]}
`, criBridge, criSubnet, filepath.Join(dir, "ipam"))
	if err := os.MkdirAll(filepath.Join(dir, "cni"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "cni", "10-tent-cri-test.conflist"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// The bridge plugin never deletes its bridge.
		_ = exec.Command("ip", "link", "del", criBridge).Run()
		for _, cg := range cgroupsNamed("", criCgroup) {
			_ = os.Remove(cg)
		}
	})
}

// pushPause pushes a "pause" image to reg: the busybox image sleeping
// forever (there is no internet for the real one).
func pushPause(t testing.TB, busyboxRef, reg string) string {
	t.Helper()
	src, err := name.ParseReference(busyboxRef, name.Insecure)
	if err != nil {
		t.Fatal(err)
	}
	img, err := remote.Image(src)
	if err != nil {
		t.Fatalf("read %s: %v", busyboxRef, err)
	}
	cf, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	cf.Config.Entrypoint, cf.Config.Cmd = nil, []string{"sleep", "2147483647"}
	pause, err := mutate.ConfigFile(img, cf)
	if err != nil {
		t.Fatal(err)
	}
	ref := reg + "/interop/pause:3.9"
	dst, err := name.ParseReference(ref, name.Insecure)
	if err != nil {
		t.Fatal(err)
	}
	if err := remote.Write(dst, pause); err != nil {
		t.Fatalf("push %s: %v", ref, err)
	}
	return ref
}

// crictl runs crictl against containerd's CRI socket.
func crictl(t testing.TB, exe string, c *containerd, args ...string) result {
	t.Helper()
	ep := "unix://" + c.sock
	conf := filepath.Join(c.dir, "crictl.yaml")
	if err := os.WriteFile(conf, []byte("runtime-endpoint: "+ep+"\nimage-endpoint: "+ep+"\ntimeout: 60\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	global := []string{"--config", conf}
	return runCmd(t, os.Environ(), exe, append(global, args...)...)
}

// netnsNames lists the named netns (CRI's pods are in /var/run/netns).
func netnsNames() map[string]bool {
	m := map[string]bool{}
	ents, _ := os.ReadDir("/var/run/netns")
	for _, e := range ents {
		m[e.Name()] = true
	}
	return m
}

// addedKeys lists the keys of after that before lacks, prefixed with what.
func addedKeys(what string, before, after map[string]bool) []string {
	var added []string
	for k := range after {
		if !before[k] {
			added = append(added, what+" "+k)
		}
	}
	return added
}

// writeJSON writes s to dir/name and returns the path.
func writeJSON(t testing.TB, dir, name, s string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(strings.TrimSpace(s)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// bridgePorts lists the links whose master is bridge (the pods' veths).
func bridgePorts(bridge string) []string {
	out, err := exec.Command("ip", "-o", "link", "show", "master", bridge).Output()
	if err != nil {
		return nil // no bridge, no ports
	}
	var ports []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if f := strings.Fields(line); len(f) > 1 {
			ports = append(ports, "veth "+strings.TrimSuffix(f[1], ":"))
		}
	}
	return ports
}
