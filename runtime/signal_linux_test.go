package runtime

import (
	"strings"
	"testing"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/testutil"
)

func TestOOMKilled(t *testing.T) {
	testutil.RequireRoot(t)
	r := newTestRuntime(t)
	bundle := busyboxBundle(t)
	spec := testSpec("sh", "-c", "head -c 500m /dev/zero | tail")
	limit := int64(32 << 20)
	spec.Linux.Resources.Memory = &specs.LinuxMemory{Limit: &limit, Swap: &limit}
	res := runContainer(t, r, bundle, spec)
	if res.err != nil || res.status.Code != 137 || !res.status.OOMKilled {
		t.Errorf("got %+v, %v; want 137 and OOMKilled (stderr %q)", res.status, res.err, res.stderr)
	}
}

func TestSignalAllAndDeleteFromAnotherHandle(t *testing.T) {
	testutil.RequireRoot(t)
	r := newTestRuntime(t)
	bundle := busyboxBundle(t)
	// The init ignores SIGTERM by default (PID 1); its child sleep does not.
	c, err := r.Create("sigall", CreateOpts{Bundle: bundle, Spec: testSpec("sh", "-c", "sleep 100 & sleep 100; wait")})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Delete(true)
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	other, err := r.Load("sigall")
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { n, _ := c.(*container).cg.Pids(); return len(n) == 3 })
	if err := other.Signal(unix.SIGTERM, true); err != nil {
		t.Fatal(err)
	}
	// Both sleeps die; sh then exits normally.
	st, err := c.Wait()
	if err != nil || st.Code != 143 && st.Code != 0 {
		t.Errorf("wait = %+v, %v", st, err)
	}
	if err := other.Delete(false); err != nil {
		t.Fatal(err)
	}
	if ids, _ := r.List(); len(ids) != 0 {
		t.Errorf("list after delete = %v", ids)
	}
}

func TestDeleteCreatedFromAnotherHandle(t *testing.T) {
	testutil.RequireRoot(t)
	r := newTestRuntime(t)
	bundle := busyboxBundle(t)
	c, err := r.Create("created", CreateOpts{Bundle: bundle, Spec: testSpec("true")})
	if err != nil {
		t.Fatal(err)
	}
	other, _ := r.Load("created")
	if err := other.Delete(false); err != nil {
		t.Fatalf("delete of a created container: %v", err)
	}
	if st, _ := c.Wait(); st.Signal != unix.SIGKILL {
		t.Errorf("init ended with %+v, want SIGKILL", st)
	}
	if err := other.Start(); err == nil || !strings.Contains(err.Error(), "not running") {
		t.Errorf("start after delete: %v", err)
	}
}

func waitFor(t *testing.T, f func() bool) {
	t.Helper()
	for i := 0; i < 200; i++ {
		if f() {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("condition not met in 1s")
}
