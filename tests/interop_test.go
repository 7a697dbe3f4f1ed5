package tests

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Interop: real engines (containerd, its CRI plugin, podman) drive a
// runc-compatible runtime binary. The runtime is tent-runc unless
// TENT_INTEROP_RUNTIME names another one (runc, crun, a path), so the same
// tests check the harness against the peers.

// interopRuntime returns the absolute path of the runtime under test.
func interopRuntime(t testing.TB) string {
	t.Helper()
	name := os.Getenv("TENT_INTEROP_RUNTIME")
	if name == "" {
		return bin(t, "tent-runc")
	}
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("TENT_INTEROP_RUNTIME=%s: %v", name, err)
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// needTool returns the path of a host tool the interop tests drive. A missing
// one fails: tests/deps.sh (make test-deps) installs it.
func needTool(t testing.TB, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s not found (Debian package %s; make test-deps installs it): %v", name, pkg, err)
	}
	return p
}

// shortTempDir is a temp dir with a short path, for unix sockets (108 bytes)
// below it; removed in t.Cleanup after its mounts are gone.
func shortTempDir(t testing.TB, prefix string) string {
	t.Helper()
	dir, err := os.MkdirTemp(testTmp, prefix)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := unmountUnder(dir); err != nil {
			t.Errorf("cleanup: %v; leaving %s", err, dir)
			return
		}
		_ = os.RemoveAll(dir)
	})
	return dir
}

// pushBusybox pushes the test busybox image to the registry at reg and
// returns its reference there.
func pushBusybox(t testing.TB, reg, repo string) string {
	t.Helper()
	ref := reg + "/" + repo + ":latest"
	mustSucceed(t, runCmd(t, os.Environ(), bin(t, "tent-mkimage"), "--push", ref))
	return ref
}

// procsMentioning lists the processes whose command line contains s.
func procsMentioning(s string) []string {
	ents, _ := os.ReadDir("/proc")
	var found []string
	for _, e := range ents {
		if e.Name() == fmt.Sprint(os.Getpid()) {
			continue
		}
		cmdline, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err == nil && strings.Contains(string(cmdline), s) {
			found = append(found, e.Name()+" "+strings.ReplaceAll(strings.TrimRight(string(cmdline), "\x00"), "\x00", " "))
		}
	}
	return found
}

// cgroupsNamed lists the cgroup dirs, in every hierarchy, whose path ends
// with /parent/name (name may be a glob).
func cgroupsNamed(parent, name string) []string {
	v1, _ := filepath.Glob(filepath.Join("/sys/fs/cgroup/*", parent, name))
	v2, _ := filepath.Glob(filepath.Join("/sys/fs/cgroup", parent, name))
	var dirs []string
	for _, p := range append(v1, v2...) {
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			dirs = append(dirs, p)
		}
	}
	return dirs
}

// withoutInitExe drops the runtime's mounts of its init binary and exec
// trampoline: tent-runc keeps them per root (as tent per state dir), not a
// leak.
func withoutInitExe(mps []string) []string {
	var out []string
	for _, mp := range mps {
		if !runtimeOwn(filepath.Base(mp)) {
			out = append(out, mp)
		}
	}
	return out
}

// assertGone polls list for up to 5 s (the kernel and the engines tear some
// things down asynchronously; a window, not a speed assertion) and fails the
// test with what is still there.
func assertGone(t testing.TB, list func() []string) {
	t.Helper()
	var left []string
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if left = list(); len(left) == 0 || time.Now().After(deadline) {
			break
		}
	}
	if len(left) > 0 {
		t.Errorf("left behind:\n  %s", strings.Join(left, "\n  "))
	}
}
