package monitor

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/earlymon"
)

// The first run of `tent run -d` is made by the CLI itself, already
// started, instead of a setup helper (a second tent start on the critical
// path): the CLI starts the monitor with AdoptFlag and a control socket
// (fd 4), plans the container meanwhile and asks the monitor to clone the
// init (runtime.InitCommand), so that the init is the monitor's child. The
// messages on the SOCK_SEQPACKET socket, one JSON object each:
//
//	CLI → monitor  {"init": {...}, "stdin"?}  clone this init (stdin: on a pipe the monitor writes)
//	monitor → CLI  {"pid": N} + 2 fds         cloned: its config pipe and sync socket
//	CLI → monitor  {"pid": N, "tty": true?}   started (+ the pty master)
//	CLI → monitor  {"err": "...", "code": N}  failed, and undone (at any point)
//
// A monitor that tent started early (package earlymon, EarlyFlag) first
// reads the rest of its command line:
//
//	CLI → monitor  {"args": [...], "init"?} + its log  the arguments it lacks,
//	               its stderr, and the init to clone ahead (adopt_pre_linux.go)
//
// When the CLI goes away without a word, the monitor kills the init and
// has the teardown helper remove what the CLI made. Restarts go through
// the setup helper as before.

// AdoptFlag tells the monitor that fd 4 is the CLI's control socket.
const AdoptFlag = "--adopt"

// InitCommand is runtime.InitCommand, the init's clone (the monitor does
// not link the runtime).
type InitCommand struct {
	Path       string   `json:"path"`
	Args       []string `json:"args"`
	Env        []string `json:"env"`
	CloneFlags uintptr  `json:"cloneFlags"`
	Terminal   bool     `json:"terminal"`
}

// EarlyFlag, alone on the command line, makes the monitor read its
// arguments from the control socket (earlymon).
const EarlyFlag = earlymon.EarlyFlag

// adoptMsg is one message on the control socket.
type adoptMsg struct {
	// Args: the early monitor's command line, with its log as the file.
	Args []string     `json:"args,omitempty"`
	Init *InitCommand `json:"init,omitempty"`
	// Stdin: -i without -t, the init's stdin is a pipe whose write end the
	// monitor keeps for attach clients.
	Stdin bool   `json:"stdin,omitempty"`
	Pid   int    `json:"pid,omitempty"`
	TTY   bool   `json:"tty,omitempty"`
	Code  int    `json:"code,omitempty"`
	Err   string `json:"err,omitempty"`
}

// maxAdoptFDs is the most descriptors a message carries.
const maxAdoptFDs = 2

// sendMsg writes m with files attached (SCM_RIGHTS).
func sendMsg(s *os.File, m adoptMsg, files ...*os.File) error {
	b := appendAdoptMsg(make([]byte, 0, 256), &m)
	var oob []byte
	if len(files) > 0 {
		fds := make([]int, len(files))
		for i, f := range files {
			fds[i] = int(f.Fd())
		}
		oob = unix.UnixRights(fds...)
	}
	rc, err := s.SyscallConn()
	if err != nil {
		return err
	}
	werr := rc.Write(func(fd uintptr) bool {
		err = unix.Sendmsg(int(fd), b, oob, nil, unix.MSG_NOSIGNAL)
		return err != unix.EAGAIN
	})
	return errors.Join(werr, err)
}

// errPeerGone is the end of the control socket: the other side exited.
var errPeerGone = errors.New("the other end of the control socket is gone")

// recvMsg reads one message and the files sent with it. On a non-blocking
// socket (the monitor's, controlSocket) it waits on the runtime's poller:
// a goroutine blocked in recvmsg(2) would hold its thread, and the runtime
// would start another one, kept for the monitor's life.
func recvMsg(s *os.File) (adoptMsg, []*os.File, error) {
	var m adoptMsg
	rc, err := s.SyscallConn()
	if err != nil {
		return m, nil, fmt.Errorf("read control socket: %w", err)
	}
	var buf []byte
	oob := make([]byte, unix.CmsgSpace(4*maxAdoptFDs))
	var n, oobn int
	rerr := rc.Read(func(fd uintptr) bool {
		buf, n, oobn, err = recvSized(int(fd), oob)
		return err != unix.EAGAIN
	})
	if err = errors.Join(rerr, err); err != nil {
		return m, nil, fmt.Errorf("read control socket: %w", err)
	}
	files, err := parseRights(oob[:oobn])
	if err != nil {
		return m, nil, err
	}
	if n == 0 {
		closeFiles(files)
		return m, nil, errPeerGone
	}
	if m, err = decodeAdoptMsg(buf[:n]); err != nil {
		closeFiles(files)
		return m, nil, fmt.Errorf("decode control message: %w", err)
	}
	return m, files, nil
}

// recvSized receives one message in a buffer of its size, asked first
// (MSG_PEEK|MSG_TRUNC): no 64 KiB buffer per message.
func recvSized(fd int, oob []byte) (buf []byte, n, oobn int, err error) {
	for {
		n, _, _, _, err = unix.Recvmsg(fd, nil, nil, unix.MSG_PEEK|unix.MSG_TRUNC)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		return nil, 0, 0, err
	}
	buf = make([]byte, max(n, 1))
	for {
		n, oobn, _, _, err = unix.Recvmsg(fd, buf, oob, unix.MSG_CMSG_CLOEXEC)
		if err != unix.EINTR {
			return buf, n, oobn, err
		}
	}
}

// parseRights are the descriptors of a message's control data.
func parseRights(oob []byte) ([]*os.File, error) {
	msgs, err := unix.ParseSocketControlMessage(oob)
	if err != nil {
		return nil, fmt.Errorf("control message: %w", err)
	}
	var files []*os.File
	for i := range msgs {
		fds, err := unix.ParseUnixRights(&msgs[i])
		if err != nil {
			closeFiles(files)
			return nil, fmt.Errorf("control message: %w", err)
		}
		for _, fd := range fds {
			files = append(files, os.NewFile(uintptr(fd), "passed"))
		}
	}
	return files, nil
}

// closeFiles closes files; nil ones are skipped.
func closeFiles(files []*os.File) {
	for _, f := range files {
		if f != nil {
			f.Close()
		}
	}
}
