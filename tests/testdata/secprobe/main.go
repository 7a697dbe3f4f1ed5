// Command secprobe makes the syscalls Docker's seccomp profile refuses, with
// arguments that never do harm, and prints one "name=ERRNO" line for each
// ("name=ok" if it succeeded). The escape tests run it in a container.
package main

import (
	"fmt"
	"unsafe"

	"golang.org/x/sys/unix"
)

func main() {
	var params [120]byte // struct io_uring_params
	for _, c := range []struct {
		name string
		nr   uintptr
		args [3]uintptr
	}{
		// unshare(CLONE_NEWUSER): EINVAL in a multithreaded process when allowed.
		{"unshare", unix.SYS_UNSHARE, [3]uintptr{unix.CLONE_NEWUSER}},
		// keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0)
		{"keyctl", unix.SYS_KEYCTL, [3]uintptr{0, ^uintptr(2), 0}},
		{"io_uring_setup", unix.SYS_IO_URING_SETUP, [3]uintptr{1, uintptr(unsafe.Pointer(&params))}},
		// bpf(BPF_MAP_CREATE, NULL, 0)
		{"bpf", unix.SYS_BPF, [3]uintptr{0, 0, 0}},
		// perf_event_open(NULL, ...)
		{"perf_event_open", unix.SYS_PERF_EVENT_OPEN, [3]uintptr{0, 0, ^uintptr(0)}},
		{"userfaultfd", unix.SYS_USERFAULTFD, [3]uintptr{unix.O_CLOEXEC}},
		// clone3(NULL, 0): EINVAL when allowed.
		{"clone3", unix.SYS_CLONE3, [3]uintptr{0, 0}},
	} {
		r, _, e := unix.Syscall6(c.nr, c.args[0], c.args[1], c.args[2], ^uintptr(0), 0, 0)
		switch {
		case e != 0:
			fmt.Printf("%s=%s\n", c.name, unix.ErrnoName(e))
		default:
			if c.name == "io_uring_setup" || c.name == "userfaultfd" {
				unix.Close(int(r))
			}
			fmt.Printf("%s=ok\n", c.name)
		}
	}
}
