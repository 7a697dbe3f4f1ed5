package runtime

import (
	"fmt"
	"os"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// consoleHandler is where the pty master goes: CreateOpts.Console, or
// runc's --console-socket.
func consoleHandler(o CreateOpts) func(*os.File) error {
	if o.Console != nil {
		return o.Console
	}
	if o.ConsoleSocket != "" {
		return func(master *os.File) error {
			defer master.Close()
			return sendConsole(o.ConsoleSocket, master)
		}
	}
	return nil
}

// sendConsole sends master over the unix socket at path as runc does: the
// pty's name as data, the fd as SCM_RIGHTS.
//
// Raw syscalls rather than package net: the init links this file, and net's
// package inits and code would cost every container start.
func sendConsole(path string, master *os.File) error {
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("console socket: %w", &SyscallError{Op: "socket", Err: err})
	}
	defer unix.Close(fd)
	if err := unix.Connect(fd, &unix.SockaddrUnix{Name: path}); err != nil {
		return fmt.Errorf("console socket: %w", &SyscallError{Op: "connect", Path: path, Err: err})
	}
	if err := unix.Sendmsg(fd, []byte(master.Name()), unix.UnixRights(int(master.Fd())), nil, 0); err != nil {
		return fmt.Errorf("console socket: send pty: %w", &SyscallError{Op: "sendmsg", Path: path, Err: err})
	}
	return nil
}

// openPty opens a new pty in the devpts mounted at /dev/pts (inside the
// container, after pivot_root) and returns the master and the slave.
func openPty() (master, slave *os.File, err error) {
	mfd, err := unix.Open("/dev/ptmx", unix.O_RDWR|unix.O_NOCTTY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, nil, &SyscallError{Op: "open", Path: "/dev/ptmx", Err: err}
	}
	master = os.NewFile(uintptr(mfd), "/dev/ptmx")
	if err := unix.IoctlSetPointerInt(mfd, unix.TIOCSPTLCK, 0); err != nil {
		master.Close()
		return nil, nil, &SyscallError{Op: "unlockpt", Err: err}
	}
	// TIOCGPTPEER opens the slave through the master: no path lookup.
	sfd, err := ptyPeer(mfd)
	if err != nil {
		// Older kernels: fall back to the name.
		n, err2 := unix.IoctlGetInt(mfd, unix.TIOCGPTN)
		if err2 != nil {
			master.Close()
			return nil, nil, &SyscallError{Op: "ptsname", Err: err2}
		}
		sfd, err = unix.Open(fmt.Sprintf("/dev/pts/%d", n), unix.O_RDWR|unix.O_NOCTTY|unix.O_CLOEXEC, 0)
		if err != nil {
			master.Close()
			return nil, nil, &SyscallError{Op: "open pty slave", Err: err}
		}
	}
	n, _ := unix.IoctlGetInt(mfd, unix.TIOCGPTN)
	return master, os.NewFile(uintptr(sfd), fmt.Sprintf("/dev/pts/%d", n)), nil
}

// ptyPeer is ioctl(TIOCGPTPEER): the slave of master, opened read-write.
func ptyPeer(master int) (int, error) {
	fd, _, e := unix.Syscall(unix.SYS_IOCTL, uintptr(master), unix.TIOCGPTPEER, unix.O_RDWR|unix.O_NOCTTY|unix.O_CLOEXEC)
	if e != 0 {
		return -1, e
	}
	return int(fd), nil
}

// setupConsole makes a pty, binds its slave on /dev/console, makes it the
// controlling terminal of the (session leader) caller and its stdio, and
// sends the master to the parent.
func setupConsole(sync *syncConn, bindConsole bool, size *specs.Box) error {
	master, slave, err := openPty()
	if err != nil {
		return err
	}
	defer master.Close()
	defer slave.Close()
	if size != nil {
		ws := &unix.Winsize{Row: uint16(size.Height), Col: uint16(size.Width)}
		if err := unix.IoctlSetWinsize(int(master.Fd()), unix.TIOCSWINSZ, ws); err != nil {
			return &SyscallError{Op: "ioctl TIOCSWINSZ", Err: err}
		}
	}
	if bindConsole {
		if err := bindDevConsole(slave.Name()); err != nil {
			return err
		}
	}
	if err := unix.IoctlSetInt(int(slave.Fd()), unix.TIOCSCTTY, 0); err != nil {
		return &SyscallError{Op: "ioctl TIOCSCTTY", Path: slave.Name(), Err: err}
	}
	for fd := 0; fd <= 2; fd++ {
		if err := unix.Dup3(int(slave.Fd()), fd, 0); err != nil {
			return &SyscallError{Op: "dup3 pty slave", Err: err}
		}
	}
	return sync.send(syncMsg{Type: syncConsole}, int(master.Fd()))
}

func bindDevConsole(slave string) error {
	fd, err := unix.Open("/dev/console", unix.O_CREAT|unix.O_WRONLY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0o600)
	if err != nil {
		return &SyscallError{Op: "create", Path: "/dev/console", Err: err}
	}
	unix.Close(fd)
	if err := unix.Mount(slave, "/dev/console", "", unix.MS_BIND, ""); err != nil {
		return &SyscallError{Op: "bind mount", Path: "/dev/console", Err: err}
	}
	return nil
}
