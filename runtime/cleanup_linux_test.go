package runtime

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/internal/testutil"
	"github.com/tent-dev/tent/rootfs"
)

// hostFootprint is what a container could leave behind on the host.
type hostFootprint struct {
	mounts, cgroups, stateDirs, children int
}

func footprint(t *testing.T, r *Runtime) hostFootprint {
	t.Helper()
	b, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		t.Fatal(err)
	}
	cgs, _ := filepath.Glob("/sys/fs/cgroup/*/tenttest/*/")
	cgs2, _ := filepath.Glob("/sys/fs/cgroup/tenttest/*/")
	states, _ := os.ReadDir(r.root)
	kids, _ := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", os.Getpid(), os.Getpid()))
	// The read-only mounts of the init binary, the static init and exec's
	// trampoline (root/.name) are made once per root, by design.
	protected := 0
	for _, name := range []string{protectedExeName, sinitName, dmzName} {
		protected += strings.Count(string(b), " "+filepath.Join(r.root, name)+" ")
	}
	dirs := 0
	for _, e := range states {
		if !strings.HasPrefix(e.Name(), ".") {
			dirs++
		}
	}
	return hostFootprint{mounts: strings.Count(string(b), "\n") - protected, cgroups: len(cgs) + len(cgs2),
		stateDirs: dirs, children: len(strings.Fields(string(kids)))}
}

func TestFailedCreateLeavesNothing(t *testing.T) {
	testutil.RequireRoot(t)
	r := newTestRuntime(t)
	bundle := busyboxBundle(t)
	badMount := testSpec("true")
	badMount.Mounts = append(badMount.Mounts, specs.Mount{Destination: "/data", Type: "bind", Source: "/nonexistent/x"})
	badBindInInit := testSpec("true")
	badBindInInit.Mounts = append(badBindInInit.Mounts, specs.Mount{Destination: "/data", Type: "nosuchfs", Source: "x"})
	tests := []struct {
		name     string
		spec     *specs.Spec
		prestart func(int) error
	}{
		{name: "not found", spec: testSpec("nosuchcmd")},
		{name: "bad bind source", spec: badMount},
		{name: "bad fs type", spec: badBindInInit},
		{name: "prestart fails", spec: testSpec("true"), prestart: func(int) error { return errors.New("no network") }},
		{name: "bad cwd", spec: func() *specs.Spec { s := testSpec("true"); s.Process.Cwd = "/etc/noexec/x"; return s }()},
	}
	before := footprint(t, r)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := r.Create("fail", CreateOpts{Bundle: bundle, Spec: tt.spec, Prestart: tt.prestart})
			if err == nil {
				t.Fatal("create succeeded")
			}
			t.Log(err)
			if after := footprint(t, r); after != before {
				t.Errorf("footprint %+v, before %+v", after, before)
			}
		})
	}
}

func TestOverlayRootfs150Layers(t *testing.T) {
	testutil.RequireRoot(t)
	r := newTestRuntime(t)
	bundle := busyboxBundle(t)
	dir := t.TempDir()
	lowers := []string{filepath.Join(bundle, "rootfs")} // busybox as the lowest layer
	for i := 1; i < 150; i++ {
		l := filepath.Join(dir, "layers", fmt.Sprintf("%064x", i))
		if err := os.MkdirAll(filepath.Join(l, "layers"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(l, "layers", fmt.Sprint(i)), nil, 0o644); err != nil {
			t.Fatal(err)
		}
		lowers = append(lowers, l)
	}
	target := filepath.Join(dir, "rootfs")
	for _, d := range []string{"upper", "work", "rootfs"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	plan, err := rootfs.Overlay(lowers, filepath.Join(dir, "upper"), filepath.Join(dir, "work"), target)
	if err != nil {
		t.Fatal(err)
	}
	spec := testSpec("sh", "-c", "ls /layers | wc -l; touch /written")
	spec.Root.Path = target
	before := footprint(t, r)
	out := tempFile(t)
	c, err := r.Create("ovl", CreateOpts{Bundle: bundle, Spec: spec, RootfsMounts: plan, Stdio: Stdio{Stdout: out, Stderr: out}})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	if st, err := c.Wait(); err != nil || st.Code != 0 {
		t.Fatalf("wait: %+v %v: %s", st, err, readBack(t, out))
	}
	if err := c.Delete(false); err != nil {
		t.Fatal(err)
	}
	if got := readBack(t, out); got != "149" {
		t.Errorf("saw %q layer files, want 149", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "upper", "written")); err != nil {
		t.Errorf("write did not reach the upper dir: %v", err)
	}
	if after := footprint(t, r); after != before {
		t.Errorf("footprint %+v, before %+v (the overlay must die with the mount namespace)", after, before)
	}
}

func TestTerminal(t *testing.T) {
	testutil.RequireRoot(t)
	r := newTestRuntime(t)
	bundle := busyboxBundle(t)
	spec := testSpec("sh", "-c", "tty; test -c /dev/console; echo done $?; stty size")
	spec.Process.Terminal = true
	spec.Process.ConsoleSize = &specs.Box{Height: 33, Width: 111}
	masters := make(chan *os.File, 1)
	c, err := r.Create("tty", CreateOpts{Bundle: bundle, Spec: spec, Console: func(m *os.File) error { masters <- m; return nil }})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Delete(true)
	m := <-masters
	defer m.Close()
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	outc := make(chan string, 1)
	go func() { b, _ := io.ReadAll(m); outc <- string(b) }()
	st, err := c.Wait()
	var out string
	select {
	case out = <-outc:
	case <-time.After(2 * time.Second):
		m.Close()
		out = <-outc
	}
	if err != nil || st.Code != 0 {
		t.Fatalf("wait: %+v %v, output %q", st, err, out)
	}
	if !strings.Contains(out, "33 111") {
		t.Errorf("console size not set: %q", out)
	}
	if !strings.Contains(out, "/dev/pts/0") || !strings.Contains(out, "done 0") {
		t.Errorf("tty output %q", out)
	}
}
