package container

import (
	"github.com/tent-dev/tent/internal/procfs"
	"golang.org/x/sys/unix"
)

// Alive reports whether pid still names the process that started at start
// (start 0: any process with that pid) and is not a zombie.
func Alive(pid int, start uint64) bool {
	if pid <= 0 {
		return false
	}
	st, err := procfs.ReadStat(pid)
	if err != nil || st.State == 'Z' {
		return false
	}
	return start == 0 || st.StartTime == start
}

// killPid sends sig to pid when it is still the process that started at
// start, through a pidfd (procfs.Signal): never to a reused pid, nor to
// any process when the start time is unknown.
func killPid(pid int, start uint64, sig unix.Signal) {
	_ = procfs.Signal(pid, start, sig)
}
