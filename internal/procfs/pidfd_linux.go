package procfs

import (
	"errors"
	"fmt"

	"golang.org/x/sys/unix"
)

// ErrGone says a pid no longer names the process that started at the
// recorded time: it exited, or its pid was reused.
var ErrGone = errors.New("process gone")

// Signal sends sig to the process that is pid and started at start (field
// 22 of its stat). It opens a pidfd first and checks the start time after
// opening, then signals through the pidfd (pidfd_send_signal): a pid reused
// at any point is never signalled. start 0 (unknown) signals nothing. On
// kernels without pidfds (before 5.3) it checks, then kill(2)s.
func Signal(pid int, start uint64, sig unix.Signal) error {
	if pid <= 0 || start == 0 {
		return fmt.Errorf("signal pid %d: no start time to check it by: %w", pid, ErrGone)
	}
	fd, err := unix.PidfdOpen(pid, 0)
	if errors.Is(err, unix.ENOSYS) {
		if !same(pid, start) {
			return fmt.Errorf("signal pid %d: %w", pid, ErrGone)
		}
		return kill(pid, sig)
	}
	if errors.Is(err, unix.ESRCH) {
		return fmt.Errorf("signal pid %d: %w", pid, ErrGone)
	}
	if err != nil {
		return fmt.Errorf("pidfd_open %d: %w", pid, err)
	}
	defer unix.Close(fd)
	if !same(pid, start) {
		return fmt.Errorf("signal pid %d: %w", pid, ErrGone)
	}
	err = unix.PidfdSendSignal(fd, sig, nil, 0)
	if errors.Is(err, unix.ESRCH) {
		return fmt.Errorf("signal pid %d: %w", pid, ErrGone)
	}
	if err != nil {
		return fmt.Errorf("pidfd_send_signal %d: %w", pid, err)
	}
	return nil
}

// same reports whether pid is the live (not zombie) process of start.
func same(pid int, start uint64) bool {
	st, err := ReadStat(pid)
	return err == nil && st.StartTime == start && st.State != 'Z' && st.State != 'X'
}

func kill(pid int, sig unix.Signal) error {
	if err := unix.Kill(pid, sig); err != nil {
		if errors.Is(err, unix.ESRCH) {
			return fmt.Errorf("signal pid %d: %w", pid, ErrGone)
		}
		return fmt.Errorf("kill %d: %w", pid, err)
	}
	return nil
}
