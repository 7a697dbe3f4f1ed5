package runtime

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// exitStatus turns a wait status into Docker's convention: the exit code, or
// 128+N when killed by signal N.
func exitStatus(ws syscall.WaitStatus) ExitStatus {
	if ws.Signaled() {
		sig := unix.Signal(ws.Signal())
		return ExitStatus{Code: 128 + int(sig), Signal: sig}
	}
	return ExitStatus{Code: ws.ExitStatus()}
}
