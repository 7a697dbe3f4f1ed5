package build

import (
	"fmt"
	"runtime"

	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/rootfs"
)

// inMountNS runs f on a thread of its own in a new, private mount
// namespace. The thread is never given back to Go's scheduler: it exits
// with the goroutine, and with it the namespace and every mount f made,
// whatever happens to tent (nothing is left mounted on the host). It is
// never the main thread: Go parks that one instead of ending it, and
// /proc/<pid>/root (through which a RUN's init joins its netns) would
// then resolve in the private namespace.
func inMountNS(f func() error) error {
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread() // no Unlock: the thread dies with this goroutine
		if unix.Gettid() == unix.Getpid() {
			// While this goroutine holds the main thread, the one
			// inMountNS starts runs on another.
			defer runtime.UnlockOSThread()
			errc <- inMountNS(f)
			return
		}
		if err := unix.Unshare(unix.CLONE_NEWNS | unix.CLONE_FS); err != nil {
			errc <- fmt.Errorf("unshare mount namespace: %w", err)
			return
		}
		if err := unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
			errc <- fmt.Errorf("make / private: %w", err)
			return
		}
		errc <- f()
	}()
	return <-errc
}

// mountLayers mounts the overlay of layers (lowest first) at target, with
// upper and work when given; it must run in inMountNS.
func mountLayers(layers []string, upper, work, target string) error {
	ms, err := rootfs.Overlay(layers, upper, work, target)
	if err != nil {
		return err
	}
	if err := rootfs.Apply(ms); err != nil {
		return fmt.Errorf("mount the stage's layers: %w", err)
	}
	return nil
}
