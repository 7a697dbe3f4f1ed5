package runtime

import (
	"strconv"

	"github.com/tent-dev/tent/internal/procfs"
	"golang.org/x/sys/unix"
)

// alive reports whether pid is still the process that started at startTime
// (and not a zombie).
func alive(pid int, startTime uint64) bool {
	if pid <= 0 {
		return false
	}
	st, err := procfs.ReadStat(pid)
	return err == nil && st.StartTime == startTime && st.State != 'Z' && st.State != 'X'
}

// pidfdFor opens a pidfd for pid and checks, after opening, that it is still
// the process of startTime, so a signal through it cannot hit a reused pid.
func pidfdFor(pid int, startTime uint64) (int, error) {
	fd, err := unix.PidfdOpen(pid, 0)
	if err != nil {
		return -1, &SyscallError{Op: "pidfd_open", Path: strconv.Itoa(pid), Err: err}
	}
	if !alive(pid, startTime) {
		unix.Close(fd)
		return -1, ErrNotRunning
	}
	return fd, nil
}

// waitPidfd blocks until the process of pidfd exits (for processes that are
// not our children).
func waitPidfd(fd int) error {
	fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
	for {
		_, err := unix.Poll(fds, -1)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return &SyscallError{Op: "poll pidfd", Err: err}
		}
		return nil
	}
}
