package load

import (
	"runtime"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Install sets no_new_privs first when noNewPrivs is true, then installs p
// on every thread of the process (SECCOMP_FILTER_FLAG_TSYNC plus p.Flags).
// Without no_new_privs the caller needs CAP_SYS_ADMIN. Filters stack: a
// second Install adds to the first, it never replaces it.
func Install(p Program, noNewPrivs bool) error {
	if len(p.Filter) == 0 || len(p.Filter) > MaxInsns {
		return errBadLength
	}
	// prctl and seccomp must run on the same thread: no_new_privs is per
	// thread until TSYNC copies it to the others.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if noNewPrivs {
		if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
			return &syscallError{"prctl(PR_SET_NO_NEW_PRIVS)", err}
		}
	}
	fprog := unix.SockFprog{Len: uint16(len(p.Filter)), Filter: &p.Filter[0]}
	flags := uintptr(p.Flags) | unix.SECCOMP_FILTER_FLAG_TSYNC
	r, _, errno := unix.RawSyscall(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER, flags, uintptr(unsafe.Pointer(&fprog)))
	runtime.KeepAlive(p.Filter)
	if errno != 0 {
		return &syscallError{"seccomp(SECCOMP_SET_MODE_FILTER)", errno}
	}
	if r != 0 {
		// With TSYNC a positive return is the id of a thread that could
		// not be synchronized; nothing was installed.
		return &syscallError{"seccomp(SECCOMP_SET_MODE_FILTER): thread " + itoa(r) + " cannot sync", unix.EBUSY}
	}
	return nil
}

// InstallThread installs p on the calling thread only (no TSYNC): the
// thread and the processes it forks from now on are filtered, the other
// threads are not. The caller has locked its goroutine to the thread and
// must never unlock it (the thread dies with the goroutine). no_new_privs,
// when asked, is also set on this thread only.
func InstallThread(p Program, noNewPrivs bool) error {
	if len(p.Filter) == 0 || len(p.Filter) > MaxInsns {
		return errBadLength
	}
	if noNewPrivs {
		if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
			return &syscallError{"prctl(PR_SET_NO_NEW_PRIVS)", err}
		}
	}
	fprog := unix.SockFprog{Len: uint16(len(p.Filter)), Filter: &p.Filter[0]}
	flags := uintptr(p.Flags) &^ unix.SECCOMP_FILTER_FLAG_TSYNC
	_, _, errno := unix.RawSyscall(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER, flags, uintptr(unsafe.Pointer(&fprog)))
	runtime.KeepAlive(p.Filter)
	if errno != 0 {
		return &syscallError{"seccomp(SECCOMP_SET_MODE_FILTER)", errno}
	}
	return nil
}

type syscallError struct {
	op  string
	err error
}

func (e *syscallError) Error() string {
	return "install seccomp filter: " + e.op + ": " + e.err.Error()
}
func (e *syscallError) Unwrap() error { return e.err }

func itoa(v uintptr) string {
	if v == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for ; v > 0; v /= 10 {
		i--
		b[i] = byte('0' + v%10)
	}
	return string(b[i:])
}
