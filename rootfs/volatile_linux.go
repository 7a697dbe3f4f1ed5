package rootfs

import (
	"sync"

	"golang.org/x/sys/unix"
)

var volatileOnce = sync.OnceValue(func() bool {
	var u unix.Utsname
	if err := unix.Uname(&u); err != nil {
		return false
	}
	major, minor, ok := parseKernelRelease(unix.ByteSliceToString(u.Release[:]))
	return ok && (major > 5 || major == 5 && minor >= 10)
})

// VolatileSupported reports whether this kernel's overlayfs knows the
// "volatile" option (Linux 5.10+); see Volatile.
func VolatileSupported() bool { return volatileOnce() }
