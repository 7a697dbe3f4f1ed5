package runtime

import (
	"fmt"
	"os"
	"testing"

	"github.com/moby/sys/capability"
	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/internal/testutil"
)

// TestCapsHold reads this process's sets: CAP_SYS_PTRACE is in the
// bounding set of an unconfined test, root or not; a bit no kernel has is
// in none.
func TestCapsHold(t *testing.T) {
	c, err := capability.NewPid2(0)
	if err == nil {
		err = c.Load()
	}
	if err != nil {
		t.Fatal(err)
	}
	want := c.Get(capability.BOUNDING, capability.CAP_SYS_PTRACE) || c.Get(capability.PERMITTED, capability.CAP_SYS_PTRACE)
	if got, err := capsHold(os.Getpid(), capSysPtrace); err != nil || got != want {
		t.Errorf("capsHold(self, CAP_SYS_PTRACE) = %v, %v; want %v", got, err, want)
	}
	if got, err := capsHold(os.Getpid(), 63); err != nil || got {
		t.Errorf("capsHold(self, 63) = %v, %v; want false", got, err)
	}
	if _, err := capsHold(-1, capSysPtrace); err == nil {
		t.Error("capsHold of no process: no error")
	}
}

// TestFastExecSkippedWhenPtraceInPidNS: an exec without CAP_SYS_PTRACE
// still takes stage-2 when another process of the pid namespace may hold
// it (the init, an earlier exec, a container that joined the namespace).
func TestFastExecSkippedWhenPtraceInPidNS(t *testing.T) {
	testutil.RequireRoot(t)
	addPtrace := func(s *specs.Spec) {
		c := s.Process.Capabilities
		c.Bounding = append(c.Bounding, "CAP_SYS_PTRACE")
		c.Permitted = append(c.Permitted, "CAP_SYS_PTRACE")
		c.Effective = append(c.Effective, "CAP_SYS_PTRACE")
	}
	r := newTestRuntime(t)
	plain := func() *specs.Process { return testSpec("true").Process }
	withPtrace := func() *specs.Process {
		s := testSpec("true")
		addPtrace(s)
		return s.Process
	}

	t.Run("the init holds it", func(t *testing.T) {
		c := startSleeper(t, r, "ptrace-init", sleeper(addPtrace))
		wantPath(t, c, plain(), false)
	})
	t.Run("an exec held it", func(t *testing.T) {
		c := startSleeper(t, r, "ptrace-exec", sleeper(nil))
		wantPath(t, c, plain(), true)
		wantPath(t, c, withPtrace(), false)
		wantPath(t, c, plain(), false)
	})
	t.Run("a container joined the pid namespace", func(t *testing.T) {
		c := startSleeper(t, r, "ptrace-joined", sleeper(nil))
		wantPath(t, c, plain(), true)
		startSleeper(t, r, "ptrace-joiner", sleeper(func(s *specs.Spec) {
			for i, ns := range s.Linux.Namespaces {
				if ns.Type == specs.PIDNamespace {
					s.Linux.Namespaces[i].Path = fmt.Sprintf("/proc/%d/ns/pid", c.Pid())
				}
			}
		}))
		wantPath(t, c, plain(), false)
	})
}

// wantPath execs p in c and checks whether it took the fast path.
func wantPath(t *testing.T, c *container, p *specs.Process, fast bool) {
	t.Helper()
	n := fastExecs.Load()
	proc, err := c.Exec(p, Stdio{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if st, err := proc.Wait(); err != nil || st.Code != 0 {
		t.Fatalf("exec: %+v %v", st, err)
	}
	if got := fastExecs.Load() != n; got != fast {
		t.Errorf("exec took the fast path: %v, want %v", got, fast)
	}
}

// sleeper is the options of a `sleep 100` container whose spec mod changes.
func sleeper(mod func(*specs.Spec)) CreateOpts {
	spec := testSpec("sleep", "100")
	if mod != nil {
		mod(spec)
	}
	return CreateOpts{Spec: spec}
}
