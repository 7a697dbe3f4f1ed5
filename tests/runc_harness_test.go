package tests

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/v1/mutate"
	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/internal/testimage"
	"github.com/tent-dev/tent/internal/testutil"
	"github.com/tent-dev/tent/rootfs"
)

// runcRootfs is the test image flattened into a dir, once per run: the
// rootfs every tent-runc bundle binds (read-only from its spec).
var runcRootfs struct {
	sync.Once
	dir string
	err error
}

func sharedRootfs(t testing.TB) string {
	t.Helper()
	runcRootfs.Do(func() {
		runcRootfs.dir = filepath.Join(testTmp, "runc-rootfs")
		img, err := testimage.Busybox()
		if err != nil {
			runcRootfs.err = err
			return
		}
		rc := mutate.Extract(img)
		defer rc.Close()
		if err := os.Mkdir(runcRootfs.dir, 0o755); err != nil {
			runcRootfs.err = err
			return
		}
		_, runcRootfs.err = rootfs.Unpack(context.Background(), rc, runcRootfs.dir)
	})
	if runcRootfs.err != nil {
		t.Fatalf("runc test rootfs: %v", runcRootfs.err)
	}
	return runcRootfs.dir
}

// runcEnv is one test's tent-runc: its own --root, a bundle dir.
type runcEnv struct {
	t      *testing.T
	root   string
	bundle string
	spec   *specs.Spec // as first written
}

// newRunc gives the test a state root and a bundle running args on the
// test image (a read-only rootfs), with runc's test spec; edit, if given,
// changes the spec before it is written.
func newRunc(t *testing.T, edit func(*specs.Spec), args ...string) *runcEnv {
	t.Helper()
	dir := t.TempDir()
	e := &runcEnv{t: t, root: filepath.Join(dir, "root"), bundle: filepath.Join(dir, "bundle")}
	// The runtime's read-only mounts of its init binary, exec trampoline
	// and static init are kept per state root (runtime/init_exe_linux.go):
	// gone with this root.
	t.Cleanup(func() {
		for _, m := range []string{initExe, execDMZ, staticInit} {
			_ = syscall.Unmount(filepath.Join(e.root, m), syscall.MNT_DETACH)
		}
	})
	spec := testutil.RuncSpec(args...)
	spec.Root = &specs.Root{Path: sharedRootfs(t), Readonly: true}
	spec.Mounts = append(spec.Mounts, specs.Mount{Destination: "/tmp", Type: "tmpfs", Source: "tmpfs", Options: []string{"nosuid", "nodev", "size=1m"}})
	if edit != nil {
		edit(spec)
	}
	e.spec = spec
	e.writeSpec(spec)
	return e
}

func (e *runcEnv) writeSpec(spec *specs.Spec) {
	e.t.Helper()
	b, err := json.Marshal(spec)
	if err != nil {
		e.t.Fatal(err)
	}
	if err := os.MkdirAll(e.bundle, 0o755); err != nil {
		e.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(e.bundle, "config.json"), b, 0o644); err != nil {
		e.t.Fatal(err)
	}
}

// run runs tent-runc --root ROOT args; its stdio are files (a container
// created keeps them open, as under containerd), read back when it ends.
func (e *runcEnv) run(args ...string) result {
	e.t.Helper()
	dir := e.t.TempDir()
	out, _ := os.Create(filepath.Join(dir, "stdout"))
	errf, _ := os.Create(filepath.Join(dir, "stderr"))
	defer out.Close()
	defer errf.Close()
	ctx, cancel := context.WithTimeout(context.Background(), cmdTimeout)
	defer cancel()
	full := append([]string{"--root", e.root}, args...)
	cmd := exec.CommandContext(ctx, bin(e.t, "tent-runc"), full...)
	cmd.Stdout, cmd.Stderr = out, errf
	err := cmd.Run()
	r := result{Args: append([]string{"tent-runc"}, full...)}
	b, _ := os.ReadFile(out.Name())
	r.Stdout = string(b)
	b, _ = os.ReadFile(errf.Name())
	r.Stderr = string(b)
	var ee *exec.ExitError
	switch {
	case ctx.Err() != nil:
		e.t.Fatalf("timed out:\n%s", r)
	case errors.As(err, &ee):
		r.Code = ee.ExitCode()
	case err != nil:
		e.t.Fatalf("tent-runc: %v", err)
	}
	return r
}

func (e *runcEnv) must(args ...string) result {
	e.t.Helper()
	r := e.run(args...)
	mustSucceed(e.t, r)
	return r
}

// state is `tent-runc state ID` decoded.
func (e *runcEnv) state(id string) map[string]any {
	e.t.Helper()
	r := e.must("state", id)
	var m map[string]any
	if err := json.Unmarshal([]byte(r.Stdout), &m); err != nil {
		e.t.Fatalf("state JSON: %v\n%s", err, r)
	}
	return m
}

// waitStatus polls the state until status is want (the init exits on its own).
func (e *runcEnv) waitStatus(id, want string) {
	e.t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		r := e.run("state", id) // not there yet while a run creates it
		var st map[string]any
		if r.Code == 0 && json.Unmarshal([]byte(r.Stdout), &st) == nil && st["status"] == want {
			return
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("status %v, want %s:\n%s", st["status"], want, r)
		}
	}
}

// cleanup force-deletes what the test left.
func (e *runcEnv) cleanup(ids ...string) {
	e.t.Cleanup(func() {
		for _, id := range ids {
			e.run("delete", "--force", id)
		}
	})
}

// assertGone checks that nothing of container id is left: state dir,
// cgroup dirs, mounts naming it.
func (e *runcEnv) assertGone(id string) {
	e.t.Helper()
	if _, err := os.Stat(filepath.Join(e.root, id)); !errors.Is(err, os.ErrNotExist) {
		e.t.Errorf("state dir of %s left (%v)", id, err)
	}
	if dirs, _ := filepath.Glob("/sys/fs/cgroup/*/tent-runc/" + id); len(dirs) > 0 {
		e.t.Errorf("cgroup dirs left: %v", dirs)
	}
	if _, err := os.Stat("/sys/fs/cgroup/tent-runc/" + id); err == nil {
		e.t.Errorf("cgroup v2 dir of %s left", id)
	}
	if b, _ := os.ReadFile("/proc/self/mountinfo"); strings.Contains(string(b), e.root+"/"+id) {
		e.t.Errorf("mount under %s/%s left", e.root, id)
	}
}

// cgroupFile reads a file of container id's cgroup (v1 controller dir, or v2).
func cgroupFile(t *testing.T, ctrl, id, file string) string {
	t.Helper()
	for _, p := range []string{filepath.Join("/sys/fs/cgroup", ctrl, "tent-runc", id, file), filepath.Join("/sys/fs/cgroup/tent-runc", id, file)} {
		if b, err := os.ReadFile(p); err == nil {
			return strings.TrimSpace(string(b))
		}
	}
	t.Fatalf("cgroup file %s of %s not found", file, id)
	return ""
}

// pidAlive reports whether pid exists and is not a zombie.
func pidAlive(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	return i > 0 && i+2 < len(s) && s[i+2] != 'Z' && syscall.Kill(pid, 0) == nil
}

// start starts tent-runc --root ROOT args without waiting (a foreground
// run to signal); its output goes to the returned buffer's file.
func (e *runcEnv) start(args ...string) (*exec.Cmd, *os.File) {
	e.t.Helper()
	out, err := os.Create(filepath.Join(e.t.TempDir(), "out"))
	if err != nil {
		e.t.Fatal(err)
	}
	cmd := exec.Command(bin(e.t, "tent-runc"), append([]string{"--root", e.root}, args...)...)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
		out.Close()
	})
	return cmd, out
}

// exitCode waits for cmd (bounded) and returns its exit code.
func exitCode(t *testing.T, cmd *exec.Cmd) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatalf("%v did not end", cmd.Args)
	}
	return cmd.ProcessState.ExitCode()
}
