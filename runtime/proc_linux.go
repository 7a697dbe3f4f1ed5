package runtime

import (
	"bytes"
	"fmt"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// procStat is what tent reads from /proc/<pid>/stat.
type procStat struct {
	State     byte   // R, S, D, Z, ...
	StartTime uint64 // clock ticks after boot
}

func readProcStat(pid int) (procStat, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return procStat{}, err
	}
	return parseProcStat(b)
}

// parseProcStat parses "pid (comm) S ppid ... starttime ..."; comm may hold
// spaces and parentheses, so fields are counted after the last ')'.
func parseProcStat(b []byte) (procStat, error) {
	i := bytes.LastIndexByte(b, ')')
	if i < 0 || i+2 >= len(b) {
		return procStat{}, fmt.Errorf("parse /proc stat %q: no comm", b)
	}
	f := bytes.Fields(b[i+2:])
	// After comm: state is field 3 of the file, starttime field 22.
	if len(f) < 20 {
		return procStat{}, fmt.Errorf("parse /proc stat: %d fields", len(f))
	}
	st, err := strconv.ParseUint(string(f[19]), 10, 64)
	if err != nil {
		return procStat{}, fmt.Errorf("parse /proc stat starttime: %w", err)
	}
	return procStat{State: f[0][0], StartTime: st}, nil
}

// alive reports whether pid is still the process that started at startTime
// (and not a zombie).
func alive(pid int, startTime uint64) bool {
	if pid <= 0 {
		return false
	}
	st, err := readProcStat(pid)
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
