package hybridv1

import (
	"fmt"
	goruntime "runtime"
	"strings"

	"golang.org/x/sys/unix"
)

// Thread runs functions (forks) in one locked thread whose private mount
// namespace lacks /sys/fs/cgroup/unified: crun 1.8 refuses a hybrid cgroup
// host, and sees a v1 one there. Nothing outside changes; the namespace
// dies with the thread. On a pure v1 or v2 host, Do runs f in place.
type Thread struct {
	reqs chan func()
}

// New starts the thread when mountinfo (/proc/self/mountinfo's text) shows
// a hybrid host.
func New(mountinfo string) (*Thread, error) {
	if !Hybrid(mountinfo) {
		return &Thread{}, nil
	}
	t := &Thread{reqs: make(chan func())}
	ready := make(chan error)
	go func() {
		goruntime.LockOSThread() // never unlocked: the thread exits with its namespace
		err := unix.Unshare(unix.CLONE_NEWNS)
		if err == nil {
			err = unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, "")
		}
		if err == nil {
			err = unix.Unmount("/sys/fs/cgroup/unified", unix.MNT_DETACH)
		}
		ready <- err
		if err != nil {
			return
		}
		for f := range t.reqs {
			f()
		}
	}()
	if err := <-ready; err != nil {
		return nil, fmt.Errorf("private mount namespace without /sys/fs/cgroup/unified: %w", err)
	}
	return t, nil
}

// Do runs f in the thread: a command started in f forks from it.
func (t *Thread) Do(f func()) {
	if t.reqs == nil {
		f()
		return
	}
	done := make(chan struct{})
	t.reqs <- func() { f(); close(done) }
	<-done
}

// Close ends the thread, and its mount namespace with it.
func (t *Thread) Close() {
	if t.reqs != nil {
		close(t.reqs)
	}
}

// Hybrid reports a cgroup2 mount at /sys/fs/cgroup/unified in mountinfo
// (/proc/self/mountinfo's text): a v1 host with a v2 side hierarchy.
func Hybrid(mountinfo string) bool {
	for _, l := range strings.Split(mountinfo, "\n") {
		pre, post, ok := strings.Cut(l, " - ")
		f, g := strings.Fields(pre), strings.Fields(post)
		if ok && len(f) >= 5 && len(g) >= 1 && f[4] == "/sys/fs/cgroup/unified" && g[0] == "cgroup2" {
			return true
		}
	}
	return false
}
