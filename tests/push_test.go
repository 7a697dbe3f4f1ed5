package tests

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/validate"
)

// authRegistry starts a second docker-registry that wants user:pass
// (htpasswd, bcrypt; basic auth over plain HTTP on loopback).
func authRegistry(t *testing.T, user, pass string) string {
	t.Helper()
	hash, err := bcrypt.GenerateFromPassword([]byte(pass), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	htpasswd := filepath.Join(t.TempDir(), "htpasswd")
	if err := os.WriteFile(htpasswd, []byte(user+":"+string(hash)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return startRegistryWith(t, fmt.Sprintf("auth:\n  htpasswd:\n    realm: tent-test\n    path: %s\n", htpasswd))
}

// credEnv is a private store and a private Docker config dir (and HOME,
// so that no ~/.docker of the host is read).
type credEnv struct {
	root, state, config, home, path string
}

func newCredEnv(t *testing.T) *credEnv {
	root, state := privateStore(t)
	return &credEnv{root: root, state: state, config: t.TempDir(), home: t.TempDir(), path: os.Getenv("PATH")}
}

func (c *credEnv) env() []string {
	return append(envWith(c.root, c.state), "DOCKER_CONFIG="+c.config, "HOME="+c.home, "PATH="+c.path)
}

func (c *credEnv) tent(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	return runCmdIn(t, c.env(), strings.NewReader(stdin), bin(t, "tent"), args...)
}

// auths reads config.json's auths, checking the file is 0600.
func (c *credEnv) auths(t *testing.T) map[string]map[string]string {
	t.Helper()
	p := filepath.Join(c.config, "config.json")
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("%s: mode %v, want 0600", p, fi.Mode().Perm())
	}
	var cf struct{ Auths map[string]map[string]string }
	b, _ := os.ReadFile(p)
	if err := json.Unmarshal(b, &cf); err != nil {
		t.Fatalf("%s: %v\n%s", p, err, b)
	}
	return cf.Auths
}

func mustFailWith(t *testing.T, r result, want string) {
	t.Helper()
	if r.Code == 0 || !strings.Contains(r.Stderr, want) {
		t.Errorf("want a failure saying %q:\n%s", want, r)
	}
}

// TestPushLoginLogout: against a registry with htpasswd auth, a push is
// refused before login (and with a wrong password), accepted after; the
// pushed image is valid, pulls back with the same id, and skopeo + umoci +
// crun run it with the credentials tent stored; a second push skips every
// blob; after logout the credentials are gone and a push is refused again.
func TestPushLoginLogout(t *testing.T) {
	reg := authRegistry(t, "tester", "pa55")
	c := newCredEnv(t)
	busyboxImage(t) // the tar the shared store was loaded from
	mustSucceed(t, c.tent(t, "", "load", "-i", filepath.Join(testTmp, "busybox.tar")))
	ref := reg + "/app/bb:1"
	mustSucceed(t, c.tent(t, "", "tag", busyboxRef, ref))

	mustFailWith(t, c.tent(t, "", "push", ref), "unauthorized: run tent login "+reg)
	mustFailWith(t, c.tent(t, "wrong\n", "login", "-u", "tester", "--password-stdin", reg), "incorrect username or password")
	if _, err := os.Stat(filepath.Join(c.config, "config.json")); err == nil {
		t.Error("config.json written by a refused login")
	}
	r := c.tent(t, "pa55\n", "login", "-u", "tester", "--password-stdin", reg)
	mustSucceed(t, r)
	if !strings.Contains(r.Stdout, "Login Succeeded") || !strings.Contains(r.Stderr, "unencrypted") || strings.Contains(r.Stdout+r.Stderr, "pa55") {
		t.Errorf("login output:\n%s", r)
	}
	if a := c.auths(t)[reg]["auth"]; a != "dGVzdGVyOnBhNTU=" { // base64("tester:pa55")
		t.Errorf("auths[%s].auth = %q", reg, a)
	}

	r = c.tent(t, "", "push", ref)
	mustSucceed(t, r)
	if n := strings.Count(r.Stdout, ": Pushed"); n != 3 || !strings.Contains(r.Stdout, "1: digest: sha256:") {
		t.Errorf("push: %d layers pushed, want 3:\n%s", n, r.Stdout)
	}
	validatePushed(t, ref, "tester", "pa55")
	mustSucceed(t, c.tent(t, "", "tag", ref, reg+"/app/bb:2"))
	r = c.tent(t, "", "push", reg+"/app/bb:2")
	mustSucceed(t, r)
	if n := strings.Count(r.Stdout, ": Layer already exists"); n != 3 {
		t.Errorf("second push: %d layers skipped, want 3:\n%s", n, r.Stdout)
	}
	runWithSkopeo(t, c, "docker://"+ref)

	r = c.tent(t, "", "logout", reg)
	mustSucceed(t, r)
	if !strings.Contains(r.Stdout, "Removing login credentials for "+reg) || len(c.auths(t)) != 0 {
		t.Errorf("logout:\n%s\nauths %v", r, c.auths(t))
	}
	mustFailWith(t, c.tent(t, "", "push", ref), "unauthorized")
	r = c.tent(t, "", "logout", reg)
	if r.Code != 0 || !strings.Contains(r.Stdout, "Not logged in to "+reg) {
		t.Errorf("second logout:\n%s", r)
	}
}

// validatePushed checks the pushed image as crane validate does.
func validatePushed(t *testing.T, ref, user, pass string) {
	t.Helper()
	r, err := name.ParseReference(ref, name.Insecure)
	if err != nil {
		t.Fatal(err)
	}
	img, err := remote.Image(r, remote.WithAuth(&authn.Basic{Username: user, Password: pass}))
	if err != nil {
		t.Fatalf("read pushed %s: %v", ref, err)
	}
	if err := validate.Image(img); err != nil {
		t.Errorf("pushed %s is not valid: %v", ref, err)
	}
}

// runWithSkopeo copies src with skopeo (credentials from tent's
// config.json), unpacks it with umoci and runs it with crun.
func runWithSkopeo(t *testing.T, c *credEnv, src string) {
	t.Helper()
	dir := t.TempDir()
	layout, bundle := "oci:"+filepath.Join(dir, "oci")+":bb", filepath.Join(dir, "bundle")
	out, err := exec.Command("skopeo", "--insecure-policy", "copy", "-q", "--src-tls-verify=false",
		"--src-authfile", filepath.Join(c.config, "config.json"), src, layout).CombinedOutput()
	if err != nil {
		t.Fatalf("skopeo copy %s: %v\n%s", src, err, out)
	}
	if out, err := exec.Command("umoci", "unpack", "--image", strings.TrimPrefix(layout, "oci:"), bundle).CombinedOutput(); err != nil {
		t.Fatalf("umoci unpack: %v\n%s", err, out)
	}
	var spec map[string]any
	cfg := filepath.Join(bundle, "config.json")
	b, _ := os.ReadFile(cfg)
	if err := json.Unmarshal(b, &spec); err != nil {
		t.Fatal(err)
	}
	proc := spec["process"].(map[string]any)
	proc["terminal"], proc["args"] = false, []string{"cat", "/etc/arch"}
	b, _ = json.Marshal(spec)
	if err := os.WriteFile(cfg, b, 0o644); err != nil {
		t.Fatal(err)
	}
	// crun refuses this host's hybrid cgroups: run it where only v1 shows.
	id := fmt.Sprintf("tent-e2e-push-%d", os.Getpid())
	out, err = exec.Command("unshare", "-m", "sh", "-c",
		`umount /sys/fs/cgroup/unified 2>/dev/null; exec crun --root "$1/state" run -b "$1/bundle" "$2"`, "sh", dir, id).CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "amd64" {
		t.Errorf("crun run of the pushed image: %v\n%s", err, out)
	}
}

// helperScript is a docker-credential-NAME that knows one login and logs
// each call.
const helperScript = `#!/bin/sh
echo "$1" >> "$(dirname "$0")/calls"
case "$1" in
get) read -r server; printf '{"ServerURL":"%s","Username":"tester","Secret":"pa55"}\n' "$server" ;;
*) exit 1 ;;
esac
`

// TestPushPullCredHelper: a credential helper named in credHelpers for the
// registry (as an ECR user names docker-credential-ecr-login) supplies the
// credentials of a push and of a pull, and the pulled image runs.
func TestPushPullCredHelper(t *testing.T) {
	reg := authRegistry(t, "tester", "pa55")
	c := newCredEnv(t)
	helperDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(helperDir, "docker-credential-tenttest"), []byte(helperScript), 0o755); err != nil {
		t.Fatal(err)
	}
	c.path = helperDir + ":" + c.path
	cfg := fmt.Sprintf(`{"credHelpers": {%q: "tenttest"}}`, reg)
	if err := os.WriteFile(filepath.Join(c.config, "config.json"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	busyboxImage(t)
	mustSucceed(t, c.tent(t, "", "load", "-i", filepath.Join(testTmp, "busybox.tar")))
	ref := reg + "/helper/bb:1"
	mustSucceed(t, c.tent(t, "", "tag", busyboxRef, ref))
	mustSucceed(t, c.tent(t, "", "push", ref))

	pull := &credEnv{config: c.config, home: c.home, path: c.path}
	pull.root, pull.state = privateStore(t)
	mustSucceed(t, pull.tent(t, "", "pull", ref))
	r := pull.tent(t, "", "run", "--rm", "--network", "none", ref, "cat", "/etc/arch")
	mustSucceed(t, r)
	if strings.TrimSpace(r.Stdout) != "amd64" {
		t.Errorf("run of the pulled image: %q", r.Stdout)
	}
	calls, _ := os.ReadFile(filepath.Join(helperDir, "calls"))
	if strings.Count(string(calls), "get") < 2 {
		t.Errorf("helper calls %q: want a get for the push and one for the pull", calls)
	}
}
