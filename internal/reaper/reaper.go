package reaper

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"

	"golang.org/x/sys/unix"
)

// Docker's codes for a command that cannot be run.
const (
	exitCannotExec = 126
	exitNotFound   = 127
)

// Main is the reaper's body; args are what follows "--". It returns the exit code.
func Main(args []string, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		fmt.Fprintln(stderr, "tent-init: no command")
		return exitCannotExec
	}
	sigs := make(chan os.Signal, 32)
	signal.Notify(sigs)
	pid, err := start(args)
	if err != nil {
		fmt.Fprintf(stderr, "tent-init: %v\n", err)
		return execErrorCode(err)
	}
	go forward(sigs, pid)
	return reap(pid)
}

func start(args []string) (int, error) {
	path, err := exec.LookPath(args[0])
	if err != nil {
		return 0, err
	}
	p, err := os.StartProcess(path, args, &os.ProcAttr{Files: []*os.File{os.Stdin, os.Stdout, os.Stderr}})
	if err != nil {
		return 0, err
	}
	return p.Pid, nil
}

// forward passes signals on to the command, except those about ourselves.
func forward(sigs <-chan os.Signal, pid int) {
	for s := range sigs {
		sig, ok := s.(unix.Signal)
		if !ok || sig == unix.SIGCHLD || sig == unix.SIGURG || sig == unix.SIGPIPE {
			continue
		}
		_ = unix.Kill(pid, sig)
	}
}

// reap waits for any child until the command itself exits.
func reap(pid int) int {
	for {
		var ws unix.WaitStatus
		got, err := unix.Wait4(-1, &ws, 0, nil)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return exitCannotExec
		}
		if got != pid {
			continue
		}
		if ws.Signaled() {
			return 128 + int(ws.Signal())
		}
		return ws.ExitStatus()
	}
}

func execErrorCode(err error) int {
	if errors.Is(err, exec.ErrNotFound) || errors.Is(err, os.ErrNotExist) {
		return exitNotFound
	}
	return exitCannotExec
}
