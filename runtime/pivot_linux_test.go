package runtime

import (
	"strings"
	"testing"

	"github.com/tent-dev/tent/internal/testutil"
)

// TestOldRootDetachedBeforeStart: after pivot_root(".", ".") the old root
// is mounted on top of the new one until the init's umount2 detaches it;
// the container's process must never see it: one mount at "/", the
// rootfs. (Detaching it on another thread, overlapping the steps after
// pivot_root, was tried and measured slower: with GOMAXPROCS=1 the handoffs
// of the init's one P cost more than the umount2's RCU wait it hid.)
func TestOldRootDetachedBeforeStart(t *testing.T) {
	testutil.RequireRoot(t)
	r, bundle := newTestRuntime(t), busyboxBundle(t)
	for range 3 {
		res := runContainer(t, r, bundle, testSpec("cat", "/proc/self/mountinfo"))
		if res.err != nil || res.status.Code != 0 {
			t.Fatalf("run: %v, status %+v, stderr %q", res.err, res.status, res.stderr)
		}
		var roots []string
		for _, line := range strings.Split(res.stdout, "\n") {
			if f := strings.Fields(line); len(f) > 4 && f[4] == "/" {
				roots = append(roots, line)
			}
		}
		if len(roots) != 1 || !strings.Contains(roots[0], "/rootfs / ") {
			t.Fatalf("mounts at /: %q, want only the rootfs (the old root still on top?):\n%s", roots, res.stdout)
		}
	}
}
