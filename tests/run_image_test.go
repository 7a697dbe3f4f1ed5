package tests

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// Images: the run follows the image's config; a missing image is pulled.

// configImage is the busybox image with Entrypoint, Cmd, Env, User and
// WorkingDir set in its config, loaded once per run.
var cfgImage struct {
	once sync.Once
	ref  string
	err  string
}

func configImage(t *testing.T) string {
	t.Helper()
	cfgImage.once.Do(func() { cfgImage.ref, cfgImage.err = makeConfigImage(t) })
	if cfgImage.err != "" {
		t.Fatal(cfgImage.err)
	}
	return cfgImage.ref
}

func makeConfigImage(t *testing.T) (string, string) {
	const ref = "tent-test/config:latest"
	dir := t.TempDir()
	base, out := filepath.Join(dir, "base.tar"), filepath.Join(dir, "cfg.tar")
	if r := runCmd(t, os.Environ(), bin(t, "tent-mkimage"), "-o", base); r.Code != 0 {
		return "", r.String()
	}
	img, err := tarball.ImageFromPath(base, nil)
	if err != nil {
		return "", err.Error()
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		return "", err.Error()
	}
	c := cfg.Config
	c.Entrypoint, c.Cmd = []string{"/bin/sh", "-c"}, []string{`echo "$(id -un) $(pwd) $GREETING $HOME"`}
	c.Env, c.User, c.WorkingDir = append(c.Env, "GREETING=hello"), "tentuser", "/home/tentuser"
	img, err = mutate.Config(img, c)
	if err != nil {
		return "", err.Error()
	}
	tag, err := name.NewTag(ref)
	if err != nil {
		return "", err.Error()
	}
	if err := tarball.WriteToFile(out, tag, img); err != nil {
		return "", err.Error()
	}
	if r := tent(t, "load", "-i", out); r.Code != 0 {
		return "", r.String()
	}
	return ref, ""
}

func TestRunImageConfig(t *testing.T) {
	img := configImage(t)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"entrypoint, cmd, env, user, workdir", nil, "tentuser /home/tentuser hello /home/tentuser"},
		{"args replace cmd", []string{"echo args"}, "args"},
		{"flags beat the image", []string{"-u", "0", "-w", "/tmp", "-e", "GREETING=hi", img, "echo $(id -u) $(pwd) $GREETING"}, "0 /tmp hi"},
		{"--entrypoint clears cmd", []string{"--entrypoint", "/bin/pwd", img}, "/home/tentuser"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := []string{"run", "--rm", "--network", "none"}
			if len(tc.args) > 0 && strings.HasPrefix(tc.args[0], "-") {
				a = append(a, tc.args...)
			} else {
				a = append(append(a, img), tc.args...)
			}
			r := tent(t, a...)
			mustSucceed(t, r)
			if got := strings.TrimSpace(r.Stdout); got != tc.want {
				t.Fatalf("got %q, want %q\n%s", got, tc.want, r)
			}
		})
	}
}

// TestRunPullsMissingImage: run pulls an image it does not have, saying so
// as Docker does, then runs it.
func TestRunPullsMissingImage(t *testing.T) {
	reg := startRegistry(t)
	ref := reg + "/tent-test/pulled:1"
	pushImage(t, ref)
	r := tent(t, "run", "--rm", "--network", "none", ref, "echo", "pulled")
	mustSucceed(t, r)
	if r.Stdout != "pulled\n" || !strings.Contains(r.Stderr, "Unable to find image '"+ref+"' locally") {
		t.Fatalf("want the pull message and the output:\n%s", r)
	}
	mustSucceed(t, tent(t, "rmi", ref))
}
