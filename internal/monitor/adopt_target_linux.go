package monitor

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/exitcode"
)

// adoptTarget makes the first run with the CLI (see adopt.go), every
// later one through the setup helper.
type adoptTarget struct {
	sock *os.File // nil once the first run is made
	h    *helperTarget
	pre  *preInit // the init cloned ahead (adopt_pre_linux.go), or nil
	// cloned says how the init was cloned (the debug log: "ahead",
	// "ahead, not taken: ..." or "on request").
	cloned string
}

// Start implements Target.
func (t *adoptTarget) Start(ctx context.Context, stdout, stderr *os.File) (Running, error) {
	if t.sock == nil {
		return t.h.Start(ctx, stdout, stderr)
	}
	sock, pre := t.sock, t.pre
	t.sock, t.pre = nil, nil
	defer sock.Close()
	m, files, err := recvMsg(sock)
	closeFiles(files)
	switch {
	case err != nil:
		pre.abort()
		t.teardown() // the CLI died: undo what it may have made
		return nil, exitcode.New(exitcode.Engine, fmt.Errorf("tent exited before the container was made: %w", err))
	case m.Err != "":
		pre.abort()
		return nil, cliError(m)
	case m.Init == nil:
		pre.abort()
		return nil, exitcode.New(exitcode.Engine, errors.New("control socket: no init to clone"))
	}
	var stdin, stdinW *os.File // -i without -t
	if m.Stdin && !m.Init.Terminal {
		if stdin, stdinW, err = os.Pipe(); err != nil {
			err = fmt.Errorf("stdin pipe: %w", err)
		}
	}
	var ci *clonedInit
	if err == nil {
		ci, err = t.takeOrClone(pre, *m.Init, stdin, stdout, stderr)
		closeFiles([]*os.File{stdin})
		if t.h.debug {
			fmt.Fprintf(os.Stderr, "monitor %s: init cloned %s\n", t.h.id, t.cloned)
		}
	}
	if err == nil {
		if err = sendMsg(sock, adoptMsg{Pid: ci.pid}, ci.config, ci.sync); err != nil {
			killReap(ci.pid)
			err = fmt.Errorf("send the init to tent: %w (%w)", err, errPeerGone)
		}
		ci.closeFiles()
	}
	if err != nil {
		closeFiles([]*os.File{stdinW})
		if errors.Is(err, errPeerGone) {
			t.teardown() // the CLI died: undo what it may have made
		} else {
			sendMsg(sock, adoptMsg{Err: err.Error(), Code: exitcode.Engine})
		}
		return nil, exitcode.New(exitcode.Engine, err)
	}
	run, err := t.started(sock, ci.pid)
	if err != nil {
		closeFiles([]*os.File{stdinW})
		return nil, err
	}
	run.stdin = stdinW
	return run, nil
}

// takeOrClone is the init cloned ahead when it is the one c asks for (and
// its stdin is /dev/null), else a new clone of c; the other is killed.
func (t *adoptTarget) takeOrClone(pre *preInit, c InitCommand, stdin, stdout, stderr *os.File) (*clonedInit, error) {
	if pre != nil {
		if why := pre.mismatch(c, stdin != nil); why == "" {
			t.cloned = "ahead"
			return pre.init, nil
		} else {
			t.cloned = "ahead, not taken: " + why
		}
		pre.abort()
	} else {
		t.cloned = "on request"
	}
	return cloneInit(c, stdin, stdout, stderr)
}

// clonedInit is a cloned init: its pid, the write end of its config pipe
// and the parent's end of its sync socket, both for the CLI.
type clonedInit struct {
	pid          int
	config, sync *os.File
}

func (c *clonedInit) closeFiles() { closeFiles([]*os.File{c.config, c.sync}) }

// cloneInit clones the init c; stdin nil: /dev/null.
func cloneInit(c InitCommand, stdin, stdout, stderr *os.File) (*clonedInit, error) {
	cfgR, cfgW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("init config pipe: %w", err)
	}
	defer cfgR.Close()
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_SEQPACKET|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		cfgW.Close()
		return nil, fmt.Errorf("init sync socket: %w", err)
	}
	parent, child := os.NewFile(uintptr(fds[0]), "sync"), os.NewFile(uintptr(fds[1]), "sync")
	defer child.Close()
	ci := &clonedInit{config: cfgW, sync: parent}
	devNull, err := os.Open(os.DevNull)
	if err != nil {
		ci.closeFiles()
		return nil, err
	}
	defer devNull.Close()
	if stdin == nil {
		stdin = devNull
	}
	stdio := []*os.File{stdin, stdout, stderr}
	if c.Terminal { // the init puts the pty slave on 0, 1 and 2
		stdio = []*os.File{devNull, devNull, devNull}
	}
	var files []uintptr
	for _, f := range append(stdio, cfgR, child) {
		files = append(files, f.Fd())
	}
	ci.pid, err = syscall.ForkExec(c.Path, c.Args, &syscall.ProcAttr{Env: c.Env, Files: files,
		Sys: &syscall.SysProcAttr{Cloneflags: c.CloneFlags, Setsid: true}})
	if err != nil {
		ci.closeFiles()
		return nil, fmt.Errorf("clone init %s: %w", c.Path, err)
	}
	return ci, nil
}

// started waits for the CLI's last word on the init pid.
func (t *adoptTarget) started(sock *os.File, pid int) (*helperRun, error) {
	m, files, err := recvMsg(sock)
	if err == nil && m.Err == "" && m.Pid == pid {
		run := &helperRun{t: t.h, pid: pid}
		if m.TTY && len(files) == 1 {
			run.console = files[0]
			return run, nil
		}
		closeFiles(files)
		if !m.TTY {
			return run, nil
		}
		err = errors.New("no pty master with the start")
	}
	closeFiles(files)
	killReap(pid)
	if err != nil || m.Err == "" {
		t.teardown()
		if err == nil {
			err = fmt.Errorf("unexpected message %+v", m)
		}
		return nil, exitcode.New(exitcode.Engine, fmt.Errorf("tent exited while it made the container: %w", err))
	}
	return nil, cliError(m)
}

// teardown has the teardown helper remove what a CLI that died may have
// made (cgroup, state, network); nothing there is no error.
func (t *adoptTarget) teardown() {
	if _, err := (&helperRun{t: t.h}).Teardown(); err != nil {
		fmt.Fprintf(os.Stderr, "tent monitor %s: teardown after tent exited: %v\n", t.h.id, err)
	}
}

// cliError is the CLI's error message as an error with its exit code.
func cliError(m adoptMsg) error {
	code := m.Code
	if code == 0 {
		code = exitcode.Engine
	}
	return exitcode.New(code, errors.New(m.Err))
}

// killReap kills and reaps the monitor's child pid.
func killReap(pid int) {
	_ = unix.Kill(pid, unix.SIGKILL)
	for {
		if _, err := unix.Wait4(pid, nil, 0, nil); err != unix.EINTR {
			return
		}
	}
}
