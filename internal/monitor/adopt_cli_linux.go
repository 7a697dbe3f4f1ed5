package monitor

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/exitcode"
)

// Adopter is the CLI's end of a monitor that adopts the CLI's first run
// (tent run -d; see adopt.go). Clone, then Started or Failed, then Wait;
// Failed alone at any point before Started.
type Adopter struct {
	sock, notify *os.File
	logPath      string
	pid          int // the init the monitor cloned
}

// SpawnAdopting starts the monitor as Spawn does, with AdoptFlag and the
// control socket, and returns without waiting for it.
func SpawnAdopting(exe string, args []string, logPath string) (*Adopter, error) {
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_SEQPACKET|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("monitor control socket: %w", err)
	}
	ours, theirs := os.NewFile(uintptr(fds[0]), "control"), os.NewFile(uintptr(fds[1]), "control")
	defer theirs.Close()
	r, _, err := start(exe, append([]string{AdoptFlag}, args...), logPath, theirs)
	if err != nil {
		ours.Close()
		return nil, err
	}
	return &Adopter{sock: ours, notify: r, logPath: logPath}, nil
}

// Clone has the monitor clone the init c and returns its pid, the write
// end of its config pipe and the other end of its sync socket; stdin: the
// init's stdin is a pipe the monitor writes (-i without -t).
func (a *Adopter) Clone(c InitCommand, stdin bool) (pid int, config, sync *os.File, err error) {
	if err := sendMsg(a.sock, adoptMsg{Init: &c, Stdin: stdin}); err != nil {
		return 0, nil, nil, fmt.Errorf("ask the monitor to clone the init: %w", err)
	}
	m, files, err := recvMsg(a.sock)
	switch {
	case err != nil:
		return 0, nil, nil, fmt.Errorf("monitor: %w", err)
	case m.Err != "":
		closeFiles(files)
		return 0, nil, nil, fmt.Errorf("monitor: %s", m.Err)
	case m.Pid <= 0 || len(files) != 2:
		closeFiles(files)
		return 0, nil, nil, fmt.Errorf("monitor: no init cloned (pid %d, %d fds)", m.Pid, len(files))
	}
	a.pid = m.Pid
	return m.Pid, files[0], files[1], nil
}

// Started tells the monitor that the init it cloned runs the container,
// with console its pty master (-t; nil without).
func (a *Adopter) Started(console *os.File) error {
	m, files := adoptMsg{Pid: a.pid}, []*os.File(nil)
	if console != nil {
		m.TTY, files = true, []*os.File{console}
	}
	return sendMsg(a.sock, m, files...)
}

// Failed tells the monitor that the run failed and what tent made is
// undone; the monitor records err and says it back on the notify pipe.
func (a *Adopter) Failed(err error) {
	_ = sendMsg(a.sock, adoptMsg{Err: err.Error(), Code: exitcode.Or(err, exitcode.Engine)})
}

// Wait closes the control socket and waits until the monitor says that
// the container runs (nil) or why it does not.
func (a *Adopter) Wait() error {
	a.sock.Close()
	return waitNotify(a.notify, a.logPath)
}

// TellAhead tells a monitor that tent started early (earlymon), on the
// CLI's end sock of its control socket, which init to clone ahead, before
// its command line is known: AdoptEarly then sends none.
func TellAhead(sock int, c InitCommand) error {
	b := appendAdoptMsg(make([]byte, 0, 256), &adoptMsg{Init: &c})
	for {
		if err := unix.Sendmsg(sock, b, nil, nil, unix.MSG_NOSIGNAL); err != unix.EINTR {
			return err
		}
	}
}

// AdoptEarly is SpawnAdopting for a monitor that tent started early
// (earlymon): it sends the monitor args, its log and the init to clone
// ahead (nil: none) on the control socket sock, whose notify pipe's read
// end is notify.
func AdoptEarly(sock, notify *os.File, args []string, logPath string, ahead *InitCommand) (*Adopter, error) {
	logf, err := os.OpenFile(logPath, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err == nil {
		err = sendMsg(sock, adoptMsg{Args: append([]string{AdoptFlag}, args...), Init: ahead}, logf)
		logf.Close()
	}
	if err != nil {
		sock.Close()
		notify.Close()
		return nil, fmt.Errorf("start the early monitor: %w", err)
	}
	return &Adopter{sock: sock, notify: notify, logPath: logPath}, nil
}
