package vmbench

import (
	"fmt"
	goruntime "runtime"
	"strings"

	"golang.org/x/sys/unix"
)

// v1Thread runs functions (forks) in one locked thread whose private mount
// namespace lacks /sys/fs/cgroup/unified: crun 1.8 refuses a hybrid cgroup
// host, and sees a v1 one there. Nothing outside changes; the namespace
// dies with the thread. On a pure v1 or v2 host, do runs f in place.
type v1Thread struct {
	reqs chan func()
}

func newV1Thread(mountinfo string) (*v1Thread, error) {
	if !hybrid(mountinfo) {
		return &v1Thread{}, nil
	}
	t := &v1Thread{reqs: make(chan func())}
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

// do runs f in the thread.
func (t *v1Thread) do(f func()) {
	if t.reqs == nil {
		f()
		return
	}
	done := make(chan struct{})
	t.reqs <- func() { f(); close(done) }
	<-done
}

func (t *v1Thread) close() {
	if t.reqs != nil {
		close(t.reqs)
	}
}

// hybrid reports a cgroup2 mount at /sys/fs/cgroup/unified in mountinfo
// (/proc/self/mountinfo's text): a v1 host with a v2 side hierarchy.
func hybrid(mountinfo string) bool {
	for _, l := range strings.Split(mountinfo, "\n") {
		pre, post, ok := strings.Cut(l, " - ")
		f, g := strings.Fields(pre), strings.Fields(post)
		if ok && len(f) >= 5 && len(g) >= 1 && f[4] == "/sys/fs/cgroup/unified" && g[0] == "cgroup2" {
			return true
		}
	}
	return false
}
