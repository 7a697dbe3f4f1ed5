package runtime

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/internal/testutil"
)

// TestMain lets the test binary be its own container init (/proc/self/exe
// is the test binary here).
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == InitArg {
		err := Init()
		fmt.Fprintf(os.Stderr, "tent: container init: %v\n", err)
		os.Exit(127)
	}
	if spec := os.Getenv(goFinalizeEnv); spec != "" {
		goFinalizeChild(spec) // execs, or exits 126
	}
	os.Exit(m.Run())
}

var busyboxApplets = []string{"sh", "true", "false", "cat", "ls", "echo", "hostname", "ps", "sleep",
	"grep", "id", "pwd", "readlink", "stat", "test", "wc", "head", "kill", "env", "ip", "ifconfig", "touch", "mount", "stty", "tail", "cmp", "seq"}

// busyboxBundle makes bundle/rootfs from /bin/busybox (static).
func busyboxBundle(t *testing.T) string { return busyboxBundleB(t) }

func busyboxBundleB(t testing.TB) string {
	t.Helper()
	bundle := t.TempDir()
	root := filepath.Join(bundle, "rootfs")
	for _, d := range []string{"bin", "proc", "sys", "dev", "etc", "tmp", "root"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile("/bin/busybox")
	if err != nil {
		t.Skipf("no static busybox: %v", err)
	}
	if err := os.WriteFile(filepath.Join(root, "bin/busybox"), b, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, a := range busyboxApplets {
		if err := os.Symlink("busybox", filepath.Join(root, "bin", a)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "etc/noexec"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	return bundle
}

// testSpec is what `runc spec` writes, with Docker's capabilities.
func testSpec(args ...string) *specs.Spec { return testutil.RuncSpec(args...) }

// runResult is the outcome of one container run.
type runResult struct {
	status ExitStatus
	stdout string
	stderr string
	err    error // Create, Start or Wait
}

// runContainer creates, starts, waits for and deletes a container.
func runContainer(t *testing.T, r *Runtime, bundle string, spec *specs.Spec) runResult {
	t.Helper()
	out, errf := tempFile(t), tempFile(t)
	id := fmt.Sprintf("t%d", time.Now().UnixNano())
	c, err := r.Create(id, CreateOpts{Bundle: bundle, Spec: spec, Stdio: Stdio{Stdout: out, Stderr: errf}})
	res := runResult{}
	if err == nil {
		if err = c.Start(); err == nil {
			res.status, err = c.Wait()
		}
		if derr := c.Delete(true); derr != nil && err == nil {
			err = derr
		}
	}
	res.err = err
	res.stdout, res.stderr = readBack(t, out), readBack(t, errf)
	return res
}

func tempFile(t *testing.T) *os.File {
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func readBack(t *testing.T, f *os.File) string {
	b, err := os.ReadFile(f.Name())
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

func newTestRuntime(t *testing.T) *Runtime {
	r, err := New(t.TempDir(), WithCgroupParent("/tenttest"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.RemoveInitBinary() }) // before the temp dir goes
	return r
}
