package monitor

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// awaitExit parks the calling goroutine until process pid has exited,
// without reaping it: a pidfd (pidfd_open(2)) becomes readable then, and
// the runtime's poller (epoll) waits for that. A goroutine blocked in
// wait4(2) instead holds an OS thread, and the runtime starts another one
// to run the rest: threads that stay for the monitor's life (each with its
// stacks). The caller reaps with wait4 afterwards, which then returns at
// once. Without pidfds (Linux < 5.3) it returns at once and the caller's
// wait4 blocks as before.
func awaitExit(pid int) {
	fd, err := unix.PidfdOpen(pid, unix.PIDFD_NONBLOCK)
	if err != nil {
		return
	}
	f := os.NewFile(uintptr(fd), "pidfd") // non-blocking: registered with the poller
	defer f.Close()
	rc, err := f.SyscallConn()
	if err != nil {
		return
	}
	_ = rc.Read(func(fd uintptr) bool { return exited(int(fd)) })
}

// exited says whether the pidfd is readable (its process exited); on an
// error it says true, so that the caller goes on to wait4.
func exited(fd int) bool {
	p := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
	for {
		n, err := unix.Poll(p, 0)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		return err != nil || n > 0
	}
}
