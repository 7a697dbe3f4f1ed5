package runtime

import (
	goruntime "runtime"

	"golang.org/x/sys/unix"
)

// onThrowawayThread runs f in a new goroutine locked to an OS thread that
// ends with it: f may change the thread's kernel state for good
// (namespaces, cgroup, root, capabilities, seccomp). Go ends a thread
// whose locked goroutine exits, except the main thread, which it parks
// forever with that state (in a container's cgroup, that keeps the whole
// process a member). So when the goroutine lands on the main thread, it
// holds that thread, untouched, while f runs on another, then unlocks it.
func onThrowawayThread(f func()) {
	go func() {
		goruntime.LockOSThread()
		if unix.Gettid() == unix.Getpid() {
			done := make(chan struct{})
			onThrowawayThread(func() { // the main thread is held: another one
				defer close(done)
				f()
			})
			<-done
			goruntime.UnlockOSThread()
			return
		}
		f() // never unlocked: the thread dies with the goroutine
	}()
}
