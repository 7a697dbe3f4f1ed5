package tests

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// privateStore is a fresh root and state for one test's images.
func privateStore(t *testing.T) (root, state string) {
	root, state = t.TempDir(), t.TempDir()
	t.Cleanup(func() { // before the temp dirs go: the runtime's init binary mount
		if err := unmountUnder(state); err != nil {
			t.Error(err)
		}
	})
	return root, state
}

func TestImagePullImagesInspectRmi(t *testing.T) {
	reg := startRegistry(t)
	digest := pushImage(t, reg+"/busybox:1")
	root, state := privateStore(t)

	r := tentIn(t, root, state, "pull", reg+"/busybox:1")
	mustSucceed(t, r)
	for _, want := range []string{"Digest: " + digest, "Status: Downloaded newer image for " + reg + "/busybox:1", "Pull complete"} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("pull output lacks %q:\n%s", want, r.Stdout)
		}
	}
	r = tentIn(t, root, state, "pull", reg+"/busybox:1")
	mustSucceed(t, r)
	if !strings.Contains(r.Stdout, "Image is up to date") || !strings.Contains(r.Stdout, "Already exists") {
		t.Errorf("second pull:\n%s", r.Stdout)
	}
	mustSucceed(t, tentIn(t, root, state, "pull", reg+"/busybox@"+digest))

	r = tentIn(t, root, state, "images")
	mustSucceed(t, r)
	rows := fieldsOf(r.Stdout)
	if strings.Join(rows[0], " ") != "REPOSITORY TAG IMAGE ID CREATED SIZE" || len(rows) != 2 ||
		rows[1][0] != reg+"/busybox" || rows[1][1] != "1" || len(rows[1][2]) != 12 {
		t.Errorf("images:\n%s", r.Stdout)
	}
	r = tentIn(t, root, state, "image", "inspect", reg+"/busybox:1")
	mustSucceed(t, r)
	var imgs []struct {
		ID     string
		Config struct{ Config struct{ Cmd []string } }
	}
	if err := json.Unmarshal([]byte(r.Stdout), &imgs); err != nil || len(imgs) != 1 ||
		!strings.HasPrefix(imgs[0].ID, "sha256:"+rows[1][2]) || imgs[0].Config.Config.Cmd[0] != "sh" {
		t.Errorf("inspect: %v\n%s", err, r.Stdout)
	}
	mustSucceed(t, tentIn(t, root, state, "tag", reg+"/busybox:1", "mine:2"))
	mustSucceed(t, tentIn(t, root, state, "rmi", reg+"/busybox:1"))
	r = tentIn(t, root, state, "images", "--format", "{{.Repository}}:{{.Tag}}")
	if strings.TrimSpace(r.Stdout) != "mine:2" {
		t.Errorf("after rmi of one name:\n%s", r.Stdout)
	}
	r = tentIn(t, root, state, "rmi", "mine:2")
	mustSucceed(t, r)
	if !strings.Contains(r.Stdout, "Deleted: sha256:") {
		t.Errorf("rmi of the last name:\n%s", r.Stdout)
	}
	if ents, _ := os.ReadDir(filepath.Join(root, "image", "layers")); len(ents) != 0 {
		t.Errorf("%d layers left after removing every image", len(ents))
	}
}

func TestImagePullErrors(t *testing.T) {
	reg := startRegistry(t)
	pushImage(t, reg+"/multi:1", "--variant", "index")
	pushImage(t, reg+"/zstd:1", "--variant", "zstd")
	root, state := privateStore(t)
	tests := []struct {
		args []string
		want string // in stderr; "" means success
	}{
		{[]string{"pull", "--platform", "linux/arm64", reg + "/multi:1"}, ""},
		{[]string{"pull", reg + "/zstd:1"}, ""},
		{[]string{"pull", "--platform", "linux/s390x", reg + "/multi:1"}, "no manifest for platform"},
		{[]string{"pull", reg + "/multi:nope"}, "no such image or tag"},
		{[]string{"pull", reg + "/nothere:1"}, "no such image or tag"},
		{[]string{"pull", "127.0.0.1:1/x:1"}, "registry unreachable"},
		{[]string{"pull", "UPPER/case"}, "invalid reference"},
		{[]string{"rmi", "nosuchimage"}, "no such image"},
	}
	for _, tt := range tests {
		r := tentIn(t, root, state, tt.args...)
		if tt.want == "" {
			mustSucceed(t, r)
			continue
		}
		if r.Code != 1 || !strings.Contains(r.Stderr, tt.want) || strings.Count(strings.TrimSpace(r.Stderr), "\n") != 0 {
			t.Errorf("want exit 1 and one line with %q:\n%s", tt.want, r)
		}
	}
	r := tentIn(t, root, state, "image", "inspect", "--", reg+"/multi:1")
	if !strings.Contains(r.Stdout, `"architecture": "arm64"`) {
		t.Errorf("--platform linux/arm64 pulled another image:\n%s", r.Stdout)
	}
}

func TestImageCorruptBlobLeavesStore(t *testing.T) {
	reg := startRegistry(t)
	pushImage(t, reg+"/busybox:1")
	root, state := privateStore(t)
	mustSucceed(t, tentIn(t, root, state, "images"))
	before := storeSnapshot(t, root)
	manifest := mustSucceedOut(t, exec.Command("curl", "-sf", "-H",
		"Accept: application/vnd.docker.distribution.manifest.v2+json", "http://"+reg+"/v2/busybox/manifests/1"))
	var m struct{ Layers []struct{ Digest string } }
	if err := json.Unmarshal([]byte(manifest), &m); err != nil || len(m.Layers) == 0 {
		t.Fatalf("manifest: %v\n%s", err, manifest)
	}
	flipByte(t, registryBlob(t, m.Layers[0].Digest))
	r := tentIn(t, root, state, "pull", reg+"/busybox:1")
	if r.Code != 1 || !strings.Contains(r.Stderr, "digest mismatch") {
		t.Fatalf("pull of a corrupt blob:\n%s", r)
	}
	if after := storeSnapshot(t, root); after != before {
		t.Errorf("store changed by a failed pull:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	flipByte(t, registryBlob(t, m.Layers[0].Digest)) // repaired: the next pull works
	mustSucceed(t, tentIn(t, root, state, "pull", reg+"/busybox:1"))
}

func TestImagePullKilledThenAgain(t *testing.T) {
	reg := startRegistry(t)
	pushImage(t, reg+"/big:1", "--variant", "big", "--size-mb", "100")
	root, state := privateStore(t)
	cmd := exec.Command(bin(t, "tent"), "pull", reg+"/big:1")
	cmd.Env = envWith(root, state)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(root, "image", "tmp")
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) { // kill once layers are being unpacked
		if ents, _ := os.ReadDir(tmp); len(ents) >= 2 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("the pull ended before it was killed: %v", cmd.ProcessState)
	}
	if _, err := os.Stat(filepath.Join(root, "image", "index.json")); err == nil {
		t.Errorf("index written by a pull killed half-way")
	}
	r := tentIn(t, root, state, "pull", reg+"/big:1")
	mustSucceed(t, r)
	if ents, _ := os.ReadDir(tmp); len(ents) != 0 {
		t.Errorf("tmp not cleaned after the killed pull: %d entries", len(ents))
	}
	r = tentIn(t, root, state, "images", "-q")
	if len(strings.Fields(r.Stdout)) != 1 {
		t.Errorf("images after the second pull:\n%s", r)
	}
}

func mustSucceedOut(t *testing.T, cmd *exec.Cmd) string {
	t.Helper()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v", strings.Join(cmd.Args, " "), err)
	}
	return string(out)
}

func TestImageSaveLoadInterop(t *testing.T) {
	reg := startRegistry(t)
	pushImage(t, reg+"/busybox:1")
	root, state := privateStore(t)
	mustSucceed(t, tentIn(t, root, state, "pull", reg+"/busybox:1"))
	id := strings.TrimSpace(tentIn(t, root, state, "images", "-q").Stdout)
	dir := t.TempDir()
	docker, oci := filepath.Join(dir, "docker.tar"), filepath.Join(dir, "oci.tar")
	mustSucceed(t, tentIn(t, root, state, "save", "-o", docker, reg+"/busybox:1"))
	mustSucceed(t, tentIn(t, root, state, "save", "--format", "oci", "-o", oci, reg+"/busybox:1"))
	skopeo := func(args ...string) {
		t.Helper()
		out, err := exec.Command("skopeo", append([]string{"--insecure-policy"}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("skopeo %v: %v\n%s", args, err, out)
		}
	}
	// skopeo reads what tent saved, and tent loads what skopeo wrote.
	skopeo("copy", "docker-archive:"+docker, "oci:"+filepath.Join(dir, "from-docker")+":x")
	skopeo("copy", "oci-archive:"+oci, "oci:"+filepath.Join(dir, "from-oci")+":x")
	skopeoDocker, skopeoOCI := filepath.Join(dir, "skopeo-docker.tar"), filepath.Join(dir, "skopeo-oci.tar")
	skopeo("copy", "--src-tls-verify=false", "docker://"+reg+"/busybox:1", "docker-archive:"+skopeoDocker+":sk/busybox:1")
	skopeo("copy", "--src-tls-verify=false", "docker://"+reg+"/busybox:1", "oci-archive:"+skopeoOCI+":sk/busybox:2")
	tests := []struct {
		tar, name string
		sameID    bool // skopeo's oci-archive rewrites the config as OCI
	}{
		{docker, reg + "/busybox:1", true},
		{oci, reg + "/busybox:1", true},
		{skopeoDocker, "sk/busybox:1", true},
		{skopeoOCI, "sk/busybox:2", false},
	}
	for _, tt := range tests {
		root2, state2 := privateStore(t)
		r := tentIn(t, root2, state2, "load", "-i", tt.tar)
		mustSucceed(t, r)
		if !strings.Contains(r.Stdout, "Loaded image: "+tt.name) {
			t.Errorf("load %s:\n%s", filepath.Base(tt.tar), r)
		}
		if got := strings.TrimSpace(tentIn(t, root2, state2, "images", "-q").Stdout); tt.sameID && got != id {
			t.Errorf("load %s: image id %s, want %s", filepath.Base(tt.tar), got, id)
		}
	}
}

func TestImageConcurrentPulls(t *testing.T) {
	reg := startRegistry(t)
	pushImage(t, reg+"/big:1", "--variant", "big", "--size-mb", "20")
	root, state := privateStore(t)
	cmds := make([]*exec.Cmd, 3)
	outs := make([]strings.Builder, len(cmds))
	for i := range cmds {
		cmds[i] = exec.Command(bin(t, "tent"), "pull", reg+"/big:1")
		cmds[i].Env = envWith(root, state)
		cmds[i].Stdout, cmds[i].Stderr = &outs[i], &outs[i]
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	for i, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Errorf("concurrent pull %d: %v\n%s", i, err, outs[i].String())
		}
	}
	r := tentIn(t, root, state, "images", "-q")
	if len(strings.Fields(r.Stdout)) != 1 {
		t.Errorf("images after concurrent pulls:\n%s", r)
	}
}

func TestImageRmiInUse(t *testing.T) {
	reg := startRegistry(t)
	pushImage(t, reg+"/busybox:1")
	root, state := privateStore(t)
	mustSucceed(t, tentIn(t, root, state, "pull", "-q", reg+"/busybox:1"))
	r := tentIn(t, root, state, "run", "-d", "--network", "none", reg+"/busybox:1", "sleep", "60")
	mustSucceed(t, r)
	id := strings.TrimSpace(r.Stdout)
	t.Cleanup(func() { tentIn(t, root, state, "rm", "-f", id) })
	r = tentIn(t, root, state, "rmi", reg+"/busybox:1")
	if r.Code != 1 || !strings.Contains(r.Stderr, "in use") {
		t.Fatalf("rmi of an image a container uses:\n%s", r)
	}
	mustSucceed(t, tentIn(t, root, state, "rmi", "-f", reg+"/busybox:1"))
	if ents, _ := os.ReadDir(filepath.Join(root, "image", "layers")); len(ents) != 3 {
		t.Errorf("rmi -f removed the layers of a running container's image: %d left", len(ents))
	}
	mustSucceed(t, tentIn(t, root, state, "rm", "-f", id))
	imgID := strings.TrimSpace(tentIn(t, root, state, "images", "-q").Stdout)
	mustSucceed(t, tentIn(t, root, state, "rmi", imgID))
	if ents, _ := os.ReadDir(filepath.Join(root, "image", "layers")); len(ents) != 0 {
		t.Errorf("%d layers left after the last image went", len(ents))
	}
}
