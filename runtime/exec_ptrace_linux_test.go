package runtime

import (
	"os"
	"testing"

	"github.com/moby/sys/capability"
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
