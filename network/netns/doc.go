// Package netns makes network namespaces that outlive their creator: each is
// bind-mounted onto a file, so processes can join it by path, and removing
// the file (unmount + unlink) drops the last reference.
//
// A new namespace ignores IPv6 router advertisements: accept_ra=0 for
// "all" and "default" (CVE-2020-13401), written to /proc/sys from the
// thread inside it.
//
// Syscalls: unshare(CLONE_NEWNET) on a locked OS thread, mount(MS_BIND) of
// /proc/self/task/<tid>/ns/net onto the file, setns back to the thread's
// own namespace, and umount2(MNT_DETACH) + unlink to remove it.
package netns
