package runtime

import (
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

func TestExitStatus(t *testing.T) {
	tests := []struct {
		ws   syscall.WaitStatus
		want ExitStatus
	}{
		{0, ExitStatus{Code: 0}},
		{3 << 8, ExitStatus{Code: 3}},
		{127 << 8, ExitStatus{Code: 127}},
		{syscall.WaitStatus(unix.SIGKILL), ExitStatus{Code: 137, Signal: unix.SIGKILL}},
		{syscall.WaitStatus(unix.SIGTERM), ExitStatus{Code: 143, Signal: unix.SIGTERM}},
	}
	for _, tt := range tests {
		if got := exitStatus(tt.ws); got != tt.want {
			t.Errorf("exitStatus(%#x) = %+v, want %+v", tt.ws, got, tt.want)
		}
	}
}
