package runtime

import (
	"fmt"
	"io"
	"os"
	goruntime "runtime"
	"syscall"

	"golang.org/x/sys/unix"
)

// startThroughLauncher starts cmd in the namespaces of joins (one of them
// a pid namespace) through the launcher (launch.go): cmd.path, run in the
// host's namespaces, clones the child from a thread in joins with
// CLONE_PARENT, so the child is this process's, and reports its pid.
func startThroughLauncher(cmd *child, joins []nsFile) error {
	r, w, err := os.Pipe()
	if err != nil {
		return fmt.Errorf("launcher pipe: %w", err)
	}
	defer r.Close()
	files, devNull, err := cmd.fds()
	if err != nil {
		w.Close()
		return err
	}
	if devNull != nil {
		defer devNull.Close()
	}
	a := launchArgs{keep: len(files), report: len(files)}
	files = append(files, w.Fd())
	attr := &syscall.SysProcAttr{}
	if cmd.attr != nil {
		a.cloneFlags, a.setsid = cmd.attr.Cloneflags, cmd.attr.Setsid
		attr.UseCgroupFD, attr.CgroupFD = cmd.attr.UseCgroupFD, cmd.attr.CgroupFD // its child is born there
	}
	for _, n := range joins {
		a.joins = append(a.joins, launchJoin{fd: len(files), typ: n.typ})
		files = append(files, n.f.Fd())
	}
	lpid, err := syscall.ForkExec(cmd.path, append(initArgv(), a.encode()...),
		&syscall.ProcAttr{Env: initEnv, Files: files, Sys: attr})
	w.Close()
	if err != nil {
		return &SyscallError{Op: "fork/exec launcher", Path: cmd.path, Err: err}
	}
	report, rerr := io.ReadAll(io.LimitReader(r, 4096)) // EOF: the launcher exited
	var ws syscall.WaitStatus
	for {
		if _, err := syscall.Wait4(lpid, &ws, 0, nil); err != syscall.EINTR {
			break
		}
	}
	if rerr != nil {
		return fmt.Errorf("read launcher report: %w", rerr)
	}
	pid, err := parseLaunchReport(report)
	if err != nil {
		if len(report) == 0 {
			return fmt.Errorf("launcher exited (%v) without a report", ws)
		}
		return err
	}
	cmd.mu.Lock()
	cmd.pid = pid
	cmd.mu.Unlock()
	return nil
}

// launchMain is the launcher's body (argv[3] == launchArg). It never
// returns: it exits 0 once it reported the child's pid, 1 otherwise.
func launchMain(args []string) error {
	a, err := parseLaunchArgs(args)
	if err != nil {
		return err // no report fd to trust: tent sees no report
	}
	report := os.NewFile(uintptr(a.report), "report")
	pid, err := a.launch()
	if err != nil {
		fmt.Fprintf(report, "error: %v", err)
		os.Exit(1) // like execve, the launcher does not come back
	}
	fmt.Fprintf(report, "%d", pid)
	os.Exit(0)
	return nil
}

// launch clones the child from this (locked, never unlocked) thread moved
// into a.joins; it is the launcher's parent's child (CLONE_PARENT), runs
// this same read-only binary and gets fds 0 to keep-1.
func (a launchArgs) launch() (int, error) {
	goruntime.LockOSThread()
	// Nothing but fds 0..keep-1 reaches the child: the report pipe and the
	// namespace fds stay the launcher's.
	if err := unix.CloseRange(uint(a.keep), ^uint(0), unix.CLOSE_RANGE_CLOEXEC); err != nil {
		return 0, &SyscallError{Op: "close_range CLOEXEC", Err: err}
	}
	for _, j := range a.joins {
		if err := unix.Setns(j.fd, j.typ); err != nil {
			return 0, &SyscallError{Op: "setns", Path: cloneFlagNames(uintptr(j.typ)), Err: err}
		}
	}
	files := make([]uintptr, a.keep)
	for i := range files {
		files[i] = uintptr(i)
	}
	attr := &syscall.SysProcAttr{Cloneflags: a.cloneFlags | unix.CLONE_PARENT, Setsid: a.setsid}
	pid, err := syscall.ForkExec("/proc/self/exe", initArgv(), &syscall.ProcAttr{Env: initEnv, Files: files, Sys: attr})
	if err != nil {
		return 0, &SyscallError{Op: "fork/exec", Path: "/proc/self/exe", Err: err}
	}
	return pid, nil
}
