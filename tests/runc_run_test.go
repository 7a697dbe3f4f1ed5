package tests

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// TestRuncRunGuessedInit: run clones its init before it reads the spec,
// for the namespaces runc spec lists. A spec that lists others still runs
// in its own (here the host's network namespace), and neither that wrong
// guess nor a bad spec leaves the init cloned ahead behind.
func TestRuncRunGuessedInit(t *testing.T) {
	hostNet, err := os.Readlink("/proc/self/ns/net")
	if err != nil {
		t.Fatal(err)
	}
	e := newRunc(t, func(s *specs.Spec) {
		var ns []specs.LinuxNamespace
		for _, n := range s.Linux.Namespaces {
			if n.Type != specs.NetworkNamespace {
				ns = append(ns, n)
			}
		}
		s.Linux.Namespaces = ns
	}, "readlink", "/proc/self/ns/net")
	if r := e.must("run", "-b", e.bundle, "g1"); strings.TrimSpace(r.Stdout) != hostNet {
		t.Errorf("run without a network namespace: net %q, want the host's %q", strings.TrimSpace(r.Stdout), hostNet)
	}
	e.assertGone("g1")
	assertNoInits(t, e.root)

	if err := os.WriteFile(filepath.Join(e.bundle, "config.json"), []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := e.run("run", "-b", e.bundle, "g2"); r.Code != 1 || !strings.Contains(r.Stderr, "config.json") {
		t.Errorf("run of a bad spec: want exit 1 naming config.json:\n%s", r)
	}
	e.assertGone("g2")
	assertNoInits(t, e.root)
}

// assertNoInits fails if a process still runs an init binary of the state
// root (the read-only views root/.init-exe and root/.static-init).
func assertNoInits(t *testing.T, root string) {
	t.Helper()
	exes := []string{filepath.Join(root, initExe), filepath.Join(root, staticInit)}
	ents, _ := os.ReadDir("/proc")
	for _, ent := range ents {
		pid, err := strconv.Atoi(ent.Name())
		if err != nil {
			continue
		}
		if p, _ := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid)); slices.Contains(exes, p) && pidAlive(pid) {
			t.Errorf("init %d (%s) left", pid, p)
		}
	}
}
