package runtime

import "golang.org/x/sys/unix"

// loopbackUp sets IFF_UP on lo in the (new) network namespace of this
// thread: one socket and two ioctls.
func loopbackUp() error {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return &SyscallError{Op: "socket", Err: err}
	}
	defer unix.Close(fd)
	ifr, err := unix.NewIfreq("lo")
	if err != nil {
		return &SyscallError{Op: "ifreq", Path: "lo", Err: err}
	}
	if err := unix.IoctlIfreq(fd, unix.SIOCGIFFLAGS, ifr); err != nil {
		return &SyscallError{Op: "SIOCGIFFLAGS", Path: "lo", Err: err}
	}
	ifr.SetUint16(ifr.Uint16() | unix.IFF_UP)
	if err := unix.IoctlIfreq(fd, unix.SIOCSIFFLAGS, ifr); err != nil {
		return &SyscallError{Op: "SIOCSIFFLAGS", Path: "lo", Err: err}
	}
	return nil
}
