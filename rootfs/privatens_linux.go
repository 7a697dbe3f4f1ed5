package rootfs

import (
	"fmt"
	goruntime "runtime"

	"golang.org/x/sys/unix"
)

// InPrivateMountNamespace runs fn on an OS thread of its own in a new
// mount namespace (unshare(CLONE_FS|CLONE_NEWNS)), with every mount a
// recursive slave, so what fn mounts is seen by no other process and
// propagates nowhere. The thread is never given back to Go: it exits with
// fn's goroutine, and the namespace and its mounts go with it, whatever
// fn left (tent cp of a stopped container mounts its overlay this way).
// Goroutines fn starts run in the host's namespace; fds fn opens keep
// their mounts for them.
func InPrivateMountNamespace(fn func() error) error {
	errc := make(chan error, 1)
	go func() {
		goruntime.LockOSThread() // not unlocked: the thread dies with the goroutine
		if err := unix.Unshare(unix.CLONE_FS | unix.CLONE_NEWNS); err != nil {
			errc <- fmt.Errorf("unshare mount namespace: %w", err)
			return
		}
		if err := unix.Mount("", "/", "", unix.MS_SLAVE|unix.MS_REC, ""); err != nil {
			errc <- fmt.Errorf("make mounts slaves: %w", err)
			return
		}
		errc <- fn()
	}()
	return <-errc
}
