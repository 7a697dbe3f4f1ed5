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
		return ConsoleSocket(o.ConsoleSocket)
	}
	return nil
}

// ConsoleSocket is a console handler (CreateOpts.Console, Container.Exec's
// console) sending the pty master to the unix socket at path, as runc's
// --console-socket does.
func ConsoleSocket(path string) func(*os.File) error {
	return func(master *os.File) error {
		defer master.Close()
		return sendConsole(path, master)
	}
}

// sendConsole sends master over the unix socket at path as runc does: the
// name runc gives it ("/dev/ptmx") as data, the fd as SCM_RIGHTS.
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
	if err := unix.Sendmsg(fd, []byte("/dev/ptmx"), unix.UnixRights(int(master.Fd())), nil, 0); err != nil {
		return fmt.Errorf("console socket: send pty: %w", &SyscallError{Op: "sendmsg", Path: path, Err: err})
	}
	return nil
}

// openPty opens a new pty in the devpts mounted at /dev/pts (inside the
// container, after pivot_root or setns) and returns the master and the
// slave. The master is /dev/pts/ptmx opened with openat2 refusing every
// symlink, and checked to be devpts's ptmx (5:2 on a devpts filesystem):
// not /dev/ptmx by path, which the container's root may have replaced
// (CVE-2025-52565 pattern); the slave comes from the master (TIOCGPTPEER).
func openPty() (master, slave *os.File, err error) {
	mfd, err := openPtmx()
	if err != nil {
		return nil, nil, err
	}
	master = os.NewFile(uintptr(mfd), "/dev/pts/ptmx")
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
		sfd, err = openDevpts(fmt.Sprintf("dev/pts/%d", n), unix.O_RDWR|unix.O_NOCTTY|unix.O_CLOEXEC)
		if err != nil {
			master.Close()
			return nil, nil, &SyscallError{Op: "open pty slave", Err: err}
		}
	}
	n, _ := unix.IoctlGetInt(mfd, unix.TIOCGPTN)
	return master, os.NewFile(uintptr(sfd), fmt.Sprintf("/dev/pts/%d", n)), nil
}

// openPtmx opens /dev/pts/ptmx and checks it is devpts's multiplexer.
func openPtmx() (int, error) {
	fd, err := openDevpts("dev/pts/ptmx", unix.O_RDWR|unix.O_NOCTTY|unix.O_CLOEXEC)
	if err != nil {
		return -1, &SyscallError{Op: "open", Path: "/dev/pts/ptmx", Err: err}
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return -1, &SyscallError{Op: "fstat", Path: "/dev/pts/ptmx", Err: err}
	}
	if st.Mode&unix.S_IFMT != unix.S_IFCHR || unix.Major(st.Rdev) != 5 || unix.Minor(st.Rdev) != 2 {
		unix.Close(fd)
		return -1, fmt.Errorf("/dev/pts/ptmx: not the pty multiplexer (5:2)")
	}
	return fd, nil
}

// openDevpts opens p (relative to /) on a devpts filesystem, following no
// symlink on the way.
func openDevpts(p string, flags uint64) (int, error) {
	how := &unix.OpenHow{Flags: flags, Resolve: unix.RESOLVE_NO_SYMLINKS | unix.RESOLVE_NO_MAGICLINKS}
	var fd int
	var err error
	for {
		fd, err = unix.Openat2(unix.AT_FDCWD, "/"+p, how)
		if err != unix.EINTR && err != unix.EAGAIN {
			break
		}
	}
	if err == unix.ENOSYS { // before Linux 5.6: the last component at least
		fd, err = unix.Open("/"+p, int(flags)|unix.O_NOFOLLOW, 0)
	}
	if err != nil {
		return -1, err
	}
	var fs unix.Statfs_t
	if err := unix.Fstatfs(fd, &fs); err != nil || fs.Type != unix.DEVPTS_SUPER_MAGIC {
		unix.Close(fd)
		return -1, fmt.Errorf("/%s is not on devpts", p)
	}
	return fd, nil
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
	if err := setWinsize(master, size); err != nil {
		return err
	}
	if bindConsole {
		if err := bindDevConsole(slave); err != nil {
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

// setWinsize gives the pty of master the size (none: left as is).
func setWinsize(master *os.File, size *specs.Box) error {
	if size == nil {
		return nil
	}
	ws := &unix.Winsize{Row: uint16(size.Height), Col: uint16(size.Width)}
	if err := unix.IoctlSetWinsize(int(master.Fd()), unix.TIOCSWINSZ, ws); err != nil {
		return &SyscallError{Op: "ioctl TIOCSWINSZ", Err: err}
	}
	return nil
}

// bindDevConsole binds the pty slave on /dev/console through fds: the
// target is created and opened in /dev without following a symlink (one
// there is refused), checked to be a regular file or a char device, and
// mounted on as /proc/self/fd/N, so no path can redirect the bind
// (CVE-2025-52565 pattern).
func bindDevConsole(slave *os.File) error {
	dev, err := openInRoot("/", "/dev")
	if err != nil {
		return err
	}
	defer dev.Close()
	fd, err := consoleTarget(int(dev.Fd()))
	if err != nil {
		return err
	}
	target := os.NewFile(uintptr(fd), "/dev/console")
	defer target.Close()
	if err := unix.Mount(fdPath(slave), fdPath(target), "", unix.MS_BIND, ""); err != nil {
		return &SyscallError{Op: "bind mount", Path: "/dev/console", Err: err}
	}
	return nil
}

// consoleTarget opens dev/console O_PATH without following a symlink,
// creating it (an empty file, exclusively) when missing; anything but a
// file or a char device there (a symlink, a dir) is refused.
func consoleTarget(dev int) (int, error) {
	const path = unix.O_PATH | unix.O_NOFOLLOW | unix.O_CLOEXEC
	fd, err := unix.Openat(dev, "console", path, 0)
	if err == unix.ENOENT {
		cfd, cerr := unix.Openat(dev, "console", unix.O_CREAT|unix.O_EXCL|unix.O_WRONLY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0o600)
		if cerr != nil {
			return -1, &SyscallError{Op: "create", Path: "/dev/console", Err: cerr}
		}
		unix.Close(cfd)
		fd, err = unix.Openat(dev, "console", path, 0)
	}
	if err != nil {
		return -1, &SyscallError{Op: "open", Path: "/dev/console", Err: err}
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return -1, &SyscallError{Op: "fstat", Path: "/dev/console", Err: err}
	}
	if m := st.Mode & unix.S_IFMT; m != unix.S_IFREG && m != unix.S_IFCHR {
		unix.Close(fd)
		return -1, fmt.Errorf("/dev/console: not a file or a char device (mode %o)", st.Mode)
	}
	return fd, nil
}
