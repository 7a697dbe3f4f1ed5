package procfs

import (
	"errors"
	"os/exec"
	"testing"

	"golang.org/x/sys/unix"
)

func TestSignal(t *testing.T) {
	cmd := exec.Command("sleep", "100")
	if err := cmd.Start(); err != nil {
		t.Skipf("no sleep: %v", err)
	}
	defer cmd.Process.Kill()
	pid := cmd.Process.Pid
	st, err := ReadStat(pid)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name  string
		start uint64
	}{{"unknown start", 0}, {"another process's start", st.StartTime + 1}} {
		if err := Signal(pid, tt.start, unix.SIGKILL); !errors.Is(err, ErrGone) {
			t.Fatalf("%s: err %v, want ErrGone", tt.name, err)
		}
	}
	if err := unix.Kill(pid, 0); err != nil {
		t.Fatal("a mismatched start time signalled the process")
	}
	if err := Signal(pid, st.StartTime, unix.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if err := Signal(pid, st.StartTime, unix.SIGKILL); !errors.Is(err, ErrGone) {
		t.Fatalf("after exit: err %v, want ErrGone", err)
	}
}
