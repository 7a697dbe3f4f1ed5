package monitor

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// socketPair is a connected pair of unix stream sockets (SCM_RIGHTS).
func socketPair() (*os.File, *os.File, error) {
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, nil, err
	}
	return os.NewFile(uintptr(fds[0]), "sock"), os.NewFile(uintptr(fds[1]), "sock"), nil
}

// SendFile passes f's descriptor over the unix socket s (sendmsg,
// SCM_RIGHTS): the setup helper hands the pty master to the monitor.
func SendFile(s, f *os.File) error {
	return unix.Sendmsg(int(s.Fd()), []byte{0}, unix.UnixRights(int(f.Fd())), nil, 0)
}

// recvFile receives one descriptor sent by SendFile, non-blocking.
func recvFile(s *os.File, name string) (*os.File, error) {
	buf, oob := make([]byte, 1), make([]byte, unix.CmsgSpace(4))
	_, oobn, _, _, err := unix.Recvmsg(int(s.Fd()), buf, oob, unix.MSG_CMSG_CLOEXEC)
	if err != nil {
		return nil, err
	}
	msgs, err := unix.ParseSocketControlMessage(oob[:oobn])
	if err != nil || len(msgs) != 1 {
		return nil, errors.Join(err, errors.New("no descriptor received"))
	}
	fds, err := unix.ParseUnixRights(&msgs[0])
	if err != nil || len(fds) != 1 {
		return nil, errors.Join(err, errors.New("no descriptor received"))
	}
	// Non-blocking, the file goes on the runtime's poller: a read waiting
	// for output then parks a goroutine instead of holding a thread.
	if err := unix.SetNonblock(fds[0], true); err != nil {
		unix.Close(fds[0])
		return nil, err
	}
	return os.NewFile(uintptr(fds[0]), name), nil
}
