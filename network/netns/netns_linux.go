package netns

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"

	"golang.org/x/sys/unix"
)

// New creates a fresh network namespace and bind-mounts it onto path (the
// parent dir is created). The calling goroutine's thread enters the new
// namespace only briefly and is restored before New returns.
func New(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("netns dir: %w", err)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_RDONLY, 0o444)
	if err != nil {
		return fmt.Errorf("netns file: %w", err)
	}
	f.Close()
	if err := unshareAndMount(path); err != nil {
		os.Remove(path)
		return err
	}
	return nil
}

// unshareAndMount runs on a locked thread: remember the thread's netns,
// unshare a new one, bind it onto path, go back. If going back fails the
// thread stays locked so the Go runtime throws it away with the goroutine.
func unshareAndMount(path string) error {
	runtime.LockOSThread()
	orig, err := os.Open("/proc/thread-self/ns/net")
	if err != nil {
		runtime.UnlockOSThread()
		return fmt.Errorf("open current netns: %w", err)
	}
	defer orig.Close()
	if err := unix.Unshare(unix.CLONE_NEWNET); err != nil {
		runtime.UnlockOSThread()
		return fmt.Errorf("unshare netns: %w", err)
	}
	src := "/proc/self/task/" + strconv.Itoa(unix.Gettid()) + "/ns/net"
	mErr := noRouterAdverts()
	if mErr == nil {
		mErr = unix.Mount(src, path, "", unix.MS_BIND, "")
	}
	if err := unix.Setns(int(orig.Fd()), unix.CLONE_NEWNET); err != nil {
		// Leave the thread locked: it dies with this goroutine.
		return errors.Join(fmt.Errorf("restore netns: %w", err), mErr)
	}
	runtime.UnlockOSThread()
	if mErr != nil {
		return fmt.Errorf("bind netns to %s: %w", path, mErr)
	}
	return nil
}

// raOff are the sysctls that make a new netns ignore IPv6 router
// advertisements (CVE-2020-13401: a container answering its neighbours'
// router solicitations could become their default route), as Docker sets
// them. "default" is what eth0, made after this, inherits.
var raOff = []string{
	"/proc/sys/net/ipv6/conf/all/accept_ra",
	"/proc/sys/net/ipv6/conf/default/accept_ra",
}

// noRouterAdverts writes raOff on the calling thread, which must be in the
// new netns (/proc/sys/net is the opener's namespace's). Without IPv6 the
// files are missing and there is nothing to turn off.
func noRouterAdverts() error {
	for _, p := range raOff {
		err := os.WriteFile(p, []byte("0"), 0)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("sysctl %s: %w", p, err)
		}
	}
	return nil
}

// Remove unmounts and deletes a netns file. The kernel destroys the namespace
// (and the veth inside, with its host peer) asynchronously once no process
// uses it. A missing file is not an error.
func Remove(path string) error {
	err := unix.Unmount(path, unix.MNT_DETACH)
	if err != nil && !errors.Is(err, unix.EINVAL) && !errors.Is(err, unix.ENOENT) {
		return fmt.Errorf("unmount netns %s: %w", path, err)
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("remove netns file: %w", err)
	}
	return nil
}

// IsNetns reports whether path is a mounted network namespace.
func IsNetns(path string) bool {
	var st unix.Statfs_t
	if err := unix.Statfs(path, &st); err != nil {
		return false
	}
	return st.Type == unix.NSFS_MAGIC
}

// Do runs f with the calling thread inside the netns at path, then restores it.
func Do(path string, f func() error) error {
	ns, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open netns: %w", err)
	}
	defer ns.Close()
	runtime.LockOSThread()
	orig, err := os.Open("/proc/thread-self/ns/net")
	if err != nil {
		runtime.UnlockOSThread()
		return fmt.Errorf("open current netns: %w", err)
	}
	defer orig.Close()
	if err := unix.Setns(int(ns.Fd()), unix.CLONE_NEWNET); err != nil {
		runtime.UnlockOSThread()
		return fmt.Errorf("enter netns: %w", err)
	}
	fErr := f()
	if err := unix.Setns(int(orig.Fd()), unix.CLONE_NEWNET); err != nil {
		return errors.Join(fErr, fmt.Errorf("restore netns: %w", err))
	}
	runtime.UnlockOSThread()
	return fErr
}
